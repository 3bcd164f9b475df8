/**
 * Firehose's error catalog: the model's errors (all 400 but ServiceUnavailableException, 503) and
 * what every AWS JSON service answers, with the factories the operations use.
 */
import { errorCatalog } from '../protocol/catalog'
import { modelErrors } from './errors.gen'

export const firehoseErrors = errorCatalog(modelErrors, {
  ServiceUnavailableException: { defaultMessage: 'Slow down.' },
  LimitExceededException: { defaultMessage: 'Rate exceeded' },
})

export const { concurrentModification, invalidArgument, invalidKmsResource, limitExceeded, resourceInUse, resourceNotFound } =
  firehoseErrors.factories({
    concurrentModification: 'ConcurrentModificationException',
    invalidArgument: 'InvalidArgumentException',
    invalidKmsResource: 'InvalidKMSResourceException',
    limitExceeded: 'LimitExceededException',
    resourceInUse: 'ResourceInUseException',
    resourceNotFound: 'ResourceNotFoundException',
  })
export const serviceUnavailable = (message?: string) => firehoseErrors.error('ServiceUnavailableException', message)

/** The message real Firehose gives for a stream that does not exist. */
export const streamNotFound = (name: string, accountId: string) =>
  resourceNotFound(`Firehose ${name} under account ${accountId} not found.`)

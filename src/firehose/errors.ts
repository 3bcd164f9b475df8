/** Firehose's modeled exceptions (all 400 except ServiceUnavailableException, 503). */
import { AwsError, clientError } from '../protocol/aws-error'

export const concurrentModification = clientError('ConcurrentModificationException')
export const invalidArgument = clientError('InvalidArgumentException')
export const invalidKmsResource = clientError('InvalidKMSResourceException')
export const limitExceeded = clientError('LimitExceededException')
export const resourceInUse = clientError('ResourceInUseException')
export const resourceNotFound = clientError('ResourceNotFoundException')
export const serviceUnavailable = (message = 'Slow down.'): AwsError =>
  new AwsError('ServiceUnavailableException', message, { status: 503 })

/** The message real Firehose gives for a stream that does not exist. */
export const streamNotFound = (name: string, accountId: string): AwsError =>
  resourceNotFound(`Firehose ${name} under account ${accountId} not found.`)

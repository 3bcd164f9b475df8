/**
 * CloudWatch's error catalog. CloudWatch moved from AWS Query to AWS JSON 1.0 and kept its query
 * error codes: clients read the code from `x-amzn-query-error` (`InvalidParameterValue;Sender`),
 * which the protocol layer adds from `queryErrorCode`. Statuses are the model's, as CloudWatch
 * answers clients that send `x-amzn-query-mode: true` (the SDK and botocore do).
 */
import { errorCatalog } from '../protocol/catalog'
import { modelErrors, queryErrors } from './errors.gen'

export const cloudWatchErrors = errorCatalog(modelErrors)

/** The query code of an error: the model's, `ValidationError` for model validation, else the code itself. */
export const queryErrorCode = (code: string): string =>
  Object.prototype.hasOwnProperty.call(queryErrors, code) ? queryErrors[code]! : code === 'ValidationException' ? 'ValidationError' : code

export const { invalidParameterValue, invalidParameterCombination, invalidNextToken } = cloudWatchErrors.factories({
  invalidParameterValue: 'InvalidParameterValueException',
  invalidParameterCombination: 'InvalidParameterCombinationException',
  invalidNextToken: 'InvalidNextToken',
})

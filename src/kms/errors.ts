/**
 * KMS's error catalog. The model's httpError values for client errors (404, 409) come from the
 * legacy query protocol; on the JSON wire (AWS JSON 1.1) real KMS answers every client error with
 * HTTP 400 — except DryRunOperationException, 412. Server errors keep the model's 500/503.
 */
import { errorCatalog } from '../protocol/catalog'
import { modelErrors } from './errors.gen'

const onTheJsonWire = Object.fromEntries(
  Object.entries(modelErrors).map(([code, status]) => [
    code,
    { status: status < 500 && code !== 'DryRunOperationException' ? 400 : status },
  ]),
)

export const kmsErrors = errorCatalog(modelErrors, {
  ...onTheJsonWire,
  DryRunOperationException: { status: 412, defaultMessage: 'The request would have succeeded, but the DryRun option is set.' },
  LimitExceededException: { defaultMessage: 'Rate exceeded' },
})

export const alreadyExists = kmsErrors.factory('AlreadyExistsException')
export const disabled = kmsErrors.factory('DisabledException')
export const dryRunOperation = () => kmsErrors.error('DryRunOperationException')
export const incorrectKey = kmsErrors.factory('IncorrectKeyException')
export const invalidAliasName = kmsErrors.factory('InvalidAliasNameException')
export const invalidArn = kmsErrors.factory('InvalidArnException')
export const invalidCiphertext = (message?: string) => kmsErrors.error('InvalidCiphertextException', message)
export const invalidGrantId = kmsErrors.factory('InvalidGrantIdException')
export const invalidGrantToken = kmsErrors.factory('InvalidGrantTokenException')
export const invalidKeyUsage = kmsErrors.factory('InvalidKeyUsageException')
export const invalidMarker = kmsErrors.factory('InvalidMarkerException')
export const invalidState = kmsErrors.factory('KMSInvalidStateException')
export const limitExceeded = kmsErrors.factory('LimitExceededException')
export const malformedPolicy = kmsErrors.factory('MalformedPolicyDocumentException')
export const notFound = kmsErrors.factory('NotFoundException')
export const tagError = kmsErrors.factory('TagException')
export const unsupportedOperation = kmsErrors.factory('UnsupportedOperationException')
export const validation = kmsErrors.factory('ValidationException')
/** Cross-account use of a key, which needs policies the mock does not evaluate. */
export const accessDenied = kmsErrors.factory('AccessDeniedException')

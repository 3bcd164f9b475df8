/**
 * KMS's modeled exceptions. The model's httpError values (404, 409) come from the legacy query
 * protocol; on the JSON wire (AWS JSON 1.1) real KMS answers all of its client errors with HTTP 400.
 */
import { AwsError, clientError } from '../protocol/aws-error'

export const alreadyExists = clientError('AlreadyExistsException')
export const disabled = clientError('DisabledException')
export const dryRunOperation = (): AwsError =>
  new AwsError('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.', { status: 412 })
export const incorrectKey = clientError('IncorrectKeyException')
export const invalidAliasName = clientError('InvalidAliasNameException')
export const invalidArn = clientError('InvalidArnException')
export const invalidCiphertext = clientError('InvalidCiphertextException')
export const invalidGrantId = clientError('InvalidGrantIdException')
export const invalidGrantToken = clientError('InvalidGrantTokenException')
export const invalidKeyUsage = clientError('InvalidKeyUsageException')
export const invalidMarker = clientError('InvalidMarkerException')
export const invalidState = clientError('KMSInvalidStateException')
export const limitExceeded = clientError('LimitExceededException')
export const malformedPolicy = clientError('MalformedPolicyDocumentException')
export const notFound = clientError('NotFoundException')
export const tagError = clientError('TagException')
export const unsupportedOperation = clientError('UnsupportedOperationException')
export const validation = clientError('ValidationException')

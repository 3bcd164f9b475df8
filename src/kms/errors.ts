/**
 * KMS's error catalog. The model's httpError values for client errors (404, 409) come from the
 * legacy query protocol; on the JSON wire (AWS JSON 1.1) real KMS answers every client error with
 * HTTP 400, DryRunOperationException included (the model says 412; responses recorded from KMS
 * say 400). Server errors keep the model's 500/503.
 */
import { errorCatalog } from '../protocol/catalog'
import { modelErrors } from './errors.gen'

const onTheJsonWire = Object.fromEntries(
  Object.entries(modelErrors).map(([code, status]) => [code, { status: status < 500 ? 400 : status }]),
)

export const kmsErrors = errorCatalog(modelErrors, {
  ...onTheJsonWire,
  LimitExceededException: { defaultMessage: 'Rate exceeded' },
  // Not in KMS's model: its answer to CreateAlias with a name reserved for AWS managed keys.
  NotAuthorizedException: { status: 400 },
})

export const {
  alreadyExists,
  disabled,
  incorrectKey,
  invalidAliasName,
  invalidArn,
  invalidGrantId,
  invalidGrantToken,
  invalidKeyUsage,
  invalidMarker,
  invalidState,
  limitExceeded,
  malformedPolicy,
  notFound,
  tagError,
  unsupportedOperation,
  validation,
  accessDenied,
} = kmsErrors.factories({
  alreadyExists: 'AlreadyExistsException',
  disabled: 'DisabledException',
  incorrectKey: 'IncorrectKeyException',
  invalidAliasName: 'InvalidAliasNameException',
  invalidArn: 'InvalidArnException',
  invalidGrantId: 'InvalidGrantIdException',
  invalidGrantToken: 'InvalidGrantTokenException',
  invalidKeyUsage: 'InvalidKeyUsageException',
  invalidMarker: 'InvalidMarkerException',
  invalidState: 'KMSInvalidStateException',
  limitExceeded: 'LimitExceededException',
  malformedPolicy: 'MalformedPolicyDocumentException',
  notFound: 'NotFoundException',
  tagError: 'TagException',
  unsupportedOperation: 'UnsupportedOperationException',
  validation: 'ValidationException',
  accessDenied: 'AccessDeniedException',
})

/** AccessDeniedException's message, in KMS's words: no policy or grant allows `action`, or a key policy denies it. */
export const notAuthorized = (principal: string, action: string, resource: string, explicitDeny = false): string =>
  `User: ${principal} is not authorized to perform: ${action} on resource: ${resource} ` +
  (explicitDeny ? 'with an explicit deny in a resource-based policy' : `because no resource-based policy allows the ${action} action`)

export const dryRunOperation = () =>
  kmsErrors.error('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.')
export const invalidCiphertext = (message?: string) => kmsErrors.error('InvalidCiphertextException', message)

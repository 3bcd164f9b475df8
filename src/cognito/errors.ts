/**
 * Cognito Identity's error catalog. Like KMS, the model's 403/404/409/429 statuses are not what
 * the JSON wire carries: real Cognito Identity answers every client error with HTTP 400 (e.g.
 * ResourceNotFoundException "IdentityPool '…' not found.", NotAuthorizedException "Unauthenticated
 * access is not supported for this identity pool."); server errors keep 500.
 */
import { errorCatalog } from '../protocol/catalog'
import { modelErrors } from './errors.gen'

export const cognitoErrors = errorCatalog(
  modelErrors,
  Object.fromEntries(Object.entries(modelErrors).map(([code, status]) => [code, { status: status < 500 ? 400 : status }])),
)

export const { notFound, notAuthorized, invalidParameter, invalidConfiguration } = cognitoErrors.factories({
  notFound: 'ResourceNotFoundException',
  notAuthorized: 'NotAuthorizedException',
  invalidParameter: 'InvalidParameterException',
  invalidConfiguration: 'InvalidIdentityPoolConfigurationException',
})

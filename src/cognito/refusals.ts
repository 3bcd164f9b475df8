/** The errors Cognito Identity answers with, by cause, in the words real Cognito uses. */
import { invalidConfiguration, notAuthorized, notFound } from './errors'

export const poolNotFound = (poolId: string) => notFound(`IdentityPool '${poolId}' not found.`)
export const identityNotFound = (identityId: string) => notFound(`Identity '${identityId}' not found.`)
export const guestAccessNotSupported = () => notAuthorized('Unauthenticated access is not supported for this identity pool.')
export const unsupportedProvider = () => notAuthorized('Token is not from a supported provider of this identity pool.')
export const loginsDoNotMatch = () =>
  notAuthorized("Logins don't match. Please include at least one valid login for this identity or identity pool.")
export const identityForbidden = (identityId: string) => notAuthorized(`Access to Identity '${identityId}' is forbidden.`)
export const noRoleForIdentity = () => invalidConfiguration('Invalid identity pool configuration. Check assigned IAM roles for this pool.')

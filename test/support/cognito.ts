/**
 * Shared steps for the Cognito Identity tests: a one-attempt client, identity pools made through
 * CreateIdentityPool, login tokens the mock reads (unsigned JWTs: it checks claims, not
 * signatures), and Cognito's error answers.
 */
import { CognitoIdentityClient, CreateIdentityPoolCommand, type CreateIdentityPoolCommandInput } from '@aws-sdk/client-cognito-identity'
import { ACCOUNT } from './aws'
import { oneAttempt } from './clients'

export function cognitoClient(region = 'us-east-1', extra: Record<string, unknown> = {}): CognitoIdentityClient {
  return new CognitoIdentityClient(oneAttempt(region, extra))
}

/** An identity or pool id as the mock makes them: the region, a colon and a lower-case UUID. */
export const idPattern = (region = 'us-east-1') => new RegExp(`^${region}:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

/** A well-formed id of no pool or identity. */
export const MISSING_ID = 'us-east-1:00000000-0000-4000-8000-000000000000'

/** A Cognito user pool as a login provider, and an app client of it. */
export const USER_POOL = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Example1'
export const CLIENT_ID = '1example23456789abcdefghij'

/** Creates a pool (guests allowed unless `extra` says otherwise) and returns its id. */
export async function createPool(
  client: CognitoIdentityClient,
  name = 'app_pool',
  extra: Partial<CreateIdentityPoolCommandInput> = {},
): Promise<string> {
  const out = await client.send(new CreateIdentityPoolCommand({ IdentityPoolName: name, AllowUnauthenticatedIdentities: true, ...extra }))
  return out.IdentityPoolId!
}

/** A pool's user pool provider entry. */
export const userPoolProvider = (clientId = CLIENT_ID, providerName = USER_POOL) => ({ ProviderName: providerName, ClientId: clientId })

const base64Url = (text: string) => Buffer.from(text, 'utf8').toString('base64url')

/** A token of the form header.payload.signature with the given claims (the signature is not real). */
export const jwt = (claims: Record<string, unknown>): string =>
  `${base64Url(JSON.stringify({ alg: 'RS256', kid: 'test' }))}.${base64Url(JSON.stringify(claims))}.${base64Url('not-a-signature')}`

/** An ID token of the test user pool for user `sub`, issued to `aud` (default CLIENT_ID). */
export const idToken = (sub: string, extra: Record<string, unknown> = {}) =>
  jwt({ iss: `https://${USER_POOL}`, sub, aud: CLIENT_ID, token_use: 'id', ...extra })

/** The claims of a JWT's payload. */
export function payloadOf(token: string): Record<string, unknown> {
  const parts = token.split('.')
  if (parts.length !== 3) throw new Error(`not a JWT: ${token}`)
  return JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>
}

/** The role ARNs of a pool. */
export const roleArn = (name: string, account = ACCOUNT) => `arn:aws:iam::${account}:role/${name}`

export const poolNotFound = (poolId: string) => ({
  name: 'ResourceNotFoundException',
  message: `IdentityPool '${poolId}' not found.`,
  status: 400,
})

export const identityNotFound = (identityId: string) => ({
  name: 'ResourceNotFoundException',
  message: `Identity '${identityId}' not found.`,
  status: 400,
})

export const notAuthorized = (message: string) => ({ name: 'NotAuthorizedException', message, status: 400 })

export const GUESTS_NOT_ALLOWED = notAuthorized('Unauthenticated access is not supported for this identity pool.')
export const UNSUPPORTED_PROVIDER = notAuthorized('Token is not from a supported provider of this identity pool.')
export const LOGINS_DO_NOT_MATCH = notAuthorized(
  "Logins don't match. Please include at least one valid login for this identity or identity pool.",
)
export const ISSUER_MISMATCH = notAuthorized("Invalid login token. Issuer doesn't match providerName")
export const forbidden = (identityId: string) => notAuthorized(`Access to Identity '${identityId}' is forbidden.`)
export const NO_ROLE = {
  name: 'InvalidIdentityPoolConfigurationException',
  message: 'Invalid identity pool configuration. Check assigned IAM roles for this pool.',
  status: 400,
}

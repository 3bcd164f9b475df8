/** `aws.cognito.pools()` and `aws.cognito.identities()`: the public view of pools and identities, member by member. */
import type { CognitoIdentityInfo, IdentityPoolInfo } from '../types'
import type { Identity, IdentityPool, IssuedCredentials } from './types'

export function poolInfo(pool: IdentityPool): IdentityPoolInfo {
  return {
    identityPoolId: pool.id,
    name: pool.name,
    allowUnauthenticatedIdentities: pool.allowUnauthenticated,
    loginProviders: [
      ...Object.keys(pool.supportedLoginProviders),
      ...pool.cognitoIdentityProviders.flatMap((provider) => (provider.ProviderName ? [provider.ProviderName] : [])),
      ...pool.openIdConnectProviderArns,
      ...pool.samlProviderArns,
    ],
    roles: { ...pool.roles },
    tags: Object.fromEntries(pool.tags),
    createdAt: pool.createdAt,
  }
}

export function identityInfo(identity: Identity, credentials: IssuedCredentials[]): CognitoIdentityInfo {
  return {
    identityId: identity.id,
    identityPoolId: identity.poolId,
    logins: [...identity.logins.keys()],
    createdAt: identity.createdAt,
    lastModifiedAt: identity.lastModifiedAt,
    credentials: credentials
      .filter((issued) => issued.identityId === identity.id)
      .map(({ accessKeyId, roleArn, issuedAt, expiresAt }) => ({ accessKeyId, roleArn, issuedAt, expiresAt })),
  }
}

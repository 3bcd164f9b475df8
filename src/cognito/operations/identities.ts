/** The public calls a browser makes (GetId, GetCredentialsForIdentity, GetOpenIdToken) and the admin's view of identities. */
import { issueCredentials } from '../credentials'
import { noRoleForIdentity } from '../refusals'
import { authorizeIdentity, describeIdentity, identityForLogins } from '../identity'
import { unverifiableJwt } from '../jwt'
import { page } from '../paging'
import { findIdentity, identityOrThrow, ownPool, publicPool } from '../find-pool'
import type { CognitoContext } from '../store'
import type { CognitoInputs, CognitoOutputs } from '../wire.gen'

const OPEN_ID_TOKEN_LIFETIME_S = 10 * 60

export function getId(input: CognitoInputs['GetId'], ctx: CognitoContext): CognitoOutputs['GetId'] {
  const pool = publicPool(ctx, input.IdentityPoolId)
  return { IdentityId: identityForLogins(ctx, pool, input.Logins).id }
}

export function getCredentialsForIdentity(
  input: CognitoInputs['GetCredentialsForIdentity'],
  ctx: CognitoContext,
): CognitoOutputs['GetCredentialsForIdentity'] {
  const { identity, pool, authenticated, link } = authorizeIdentity(ctx, input.IdentityId, input.Logins)
  const roleArn = authenticated ? (input.CustomRoleArn ?? pool.roles.authenticated) : pool.roles.unauthenticated
  if (roleArn === undefined) throw noRoleForIdentity()
  link()
  const credentials = issueCredentials(ctx, identity, pool.accountId, roleArn)
  return {
    IdentityId: identity.id,
    Credentials: {
      AccessKeyId: credentials.accessKeyId,
      SecretKey: credentials.secretAccessKey,
      SessionToken: credentials.sessionToken,
      Expiration: credentials.expiresAt / 1000,
    },
  }
}

export function getOpenIdToken(input: CognitoInputs['GetOpenIdToken'], ctx: CognitoContext): CognitoOutputs['GetOpenIdToken'] {
  const { identity, pool, authenticated, link } = authorizeIdentity(ctx, input.IdentityId, input.Logins)
  link()
  const issuedAt = Math.floor(ctx.now / 1000)
  const claims = {
    sub: identity.id,
    aud: pool.id,
    amr: authenticated ? ['authenticated', ...identity.logins.keys()] : ['unauthenticated'],
    iss: 'https://cognito-identity.amazonaws.com',
    exp: issuedAt + OPEN_ID_TOKEN_LIFETIME_S,
    iat: issuedAt,
  }
  return { IdentityId: identity.id, Token: unverifiableJwt(claims, `${ctx.region}-1`) }
}

export function describeIdentityOperation(
  input: CognitoInputs['DescribeIdentity'],
  ctx: CognitoContext,
): CognitoOutputs['DescribeIdentity'] {
  return describeIdentity(identityOrThrow(ctx, input.IdentityId, true).identity)
}

export function listIdentities(input: CognitoInputs['ListIdentities'], ctx: CognitoContext): CognitoOutputs['ListIdentities'] {
  const pool = ownPool(ctx, input.IdentityPoolId)
  const { items, NextToken } = page(ctx.store.identitiesOf(pool.id), input)
  return { IdentityPoolId: pool.id, Identities: items.map(describeIdentity), ...(NextToken !== undefined ? { NextToken } : {}) }
}

export function deleteIdentities(input: CognitoInputs['DeleteIdentities'], ctx: CognitoContext): CognitoOutputs['DeleteIdentities'] {
  for (const id of input.IdentityIdsToDelete) {
    // Ids of no identity (or of another account's) are passed over: the model's UnprocessedIdentityIds
    // only name access and internal failures.
    const found = findIdentity(ctx, id, true)
    if (found) ctx.store.deleteIdentity(found.identity)
  }
  return { UnprocessedIdentityIds: [] }
}

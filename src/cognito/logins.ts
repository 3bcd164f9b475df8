/**
 * The `Logins` of GetId, GetCredentialsForIdentity and GetOpenIdToken: each provider must be one
 * the pool trusts, and each token names a user (its subject) — the same user finds the same
 * identity. Token signatures are not verified (the mock holds no provider keys): a JWT's `sub`
 * claim is its subject, and the text of an opaque token (Facebook, Login with Amazon) is.
 */
import { notAuthorized } from './errors'
import { loginsDoNotMatch, unsupportedProvider } from './refusals'
import { jwtClaims } from './jwt'
import type { IdentityPool } from './types'

/** A Cognito user pool as a login provider: `cognito-idp.<region>.amazonaws.com/<user pool id>`. */
const isUserPool = (provider: string): boolean => provider.startsWith('cognito-idp.')

/** The login names a pool accepts: its providers as they appear as keys of `Logins`. */
function trustedProviders(pool: IdentityPool): Set<string> {
  return new Set([
    ...Object.keys(pool.supportedLoginProviders),
    ...pool.cognitoIdentityProviders.flatMap((provider) => (provider.ProviderName ? [provider.ProviderName] : [])),
    // arn:aws:iam::<account>:oidc-provider/<host and path> is used under its host and path.
    ...pool.openIdConnectProviderArns.flatMap((arn) => {
      const at = arn.indexOf(':oidc-provider/')
      return at < 0 ? [] : [arn.slice(at + ':oidc-provider/'.length)]
    }),
    ...pool.samlProviderArns,
  ])
}

const invalidToken = (reason: string) => notAuthorized(`Invalid login token. ${reason}`)

/** The subject of one login, or the error Cognito gives for its token. */
function subjectOf(pool: IdentityPool, provider: string, token: string | null): string {
  const claims = token === null ? undefined : jwtClaims(token)
  // User pools and OpenID Connect providers sign JWTs with an issuer; other providers may hand out opaque tokens.
  const oidc = isUserPool(provider) || pool.openIdConnectProviderArns.some((arn) => arn.endsWith(`:oidc-provider/${provider}`))
  if (!claims) {
    if (oidc || token === null) throw invalidToken("Couldn't verify signed token.")
    return token
  }
  if (oidc && typeof claims.iss !== 'string') throw invalidToken('Missing a required claim: iss')
  if (oidc && String(claims.iss).replace(/^https:\/\//, '') !== provider) throw invalidToken("Issuer doesn't match providerName")
  if (isUserPool(provider)) {
    // An ID token names its app client in `aud`; an access token (`client_id`, no `aud`) is not a login.
    if (typeof claims.aud !== 'string') throw invalidToken('Missing a required claim: aud')
    const clientIds = pool.cognitoIdentityProviders.filter((p) => p.ProviderName === provider).map((p) => p.ClientId)
    if (clientIds.every((id) => id !== undefined && id !== claims.aud)) throw unsupportedProvider()
  }
  if (typeof claims.sub !== 'string' || claims.sub === '') throw invalidToken('Missing a required claim: sub')
  return claims.sub
}

/** Checks every login against the pool; returns provider → subject. */
export function resolveLogins(pool: IdentityPool, logins: { [provider: string]: string | null } | undefined): Map<string, string> {
  const resolved = new Map<string, string>()
  const entries = Object.entries(logins ?? {})
  if (entries.length === 0) return resolved
  const trusted = trustedProviders(pool)
  if (trusted.size === 0) throw loginsDoNotMatch()
  for (const [provider, token] of entries) {
    if (!trusted.has(provider)) throw unsupportedProvider()
    resolved.set(provider, subjectOf(pool, provider, token))
  }
  return resolved
}

/**
 * Identities: made by GetId (a guest gets a new one each time; a login finds the identity it
 * was linked to), and checked before credentials or tokens are given for one.
 */
import { randomUuid } from '../protocol/ids'
import { identityOrThrow } from './find-pool'
import { guestAccessNotSupported, identityForbidden, loginsDoNotMatch } from './refusals'
import { resolveLogins } from './logins'
import type { CognitoContext } from './store'
import type { Identity, IdentityPool } from './types'
import type { IdentityDescription } from './wire.gen'

type Logins = { [provider: string]: string | null } | undefined

function createIdentity(ctx: CognitoContext, pool: IdentityPool): Identity {
  const identity: Identity = {
    id: `${pool.region}:${randomUuid()}`,
    poolId: pool.id,
    logins: new Map(),
    createdAt: ctx.now,
    lastModifiedAt: ctx.now,
  }
  ctx.store.identities.set(identity.id, identity)
  return identity
}

/**
 * Throws "Logins don't match" unless every login may be linked to the identity: none is another
 * identity's, and none names another user of a provider the identity is already linked to.
 */
function checkLinkable(ctx: CognitoContext, identity: Identity, logins: Map<string, string>): void {
  for (const [provider, subject] of logins) {
    const owner = ctx.store.identityFor(identity.poolId, provider, subject)
    const linked = identity.logins.get(provider)
    if ((owner && owner !== identity) || (linked !== undefined && linked !== subject)) throw loginsDoNotMatch()
  }
}

/** Links the logins the identity does not have yet (checked by checkLinkable first). */
function linkNew(ctx: CognitoContext, identity: Identity, logins: Map<string, string>): void {
  let changed = false
  for (const [provider, subject] of logins) {
    if (identity.logins.get(provider) === subject) continue
    ctx.store.link(identity, provider, subject)
    changed = true
  }
  if (changed) identity.lastModifiedAt = ctx.now
}

/** GetId: the identity of the logins (made on first use), or a new guest identity. */
export function identityForLogins(ctx: CognitoContext, pool: IdentityPool, loginsInput: Logins): Identity {
  const logins = resolveLogins(pool, loginsInput)
  if (logins.size === 0) {
    if (!pool.allowUnauthenticated) throw guestAccessNotSupported()
    return createIdentity(ctx, pool)
  }
  const known = [...logins].map(([provider, subject]) => ctx.store.identityFor(pool.id, provider, subject)).find(Boolean)
  if (known) checkLinkable(ctx, known, logins)
  const identity = known ?? createIdentity(ctx, pool)
  linkNew(ctx, identity, logins)
  return identity
}

/**
 * The identity GetCredentialsForIdentity or GetOpenIdToken may act for: an authenticated identity
 * needs one of its logins; a guest identity needs the pool to allow guests, or logins. `link`
 * links the request's new logins to the identity: the caller runs it once nothing else can fail.
 */
export function authorizeIdentity(
  ctx: CognitoContext,
  identityId: string,
  loginsInput: Logins,
): { identity: Identity; pool: IdentityPool; authenticated: boolean; link: () => void } {
  const { identity, pool } = identityOrThrow(ctx, identityId, false)
  const logins = resolveLogins(pool, loginsInput)
  const link = () => linkNew(ctx, identity, logins)
  if (identity.logins.size > 0) {
    if (logins.size === 0) throw identityForbidden(identityId)
    if (![...logins].some(([provider, subject]) => identity.logins.get(provider) === subject)) throw loginsDoNotMatch()
    checkLinkable(ctx, identity, logins)
    return { identity, pool, authenticated: true, link }
  }
  if (logins.size > 0) {
    checkLinkable(ctx, identity, logins)
    return { identity, pool, authenticated: true, link }
  }
  if (!pool.allowUnauthenticated) throw guestAccessNotSupported()
  return { identity, pool, authenticated: false, link }
}

export function describeIdentity(identity: Identity): IdentityDescription {
  return {
    IdentityId: identity.id,
    ...(identity.logins.size > 0 ? { Logins: [...identity.logins.keys()] } : {}),
    CreationDate: identity.createdAt / 1000,
    LastModifiedDate: identity.lastModifiedAt / 1000,
  }
}

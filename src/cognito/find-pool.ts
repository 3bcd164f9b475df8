/** Identity pools and identities found by id: by the public calls (any account's) and by the signed ones (the caller's own). */
import type { CognitoContext } from './store'
import { identityNotFound, poolNotFound } from './refusals'
import type { Identity, IdentityPool } from './types'

/**
 * The pool an id names, for the public calls (GetId, GetCredentialsForIdentity): any account's,
 * but only in the region of the endpoint — a pool of another region is not found there.
 */
export function publicPool(ctx: CognitoContext, poolId: string): IdentityPool {
  const pool = ctx.store.pools.get(poolId)
  if (!pool || pool.region !== ctx.region) throw poolNotFound(poolId)
  return pool
}

/** The pool an id names, for the signed calls: the caller's own, in the endpoint's region. */
export function ownPool(ctx: CognitoContext, poolId: string): IdentityPool {
  const pool = publicPool(ctx, poolId)
  if (pool.accountId !== ctx.accountId) throw poolNotFound(poolId)
  return pool
}

/**
 * An identity and its pool, in the endpoint's region (and, with `own`, of the caller's account), or
 * undefined: another region's or account's identity is not there.
 */
export function findIdentity(
  ctx: CognitoContext,
  identityId: string,
  own: boolean,
): { identity: Identity; pool: IdentityPool } | undefined {
  const identity = ctx.store.identities.get(identityId)
  const pool = identity && ctx.store.pools.get(identity.poolId)
  if (!identity || !pool || pool.region !== ctx.region || (own && pool.accountId !== ctx.accountId)) return undefined
  return { identity, pool }
}

/** findIdentity, or ResourceNotFoundException. */
export function identityOrThrow(ctx: CognitoContext, identityId: string, own: boolean): { identity: Identity; pool: IdentityPool } {
  const found = findIdentity(ctx, identityId, own)
  if (!found) throw identityNotFound(identityId)
  return found
}

export const poolArn = (ctx: CognitoContext, pool: IdentityPool): string =>
  `arn:${ctx.partition}:cognito-identity:${pool.region}:${pool.accountId}:identitypool/${pool.id}`

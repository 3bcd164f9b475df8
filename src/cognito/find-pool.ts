/** Identity pools found by id: by the public calls (any account's) and by the signed ones (the caller's own). */
import type { CognitoContext } from './store'
import { poolNotFound } from './refusals'
import type { IdentityPool } from './types'

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

export const poolArn = (ctx: CognitoContext, pool: IdentityPool): string =>
  `arn:${ctx.partition}:cognito-identity:${pool.region}:${pool.accountId}:identitypool/${pool.id}`

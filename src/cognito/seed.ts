/**
 * Identity pools from fixtures, built by CreateIdentityPool's own function, with the id and roles
 * the fixture asks for.
 */
import { SeedError } from '../service'
import { buildPool, withoutNulls } from './pool'
import type { CognitoContext } from './store'
import type { CreateIdentityPoolInput } from './wire.gen'

export interface PoolSeed {
  /** A validated CreateIdentityPool input. */
  input: CreateIdentityPoolInput
  /** The UUID part of the pool id; default random. */
  uuid?: string
  /** `authenticated` / `unauthenticated` → role ARN; undefined: the roles the console creates with a pool. */
  roles?: { authenticated?: string; unauthenticated?: string }
}

/** Seeds one pool. Throws SeedError naming the member at fault. */
export function seedPool(ctx: CognitoContext, seed: PoolSeed): void {
  const pool = buildPool(ctx, seed.input, seed.uuid)
  if (ctx.store.pools.has(pool.id)) throw new SeedError('identityPoolId', `identity pool ${pool.id} is defined twice`)
  const role = (kind: string) => `arn:${ctx.partition}:iam::${ctx.accountId}:role/Cognito_${pool.name.replace(/\s+/g, '')}${kind}_Role`
  const roles = seed.roles ?? { authenticated: role('Auth'), unauthenticated: role('Unauth') }
  pool.roles = withoutNulls(roles)
  ctx.store.pools.set(pool.id, pool)
}

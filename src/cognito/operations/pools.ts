/** Identity pool management, as an admin UI or infrastructure code uses it. */
import { page } from '../paging'
import { ownPool } from '../find-pool'
import { buildPool, configurePool, withoutNulls } from '../pool'
import type { IdentityPool } from '../types'
import type { CognitoContext } from '../store'
import type { CognitoInputs, CognitoOutputs, IdentityPool as PoolOutput } from '../wire.gen'

export function createIdentityPool(input: CognitoInputs['CreateIdentityPool'], ctx: CognitoContext): CognitoOutputs['CreateIdentityPool'] {
  const pool = buildPool(ctx, input)
  ctx.store.pools.set(pool.id, pool)
  return describePool(pool)
}

export function describeIdentityPool(
  input: CognitoInputs['DescribeIdentityPool'],
  ctx: CognitoContext,
): CognitoOutputs['DescribeIdentityPool'] {
  return describePool(ownPool(ctx, input.IdentityPoolId))
}

export function listIdentityPools(input: CognitoInputs['ListIdentityPools'], ctx: CognitoContext): CognitoOutputs['ListIdentityPools'] {
  const { items, NextToken } = page(ctx.store.poolsIn(ctx.accountId, ctx.region), input)
  return {
    IdentityPools: items.map((pool) => ({ IdentityPoolId: pool.id, IdentityPoolName: pool.name })),
    ...(NextToken !== undefined ? { NextToken } : {}),
  }
}

/** Replaces the pool's configuration: members the request leaves out return to their defaults; tags are kept unless given. */
export function updateIdentityPool(input: CognitoInputs['UpdateIdentityPool'], ctx: CognitoContext): CognitoOutputs['UpdateIdentityPool'] {
  const pool = ownPool(ctx, input.IdentityPoolId)
  configurePool(pool, input)
  if (input.IdentityPoolTags !== undefined) {
    pool.tags = new Map(Object.entries(withoutNulls(input.IdentityPoolTags)))
  }
  return describePool(pool)
}

export function deleteIdentityPool(input: CognitoInputs['DeleteIdentityPool'], ctx: CognitoContext): CognitoOutputs['DeleteIdentityPool'] {
  ctx.store.deletePool(ownPool(ctx, input.IdentityPoolId))
  return {}
}

export function setIdentityPoolRoles(
  input: CognitoInputs['SetIdentityPoolRoles'],
  ctx: CognitoContext,
): CognitoOutputs['SetIdentityPoolRoles'] {
  const pool = ownPool(ctx, input.IdentityPoolId)
  pool.roles = withoutNulls(input.Roles)
  pool.roleMappings = withoutNulls(input.RoleMappings)
  return {}
}

export function getIdentityPoolRoles(
  input: CognitoInputs['GetIdentityPoolRoles'],
  ctx: CognitoContext,
): CognitoOutputs['GetIdentityPoolRoles'] {
  const pool = ownPool(ctx, input.IdentityPoolId)
  return {
    IdentityPoolId: pool.id,
    Roles: { ...pool.roles },
    ...(Object.keys(pool.roleMappings).length > 0 ? { RoleMappings: structuredClone(pool.roleMappings) } : {}),
  }
}

/** A pool as CreateIdentityPool, DescribeIdentityPool and UpdateIdentityPool return it: empty provider lists are left out. */
export function describePool(pool: IdentityPool): PoolOutput {
  const output: PoolOutput = {
    IdentityPoolId: pool.id,
    IdentityPoolName: pool.name,
    AllowUnauthenticatedIdentities: pool.allowUnauthenticated,
    AllowClassicFlow: pool.allowClassicFlow ?? false,
    IdentityPoolTags: Object.fromEntries(pool.tags),
  }
  if (Object.keys(pool.supportedLoginProviders).length > 0) output.SupportedLoginProviders = { ...pool.supportedLoginProviders }
  if (pool.developerProviderName !== undefined) output.DeveloperProviderName = pool.developerProviderName
  if (pool.openIdConnectProviderArns.length > 0) output.OpenIdConnectProviderARNs = [...pool.openIdConnectProviderArns]
  if (pool.cognitoIdentityProviders.length > 0) output.CognitoIdentityProviders = pool.cognitoIdentityProviders.map((p) => ({ ...p }))
  if (pool.samlProviderArns.length > 0) output.SamlProviderARNs = [...pool.samlProviderArns]
  return output
}

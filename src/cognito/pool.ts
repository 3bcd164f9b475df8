/** Identity pools as CreateIdentityPool (and UpdateIdentityPool, and fixtures) configure them. */
import { randomUuid } from '../protocol/ids'
import type { CognitoContext } from './store'
import type { IdentityPool } from './types'
import type { CreateIdentityPoolInput } from './wire.gen'

/** The members CreateIdentityPool and UpdateIdentityPool both set. */
type PoolSettings = Omit<CreateIdentityPoolInput, 'IdentityPoolTags'>

/** A map of the request (whose values may be null) or of a fixture (undefined), without those entries. */
export const withoutNulls = <V>(map: { [key: string]: V | null | undefined } | undefined): Record<string, V> =>
  Object.fromEntries(Object.entries(map ?? {}).filter((entry): entry is [string, V] => entry[1] !== null && entry[1] !== undefined))

/** Sets what a Create or Update request configures; what the request leaves out returns to its default. */
export function configurePool(pool: IdentityPool, input: PoolSettings): void {
  pool.name = input.IdentityPoolName
  pool.allowUnauthenticated = input.AllowUnauthenticatedIdentities
  pool.allowClassicFlow = input.AllowClassicFlow
  pool.supportedLoginProviders = withoutNulls(input.SupportedLoginProviders)
  pool.developerProviderName = input.DeveloperProviderName
  pool.openIdConnectProviderArns = [...(input.OpenIdConnectProviderARNs ?? [])]
  pool.cognitoIdentityProviders = (input.CognitoIdentityProviders ?? []).map((provider) => ({ ServerSideTokenCheck: false, ...provider }))
  pool.samlProviderArns = [...(input.SamlProviderARNs ?? [])]
}

export function buildPool(ctx: CognitoContext, input: CreateIdentityPoolInput, uuid: string = randomUuid()): IdentityPool {
  const pool: IdentityPool = {
    id: `${ctx.region}:${uuid}`,
    accountId: ctx.accountId,
    region: ctx.region,
    name: '',
    allowUnauthenticated: false,
    supportedLoginProviders: {},
    openIdConnectProviderArns: [],
    cognitoIdentityProviders: [],
    samlProviderArns: [],
    tags: new Map(Object.entries(withoutNulls(input.IdentityPoolTags))),
    roles: {},
    roleMappings: {},
    createdAt: ctx.now,
  }
  configurePool(pool, input)
  return pool
}

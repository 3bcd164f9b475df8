/**
 * KMS state per (account, region): keys, aliases and grants. Reading a scope settles the clock:
 * what falls due for each key is carried out first (automatic rotations, a multi-Region family's
 * bookkeeping), then keys whose deletion date has passed are deleted with their aliases and grants,
 * and grants scheduled for retirement are retired.
 */
import { existsAt } from './key'
import { accessDenied, invalidArn, notAuthorized, notFound } from './errors'
import type { KmsContext, KmsKey, KmsScope, KmsScopes } from './types'

export type { KmsContext, KmsScope } from './types'

const KEY_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/
const ARN = /^arn:([^:]+):kms:([^:]*):([^:]*):(key|alias)\/(.+)$/

export const keyArn = (partition: string, region: string, accountId: string, keyId: string): string =>
  `arn:${partition}:kms:${region}:${accountId}:key/${keyId}`
export const aliasArn = (partition: string, region: string, accountId: string, aliasName: string): string =>
  `arn:${partition}:kms:${region}:${accountId}:${aliasName}`

export class KmsStore implements KmsScopes {
  private readonly scopes = new Map<string, KmsScope>()
  /**
   * Carries out what is due for a key (automatic rotations, a multi-Region family's deletions), set
   * when the KMS operations load: only they rotate and replicate keys, so before them there is
   * nothing to settle. It runs before due deletions are carried out, so it sees the keys they remove.
   */
  settleKey?: (key: KmsKey, now: number, store: KmsScopes) => void

  /** The scope of an account and region, with deletions that are due at `now` carried out. */
  scope(accountId: string, region: string, now: number): KmsScope {
    const key = `${accountId}/${region}`
    let scope = this.scopes.get(key)
    if (!scope) {
      scope = { keys: new Map(), aliases: new Map(), grants: new Map() }
      this.scopes.set(key, scope)
    }
    if (this.settleKey) for (const k of scope.keys.values()) this.settleKey(k, now, this)
    for (const [id, k] of scope.keys) {
      if (existsAt(k, now)) continue
      scope.keys.delete(id)
      for (const [name, alias] of scope.aliases) if (alias.targetKeyId === id) scope.aliases.delete(name)
      for (const [grantId, grant] of scope.grants) if (grant.keyId === id) scope.grants.delete(grantId)
    }
    for (const [grantId, grant] of scope.grants) {
      if (grant.retireAt !== undefined && now >= grant.retireAt) scope.grants.delete(grantId)
    }
    return scope
  }

  /** Every scope that holds something, for inspection. */
  allScopes(): Array<[string, KmsScope]> {
    return [...this.scopes]
  }

  /** Takes in a snapshot's scopes (see `allScopes`), on top of what each scope holds. */
  restore(scopes: Array<[string, KmsScope]>): void {
    for (const [key, held] of scopes) {
      const scope = this.scopes.get(key)
      if (!scope) this.scopes.set(key, held)
      else
        for (const part of ['keys', 'aliases', 'grants'] as const) for (const [id, item] of held[part]) scope[part].set(id, item as never)
    }
  }

  clear(): void {
    this.scopes.clear()
  }
}

/** The calling principal's ARN: the one the request signed as, or the account's root. */
export const callerOf = (ctx: KmsContext): string => ctx.caller?.principal ?? `arn:${ctx.partition}:iam::${ctx.accountId}:root`

export interface ResolvedKey {
  key: KmsKey
  scope: KmsScope
}

/**
 * Finds the key a `KeyId` names: a key id, a key ARN, and — where the operation accepts them —
 * an alias name or alias ARN. Throws the error KMS gives for each kind of miss.
 */
export function resolveKey(
  ctx: KmsContext,
  keyIdInput: string,
  options: {
    aliases: boolean
    aliasError?: () => Error
    createAwsManaged?: (scope: KmsScope, aliasName: string, accountId: string, region: string) => KmsKey | undefined
  },
): ResolvedKey {
  let accountId = ctx.accountId
  let region = ctx.region
  let kind: 'key' | 'alias'
  let name: string
  const arn = ARN.exec(keyIdInput)
  if (keyIdInput.startsWith('arn:')) {
    if (!arn || !/^\d{12}$/.test(arn[3]!) || !arn[2]) throw invalidArn(`Invalid arn ${keyIdInput}`)
    // A key is used in its own region only.
    if (arn[2] !== ctx.region) throw notFound(`Invalid arn ${arn[2]}`)
    // Cross-account use needs IAM in the caller's account, which the mock does not simulate: it is refused.
    if (arn[3] !== ctx.accountId) {
      throw accessDenied(notAuthorized(callerOf(ctx), ctx.action ?? 'kms:*', keyIdInput))
    }
    region = arn[2]
    accountId = arn[3]!
    kind = arn[4] as 'key' | 'alias'
    name = kind === 'alias' ? `alias/${arn[5]}` : arn[5]!
  } else if (keyIdInput.startsWith('alias/')) {
    kind = 'alias'
    name = keyIdInput
  } else {
    kind = 'key'
    name = keyIdInput
  }
  const scope = ctx.store.scope(accountId, region, ctx.now)
  if (kind === 'alias') {
    if (!options.aliases) throw (options.aliasError ?? (() => notFound(`Invalid keyId ${keyIdInput}`)))()
    const alias = scope.aliases.get(name)
    const key = alias?.targetKeyId ? scope.keys.get(alias.targetKeyId) : options.createAwsManaged?.(scope, name, accountId, region)
    if (!key) throw notFound(`Alias ${aliasArn(ctx.partition, region, accountId, name)} is not found.`)
    ctx.authorize?.(key, scope, ctx)
    return { key, scope }
  }
  if (!KEY_ID.test(name)) throw notFound(`Invalid keyId ${keyIdInput}`)
  const key = scope.keys.get(name)
  if (!key) throw notFound(`Key '${keyArn(ctx.partition, region, accountId, name)}' does not exist`)
  ctx.authorize?.(key, scope, ctx)
  return { key, scope }
}

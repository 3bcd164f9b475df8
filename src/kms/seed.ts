/**
 * Keys from fixtures, built by CreateKey's own function and given the state, id and aliases the
 * fixture asks for, as if those had been set long ago.
 */
import { SeedError, seedStep } from '../service'
import { buildAlias, checkCustomerAliasName } from './alias'
import { buildKey, type CreateKeyInput } from './build-key'
import { markPendingDeletion } from './key'
import { keyArn } from './store'
import type { KmsContext } from './types'

export interface KeySeed {
  /** A validated CreateKey input. */
  input: CreateKeyInput
  /** A lower-case UUID; default random. */
  keyId?: string
  state: 'Enabled' | 'Disabled' | 'PendingDeletion'
  /** Days until deletion of a PendingDeletion key. */
  pendingWindowInDays: number
  aliases: string[]
}

/** Seeds one key with its aliases. Throws SeedError naming the member at fault. */
export function seedKey(ctx: KmsContext, seed: KeySeed): void {
  const key = seedStep('', () => buildKey(seed.input, ctx))
  if (seed.keyId !== undefined) {
    key.keyId = seed.keyId
    key.arn = keyArn(ctx.partition, ctx.region, ctx.accountId, seed.keyId)
  }
  if (seed.state === 'PendingDeletion') markPendingDeletion(key, ctx.now, seed.pendingWindowInDays)
  else key.state = seed.state
  const scope = ctx.store.scope(ctx.accountId, ctx.region, ctx.now)
  if (scope.keys.has(key.keyId)) throw new SeedError('keyId', `key ${key.keyId} is defined twice`)
  for (const alias of seed.aliases) {
    seedStep('aliases', () => checkCustomerAliasName(alias))
    if (scope.aliases.has(alias) || seed.aliases.indexOf(alias) !== seed.aliases.lastIndexOf(alias)) {
      throw new SeedError('aliases', `alias ${alias} is defined twice`)
    }
  }
  for (const alias of seed.aliases) scope.aliases.set(alias, buildAlias(ctx, alias, key.keyId))
  scope.keys.set(key.keyId, key)
}

/** Key life cycle: CreateKey, DescribeKey, ListKeys, Enable/DisableKey, Schedule/CancelKeyDeletion, UpdateKeyDescription. */
import { randomBytes, randomUuid, toHex } from '../../protocol/ids'
import { createAwsManagedKey } from '../aws-managed'
import { invalidState, limitExceeded, unsupportedOperation, validation } from '../errors'
import { defaultKeyPolicy, keyMetadata, newKeySecret, usagesFor, type KeyUsage, type KmsKey } from '../key'
import { assertNotPending } from '../key-state'
import { paginate } from '../paging'
import { checkPolicySize } from './policies'
import { parsePolicy } from '../policy'
import { keyArn, resolveKey, type KmsContext } from '../store'
import { checkTags, type KmsTag } from './tags'

type Out = Record<string, unknown>

/** Customer managed keys per account and region (KMS quota). */
export const MAX_KEYS_PER_REGION = 100_000

export interface CreateKeyInput {
  Policy?: string
  Description?: string
  KeyUsage?: KeyUsage
  CustomerMasterKeySpec?: string
  KeySpec?: string
  Origin?: string
  CustomKeyStoreId?: string
  BypassPolicyLockoutSafetyCheck?: boolean
  Tags?: KmsTag[]
  MultiRegion?: boolean
  XksKeyId?: string
}

/** Builds a customer managed key from a CreateKey input after every check (nothing is stored). */
export function buildKey(input: CreateKeyInput, ctx: KmsContext): KmsKey {
  if (input.KeySpec !== undefined && input.CustomerMasterKeySpec !== undefined && input.KeySpec !== input.CustomerMasterKeySpec) {
    throw validation('You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec parameter is deprecated.')
  }
  const keySpec = input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT'
  const keyUsage = input.KeyUsage ?? 'ENCRYPT_DECRYPT'
  if (!usagesFor(keySpec).includes(keyUsage)) {
    throw validation(`KeyUsage ${keyUsage} is not compatible with KeySpec ${keySpec}`)
  }
  const origin = input.Origin ?? 'AWS_KMS'
  if (origin === 'AWS_CLOUDHSM' || origin === 'EXTERNAL_KEY_STORE' || input.CustomKeyStoreId !== undefined) {
    throw unsupportedOperation('Custom key stores are not available in this simulation.')
  }
  if (origin === 'EXTERNAL' && keySpec !== 'SYMMETRIC_DEFAULT') {
    throw unsupportedOperation(`${keySpec} key spec is not supported for EXTERNAL origin.`)
  }
  if (input.Policy !== undefined) {
    checkPolicySize(input.Policy)
    parsePolicy(input.Policy)
  }
  const tags = checkTags(new Map(), input.Tags ?? [])
  const keyId = input.MultiRegion ? `mrk-${toHex(randomBytes(16))}` : randomUuid()
  return {
    keyId,
    arn: keyArn(ctx.partition, ctx.region, ctx.accountId, keyId),
    accountId: ctx.accountId,
    region: ctx.region,
    createdAt: ctx.now,
    description: input.Description ?? '',
    keyUsage,
    keySpec,
    origin,
    keyManager: 'CUSTOMER',
    multiRegion: input.MultiRegion ?? false,
    state: origin === 'EXTERNAL' ? 'PendingImport' : 'Enabled',
    policy: input.Policy ?? defaultKeyPolicy(ctx.accountId, ctx.partition),
    tags,
    secret: newKeySecret(),
  }
}

export function createKey(input: CreateKeyInput, ctx: KmsContext): Out {
  const scope = ctx.store.scope(ctx.accountId, ctx.region, ctx.now)
  let customer = 0
  for (const key of scope.keys.values()) if (key.keyManager === 'CUSTOMER') customer++
  if (customer >= MAX_KEYS_PER_REGION) throw limitExceeded(`The request was rejected because a quota was exceeded: ${MAX_KEYS_PER_REGION} customer managed keys per Region.`)
  const key = buildKey(input, ctx)
  scope.keys.set(key.keyId, key)
  return { KeyMetadata: keyMetadata(key) }
}

export function describeKey(input: { KeyId: string }, ctx: KmsContext): Out {
  const { key } = resolveKey(ctx, input.KeyId, { aliases: true, createAwsManaged: createAwsManagedKey(ctx) })
  return { KeyMetadata: keyMetadata(key) }
}

export function listKeys(input: { Limit?: number; Marker?: string }, ctx: KmsContext): Out {
  const keys = [...ctx.store.scope(ctx.accountId, ctx.region, ctx.now).keys.values()]
  const { page, ...rest } = paginate(keys, input, 100, 1000)
  return { Keys: page.map((k) => ({ KeyId: k.keyId, KeyArn: k.arn })), ...rest }
}

export function enableKey(input: { KeyId: string }, ctx: KmsContext): Out {
  const { key } = resolveKey(ctx, input.KeyId, { aliases: false })
  assertNotPending(key)
  key.state = 'Enabled'
  return {}
}

export function disableKey(input: { KeyId: string }, ctx: KmsContext): Out {
  const { key } = resolveKey(ctx, input.KeyId, { aliases: false })
  assertNotPending(key)
  key.state = 'Disabled'
  return {}
}

const DAY = 24 * 60 * 60 * 1000

export function scheduleKeyDeletion(input: { KeyId: string; PendingWindowInDays?: number }, ctx: KmsContext): Out {
  const { key } = resolveKey(ctx, input.KeyId, { aliases: false })
  const days = input.PendingWindowInDays ?? 30
  if (days < 7 || days > 30) throw validation('PendingWindowInDays must be between 7 and 30')
  if (key.state === 'PendingDeletion') throw invalidState(`${key.arn} is pending deletion.`)
  key.state = 'PendingDeletion'
  key.deletionDate = ctx.now + days * DAY
  key.pendingWindowInDays = days
  return { KeyId: key.arn, DeletionDate: key.deletionDate / 1000, KeyState: 'PendingDeletion', PendingWindowInDays: days }
}

/** Cancelling leaves the key Disabled, as KMS does: EnableKey brings it back. */
export function cancelKeyDeletion(input: { KeyId: string }, ctx: KmsContext): Out {
  const { key } = resolveKey(ctx, input.KeyId, { aliases: false })
  if (key.state !== 'PendingDeletion') throw invalidState(`${key.arn} is not pending deletion.`)
  key.state = 'Disabled'
  delete key.deletionDate
  delete key.pendingWindowInDays
  return { KeyId: key.arn }
}

export function updateKeyDescription(input: { KeyId: string; Description: string }, ctx: KmsContext): Out {
  const { key } = resolveKey(ctx, input.KeyId, { aliases: false })
  assertNotPending(key)
  key.description = input.Description
  return {}
}

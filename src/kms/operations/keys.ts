/** Key life cycle: CreateKey, DescribeKey, ListKeys, Enable/DisableKey, Schedule/CancelKeyDeletion, UpdateKeyDescription. */
import { checkLockout } from '../policy-eval'
import { createAwsManagedKey } from '../aws-managed'
import { buildKey, MAX_KEYS_PER_REGION, type CreateKeyInput } from '../build-key'
import { invalidState, limitExceeded, validation } from '../errors'
import { markPendingDeletion } from '../key'
import { keyMetadata } from '../key-metadata'
import { assertNotPending } from '../key-state'
import { paginate } from '../paging'
import { resolveKey, type KmsContext } from '../store'
import type {
  CancelKeyDeletionRequest,
  CancelKeyDeletionResponse,
  CreateKeyResponse,
  DescribeKeyRequest,
  DescribeKeyResponse,
  DisableKeyRequest,
  EnableKeyRequest,
  ListKeysRequest,
  ListKeysResponse,
  ScheduleKeyDeletionRequest,
  ScheduleKeyDeletionResponse,
  Unit,
  UpdateKeyDescriptionRequest,
} from '../wire.gen'

export function createKey(input: CreateKeyInput, ctx: KmsContext): CreateKeyResponse {
  const scope = ctx.store.scope(ctx.accountId, ctx.region, ctx.now)
  let customer = 0
  for (const key of scope.keys.values()) if (key.keyManager === 'CUSTOMER') customer++
  if (customer >= MAX_KEYS_PER_REGION)
    throw limitExceeded(`The request was rejected because a quota was exceeded: ${MAX_KEYS_PER_REGION} customer managed keys per Region.`)
  const key = buildKey(input, ctx)
  if (input.Policy !== undefined && !input.BypassPolicyLockoutSafetyCheck && ctx.caller) checkLockout(input.Policy, ctx.caller)
  scope.keys.set(key.keyId, key)
  return { KeyMetadata: keyMetadata(key) }
}

export function describeKey(input: DescribeKeyRequest, ctx: KmsContext): DescribeKeyResponse {
  const { key } = resolveKey(ctx, input.KeyId, { aliases: true, createAwsManaged: createAwsManagedKey(ctx) })
  return { KeyMetadata: keyMetadata(key) }
}

export function listKeys(input: ListKeysRequest, ctx: KmsContext): ListKeysResponse {
  const keys = [...ctx.store.scope(ctx.accountId, ctx.region, ctx.now).keys.values()]
  const { page, ...rest } = paginate(keys, input, 100, 1000)
  return { Keys: page.map((k) => ({ KeyId: k.keyId, KeyArn: k.arn })), ...rest }
}

export function enableKey(input: EnableKeyRequest, ctx: KmsContext): Unit {
  const { key } = resolveKey(ctx, input.KeyId, { aliases: false })
  assertNotPending(key)
  key.state = 'Enabled'
  return {}
}

export function disableKey(input: DisableKeyRequest, ctx: KmsContext): Unit {
  const { key } = resolveKey(ctx, input.KeyId, { aliases: false })
  assertNotPending(key)
  key.state = 'Disabled'
  return {}
}

export function scheduleKeyDeletion(input: ScheduleKeyDeletionRequest, ctx: KmsContext): ScheduleKeyDeletionResponse {
  const { key } = resolveKey(ctx, input.KeyId, { aliases: false })
  const days = input.PendingWindowInDays ?? 30
  if (days < 7 || days > 30) throw validation('PendingWindowInDays must be between 7 and 30')
  if (key.state === 'PendingDeletion' || key.state === 'PendingReplicaDeletion') throw invalidState(`${key.arn} is pending deletion.`)
  // A primary with replicas waits for them (their deletion starts its waiting period; see multi-region.ts).
  const family = key.multiRegionFamily
  if (family && family.primaryArn === key.arn && family.replicaRegions.length > 0) {
    Object.assign(key, { state: 'PendingReplicaDeletion', pendingWindowInDays: days })
    return { KeyId: key.arn, KeyState: 'PendingReplicaDeletion', PendingWindowInDays: days }
  }
  const deletionDate = markPendingDeletion(key, ctx.now, days)
  return { KeyId: key.arn, DeletionDate: deletionDate / 1000, KeyState: 'PendingDeletion', PendingWindowInDays: days }
}

/** Cancelling leaves the key Disabled, as KMS does: EnableKey brings it back. */
export function cancelKeyDeletion(input: CancelKeyDeletionRequest, ctx: KmsContext): CancelKeyDeletionResponse {
  const { key } = resolveKey(ctx, input.KeyId, { aliases: false })
  if (key.state !== 'PendingDeletion' && key.state !== 'PendingReplicaDeletion') throw invalidState(`${key.arn} is not pending deletion.`)
  key.state = 'Disabled'
  delete key.deletionDate
  delete key.pendingWindowInDays
  return { KeyId: key.arn }
}

export function updateKeyDescription(input: UpdateKeyDescriptionRequest, ctx: KmsContext): Unit {
  const { key } = resolveKey(ctx, input.KeyId, { aliases: false })
  assertNotPending(key)
  key.description = input.Description
  return {}
}

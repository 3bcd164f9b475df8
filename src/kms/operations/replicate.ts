/**
 * ReplicateKey: a replica of a multi-Region primary key in another Region of the account — the
 * same key id and key material, so a ciphertext of one decrypts with the other, each with its own
 * policy, description, tags and state. Every member of the family lists the replicas in its
 * MultiRegionConfiguration.
 */
import { checkPolicySize, checkTags } from '../build-key'
import { alreadyExists, kmsErrors, validation } from '../errors'
import { defaultKeyPolicy, type KmsKey } from '../key'
import { keyMetadata } from '../key-metadata'
import { assertNotPending } from '../key-state'
import { parsePolicy } from '../policy'
import { checkLockout } from '../policy-eval'
import { keyArn, resolveKey, type KmsContext } from '../store'
import type { ReplicateKeyRequest, ReplicateKeyResponse } from '../wire.gen'

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/

export async function replicateKey(input: ReplicateKeyRequest, ctx: KmsContext): Promise<ReplicateKeyResponse> {
  const { key } = resolveKey(ctx, input.KeyId, { aliases: false })
  // The replica shares the material: an asymmetric or HMAC key makes it now if it has not yet.
  if (key.keySpec !== 'SYMMETRIC_DEFAULT' && !key.material) await (await import('../asymmetric/material')).materialOf(key)
  if (!key.multiRegion || (key.multiRegionFamily && key.multiRegionFamily.primaryArn !== key.arn)) {
    throw kmsErrors.error('UnsupportedOperationException', `${key.arn} is not a multi-region primary key.`)
  }
  assertNotPending(key)
  const region = input.ReplicaRegion
  if (!REGION.test(region) || region === key.region) throw validation(`${region} is not a valid replica Region for ${key.arn}.`)
  const scope = ctx.store.scope(ctx.accountId, region, ctx.now)
  const arn = keyArn(ctx.partition, region, ctx.accountId, key.keyId)
  if (scope.keys.has(key.keyId)) throw alreadyExists(`${arn} already exists.`)
  const policy = input.Policy ?? defaultKeyPolicy(ctx.accountId, ctx.partition)
  if (input.Policy !== undefined) {
    checkPolicySize(input.Policy)
    parsePolicy(input.Policy)
    if (!input.BypassPolicyLockoutSafetyCheck && ctx.caller) checkLockout(input.Policy, ctx.caller)
  }
  const tags = checkTags(new Map(), input.Tags ?? [])
  const family = (key.multiRegionFamily ??= { primaryArn: key.arn, replicaRegions: [] })
  family.replicaRegions.push(region)
  const replica: KmsKey = Object.assign({}, key, {
    arn,
    region,
    createdAt: ctx.now,
    description: input.Description ?? '',
    policy,
    tags,
    // The same material (shared: rotation happens on the primary), and the same family record.
    multiRegionFamily: family,
    deletionDate: undefined,
    pendingWindowInDays: undefined,
  })
  scope.keys.set(key.keyId, replica)
  ctx.rollback?.push(() => {
    scope.keys.delete(key.keyId)
    family.replicaRegions.pop()
  })
  // KMS answers while the replica is still being made (its state turns Enabled seconds later).
  return {
    ReplicaKeyMetadata: Object.assign(keyMetadata(replica), { KeyState: 'Creating' as const, Enabled: false }),
    ReplicaPolicy: policy,
    ReplicaTags: [...tags].map(([TagKey, TagValue]) => ({ TagKey, TagValue })),
  }
}

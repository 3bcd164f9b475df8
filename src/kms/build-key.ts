/** Building a customer managed key from a CreateKey input (shared by CreateKey and fixtures). */
import { randomBytes, randomUuid, toHex } from '../protocol/ids'
import { limitExceeded, tagError, unsupportedOperation, validation } from './errors'
import { defaultKeyPolicy, newKeySecret, usagesFor, type KmsKey } from './key'
import { parsePolicy } from './policy'
import { keyArn, type KmsContext } from './store'
import type { CreateKeyRequest, Tag } from './wire.gen'

/** Key policy document size (KMS quota), in bytes. */
export const MAX_POLICY_BYTES = 32_768

export function checkPolicySize(policy: string): void {
  if (new TextEncoder().encode(policy).length > MAX_POLICY_BYTES) {
    throw limitExceeded(`The key policy exceeds the maximum size of ${MAX_POLICY_BYTES} bytes.`)
  }
}

export type KmsTag = Tag

/** Tags per key (KMS quota). */
export const MAX_KEY_TAGS = 50

/** The tags after adding `tags`, or TagException. Values of existing keys are replaced. */
export function checkTags(current: Map<string, string>, tags: KmsTag[]): Map<string, string> {
  const next = new Map(current)
  for (const tag of tags) {
    if (tag.TagKey.startsWith('aws:')) throw tagError('Tags beginning with aws: are reserved')
    next.set(tag.TagKey, tag.TagValue)
  }
  if (next.size > MAX_KEY_TAGS) throw tagError(`Too many tags: a key can have at most ${MAX_KEY_TAGS} tags`)
  return next
}

/** Customer managed keys per account and region (KMS quota). */
export const MAX_KEYS_PER_REGION = 100_000

export type CreateKeyInput = CreateKeyRequest

/** Builds a customer managed key from a CreateKey input after every check (nothing is stored). */
export function buildKey(input: CreateKeyInput, ctx: KmsContext): KmsKey {
  if (input.KeySpec !== undefined && input.CustomerMasterKeySpec !== undefined && input.KeySpec !== input.CustomerMasterKeySpec) {
    throw validation(
      'You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec parameter is deprecated.',
    )
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

/**
 * KMS's condition keys that policies read from the call: the properties of the key it uses
 * (kms:KeySpec, kms:KeyUsage, kms:KeyOrigin, kms:MultiRegion, kms:MultiRegionKeyType, and the
 * multi-valued kms:ResourceAliases) and the parameters of its request (kms:SigningAlgorithm,
 * kms:GranteePrincipal, the multi-valued kms:GrantOperations, …), a parameter left out counting
 * with its default value. Loaded with the KMS operations.
 */
import type { ConditionContext, KmsKey, KmsScope } from './types'

/** The condition keys of the KMS key a call uses (`keys`: its scope, which holds its aliases). */
export function keyConditions(key: KmsKey, keys: KmsScope): ConditionContext {
  const aliases = [...keys.aliases.values()].filter((alias) => alias.targetKeyId === key.keyId).map((alias) => alias.name)
  const conditions: ConditionContext = {
    'kms:KeySpec': key.keySpec,
    'kms:KeyUsage': key.keyUsage,
    'kms:KeyOrigin': key.origin,
    'kms:MultiRegion': String(key.multiRegion),
  }
  const family = key.multiRegionFamily
  if (aliases.length > 0) conditions['kms:ResourceAliases'] = aliases
  if (key.multiRegion) conditions['kms:MultiRegionKeyType'] = !family || family.primaryArn === key.arn ? 'PRIMARY' : 'REPLICA'
  return conditions
}

/**
 * The condition keys that read a request parameter, per operation: [key, parameter, its default].
 * A parameter left out counts with its default value, as KMS documents.
 */
const REQUEST_KEYS: Record<string, Array<[string, string, string?]>> = {
  Encrypt: [['kms:EncryptionAlgorithm', 'EncryptionAlgorithm', 'SYMMETRIC_DEFAULT']],
  Decrypt: [['kms:EncryptionAlgorithm', 'EncryptionAlgorithm', 'SYMMETRIC_DEFAULT']],
  Sign: [
    ['kms:SigningAlgorithm', 'SigningAlgorithm'],
    ['kms:MessageType', 'MessageType', 'RAW'],
  ],
  Verify: [
    ['kms:SigningAlgorithm', 'SigningAlgorithm'],
    ['kms:MessageType', 'MessageType', 'RAW'],
  ],
  GenerateMac: [['kms:MacAlgorithm', 'MacAlgorithm']],
  VerifyMac: [['kms:MacAlgorithm', 'MacAlgorithm']],
  CreateGrant: [
    ['kms:GranteePrincipal', 'GranteePrincipal'],
    ['kms:RetiringPrincipal', 'RetiringPrincipal'],
    ['kms:GrantOperations', 'Operations'],
  ],
  EnableKeyRotation: [['kms:RotationPeriodInDays', 'RotationPeriodInDays', '365']],
  ScheduleKeyDeletion: [['kms:ScheduleKeyDeletionPendingWindowInDays', 'PendingWindowInDays', '30']],
}

export function requestConditions(operation: string, input: Record<string, unknown>): ConditionContext {
  const conditions: ConditionContext = {}
  for (const [key, parameter, fallback] of REQUEST_KEYS[operation] ?? []) {
    const value = input[parameter] ?? fallback
    // A list parameter (CreateGrant's Operations) is a multi-valued key.
    if (value !== undefined) conditions[key] = Array.isArray(value) ? value.map(String) : String(value)
  }
  return conditions
}

/**
 * A KMS key and the pure functions over it. Key state moves by the clock only: a key pending
 * deletion is gone once its DeletionDate has passed.
 */
import { randomBytes } from '../protocol/ids'
import type { KeyUsage, KmsKey } from './types'

export type { KeyState, KeyUsage, KmsKey } from './types'

export function isSymmetricEncryptionKey(key: KmsKey): boolean {
  return key.keySpec === 'SYMMETRIC_DEFAULT' && key.keyUsage === 'ENCRYPT_DECRYPT'
}

const DAY = 24 * 60 * 60 * 1000

/** Schedules the key's deletion `days` after `now` (ScheduleKeyDeletion, and seeded keys); returns its DeletionDate. */
export function markPendingDeletion(key: KmsKey, now: number, days: number): number {
  key.state = 'PendingDeletion'
  key.deletionDate = now + days * DAY
  key.pendingWindowInDays = days
  return key.deletionDate
}

/** Whether the key still exists at `now` (a pending deletion completes on its DeletionDate). */
export function existsAt(key: KmsKey, now: number): boolean {
  return !(key.state === 'PendingDeletion' && key.deletionDate !== undefined && now >= key.deletionDate)
}

export const newKeySecret = (): Uint8Array => randomBytes(32)

/** KeySpec → the usages AWS accepts for it (the first is the default when KeyUsage is omitted). */
export function usagesFor(keySpec: string): KeyUsage[] {
  if (keySpec === 'SYMMETRIC_DEFAULT') return ['ENCRYPT_DECRYPT']
  if (keySpec.startsWith('RSA_')) return ['ENCRYPT_DECRYPT', 'SIGN_VERIFY']
  if (keySpec.startsWith('HMAC_')) return ['GENERATE_VERIFY_MAC']
  if (keySpec === 'SM2') return ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'KEY_AGREEMENT']
  if (keySpec === 'ECC_SECG_P256K1' || keySpec === 'ECC_NIST_EDWARDS25519' || keySpec.startsWith('ML_DSA')) return ['SIGN_VERIFY']
  return ['SIGN_VERIFY', 'KEY_AGREEMENT']
}

/** The default key policy KMS attaches when CreateKey has no Policy: the account root may do everything. */
export function defaultKeyPolicy(accountId: string, partition: string): string {
  return formatPolicy({
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  })
}

/** KMS returns policies pretty-printed with `" : "` separators. */
export function formatPolicy(policy: unknown): string {
  return JSON.stringify(policy, null, 2).replace(/^(\s*"(?:[^"\\]|\\.)*"): /gm, '$1 : ')
}

/** The errors a key's state causes, in the words of KMS's key-state table. */
import { disabled, invalidState, invalidKeyUsage } from './errors'
import type { KmsKey } from './key'

/** For Encrypt, Decrypt, GenerateDataKey* and CreateGrant: only an Enabled key works. */
export function assertUsable(key: KmsKey): void {
  if (key.state === 'Disabled') throw disabled(`${key.arn} is disabled.`)
  assertNotPending(key)
}

/** For management calls that work on Enabled and Disabled keys. */
export function assertNotPending(key: KmsKey): void {
  if (key.state === 'PendingDeletion') throw invalidState(`${key.arn} is pending deletion.`)
  if (key.state === 'PendingImport') throw invalidState(`${key.arn} is pending import.`)
  if (key.state === 'PendingReplicaDeletion') throw invalidState(`${key.arn} is pending replica deletion.`)
}

/** For symmetric-only operations (GenerateDataKey*). */
export function assertSymmetric(key: KmsKey, operation: string): void {
  if (key.keySpec !== 'SYMMETRIC_DEFAULT' || key.keyUsage !== 'ENCRYPT_DECRYPT') {
    throw invalidKeyUsage(`${key.arn} key usage is ${key.keyUsage} with key spec ${key.keySpec}, which is not valid for ${operation}.`)
  }
}

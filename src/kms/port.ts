/**
 * What KMS offers Firehose, and the only way Firehose reaches KMS: the checks Firehose makes on a
 * customer managed key before it uses it, and the grant it holds on the key. Implemented by
 * `kms/for-firehose.ts`; Firehose sees this type only.
 */
import type { RequestScope } from '../service'
import type { GrantOperation } from './wire.gen'

export type { GrantOperation }

/** A grant KMS issued to a service: where it lives and its id. */
export interface ServiceGrantRef {
  accountId: string
  region: string
  grantId: string
}

/** Why KMS would refuse a service the use of a key; the service words its own message. */
export type KeyRefusal = 'not-found' | 'disabled' | 'pending-deletion' | 'pending-import' | 'not-symmetric' | 'policy-denies'

/** The key's ARN, and why it cannot be used if it cannot. A key that was not found keeps the ARN it was named by. */
export type KeyCheck = { keyArn: string; refusal?: undefined } | { keyArn: string; refusal: KeyRefusal }

export interface KmsForFirehose {
  /**
   * What KMS answers about a key (id, key ARN, alias name or alias ARN) in the caller's scope: a
   * usable symmetric encryption key, or why not. With `use`, also whether the key policy lets the
   * service principal perform those actions.
   */
  checkKey(scope: RequestScope, keyId: string, use?: { principal: string; actions: readonly string[] }): KeyCheck
  /**
   * Why the key's policy would not let `principal` create a grant through the service (the request
   * KMS sees carries kms:ViaService and kms:GrantIsForAWSResource), or undefined when it would (or
   * when the key is not one `checkKey` accepts: that check answers for it).
   */
  grantRefusal(scope: RequestScope, keyId: string, principal: string, service: string): Promise<string | undefined>
  /** Creates a grant for a service principal (grantee and retiring principal) on a key that `checkKey` accepted. */
  createServiceGrant(
    scope: RequestScope,
    keyArn: string,
    grant: { principal: string; operations: readonly GrantOperation[]; constraints: { EncryptionContextEquals: Record<string, string> } },
  ): ServiceGrantRef
  /** Retires the grant at `at`, or keeps an earlier retirement already scheduled. */
  scheduleRetirement(grant: ServiceGrantRef, at: number, now: number): void
  /** Whether the grant still exists at `now` (not revoked, retired, or deleted with its key). */
  grantExists(grant: ServiceGrantRef, now: number): boolean
}

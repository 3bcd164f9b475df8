/**
 * The data of the KMS simulation: keys, aliases, grants and the per-(account, region) scope that
 * holds them. Types only, so the modules that work on them never import each other for a type.
 */
import type { GrantConstraints, GrantOperation, KeySpec, OriginType } from './wire.gen'

export type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport' | 'PendingReplicaDeletion'
export type KeyUsage = 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY' | 'GENERATE_VERIFY_MAC' | 'KEY_AGREEMENT'

export interface KmsKey {
  keyId: string
  arn: string
  accountId: string
  region: string
  createdAt: number
  description: string
  keyUsage: KeyUsage
  keySpec: KeySpec
  origin: OriginType
  keyManager: 'CUSTOMER' | 'AWS'
  multiRegion: boolean
  /** the state set by Enable/Disable/Schedule/Cancel; `stateAt` derives deletion */
  state: KeyState
  /** epoch ms; set while PendingDeletion */
  deletionDate?: number
  pendingWindowInDays?: number
  policy: string
  tags: Map<string, string>
  /** the key's current material, used for the mock's ciphertext tags; never leaves the mock */
  secret: Uint8Array
  /** A symmetric encryption key's rotations and their schedule (absent until it first has either). */
  rotation?: KeyRotation
  /** An asymmetric or HMAC key's material, made on its first use (see asymmetric/material.ts). */
  material?: KeyMaterial
  /** A multi-Region key's family: the primary's ARN and the regions of its replicas (on every member). */
  multiRegionFamily?: { primaryArn: string; replicaRegions: string[]; lastReplicaDeletedAt?: number }
}

/** Key material as plain data: an RSA private key as JWK members, an EC secret scalar, an HMAC secret; public keys as DER SubjectPublicKeyInfo. */
export type KeyMaterial =
  | { kind: 'rsa'; jwk: Record<'n' | 'e' | 'd' | 'p' | 'q' | 'dp' | 'dq' | 'qi', string>; spki: Uint8Array }
  | { kind: 'ec'; secret: Uint8Array; spki: Uint8Array }
  | { kind: 'hmac'; secret: Uint8Array }

/**
 * A symmetric encryption key's rotations, oldest first, each keeping the material it retired for
 * older ciphertexts (material `i` is `rotations[i].retired`; the current one, `secret`, is number
 * `rotations.length`), and the automatic schedule while it is enabled (epoch ms).
 */
export interface KeyRotation {
  rotations: Array<{ date: number; type: 'AUTOMATIC' | 'ON_DEMAND'; retired: Uint8Array }>
  automatic?: { periodInDays: number; nextAt: number }
  /** When the store last settled the key: its state has not changed since (see settleRotation in store.ts). */
  settledAt: number
}

export interface Alias {
  name: string
  arn: string
  /** absent for an AWS managed alias whose key AWS has not created yet */
  targetKeyId?: string
  createdAt: number
  updatedAt: number
}

export interface Grant {
  grantId: string
  /** the key's id (the scope holds the key) */
  keyId: string
  keyArn: string
  name?: string
  createdAt: number
  granteePrincipal: string
  retiringPrincipal?: string
  operations: GrantOperation[]
  constraints?: GrantConstraints
  issuingAccount: string
  tokens: Set<string>
  /** epoch ms at which the grant is retired (scheduled retirement, as Firehose does) */
  retireAt?: number
}

export interface KmsScope {
  keys: Map<string, KmsKey>
  aliases: Map<string, Alias>
  grants: Map<string, Grant>
}

/** What a request carries for key-policy conditions: a key's value, or the values of a multi-valued key. */
export type ConditionContext = Record<string, string | string[]>

/** What every KMS operation receives besides its input. */
export interface KmsContext {
  accountId: string
  region: string
  partition: string
  now: number
  store: KmsScopes
  /** Undo steps for what the call created before it failed (AWS managed keys made on first use). */
  rollback?: Array<() => void>
  /**
   * Checks the key's policy, and the grants of its scope, for the call's principal, `action` and
   * `encryptionContext` (API calls); throws AccessDeniedException.
   */
  authorize?: (key: KmsKey, scope: KmsScope, request: KmsContext) => void
  /** Who calls (API calls): the principal the request signed as, or the account's root. */
  caller?: { principal: string; accountId: string; partition: string }
  /** The call's action on the key at hand (`kms:Decrypt`; ReEncrypt's `kms:ReEncryptFrom`, then `kms:ReEncryptTo`). */
  action?: string
  /** The encryption context the action carries, for grant constraints and kms:EncryptionContext: conditions. */
  encryptionContext?: Record<string, string | null>
}

/** Where scopes come from (the store), as operations see it. */
export interface KmsScopes {
  /** The scope of an account and region, with what is due at `now` carried out. */
  scope(accountId: string, region: string, now: number): KmsScope
}

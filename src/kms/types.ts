/**
 * The data of the KMS simulation: keys, aliases, grants and the per-(account, region) scope that
 * holds them. Types only, so the modules that work on them never import each other for a type.
 */
import type { GrantConstraints, GrantOperation, KeySpec, OriginType } from './wire.gen'

export type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport'
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
  /** the key's own secret, used for the mock's ciphertext tags; never leaves the mock */
  secret: Uint8Array
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

/** What every KMS operation receives besides its input. */
export interface KmsContext {
  accountId: string
  region: string
  partition: string
  now: number
  store: KmsScopes
  /** Undo steps for what the call created before it failed (AWS managed keys made on first use). */
  rollback?: Array<() => void>
}

/** Where scopes come from (the store), as operations see it. */
export interface KmsScopes {
  /** The scope of an account and region, with what is due at `now` carried out. */
  scope(accountId: string, region: string, now: number): KmsScope
}

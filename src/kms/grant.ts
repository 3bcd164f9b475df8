/** KMS grants: who may use a key for which operations, identified by a GrantId and by grant tokens. */
import { encodeBase64 } from '../protocol/base64'
import { randomBytes, toHex } from '../protocol/ids'

export interface Grant {
  grantId: string
  /** the key's id (the scope holds the key) */
  keyId: string
  keyArn: string
  name?: string
  createdAt: number
  granteePrincipal: string
  retiringPrincipal?: string
  operations: string[]
  constraints?: Record<string, unknown>
  issuingAccount: string
  tokens: Set<string>
  /** epoch ms at which the grant is retired (scheduled retirement, as Firehose does) */
  retireAt?: number
}

export const newGrantId = (): string => toHex(randomBytes(32))

/** An opaque token, base64url like the real ones. */
export const newGrantToken = (): string =>
  encodeBase64(randomBytes(120)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

export function grantListEntry(grant: Grant): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    KeyId: grant.keyArn,
    GrantId: grant.grantId,
    CreationDate: grant.createdAt / 1000,
    GranteePrincipal: grant.granteePrincipal,
    IssuingAccount: grant.issuingAccount,
    Operations: grant.operations,
  }
  if (grant.name !== undefined) entry.Name = grant.name
  if (grant.retiringPrincipal !== undefined) entry.RetiringPrincipal = grant.retiringPrincipal
  if (grant.constraints !== undefined) entry.Constraints = grant.constraints
  return entry
}

/** KMS grants: who may use a key for which operations, identified by a GrantId and by grant tokens. */
import { encodeBase64 } from '../protocol/base64'
import { randomBytes, toHex } from '../protocol/ids'
import { limitExceeded } from './errors'
import type { Grant, KmsContext, KmsKey, KmsScope } from './types'
import type { CreateGrantRequest } from './wire.gen'

export type { Grant } from './types'

export const newGrantId = (): string => toHex(randomBytes(32))

/** An opaque token, base64url like the real ones. */
export const newGrantToken = (): string => encodeBase64(randomBytes(120)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

/** Grants per key (KMS quota). */
export const MAX_GRANTS_PER_KEY = 50_000

export type CreateGrantInput = CreateGrantRequest

const sameList = (a: string[], b: string[]): boolean => a.length === b.length && [...a].sort().join() === [...b].sort().join()

/**
 * Creates (or, for a repeated Name with identical parameters, re-issues) a grant; shared with
 * Firehose. The caller has checked the operations (CreateGrant does; Firehose's are fixed).
 */
export function issueGrant(scope: KmsScope, key: KmsKey, input: CreateGrantInput, ctx: KmsContext): { grant: Grant; token: string } {
  const token = newGrantToken()
  if (input.Name !== undefined) {
    for (const grant of scope.grants.values()) {
      if (
        grant.keyId === key.keyId &&
        grant.name === input.Name &&
        grant.granteePrincipal === input.GranteePrincipal &&
        grant.retiringPrincipal === input.RetiringPrincipal &&
        sameList(grant.operations, input.Operations) &&
        JSON.stringify(grant.constraints) === JSON.stringify(input.Constraints)
      ) {
        grant.tokens.add(token)
        return { grant, token }
      }
    }
  }
  let count = 0
  for (const grant of scope.grants.values()) if (grant.keyId === key.keyId) count++
  if (count >= MAX_GRANTS_PER_KEY) throw limitExceeded(`A key can have at most ${MAX_GRANTS_PER_KEY} grants.`)
  const grant: Grant = {
    grantId: newGrantId(),
    keyId: key.keyId,
    keyArn: key.arn,
    createdAt: ctx.now,
    granteePrincipal: input.GranteePrincipal,
    operations: [...input.Operations],
    issuingAccount: `arn:${ctx.partition}:iam::${ctx.accountId}:root`,
    tokens: new Set([token]),
    ...(input.Name !== undefined ? { name: input.Name } : {}),
    ...(input.RetiringPrincipal !== undefined ? { retiringPrincipal: input.RetiringPrincipal } : {}),
    ...(input.Constraints !== undefined ? { constraints: input.Constraints } : {}),
  }
  scope.grants.set(grant.grantId, grant)
  return { grant, token }
}

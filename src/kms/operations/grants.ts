/** Grants: CreateGrant, ListGrants, ListRetirableGrants, RetireGrant, RevokeGrant. */
import { dryRunOperation, invalidArn, invalidGrantId, invalidGrantToken, limitExceeded, notFound, validation } from '../errors'
import { grantListEntry, newGrantId, newGrantToken, type Grant } from '../grant'
import type { KmsKey } from '../key'
import { assertUsable } from '../key-state'
import { paginate } from '../paging'
import { resolveKey, type KmsContext, type KmsScope } from '../store'

/** Grants per key (KMS quota). */
export const MAX_GRANTS_PER_KEY = 50_000

type Out = Record<string, unknown>

export interface CreateGrantInput {
  KeyId: string
  GranteePrincipal: string
  RetiringPrincipal?: string
  Operations: string[]
  Constraints?: Record<string, unknown>
  GrantTokens?: string[]
  Name?: string
  DryRun?: boolean
}

const SYMMETRIC_OPERATIONS = [
  'Decrypt',
  'Encrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'ReEncryptFrom',
  'ReEncryptTo',
  'CreateGrant',
  'RetireGrant',
  'DescribeKey',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
]

function operationsFor(key: KmsKey): string[] {
  if (key.keySpec === 'SYMMETRIC_DEFAULT') return SYMMETRIC_OPERATIONS
  const common = ['CreateGrant', 'RetireGrant', 'DescribeKey', 'GetPublicKey']
  switch (key.keyUsage) {
    case 'ENCRYPT_DECRYPT':
      return [...common, 'Encrypt', 'Decrypt', 'ReEncryptFrom', 'ReEncryptTo']
    case 'SIGN_VERIFY':
      return [...common, 'Sign', 'Verify']
    case 'GENERATE_VERIFY_MAC':
      return ['CreateGrant', 'RetireGrant', 'DescribeKey', 'GenerateMac', 'VerifyMac']
    default:
      return [...common, 'DeriveSharedSecret']
  }
}

const sameList = (a: string[], b: string[]): boolean => a.length === b.length && [...a].sort().join() === [...b].sort().join()

function checkGrantOperations(key: KmsKey, operations: string[]): void {
  const allowed = operationsFor(key)
  const invalid = operations.filter((op) => !allowed.includes(op))
  if (invalid.length > 0) {
    throw validation(`Grant operations ${invalid.join(', ')} are not valid for a key with KeySpec ${key.keySpec} and KeyUsage ${key.keyUsage}.`)
  }
}

/** Creates (or, for a repeated Name with identical parameters, re-issues) a grant; shared with Firehose. */
export function issueGrant(scope: KmsScope, key: KmsKey, input: CreateGrantInput, ctx: KmsContext): { grant: Grant; token: string } {
  checkGrantOperations(key, input.Operations)
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

export function createGrant(input: CreateGrantInput, ctx: KmsContext): Out {
  const { key, scope } = resolveKey(ctx, input.KeyId, {
    aliases: false,
    aliasError: () => invalidArn('Key Aliases are not supported for this operation.'),
  })
  assertUsable(key)
  checkGrantOperations(key, input.Operations)
  if (input.DryRun) throw dryRunOperation()
  const { grant, token } = issueGrant(scope, key, input, ctx)
  return { GrantToken: token, GrantId: grant.grantId }
}

export function listGrants(
  input: { KeyId: string; GrantId?: string; GranteePrincipal?: string; Limit?: number; Marker?: string },
  ctx: KmsContext,
): Out {
  const { key, scope } = resolveKey(ctx, input.KeyId, { aliases: false })
  if (input.GrantId !== undefined && !/^[0-9a-f]{64}$/.test(input.GrantId)) throw invalidGrantId('Invalid GrantId')
  const grants = [...scope.grants.values()].filter(
    (g) =>
      g.keyId === key.keyId &&
      (input.GrantId === undefined || g.grantId === input.GrantId) &&
      (input.GranteePrincipal === undefined || g.granteePrincipal === input.GranteePrincipal),
  )
  const { page, ...rest } = paginate(grants, input, 50, 100)
  return { Grants: page.map(grantListEntry), ...rest }
}

export function listRetirableGrants(input: { RetiringPrincipal: string; Limit?: number; Marker?: string }, ctx: KmsContext): Out {
  const scope = ctx.store.scope(ctx.accountId, ctx.region, ctx.now)
  const grants = [...scope.grants.values()].filter((g) => g.retiringPrincipal === input.RetiringPrincipal)
  const { page, ...rest } = paginate(grants, input, 50, 100)
  return { Grants: page.map(grantListEntry), ...rest }
}

function grantByIdOrThrow(scope: KmsScope, key: KmsKey, grantId: string): Grant {
  if (!/^[0-9a-f]{64}$/.test(grantId)) throw invalidGrantId('Invalid GrantId')
  const grant = scope.grants.get(grantId)
  if (!grant || grant.keyId !== key.keyId) throw notFound(`Grant ID ${grantId} not found`)
  return grant
}

export function retireGrant(input: { GrantToken?: string; KeyId?: string; GrantId?: string; DryRun?: boolean }, ctx: KmsContext): Out {
  let scope: KmsScope
  let grant: Grant | undefined
  if (input.GrantToken !== undefined) {
    scope = ctx.store.scope(ctx.accountId, ctx.region, ctx.now)
    grant = [...scope.grants.values()].find((g) => g.tokens.has(input.GrantToken!))
    if (!grant) throw invalidGrantToken('Invalid grant token')
  } else if (input.KeyId !== undefined && input.GrantId !== undefined) {
    const resolved = resolveKey(ctx, input.KeyId, { aliases: false })
    scope = resolved.scope
    grant = grantByIdOrThrow(scope, resolved.key, input.GrantId)
  } else {
    throw validation('Grant token OR (grant ID, key ID) must be specified')
  }
  if (input.DryRun) throw dryRunOperation()
  scope.grants.delete(grant.grantId)
  return {}
}

export function revokeGrant(input: { KeyId: string; GrantId: string; DryRun?: boolean }, ctx: KmsContext): Out {
  const { key, scope } = resolveKey(ctx, input.KeyId, { aliases: false })
  const grant = grantByIdOrThrow(scope, key, input.GrantId)
  if (input.DryRun) throw dryRunOperation()
  scope.grants.delete(grant.grantId)
  return {}
}

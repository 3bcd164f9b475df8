/** Grants: CreateGrant, ListGrants, ListRetirableGrants, RetireGrant, RevokeGrant. */
import { dryRunOperation, invalidArn, invalidGrantId, invalidGrantToken, notFound, validation } from '../errors'
import { issueGrant, type CreateGrantInput, type Grant } from '../grant'
import type { KmsKey } from '../key'
import { assertUsable } from '../key-state'
import { paginate } from '../paging'
import { resolveKey, type KmsContext, type KmsScope } from '../store'
import type {
  CreateGrantResponse,
  GrantListEntry,
  ListGrantsRequest,
  ListGrantsResponse,
  ListRetirableGrantsRequest,
  RetireGrantRequest,
  RevokeGrantRequest,
  Unit,
} from '../wire.gen'

export function grantListEntry(grant: Grant): GrantListEntry {
  const entry: GrantListEntry = {
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

export function checkGrantOperations(key: KmsKey, operations: string[]): void {
  const allowed = operationsFor(key)
  const invalid = operations.filter((op) => !allowed.includes(op))
  if (invalid.length > 0) {
    throw validation(
      `Grant operations ${invalid.join(', ')} are not valid for a key with KeySpec ${key.keySpec} and KeyUsage ${key.keyUsage}.`,
    )
  }
}

export function createGrant(input: CreateGrantInput, ctx: KmsContext): CreateGrantResponse {
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

export function listGrants(input: ListGrantsRequest, ctx: KmsContext): ListGrantsResponse {
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

export function listRetirableGrants(input: ListRetirableGrantsRequest, ctx: KmsContext): ListGrantsResponse {
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

export function retireGrant(input: RetireGrantRequest, ctx: KmsContext): Unit {
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

export function revokeGrant(input: RevokeGrantRequest, ctx: KmsContext): Unit {
  const { key, scope } = resolveKey(ctx, input.KeyId, { aliases: false })
  const grant = grantByIdOrThrow(scope, key, input.GrantId)
  if (input.DryRun) throw dryRunOperation()
  scope.grants.delete(grant.grantId)
  return {}
}

/** Aliases: CreateAlias, UpdateAlias, DeleteAlias, ListAliases. */
import { AWS_MANAGED_ALIASES, buildAlias, checkAliasPrefix, checkCustomerAliasName } from '../alias'
import { alreadyExists, invalidState, limitExceeded, notFound, validation } from '../errors'
import { paginate } from '../paging'
import { aliasArn, resolveKey, type KmsContext } from '../store'
import type {
  AliasListEntry,
  CreateAliasRequest,
  DeleteAliasRequest,
  ListAliasesRequest,
  ListAliasesResponse,
  Unit,
  UpdateAliasRequest,
} from '../wire.gen'

/** Aliases per key (KMS quota). */
export const MAX_ALIASES_PER_KEY = 50

function targetKey(ctx: KmsContext, targetKeyId: string) {
  const resolved = resolveKey(ctx, targetKeyId, { aliases: false })
  if (resolved.key.state === 'PendingDeletion') throw invalidState(`${resolved.key.arn} is pending deletion.`)
  if (resolved.key.region !== ctx.region || resolved.key.accountId !== ctx.accountId) {
    throw notFound(`Key '${resolved.key.arn}' does not exist`)
  }
  return resolved
}

export function createAlias(input: CreateAliasRequest, ctx: KmsContext): Unit {
  checkCustomerAliasName(input.AliasName)
  const { key, scope } = targetKey(ctx, input.TargetKeyId)
  const arn = aliasArn(ctx.partition, ctx.region, ctx.accountId, input.AliasName)
  if (scope.aliases.has(input.AliasName)) throw alreadyExists(`An alias with the name ${arn} already exists`)
  let count = 0
  for (const alias of scope.aliases.values()) if (alias.targetKeyId === key.keyId) count++
  if (count >= MAX_ALIASES_PER_KEY) throw limitExceeded(`A key can have at most ${MAX_ALIASES_PER_KEY} aliases.`)
  scope.aliases.set(input.AliasName, buildAlias(ctx, input.AliasName, key.keyId))
  return {}
}

export function updateAlias(input: UpdateAliasRequest, ctx: KmsContext): Unit {
  checkCustomerAliasName(input.AliasName)
  const scope = ctx.store.scope(ctx.accountId, ctx.region, ctx.now)
  const alias = scope.aliases.get(input.AliasName)
  if (!alias) throw notFound(`Alias ${aliasArn(ctx.partition, ctx.region, ctx.accountId, input.AliasName)} is not found.`)
  const { key } = targetKey(ctx, input.TargetKeyId)
  const current = alias.targetKeyId ? scope.keys.get(alias.targetKeyId) : undefined
  if (current && (current.keyUsage !== key.keyUsage || current.keySpec !== key.keySpec)) {
    throw validation(`${key.arn} is not the same key type and key usage as the alias's current key ${current.arn}.`)
  }
  alias.targetKeyId = key.keyId
  alias.updatedAt = ctx.now
  return {}
}

export function deleteAlias(input: DeleteAliasRequest, ctx: KmsContext): Unit {
  checkAliasPrefix(input.AliasName)
  const scope = ctx.store.scope(ctx.accountId, ctx.region, ctx.now)
  const arn = aliasArn(ctx.partition, ctx.region, ctx.accountId, input.AliasName)
  if (input.AliasName.startsWith('alias/aws/')) throw validation(`Cannot delete AWS managed alias ${input.AliasName}`)
  if (!scope.aliases.delete(input.AliasName)) throw notFound(`Alias ${arn} is not found.`)
  return {}
}

export function listAliases(input: ListAliasesRequest, ctx: KmsContext): ListAliasesResponse {
  const scope = ctx.store.scope(ctx.accountId, ctx.region, ctx.now)
  const keyId = input.KeyId === undefined ? undefined : resolveKey(ctx, input.KeyId, { aliases: false }).key.keyId
  const entries = new Map<string, AliasListEntry & { AliasName: string }>()
  if (keyId === undefined) {
    for (const name of AWS_MANAGED_ALIASES)
      entries.set(name, { AliasName: name, AliasArn: aliasArn(ctx.partition, ctx.region, ctx.accountId, name) })
  }
  for (const alias of scope.aliases.values()) {
    if (keyId !== undefined && alias.targetKeyId !== keyId) continue
    entries.set(alias.name, {
      AliasName: alias.name,
      AliasArn: alias.arn,
      ...(alias.targetKeyId ? { TargetKeyId: alias.targetKeyId } : {}),
      CreationDate: alias.createdAt / 1000,
      LastUpdatedDate: alias.updatedAt / 1000,
    })
  }
  const sorted = [...entries.values()].sort((a, b) => (a.AliasName < b.AliasName ? -1 : 1))
  const { page, ...rest } = paginate(sorted, input, 50, 100)
  return { Aliases: page, ...rest }
}

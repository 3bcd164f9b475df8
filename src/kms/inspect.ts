/** `aws.kms.keys()` and `aws.kms.grants()`: the public view of keys and grants, member by member. */
import type { KmsGrantInfo, KmsKeyInfo } from '../types'
import type { Alias, Grant, KmsKey } from './types'

export function keyInfo(key: KmsKey, aliases: Iterable<Alias>): KmsKeyInfo {
  const info: KmsKeyInfo = {
    keyId: key.keyId,
    arn: key.arn,
    state: key.state,
    keyManager: key.keyManager,
    keySpec: key.keySpec,
    keyUsage: key.keyUsage,
    description: key.description,
    aliases: [...aliases].filter((alias) => alias.targetKeyId === key.keyId).map((alias) => alias.name),
    policy: key.policy,
    tags: Object.fromEntries(key.tags),
  }
  if (key.deletionDate !== undefined) info.deletionDate = key.deletionDate
  return info
}

export function grantInfo(grant: Grant): KmsGrantInfo {
  const info: KmsGrantInfo = {
    grantId: grant.grantId,
    keyArn: grant.keyArn,
    granteePrincipal: grant.granteePrincipal,
    operations: [...grant.operations],
    createdAt: grant.createdAt,
  }
  if (grant.name !== undefined) info.name = grant.name
  if (grant.retiringPrincipal !== undefined) info.retiringPrincipal = grant.retiringPrincipal
  if (grant.constraints !== undefined) info.constraints = structuredClone(grant.constraints)
  if (grant.retireAt !== undefined) info.retireAt = grant.retireAt
  return info
}

/** AWS managed keys (`alias/aws/<service>`): created the first time something names their alias. */
import { randomUuid } from '../protocol/ids'
import { defaultKeyPolicy, newKeySecret, type KmsKey } from './key'
import { buildAlias } from './alias'
import { keyArn, type KmsContext, type KmsScope } from './store'

export function createAwsManagedKey(ctx: KmsContext) {
  return (scope: KmsScope, aliasName: string, accountId: string, region: string): KmsKey | undefined => {
    if (!aliasName.startsWith('alias/aws/') || accountId !== ctx.accountId) return undefined
    const service = aliasName.slice('alias/aws/'.length)
    const keyId = randomUuid()
    const key: KmsKey = {
      keyId,
      arn: keyArn(ctx.partition, region, accountId, keyId),
      accountId,
      region,
      createdAt: ctx.now,
      description: `Default key that protects my ${service} data when no other key is defined`,
      keyUsage: 'ENCRYPT_DECRYPT',
      keySpec: 'SYMMETRIC_DEFAULT',
      origin: 'AWS_KMS',
      keyManager: 'AWS',
      multiRegion: false,
      state: 'Enabled',
      policy: defaultKeyPolicy(accountId, ctx.partition),
      tags: new Map(),
      secret: newKeySecret(),
    }
    scope.keys.set(keyId, key)
    const existingAlias = scope.aliases.get(aliasName)
    ctx.rollback?.push(() => {
      scope.keys.delete(keyId)
      if (existingAlias) scope.aliases.set(aliasName, existingAlias)
      else scope.aliases.delete(aliasName)
    })
    // The caller's own account and region (checked above, and by resolveKey for an ARN).
    scope.aliases.set(aliasName, buildAlias(ctx, aliasName, keyId))
    return key
  }
}

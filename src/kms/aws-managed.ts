/**
 * AWS managed keys (`alias/aws/<service>`): created the first time something names their alias.
 * Their policy is the one AWS gives them: principals of the account use the key only through its
 * service (kms:ViaService), and may read its metadata directly; nobody may change it.
 */
import { randomUuid } from '../protocol/ids'
import { formatPolicy, newKeySecret, type KmsKey } from './key'
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
      policy: awsManagedKeyPolicy(service, accountId, ctx.partition, region),
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

/** The endpoint prefix of the service a key serves, for kms:ViaService (EBS volumes are EC2's). */
const viaService = (service: string): string => (service === 'ebs' ? 'ec2' : service)

export function awsManagedKeyPolicy(service: string, accountId: string, partition: string, region: string): string {
  return formatPolicy({
    Version: '2012-10-17',
    Id: `auto-${service}`,
    Statement: [
      {
        Sid: `Allow access through ${service} for all principals in the account that are authorized to use ${service}`,
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: '*',
        Condition: {
          StringEquals: { 'kms:CallerAccount': accountId, 'kms:ViaService': `${viaService(service)}.${region}.amazonaws.com` },
        },
      },
      {
        Sid: 'Allow direct access to key metadata to the account',
        Effect: 'Allow',
        Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
        Action: ['kms:Describe*', 'kms:Get*', 'kms:List*'],
        Resource: '*',
      },
    ],
  })
}

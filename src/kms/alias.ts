/** KMS aliases: `alias/<name>`, unique per account and region, each pointing at one key. */
import { kmsErrors, validation } from './errors'

import { aliasArn } from './store'
import type { Alias, KmsContext } from './types'

export type { Alias } from './types'

/** A new alias of the caller's scope pointing at a key (or at none yet, for an AWS managed alias). */
export const buildAlias = (
  ctx: Pick<KmsContext, 'partition' | 'region' | 'accountId' | 'now'>,
  name: string,
  targetKeyId?: string,
): Alias => ({
  name,
  arn: aliasArn(ctx.partition, ctx.region, ctx.accountId, name),
  ...(targetKeyId !== undefined ? { targetKeyId } : {}),
  createdAt: ctx.now,
  updatedAt: ctx.now,
})

/** The predefined AWS managed aliases ListAliases shows before their keys exist. */
export const AWS_MANAGED_ALIASES = [
  'alias/aws/dynamodb',
  'alias/aws/ebs',
  'alias/aws/elasticfilesystem',
  'alias/aws/es',
  'alias/aws/firehose',
  'alias/aws/kinesis',
  'alias/aws/lambda',
  'alias/aws/rds',
  'alias/aws/redshift',
  'alias/aws/s3',
  'alias/aws/secretsmanager',
  'alias/aws/ssm',
]

/** The rules CreateAlias/UpdateAlias apply beyond the model's pattern, with AWS's messages. */
/** KMS's answer for an alias name without the `alias/` prefix (CreateAlias, UpdateAlias, DeleteAlias). */
export function checkAliasPrefix(name: string): void {
  if (!name.startsWith('alias/')) {
    throw validation(
      'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
    )
  }
}

export function checkCustomerAliasName(name: string): void {
  checkAliasPrefix(name)
  if (name.includes(':')) throw validation(`${name} contains invalid characters for an alias`)
  // KMS answers a name it reserves for AWS managed keys with an error outside its model, without a message.
  if (name.startsWith('alias/aws/')) throw kmsErrors.error('NotAuthorizedException')
}

/** KMS aliases: `alias/<name>`, unique per account and region, each pointing at one key. */
import { invalidAliasName, validation } from './errors'

export interface Alias {
  name: string
  arn: string
  /** absent for an AWS managed alias whose key AWS has not created yet */
  targetKeyId?: string
  createdAt: number
  updatedAt: number
}

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
export function checkCustomerAliasName(name: string): void {
  if (!name.startsWith('alias/')) {
    throw validation(
      'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
    )
  }
  if (name.includes(':')) throw validation(`${name} contains invalid characters for an alias`)
  if (name.startsWith('alias/aws/')) {
    throw invalidAliasName('Cannot create alias with prefix "alias/aws/", which is reserved for AWS managed keys.')
  }
}

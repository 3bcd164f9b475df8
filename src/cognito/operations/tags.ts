/** Tags of identity pools, named by ARN: `arn:aws:cognito-identity:<region>:<account>:identitypool/<pool id>`. */
import { invalidParameter } from '../errors'
import { ownPool, poolArn } from '../find-pool'
import type { CognitoContext } from '../store'
import type { IdentityPool } from '../types'
import type { CognitoInputs, CognitoOutputs } from '../wire.gen'

function poolOfArn(ctx: CognitoContext, arn: string): IdentityPool {
  const match = /^arn:[\w-]+:cognito-identity:[\w-]+:\d{12}:identitypool\/(.+)$/.exec(arn)
  if (!match) throw invalidParameter(`Invalid ARN: ${arn}`)
  const pool = ownPool(ctx, match[1]!)
  if (poolArn(ctx, pool) !== arn) throw invalidParameter(`Invalid ARN: ${arn}`)
  return pool
}

export function tagResource(input: CognitoInputs['TagResource'], ctx: CognitoContext): CognitoOutputs['TagResource'] {
  const pool = poolOfArn(ctx, input.ResourceArn)
  for (const [key, value] of Object.entries(input.Tags)) if (value !== null) pool.tags.set(key, value)
  return {}
}

export function untagResource(input: CognitoInputs['UntagResource'], ctx: CognitoContext): CognitoOutputs['UntagResource'] {
  const pool = poolOfArn(ctx, input.ResourceArn)
  for (const key of input.TagKeys) pool.tags.delete(key)
  return {}
}

export function listTagsForResource(
  input: CognitoInputs['ListTagsForResource'],
  ctx: CognitoContext,
): CognitoOutputs['ListTagsForResource'] {
  return { Tags: Object.fromEntries(poolOfArn(ctx, input.ResourceArn).tags) }
}

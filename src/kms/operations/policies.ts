/** Key policies: GetKeyPolicy, PutKeyPolicy, ListKeyPolicies. A key has one policy, named "default". */
import { checkPolicySize } from '../build-key'
import { notFound } from '../errors'
import { parsePolicy } from '../policy'
import { resolveKey, type KmsContext } from '../store'

function checkPolicyName(name: string | undefined): void {
  if (name !== undefined && name !== 'default') throw notFound('No such policy exists')
}

export function getKeyPolicy(input: { KeyId: string; PolicyName?: string }, ctx: KmsContext): Record<string, unknown> {
  const { key } = resolveKey(ctx, input.KeyId, { aliases: false })
  checkPolicyName(input.PolicyName)
  return { Policy: key.policy, PolicyName: 'default' }
}

export function putKeyPolicy(input: { KeyId: string; PolicyName?: string; Policy: string }, ctx: KmsContext): Record<string, unknown> {
  const { key } = resolveKey(ctx, input.KeyId, { aliases: false })
  checkPolicyName(input.PolicyName)
  checkPolicySize(input.Policy)
  parsePolicy(input.Policy)
  key.policy = input.Policy
  return {}
}

export function listKeyPolicies(input: { KeyId: string }, ctx: KmsContext): Record<string, unknown> {
  resolveKey(ctx, input.KeyId, { aliases: false })
  return { PolicyNames: ['default'], Truncated: false }
}

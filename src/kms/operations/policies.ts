/** Key policies: GetKeyPolicy, PutKeyPolicy, ListKeyPolicies. A key has one policy, named "default". */
import { limitExceeded, notFound } from '../errors'
import { parsePolicy } from '../policy'
import { resolveKey, type KmsContext } from '../store'

/** Key policy document size (KMS quota), in bytes. */
export const MAX_POLICY_BYTES = 32_768

export function checkPolicySize(policy: string): void {
  if (new TextEncoder().encode(policy).length > MAX_POLICY_BYTES) {
    throw limitExceeded(`The key policy exceeds the maximum size of ${MAX_POLICY_BYTES} bytes.`)
  }
}

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

/** Key policies: GetKeyPolicy, PutKeyPolicy, ListKeyPolicies. A key has one policy, named "default". */
import { checkPolicySize } from '../build-key'
import { notFound } from '../errors'
import { parsePolicy } from '../policy'
import { checkLockout } from '../policy-eval'
import { resolveKey, type KmsContext } from '../store'
import type {
  GetKeyPolicyRequest,
  GetKeyPolicyResponse,
  ListKeyPoliciesRequest,
  ListKeyPoliciesResponse,
  PutKeyPolicyRequest,
  Unit,
} from '../wire.gen'

function checkPolicyName(name: string | undefined): void {
  if (name !== undefined && name !== 'default') throw notFound('No such policy exists')
}

export function getKeyPolicy(input: GetKeyPolicyRequest, ctx: KmsContext): GetKeyPolicyResponse {
  const { key } = resolveKey(ctx, input.KeyId, { aliases: false })
  checkPolicyName(input.PolicyName)
  return { Policy: key.policy, PolicyName: 'default' }
}

export function putKeyPolicy(input: PutKeyPolicyRequest, ctx: KmsContext): Unit {
  const { key } = resolveKey(ctx, input.KeyId, { aliases: false })
  checkPolicyName(input.PolicyName)
  checkPolicySize(input.Policy)
  parsePolicy(input.Policy)
  if (!input.BypassPolicyLockoutSafetyCheck && ctx.caller) checkLockout(input.Policy, ctx.caller)
  key.policy = input.Policy
  return {}
}

export function listKeyPolicies(input: ListKeyPoliciesRequest, ctx: KmsContext): ListKeyPoliciesResponse {
  resolveKey(ctx, input.KeyId, { aliases: false })
  return { PolicyNames: ['default'], Truncated: false }
}

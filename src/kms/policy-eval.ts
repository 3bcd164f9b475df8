/**
 * Key policies, evaluated for the principal that calls KMS: a statement applies when its Principal
 * names the caller (the account or its root stands for every principal of the account, whose IAM
 * policies the mock takes as allowing), its Action (or NotAction) covers the call's action, and its
 * Conditions hold for what the request carries; an explicit Deny wins, and without an Allow the call
 * is denied. Loaded with the KMS operations.
 */
import { accessDenied, malformedPolicy } from './errors'
import { asList, like, parsePolicy } from './policy'
import type { RequestScope } from '../service'
import type { KmsKey } from './types'

export interface Caller {
  /** ARN: `arn:aws:iam::<account>:root`, a user or role, or an assumed-role session. */
  principal: string
  accountId: string
  partition: string
}

type Statement = Record<string, unknown>

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * Whether a Principal element names the caller. In a Principal the account (its id or root) stands
 * for every principal of the account; a NotPrincipal (`exact`) excludes only the principals it
 * lists as themselves.
 */
function names(element: unknown, caller: Caller, exact = false): boolean {
  if (element === '*') return true
  if (typeof element !== 'object' || element === null) return false
  const session = /^arn:[^:]+:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(caller.principal)
  const root = `arn:${caller.partition}:iam::${caller.accountId}:root`
  return asList((element as Record<string, unknown>).AWS).some(
    (p) =>
      p === '*' ||
      p === caller.principal ||
      (!exact && (p === caller.accountId || p === root)) ||
      // A role names the sessions that assume it (the role's path aside).
      (!exact && session !== null && new RegExp(`^arn:[^:]+:iam::${session[1]}:role/(?:.*/)?${escape(session[2]!)}$`).test(p)),
  )
}

/** IAM's condition operators the mock evaluates; an unknown operator, or a key the request lacks, does not hold (`…IfExists`: holds). */
function conditionHolds(operator: string, key: string, wanted: string[], context: Record<string, string>): boolean {
  const ifExists = operator.endsWith('IfExists')
  const op = ifExists ? operator.slice(0, -'IfExists'.length) : operator
  const value = Object.entries(context).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1]
  if (op === 'Null') return wanted.includes(String(value === undefined))
  // A key the request lacks: IAM's negated operators hold, the others do not (unless …IfExists).
  if (value === undefined) return ifExists || /Not(?:Equals|Like)$/.test(op)
  switch (op) {
    case 'StringEquals':
    case 'ArnEquals':
      return wanted.includes(value)
    case 'StringEqualsIgnoreCase':
      return wanted.some((w) => w.toLowerCase() === value.toLowerCase())
    case 'StringLike':
    case 'ArnLike':
      return wanted.some((w) => like(w, value))
    case 'StringNotEquals':
    case 'ArnNotEquals':
      return !wanted.includes(value)
    case 'StringNotLike':
    case 'ArnNotLike':
      return !wanted.some((w) => like(w, value))
    case 'Bool':
      return wanted.map((w) => w.toLowerCase()).includes(value.toLowerCase())
    default:
      return false
  }
}

function applies(s: Statement, caller: Caller, action: string, context: Record<string, string>): boolean {
  if ('Principal' in s ? !names(s.Principal, caller) : !('NotPrincipal' in s) || names(s.NotPrincipal, caller, true)) return false
  if ('Action' in s ? !asList(s.Action).some((a) => like(a, action, true)) : asList(s.NotAction).some((a) => like(a, action, true))) {
    return false
  }
  const conditions = (s.Condition ?? {}) as Record<string, Record<string, unknown>>
  return Object.entries(conditions).every(([operator, keys]) =>
    Object.entries(keys ?? {}).every(([key, wanted]) =>
      conditionHolds(operator, key, asList(wanted).concat(typeof wanted === 'boolean' ? [String(wanted)] : []), context),
    ),
  )
}

/** What a policy decides for the caller and action: an explicit Deny, an Allow, or neither. */
export function decide(policy: string, caller: Caller, action: string, context: Record<string, string> = {}): 'deny' | 'allow' | 'none' {
  let allowed = false
  for (const s of parsePolicy(policy).Statement as Statement[]) {
    if (!applies(s, caller, action, context)) continue
    if (s.Effect === 'Deny') return 'deny'
    allowed = true
  }
  return allowed ? 'allow' : 'none'
}

/** What a request made directly to KMS carries for conditions. */
const requestContext = (caller: Caller): Record<string, string> => ({
  'kms:CallerAccount': caller.accountId,
  // For a role session IAM gives the role's ARN (its path is not in the session's ARN).
  'aws:PrincipalArn': caller.principal.replace(/^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.*$/, 'arn:$1:iam::$2:role/$3'),
  'aws:PrincipalAccount': caller.accountId,
})

/** Throws AccessDeniedException, in KMS's words, unless the key's policy lets the caller do `action`. */
export function authorize(key: KmsKey, caller: Caller, action: string): void {
  const decision = decide(key.policy, caller, action, requestContext(caller))
  if (decision === 'allow') return
  const denied = `User: ${caller.principal} is not authorized to perform: ${action} on resource: ${key.arn}`
  throw accessDenied(
    decision === 'deny'
      ? `${denied} with an explicit deny in a resource-based policy`
      : `${denied} because no resource-based policy allows the ${action} action`,
  )
}

/**
 * Why the key's policy would not let the caller create a grant through an AWS service (as Firehose
 * does on its behalf), or undefined: the request KMS sees then carries kms:ViaService and
 * kms:GrantIsForAWSResource.
 */
export function grantRefusalVia(key: KmsKey, principal: string, scope: RequestScope, service: string): string | undefined {
  if (key.keyManager === 'AWS') return undefined
  const caller = { principal, accountId: scope.accountId, partition: scope.partition }
  const context = Object.assign(requestContext(caller), {
    'kms:ViaService': `${service}.${scope.region}.amazonaws.com`,
    'kms:GrantIsForAWSResource': 'true',
  })
  const decision = decide(key.policy, caller, 'kms:CreateGrant', context)
  if (decision === 'allow') return undefined
  const denied = `User: ${caller.principal} is not authorized to perform: kms:CreateGrant on resource: ${key.arn}`
  return decision === 'deny'
    ? `${denied} with an explicit deny in a resource-based policy`
    : `${denied} because no resource-based policy allows the kms:CreateGrant action`
}

/** Operations whose resource is no key: IAM alone decides them. */
const NOT_ON_A_KEY = new Set(['CreateKey', 'ListKeys', 'ListAliases', 'GenerateRandom'])

/**
 * The key-policy check of one API call, for `resolveKey` to run on each key it finds: none for
 * operations on no key, nor for AWS managed keys (their policies, which allow use through AWS
 * services, are not simulated). ReEncrypt needs ReEncryptFrom and ReEncryptTo, checked on each key.
 */
export function authorizerFor(operation: string, caller: Caller): ((key: KmsKey) => void) | undefined {
  if (NOT_ON_A_KEY.has(operation)) return undefined
  const actions = operation === 'ReEncrypt' ? ['kms:ReEncryptFrom', 'kms:ReEncryptTo'] : [`kms:${operation}`]
  return (key) => {
    if (key.keyManager !== 'AWS') for (const action of actions) authorize(key, caller, action)
  }
}

/** KMS's lockout safety check: a new policy must let the caller change it again. */
export function checkLockout(policy: string, caller: Caller): void {
  if (decide(policy, caller, 'kms:PutKeyPolicy', requestContext(caller)) !== 'allow') {
    throw malformedPolicy('The new key policy will not allow you to update the key policy in the future.')
  }
}

/**
 * Key policies, evaluated for the principal that calls KMS: a statement applies when its Principal
 * names the caller (the account or its root stands for every principal of the account, whose IAM
 * policies the mock takes as allowing), its Action (or NotAction) covers the call's action, and its
 * Conditions hold for what the request carries and the key it uses (condition-keys.ts); an explicit
 * Deny wins. Without an Allow, a grant for the caller and action (its constraints holding) allows
 * the call; without one, it is denied. Loaded with the KMS operations.
 */
import { accessDenied, malformedPolicy, notAuthorized } from './errors'
import { keyConditions, requestConditions } from './condition-keys'
import { asList, like, parsePolicy } from './policy'
import type { RequestScope } from '../service'
import type { ConditionContext, KmsContext, KmsKey, KmsScope } from './types'
import type { GrantConstraints } from './wire.gen'

type EncryptionContext = Record<string, string | null>

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

const NUMERIC: Record<string, (value: number, wanted: number) => boolean> = {
  NumericEquals: (v, w) => v === w,
  NumericLessThan: (v, w) => v < w,
  NumericLessThanEquals: (v, w) => v <= w,
  NumericGreaterThan: (v, w) => v > w,
  NumericGreaterThanEquals: (v, w) => v >= w,
}

/** One value of the request against a condition's values, by IAM's operator (an unknown one does not hold). */
function valueHolds(op: string, value: string, wanted: string[]): boolean {
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
    case 'NumericNotEquals':
      return !wanted.some((w) => Number(w) === Number(value))
    default: {
      const compare = NUMERIC[op]
      return compare !== undefined && wanted.some((w) => compare(Number(value), Number(w)))
    }
  }
}

/**
 * Whether a condition holds for what the request carries. A key the request lacks: `Null` says so,
 * IAM's negated operators hold, the others do not (unless `…IfExists`). `ForAllValues:` holds when
 * every value of a multi-valued key does (none: it holds), `ForAnyValue:` when one does.
 */
function conditionHolds(operator: string, key: string, wanted: string[], context: ConditionContext): boolean {
  const set = /^(ForAllValues|ForAnyValue):/.exec(operator)?.[1]
  const rest = set ? operator.slice(set.length + 1) : operator
  const ifExists = rest.endsWith('IfExists')
  const op = ifExists ? rest.slice(0, -'IfExists'.length) : rest
  const found = Object.entries(context).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1]
  const present = found === undefined ? [] : Array.isArray(found) ? found : [found]
  if (op === 'Null') return wanted.includes(String(present.length === 0))
  if (set === 'ForAllValues') return present.every((v) => valueHolds(op, v, wanted))
  if (set === 'ForAnyValue') return present.some((v) => valueHolds(op, v, wanted))
  if (present.length === 0) return ifExists || /Not(?:Equals|Like)$/.test(op)
  return present.some((v) => valueHolds(op, v, wanted))
}

/** A condition's values as strings: one or a list, written as strings, numbers or booleans. */
const values = (wanted: unknown): string[] =>
  (Array.isArray(wanted) ? wanted : [wanted]).filter((w) => ['string', 'number', 'boolean'].includes(typeof w)).map(String)

function applies(s: Statement, caller: Caller, action: string, context: ConditionContext): boolean {
  if ('Principal' in s ? !names(s.Principal, caller) : !('NotPrincipal' in s) || names(s.NotPrincipal, caller, true)) return false
  if ('Action' in s ? !asList(s.Action).some((a) => like(a, action, true)) : asList(s.NotAction).some((a) => like(a, action, true))) {
    return false
  }
  const conditions = (s.Condition ?? {}) as Record<string, Record<string, unknown>>
  return Object.entries(conditions).every(([operator, keys]) =>
    Object.entries(keys ?? {}).every(([key, wanted]) => conditionHolds(operator, key, values(wanted), context)),
  )
}

/** What a policy decides for the caller and action: an explicit Deny, an Allow, or neither. */
export function decide(policy: string, caller: Caller, action: string, context: ConditionContext = {}): 'deny' | 'allow' | 'none' {
  let allowed = false
  for (const s of parsePolicy(policy).Statement as Statement[]) {
    if (!applies(s, caller, action, context)) continue
    if (s.Effect === 'Deny') return 'deny'
    allowed = true
  }
  return allowed ? 'allow' : 'none'
}

/** What a request made directly to KMS carries for conditions. */
const requestContext = (caller: Caller, encryptionContext: EncryptionContext = {}): ConditionContext =>
  Object.assign(
    {
      'kms:CallerAccount': caller.accountId,
      // For a role session IAM gives the role's ARN (its path is not in the session's ARN).
      'aws:PrincipalArn': caller.principal.replace(/^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.*$/, 'arn:$1:iam::$2:role/$3'),
      'aws:PrincipalAccount': caller.accountId,
    },
    ...Object.entries(encryptionContext).map(([k, v]) => ({ [`kms:EncryptionContext:${k}`]: v ?? '' })),
    Object.keys(encryptionContext).length > 0 ? { 'kms:EncryptionContextKeys': Object.keys(encryptionContext) } : {},
  )

/** The operations whose requests carry an encryption context, to which grant constraints apply (with symmetric keys). */
const WITH_CONTEXT = /^kms:(?:Encrypt|Decrypt|ReEncrypt(?:From|To)|GenerateDataKey(?:WithoutPlaintext|Pair|PairWithoutPlaintext)?)$/

type Pairs = Array<[string, string | null]>
/** Whether every pair of `a` is in `b`, keys matching whatever their case, values as written (grant constraints' rule). */
const within = (a: Pairs, b: Pairs): boolean => a.every(([k, v]) => b.some(([bk, bv]) => bk.toLowerCase() === k.toLowerCase() && bv === v))

/** Whether a grant's constraints hold for a request's encryption context. */
function constraintsHold(constraints: GrantConstraints | undefined, context: EncryptionContext): boolean {
  const pairs = Object.entries(context)
  const { EncryptionContextEquals: equals, EncryptionContextSubset: subset } = constraints ?? {}
  if (equals && !(within(Object.entries(equals), pairs) && within(pairs, Object.entries(equals)))) return false
  return !subset || within(Object.entries(subset), pairs)
}

/** Whether a grant on the key lets the caller do `action`: it names the caller as its grantee, the action, and its constraints hold. */
function grantAllows(key: KmsKey, scope: KmsScope, caller: Caller, action: string, context: EncryptionContext): boolean {
  for (const grant of scope.grants.values()) {
    if (grant.keyId !== key.keyId || !names({ AWS: grant.granteePrincipal }, caller)) continue
    if (!grant.operations.some((operation) => `kms:${operation}` === action)) continue
    if (key.keySpec !== 'SYMMETRIC_DEFAULT' || !WITH_CONTEXT.test(action) || constraintsHold(grant.constraints, context)) return true
  }
  return false
}

/**
 * Why the caller may not do `action`, in KMS's words, or undefined: the key's policy allows it, or,
 * the policy denying nothing, a grant on the key does. `conditions`: what the request carries
 * besides what a direct call does.
 */
function refusal(
  key: KmsKey,
  keys: KmsScope,
  caller: Caller,
  action: string,
  context: EncryptionContext,
  conditions: ConditionContext = {},
): string | undefined {
  const decision = decide(key.policy, caller, action, Object.assign(requestContext(caller, context), keyConditions(key, keys), conditions))
  if (decision === 'allow' || (decision === 'none' && grantAllows(key, keys, caller, action, context))) return undefined
  return notAuthorized(caller.principal, action, key.arn, decision === 'deny')
}

/** Throws AccessDeniedException unless the key's policy, or a grant, lets the caller do `action`. */
export function authorize(
  key: KmsKey,
  keys: KmsScope,
  caller: Caller,
  action: string,
  context: EncryptionContext = {},
  conditions: ConditionContext = {},
): void {
  const why = refusal(key, keys, caller, action, context, conditions)
  if (why !== undefined) throw accessDenied(why)
}

/**
 * Why KMS would not let the caller create a grant through an AWS service (as Firehose does on its
 * behalf), or undefined: the request then carries kms:ViaService and kms:GrantIsForAWSResource.
 */
export function grantRefusalVia(
  found: { key: KmsKey; scope: KmsScope },
  principal: string,
  scope: RequestScope,
  service: string,
): string | undefined {
  if (found.key.keyManager === 'AWS') return undefined
  const caller = { principal, accountId: scope.accountId, partition: scope.partition }
  return refusal(
    found.key,
    found.scope,
    caller,
    'kms:CreateGrant',
    {},
    {
      'kms:ViaService': `${service}.${scope.region}.amazonaws.com`,
      'kms:GrantIsForAWSResource': 'true',
    },
  )
}

/**
 * Operations no key policy decides: those on no key (IAM alone decides them), and RetireGrant, which
 * the grant decides (its retiring principal, its grantee if it allows RetireGrant, and its account,
 * where every caller of the mock is).
 */
const NOT_BY_THE_KEY_POLICY = new Set(['CreateKey', 'ListKeys', 'ListAliases', 'GenerateRandom', 'RetireGrant'])

/**
 * The key-policy check of one API call, for `resolveKey` to run on each key it finds, with the
 * action and encryption context the request carries for that key.
 */
export function authorizerFor(
  operation: string,
  caller: Caller,
  input: { EncryptionContext?: EncryptionContext },
): KmsContext['authorize'] {
  if (NOT_BY_THE_KEY_POLICY.has(operation)) return undefined
  const conditions = requestConditions(operation, input)
  return (key, scope, request) =>
    authorize(key, scope, caller, request.action ?? `kms:${operation}`, request.encryptionContext ?? input.EncryptionContext, conditions)
}

/** KMS's lockout safety check: a new policy must let the caller change it again. */
export function checkLockout(policy: string, caller: Caller): void {
  if (decide(policy, caller, 'kms:PutKeyPolicy', requestContext(caller)) !== 'allow') {
    throw malformedPolicy('The new key policy will not allow you to update the key policy in the future.')
  }
}

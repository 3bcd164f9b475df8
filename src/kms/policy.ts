/**
 * Just enough key-policy reading for the mock: is the document valid, and does it explicitly deny
 * a principal an action. Statements with a Condition are not evaluated (treated as not applying).
 */
import { malformedPolicy } from './errors'

interface Statement {
  Effect?: unknown
  Principal?: unknown
  Action?: unknown
  Condition?: unknown
}

/** Parses a policy or throws MalformedPolicyDocumentException. */
export function parsePolicy(text: string): { Statement: Statement[] } {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    throw malformedPolicy('The new key policy is not valid JSON.')
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw malformedPolicy('The new key policy is not a JSON object.')
  const raw = (doc as { Statement?: unknown }).Statement
  const statements = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]
  if (statements.length === 0) throw malformedPolicy('The new key policy has no Statement.')
  for (const s of statements) {
    if (typeof s !== 'object' || s === null || (s.Effect !== 'Allow' && s.Effect !== 'Deny')) {
      throw malformedPolicy('Policy contains a statement with an invalid Effect.')
    }
  }
  return { Statement: statements as Statement[] }
}

/** An element that is a string or a list of strings, as a list. */
export const asList = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x) => typeof x === 'string') : typeof v === 'string' ? [v] : []

/** IAM's wildcard match (`*`, `?`): actions match whatever their case, condition values as written unless `caseless`. */
export const like = (pattern: string, value: string, caseless = false): boolean =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    caseless ? 'i' : '',
  ).test(value)

function principalMatches(principal: unknown, servicePrincipal: string): boolean {
  if (principal === '*') return true
  if (typeof principal !== 'object' || principal === null) return false
  const p = principal as Record<string, unknown>
  return asList(p.Service).includes(servicePrincipal) || asList(p.AWS).includes('*')
}

/** Whether a statement with Effect "Deny" names `servicePrincipal` (or everyone) for one of `actions`. */
export function policyDenies(policyText: string, servicePrincipal: string, actions: string[]): boolean {
  let policy: { Statement: Statement[] }
  try {
    policy = parsePolicy(policyText)
  } catch {
    return false
  }
  return policy.Statement.some(
    (s) =>
      s.Effect === 'Deny' &&
      s.Condition === undefined &&
      principalMatches(s.Principal, servicePrincipal) &&
      asList(s.Action).some((pattern) => actions.some((action) => like(pattern, action, true))),
  )
}

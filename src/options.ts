/**
 * Checks of what users write by hand — `createFirehoseMock` options, fault rules, fixtures — so a
 * misspelled key or a wrong kind of value throws FirehoseMswError naming the field and what it
 * accepts, instead of silently doing nothing.
 */
import { realisticTiming, resolveTiming, type Timing } from './clock'
import { CONTROL_PLANE_OPERATIONS, defaultQuotas, type Quotas, type QuotasOption } from './firehose/quotas'
import { FirehoseMswError } from './protocol/aws-error'
import { isAccountId } from './protocol/endpoints'
import type { AuthCredential } from './protocol/sigv4'
import type { FirehoseMockOptions } from './types'
import { isObject, unknownKeys, type Assert, type ListsEvery } from './checks'

/** Every option of `createFirehoseMock`: a new option of FirehoseMockOptions must be listed here (checked below). */
export const OPTION_NAMES = [
  'accountId',
  'now',
  'timing',
  'seed',
  'endpoints',
  'auth',
  'retention',
  'quotas',
  'random',
  'temporaryCredentialsIssuedAt',
  'onUnexpectedError',
  'lambdas',
] as const satisfies ReadonlyArray<keyof FirehoseMockOptions>

const RETENTION_NAMES = ['maxRecordsPerStream', 'maxObjectsPerStream', 'maxCalls'] as const satisfies ReadonlyArray<
  keyof NonNullable<FirehoseMockOptions['retention']>
>

const CREDENTIAL_FIELDS = ['accessKeyId', 'secretAccessKey', 'sessionToken', 'accountId', 'principal'] as const satisfies ReadonlyArray<
  keyof AuthCredential
>

export type OptionListsComplete = Assert<
  | ListsEvery<FirehoseMockOptions, typeof OPTION_NAMES>
  | ListsEvery<AuthCredential, typeof CREDENTIAL_FIELDS>
  | ListsEvery<NonNullable<FirehoseMockOptions['retention']>, typeof RETENTION_NAMES>
  // The quota names come from defaultQuotas(): the option must have the same keys.
  | ListsEvery<Exclude<QuotasOption, false>, Array<keyof Quotas>>
  | ListsEvery<Quotas, Array<keyof Exclude<QuotasOption, false>>>
>

/** A value as a message shows it: strings quoted, objects by kind. */
const show = (value: unknown): string =>
  typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? 'an array' : isObject(value) ? 'an object' : String(value)

function fail(reason: string): never {
  throw new FirehoseMswError(`Failed to create the mock: ${reason}`)
}

/**
 * For the wrappers (a story, the server): refuses an option name that neither the wrapper (`own`)
 * nor the mock knows, listing both, so a typo of a wrapper's option is not reported as an unknown
 * mock option. `without` are mock options the wrapper sets itself.
 */
export function checkWrapperOptions(options: object, what: string, own: readonly string[], without: readonly string[] = []): void {
  const problem = unknownKeys(options, [...own, ...OPTION_NAMES.filter((name) => !without.includes(name))], 'option')
  if (problem) throw new FirehoseMswError(`Failed to ${what}: ${problem}`)
}

/** An optional object option: absent, or an object (else `<name> must be <kind>`) with only `accepted` keys. */
function section(value: unknown, name: string, kind: string, accepted: readonly string[], noun: string): void {
  if (value === undefined) return
  if (!isObject(value)) fail(`${name} must be ${kind}, not ${show(value)}`)
  const problem = unknownKeys(value, accepted, noun, `${name}.`)
  if (problem) fail(problem)
}

/** What `createFirehoseMock` needs resolved up front; throws FirehoseMswError for bad options. */
export function resolveOptions(options: FirehoseMockOptions): {
  accountId: string
  timing: Timing
  maxRecordsPerStream: number
  maxObjectsPerStream: number
  maxCalls: number
} {
  const problem = unknownKeys(options, OPTION_NAMES, 'option')
  if (problem) fail(problem)
  const { accountId = '123456789012', timing: option, retention, auth, quotas, lambdas } = options
  if (!isAccountId(accountId)) fail(`accountId must be 12 digits, not ${show(accountId)}`)

  const durations = Object.keys(realisticTiming)
  if (option !== 'realistic' && option !== 'instant') {
    section(
      option,
      'timing',
      `"realistic", "instant" or an object of durations in ms (${durations.join(', ')})`,
      durations,
      'timing duration',
    )
  }
  const timing = resolveTiming(option)
  for (const [key, value] of Object.entries(timing)) {
    if (typeof value !== 'number' || !(value >= 0)) fail(`timing.${key} must be a number of milliseconds ≥ 0, not ${show(value)}`)
  }

  section(retention, 'retention', 'an object', RETENTION_NAMES, 'retention option')
  const [max, maxObjects, maxCalls] = RETENTION_NAMES.map((name) => {
    const cap = retention?.[name] ?? Number.POSITIVE_INFINITY
    // The call log may be off (0); the stores keep at least one of each.
    const least = name === 'maxCalls' ? 0 : 1
    if (typeof cap !== 'number' || !(cap >= least) || (Number.isFinite(cap) && !Number.isInteger(cap))) {
      fail(`retention.${name} must be a whole number ≥ ${least}, not ${show(cap)}`)
    }
    return cap
  }) as [number, number, number]

  section(auth, 'auth', 'an object', ['credentials'], 'auth option')
  if (auth && !Array.isArray(auth.credentials)) fail(`auth.credentials must be an array, not ${show(auth.credentials)}`)
  auth?.credentials.forEach((credential, i) => {
    section(credential, `auth.credentials[${i}]`, 'an object', CREDENTIAL_FIELDS, 'credential field')
    if (credential.accountId !== undefined && !isAccountId(credential.accountId)) {
      fail(`auth.credentials[${i}].accountId must be 12 digits, not ${show(credential.accountId)}`)
    }
  })

  if (quotas !== false) {
    const names = Object.keys(defaultQuotas(''))
    section(quotas, 'quotas', 'false or an object', names, 'quota')
    const tps = quotas?.controlPlaneTps
    if (typeof tps !== 'boolean')
      section(tps, 'quotas.controlPlaneTps', 'true, false or an object', CONTROL_PLANE_OPERATIONS, 'control-plane operation')
  }
  if (lambdas !== undefined && !isObject(lambdas)) fail(`lambdas must be an object of handlers by function ARN, not ${show(lambdas)}`)
  for (const [arn, registration] of Object.entries(lambdas ?? {})) {
    if (typeof (typeof registration === 'function' ? registration : registration?.handler) !== 'function') {
      fail(`lambdas[${JSON.stringify(arn)}] must be a handler function or { handler, timeoutSeconds }, not ${show(registration)}`)
    }
    const timeout = typeof registration === 'function' ? 1 : (registration.timeoutSeconds ?? 1)
    if (typeof timeout !== 'number' || !(timeout > 0))
      fail(`lambdas[${JSON.stringify(arn)}].timeoutSeconds must be a number of seconds > 0, not ${show(timeout)}`)
  }
  return { accountId, timing, maxRecordsPerStream: max, maxObjectsPerStream: maxObjects, maxCalls }
}

/**
 * Fault injection: rules that make matching calls fail, fail some records of a batch, or answer
 * late. Rules live on the mock, so they can be added and removed at runtime — in a test, a story
 * or the dev app. An injected error changes no state: it is thrown before the operation runs.
 */
import { AwsError, FirehoseMswError } from './protocol/aws-error'
import type { ServiceName } from './protocol/handler'

export interface FaultRule {
  service?: ServiceName
  /** e.g. 'PutRecordBatch' */
  operation?: string
  /** matches the request's DeliveryStreamName */
  streamName?: string
  /** any AWS exception name; the status is the one AWS uses for it */
  error?: string
  message?: string
  /** fail this many matching calls, then the rule is spent */
  times?: number
  /** 0..1: the share of matching calls that fail, drawn from the mock's `random` */
  probability?: number
  /** answer this many milliseconds later */
  delayMs?: number
  /** PutRecordBatch partial failure: the first N records, or the records the predicate picks */
  failRecords?: number | ((index: number, data: Uint8Array) => boolean)
}

export interface FaultHandle {
  /** Removes the rule. */
  remove(): void
  /** How many calls the rule has affected so far. */
  readonly hits: number
}

/** What the matching rules decided for one call. */
export interface FaultDecision {
  delayMs?: number
  error?: AwsError
  failRecord?: (index: number, data: Uint8Array) => { ErrorCode: string; ErrorMessage: string } | undefined
}

const STATUS: Record<string, number> = {
  ServiceUnavailableException: 503,
  InternalFailure: 500,
  InternalServerError: 500,
  KMSInternalException: 500,
  KeyUnavailableException: 500,
  DependencyTimeoutException: 503,
  ServiceUnavailable: 503,
  DryRunOperationException: 412,
  IncompleteSignatureException: 400,
  MissingAuthenticationTokenException: 403,
  UnrecognizedClientException: 400,
  InvalidSignatureException: 400,
  ExpiredTokenException: 400,
}

const DEFAULT_MESSAGE: Record<string, string> = {
  ServiceUnavailableException: 'Slow down.',
  ThrottlingException: 'Rate exceeded',
  LimitExceededException: 'Rate exceeded',
  InternalFailure: 'We encountered an internal error. Please try again.',
}

/** Errors AWS sends with a capitalised `Message` (as observed for these unmodeled errors). */
const CAPITAL_MESSAGE = new Set(['AccessDeniedException', 'SerializationException'])

/** An AWS-shaped error for an exception name. */
export function injectedError(code: string, message?: string): AwsError {
  return new AwsError(code, message ?? DEFAULT_MESSAGE[code] ?? `Injected ${code}.`, {
    status: STATUS[code] ?? 400,
    messageKey: CAPITAL_MESSAGE.has(code) ? 'Message' : 'message',
  })
}

interface Entry {
  rule: FaultRule
  remaining: number
  hits: number
}

export class FaultRegistry {
  private entries: Entry[] = []

  constructor(private readonly random: () => number) {}

  add(rule: FaultRule): FaultHandle {
    if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
      throw new FirehoseMswError('Failed to add a fault: probability must be between 0 and 1')
    }
    if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times > 0)) {
      throw new FirehoseMswError('Failed to add a fault: times must be a whole number above 0')
    }
    if (rule.delayMs !== undefined && !(rule.delayMs >= 0)) {
      throw new FirehoseMswError('Failed to add a fault: delayMs must be a number of milliseconds ≥ 0')
    }
    if (rule.failRecords !== undefined && rule.operation !== undefined && rule.operation !== 'PutRecordBatch') {
      throw new FirehoseMswError('Failed to add a fault: failRecords applies to PutRecordBatch only')
    }
    const entry: Entry = { rule: { ...rule }, remaining: rule.times ?? Number.POSITIVE_INFINITY, hits: 0 }
    this.entries.push(entry)
    return {
      remove: () => {
        this.entries = this.entries.filter((e) => e !== entry)
      },
      get hits() {
        return entry.hits
      },
    }
  }

  clear(): void {
    this.entries = []
  }

  /** Consults the rules for a call (and uses up what fires). */
  decide(service: ServiceName, operation: string, input: unknown): FaultDecision | undefined {
    if (this.entries.length === 0) return undefined
    const streamName = (input as { DeliveryStreamName?: unknown } | null)?.DeliveryStreamName
    let decision: FaultDecision | undefined
    for (const entry of [...this.entries]) {
      const { rule } = entry
      if (rule.service !== undefined && rule.service !== service) continue
      if (rule.operation !== undefined && rule.operation !== operation) continue
      if (rule.streamName !== undefined && rule.streamName !== streamName) continue
      if (rule.failRecords !== undefined && operation !== 'PutRecordBatch') continue
      if (rule.probability !== undefined && !(this.random() < rule.probability)) continue
      decision ??= {}
      entry.hits++
      if (--entry.remaining <= 0) this.entries = this.entries.filter((e) => e !== entry)
      if (rule.delayMs !== undefined) decision.delayMs = Math.max(decision.delayMs ?? 0, rule.delayMs)
      if (rule.failRecords !== undefined) {
        const pick = rule.failRecords
        const code = rule.error ?? 'ServiceUnavailableException'
        const message = rule.message ?? DEFAULT_MESSAGE[code] ?? `Injected ${code}.`
        const previous = decision.failRecord
        decision.failRecord = (index, data) =>
          (typeof pick === 'number' ? index < pick : pick(index, data))
            ? { ErrorCode: code, ErrorMessage: message }
            : previous?.(index, data)
      } else if (rule.error !== undefined && !decision.error) {
        decision.error = injectedError(rule.error, rule.message)
      }
    }
    return decision
  }
}

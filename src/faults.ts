/**
 * Fault injection: rules that make matching calls fail, fail some records of a batch, or answer
 * late. Rules live on the mock, so they can be added and removed at runtime — in a test, a story
 * or the dev app. An injected error changes no state: it is thrown before the operation runs.
 */
import { unknownKeys, type Assert, type ListsEvery } from './checks'
import { FirehoseMswError, type AwsError } from './protocol/aws-error'
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

const RULE_KEYS = [
  'service',
  'operation',
  'streamName',
  'error',
  'message',
  'times',
  'probability',
  'delayMs',
  'failRecords',
] as const satisfies ReadonlyArray<keyof FaultRule>
/** Compile time: RULE_KEYS names every key of FaultRule. */
export type RuleKeysComplete = Assert<ListsEvery<FaultRule, typeof RULE_KEYS>>

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

export interface Entry {
  rule: FaultRule
  remaining: number
  hits: number
}

export class FaultRegistry {
  private entries: Entry[] = []

  constructor(private readonly randomSource: () => number) {}

  add(rule: FaultRule): FaultHandle {
    const unknown = unknownKeys(rule, RULE_KEYS, 'key')
    if (unknown) throw new FirehoseMswError(`Failed to add a fault: ${unknown}`)
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

  /** The rules, for the decision step (fault-decision.ts, loaded once a rule exists). */
  get active(): Entry[] {
    return this.entries
  }

  /** Drops a spent rule. */
  retire(entry: Entry): void {
    this.entries = this.entries.filter((e) => e !== entry)
  }

  get random(): () => number {
    return this.randomSource
  }
}

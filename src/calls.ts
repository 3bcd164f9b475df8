/**
 * The call log: every request the JSON services answered, in order, as the client saw it — the
 * input as the protocol layer read it, and the output or the AWS error. `aws.calls()` reads it and
 * the Vitest matchers (src/vitest/) assert on it.
 */
import type { AwsError } from './protocol/aws-error'
import type { ServiceName } from './protocol/codec'
import type { AwsCall } from './protocol/handler'

/** One answered request, as `aws.calls()` returns it. */
export interface RecordedCall {
  service: ServiceName
  /** The operation's name, as in `X-Amz-Target` (`PutRecord`). */
  operation: string
  /**
   * The input as the mock read it (blobs as Uint8Array, timestamps as epoch seconds); for a call the
   * model refused, as sent (blobs as base64 text); `{}` when the body could not be read.
   */
  input: Record<string, any>
  /** The output the client received, when the call succeeded. */
  output?: Record<string, any>
  /** The AWS error the client received, when it failed (throttles and injected faults included). */
  error?: { name: string; status: number; message: string }
  /** epoch ms on the mock's clock, when the answer was made */
  at: number
  region: string
  accountId: string
}

/** Which calls `aws.calls()` lists: each given field must match. */
export interface CallFilter {
  service?: ServiceName
  operation?: string
  /** Firehose calls naming this `DeliveryStreamName` */
  streamName?: string
  region?: string
  accountId?: string
}

export class CallLog {
  private entries: RecordedCall[] = []
  constructor(
    private readonly max: number,
    private readonly now: () => number,
    /** The account of callers that did not sign as another one. */
    private readonly accountId: string,
  ) {}

  /** Keeps an answered call (the protocol layer's `onAnswered`). */
  readonly record = (call: Partial<AwsCall> & Pick<AwsCall, 'service' | 'operation'>, output: unknown, error?: AwsError): void => {
    if (this.max === 0) return
    const entry: RecordedCall = {
      service: call.service,
      operation: call.operation,
      input: (call.input ?? {}) as Record<string, unknown>,
      at: this.now(),
      region: call.region ?? 'us-east-1',
      accountId: call.accountId ?? this.accountId,
    }
    if (error) entry.error = { name: error.code, status: error.status, message: error.message }
    else entry.output = (output ?? {}) as Record<string, unknown>
    // Drops the oldest in chunks, so a capped log costs no shift per call.
    if (this.entries.push(entry) > this.max * 1.25 + 16) this.entries = this.entries.slice(-this.max)
  }

  list(filter: CallFilter = {}): RecordedCall[] {
    const { streamName, ...fields } = filter
    const out = this.entries.slice(-this.max)
    // Copies: the inputs share their bytes and objects with what the services store.
    return out
      .filter(
        (call) =>
          Object.entries(fields).every(([key, value]) => value === undefined || call[key as keyof RecordedCall] === value) &&
          (streamName === undefined || call.input.DeliveryStreamName === streamName),
      )
      .map((call) => structuredClone(call))
  }

  reset(): void {
    this.entries = []
  }
}

/** How fault rules decide a call: loaded with the first rule (see faults.ts). */
import { AwsError } from './protocol/aws-error'
import type { AwsCall } from './protocol/handler'
import type { FaultDecision, FaultRegistry } from './faults'

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

/** Consults the rules for a call (and uses up what fires). */
export function decideFaults(
  registry: FaultRegistry,
  { service, operation, input }: Pick<AwsCall, 'service' | 'operation' | 'input'>,
): FaultDecision | undefined {
  if (registry.active.length === 0) return undefined
  const streamName = (input as { DeliveryStreamName?: unknown } | null)?.DeliveryStreamName
  let decision: FaultDecision | undefined
  for (const entry of [...registry.active]) {
    const { rule } = entry
    if (rule.service !== undefined && rule.service !== service) continue
    if (rule.operation !== undefined && rule.operation !== operation) continue
    if (rule.streamName !== undefined && rule.streamName !== streamName) continue
    if (rule.failRecords !== undefined && operation !== 'PutRecordBatch') continue
    if (rule.probability !== undefined && !(registry.random() < rule.probability)) continue
    decision ??= {}
    entry.hits++
    if (--entry.remaining <= 0) registry.retire(entry)
    if (rule.delayMs !== undefined) decision.delayMs = Math.max(decision.delayMs ?? 0, rule.delayMs)
    if (rule.failRecords !== undefined) {
      const pick = rule.failRecords
      const code = rule.error ?? 'ServiceUnavailableException'
      const message = rule.message ?? DEFAULT_MESSAGE[code] ?? `Injected ${code}.`
      const previous = decision.failRecord
      decision.failRecord = (index, data) =>
        (typeof pick === 'number' ? index < pick : pick(index, data)) ? { ErrorCode: code, ErrorMessage: message } : previous?.(index, data)
    } else if (rule.error !== undefined && !decision.error) {
      decision.error = injectedError(rule.error, rule.message)
    }
  }
  return decision
}

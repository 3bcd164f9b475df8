/** How fault rules decide a call: loaded with the first rule (see faults.ts). */
import type { ErrorCatalog } from './protocol/catalog'
import type { AwsCall } from './protocol/handler'
import type { FaultDecision, FaultRegistry } from './faults'

/** Consults the rules for a call (and uses up what fires); injected errors take their shape from the service's catalog. */
export function decideFaults(
  registry: FaultRegistry,
  { service, operation, input }: Pick<AwsCall, 'service' | 'operation' | 'input'>,
  errors: ErrorCatalog,
): FaultDecision | undefined {
  if (registry.active.length === 0) return undefined
  /** A rule's message, else the code's own default, else a plain "Injected <code>." */
  const messageOf = (code: string, message: string | undefined): string =>
    message ?? errors.spec(code).defaultMessage ?? `Injected ${code}.`
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
      const message = messageOf(code, rule.message)
      const previous = decision.failRecord
      decision.failRecord = (index, data) =>
        (typeof pick === 'number' ? index < pick : pick(index, data)) ? { ErrorCode: code, ErrorMessage: message } : previous?.(index, data)
    } else if (rule.error !== undefined && !decision.error) {
      decision.error = errors.error(rule.error, messageOf(rule.error, rule.message))
    }
  }
  return decision
}

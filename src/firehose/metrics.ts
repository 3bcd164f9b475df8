/**
 * Firehose's CloudWatch metrics of puts (namespace AWS/Firehose, dimension DeliveryStreamName),
 * published when the simulation does the work they count, at that time on the mock's clock. A
 * delivery publishes its own (delivery.ts). Loaded with the put operations.
 */
import type { MetricDatum } from '../cloudwatch/port'
import type { KeyRefusal } from '../kms/port'
import type { DeliveryStream, StoredRecord } from './types'
import type { FirehoseContext } from './store'
import { publishStreamMetric } from './stream-metric'

const MIB = 1024 * 1024

const publish = (ctx: FirehoseContext, stream: DeliveryStream, name: string, unit: MetricDatum['unit'], value: number): void =>
  publishStreamMetric(ctx.metrics, stream, ctx.now, name, unit, value)

/**
 * A put request that succeeded (some records of a batch may have been refused): what it brought
 * in, how long it took (the delay a fault rule added: the simulation itself answers at once), and
 * what was throttled.
 */
export function publishPut(
  ctx: FirehoseContext,
  stream: DeliveryStream,
  operation: 'PutRecord' | 'PutRecordBatch',
  accepted: StoredRecord[],
  throttled: number,
): void {
  let bytes = 0
  for (const record of accepted) bytes += record.data.length
  publish(ctx, stream, 'IncomingPutRequests', 'Count', 1)
  publish(ctx, stream, 'IncomingRecords', 'Count', accepted.length)
  publish(ctx, stream, 'IncomingBytes', 'Bytes', bytes)
  publish(ctx, stream, `${operation}.Requests`, 'Count', 1)
  publish(ctx, stream, `${operation}.Bytes`, 'Bytes', bytes)
  if (operation === 'PutRecordBatch') publish(ctx, stream, 'PutRecordBatch.Records', 'Count', accepted.length)
  publish(ctx, stream, `${operation}.Latency`, 'Milliseconds', ctx.latencyMs ?? 0)
  if (throttled > 0) publishThrottled(ctx, stream, throttled)
  else publishLimits(ctx, stream)
}

/** Records refused because the stream's throughput quotas were used up. */
export function publishThrottled(ctx: FirehoseContext, stream: DeliveryStream, records: number): void {
  publish(ctx, stream, 'ThrottledRecords', 'Count', records)
  publishLimits(ctx, stream)
}

/** The stream's throughput quotas, with each put request (none when quotas are lifted). */
function publishLimits(ctx: FirehoseContext, stream: DeliveryStream): void {
  const { putMiBPerSecond, putRecordsPerSecond, putRequestsPerSecond } = ctx.quotas
  if (Number.isFinite(putMiBPerSecond)) publish(ctx, stream, 'BytesPerSecondLimit', 'Bytes', putMiBPerSecond * MIB)
  if (Number.isFinite(putRecordsPerSecond)) publish(ctx, stream, 'RecordsPerSecondLimit', 'Count', putRecordsPerSecond)
  if (Number.isFinite(putRequestsPerSecond)) publish(ctx, stream, 'PutRequestsPerSecondLimit', 'Count', putRequestsPerSecond)
}

/** The KMS exception behind each refusal, as the stream's KMS metric counts it (a wrong key usage has none). */
const KMS_METRICS: Partial<Record<KeyRefusal | 'grant-gone', string>> = {
  'not-found': 'KMSKeyNotFound',
  disabled: 'KMSKeyDisabled',
  'pending-deletion': 'KMSKeyInvalidState',
  'pending-import': 'KMSKeyInvalidState',
  'policy-denies': 'KMSKeyAccessDenied',
  'grant-gone': 'KMSKeyAccessDenied',
}

/** Firehose met a KMS exception using the stream's customer managed key. */
export function publishKmsError(ctx: FirehoseContext, stream: DeliveryStream, refusal: KeyRefusal | 'grant-gone'): void {
  const name = KMS_METRICS[refusal]
  if (name) publish(ctx, stream, name, 'Count', 1)
}

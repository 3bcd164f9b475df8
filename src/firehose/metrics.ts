/**
 * Firehose's CloudWatch metrics (namespace AWS/Firehose, dimension DeliveryStreamName), published
 * when the simulation does the work they count, at that time on the mock's clock.
 */
import type { MetricDatum, MetricsPublisher } from '../cloudwatch/port'
import type { DeliveryStream, StoredRecord } from './types'
import type { FirehoseContext } from './store'

function publish(ctx: FirehoseContext, stream: DeliveryStream, name: string, unit: MetricDatum['unit'], value: number): void {
  ctx.metrics.put(ctx.accountId, ctx.region, ctx.now, {
    namespace: 'AWS/Firehose',
    name,
    dimensions: [{ Name: 'DeliveryStreamName', Value: stream.name }],
    unit,
    value,
  })
}

/** A put request that succeeded (some records of a batch may have been refused): what it brought in, and what was throttled. */
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
  if (throttled > 0) publishThrottled(ctx, stream, throttled)
}

/** Records refused because the stream's throughput quotas were used up. */
export function publishThrottled(ctx: FirehoseContext, stream: DeliveryStream, records: number): void {
  publish(ctx, stream, 'ThrottledRecords', 'Count', records)
}

/**
 * A delivery to S3 at `at`: its records, their bytes (before compression), one successful S3 put,
 * and how old its oldest record was (DataFreshness, seconds).
 */
export function publishDelivery(
  metrics: MetricsPublisher,
  stream: DeliveryStream,
  at: number,
  records: number,
  bytes: number,
  oldestAgeMs: number,
): void {
  const dimensions = [{ Name: 'DeliveryStreamName', Value: stream.name }]
  const put = (name: string, unit: MetricDatum['unit'], value: number) =>
    metrics.put(stream.accountId, stream.region, at, { namespace: 'AWS/Firehose', name, dimensions, unit, value })
  put('DeliveryToS3.Records', 'Count', records)
  put('DeliveryToS3.Bytes', 'Bytes', bytes)
  put('DeliveryToS3.Success', 'Count', 1)
  put('DeliveryToS3.DataFreshness', 'Seconds', oldestAgeMs / 1000)
}

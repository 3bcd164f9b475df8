/**
 * Firehose's CloudWatch metrics (namespace AWS/Firehose, dimension DeliveryStreamName), published
 * when the simulation does the work they count, at that time on the mock's clock.
 */
import type { MetricDatum } from '../cloudwatch/port'
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

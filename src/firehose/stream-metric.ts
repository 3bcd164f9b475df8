/** How every Firehose metric is published: one datum of a stream (namespace AWS/Firehose, dimension DeliveryStreamName) at a time on the mock's clock. */
import type { MetricDatum, MetricsPublisher } from '../cloudwatch/port'
import type { DeliveryStream } from './types'

export function publishStreamMetric(
  metrics: MetricsPublisher,
  stream: DeliveryStream,
  at: number,
  name: string,
  unit: MetricDatum['unit'],
  value: number,
): void {
  metrics.put(stream.accountId, stream.region, at, {
    namespace: 'AWS/Firehose',
    name,
    dimensions: [{ Name: 'DeliveryStreamName', Value: stream.name }],
    unit,
    value,
  })
}

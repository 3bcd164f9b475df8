import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch'
import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createFirehoseMock, createManualClock, onUnhandled, type Fixture } from 'firehose-msw'
import clickstream from 'firehose-msw/fixtures/direct-put-s3.json'

const clock = createManualClock(Date.parse('2026-03-01T09:00:00Z'))
const aws = createFirehoseMock({ seed: clickstream as Fixture, now: clock.now, quotas: { putRecordsPerSecond: 3 } })
const server = setupServer(...aws.handlers)
beforeAll(() => server.listen(onUnhandled('error')))
afterAll(() => server.close())

const config = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 }
const firehose = new FirehoseClient(config)
const cloudwatch = new CloudWatchClient(config)
const putBatch = (n: number) =>
  firehose.send(
    new PutRecordBatchCommand({
      DeliveryStreamName: 'clickstream',
      Records: Array.from({ length: n }, () => ({ Data: new TextEncoder().encode('x') })),
    }),
  )

it('charts what the traffic did, per minute', async () => {
  await putBatch(2) // 09:00
  clock.advance(60_000)
  await putBatch(5) // 09:01: 3 fit the quota, 2 are throttled

  const metric = (MetricName: string) => ({
    Namespace: 'AWS/Firehose',
    MetricName,
    Dimensions: [{ Name: 'DeliveryStreamName', Value: 'clickstream' }],
  })
  const { MetricDataResults } = await cloudwatch.send(
    new GetMetricDataCommand({
      StartTime: new Date('2026-03-01T09:00:00Z'),
      EndTime: new Date('2026-03-01T09:05:00Z'),
      ScanBy: 'TimestampAscending',
      MetricDataQueries: [
        { Id: 'incoming', MetricStat: { Metric: metric('IncomingRecords'), Period: 60, Stat: 'Sum' } },
        { Id: 'throttled', MetricStat: { Metric: metric('ThrottledRecords'), Period: 60, Stat: 'Sum' } },
      ],
    }),
  )
  expect(MetricDataResults!.map((r) => [r.Id, r.Values])).toEqual([
    ['incoming', [2, 3]],
    ['throttled', [2]],
  ])
  expect(MetricDataResults![1]!.Timestamps).toEqual([new Date('2026-03-01T09:01:00Z')])

  // The same minutes without the SDK
  expect(aws.cloudwatch.datapoints('IncomingRecords', { stream: 'clickstream' }).map((m) => m.sum)).toEqual([2, 3])
})

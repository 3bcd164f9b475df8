import { FirehoseClient, CreateDeliveryStreamCommand, PutRecordBatchCommand } from '@aws-sdk/client-firehose'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createFirehoseMock, createManualClock, onUnhandled } from 'firehose-msw'

const clock = createManualClock(Date.UTC(2026, 0, 1))
const aws = createFirehoseMock({ timing: 'instant', now: clock.now })
const server = setupServer(...aws.handlers)
beforeAll(() => server.listen(onUnhandled('error')))
afterAll(() => server.close())

const firehose = new FirehoseClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 })

it('writes each customer’s events of each hour under their own prefix', async () => {
  await firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'events',
      ExtendedS3DestinationConfiguration: {
        RoleARN: 'arn:aws:iam::123456789012:role/firehose',
        BucketARN: 'arn:aws:s3:::analytics',
        Prefix: 'customer_id=!{partitionKeyFromQuery:customer_id}/hour=!{partitionKeyFromQuery:hour}/',
        ErrorOutputPrefix: 'errors/!{firehose:error-output-type}/',
        BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 60 },
        DynamicPartitioningConfiguration: { Enabled: true },
        ProcessingConfiguration: {
          Enabled: true,
          Processors: [
            {
              Type: 'MetadataExtraction',
              Parameters: [
                {
                  ParameterName: 'MetadataExtractionQuery',
                  ParameterValue: '{customer_id: .customer_id, hour: .event_timestamp | strftime("%Y-%m-%d-%H")}',
                },
                { ParameterName: 'JsonParsingEngine', ParameterValue: 'JQ-1.6' },
              ],
            },
          ],
        },
      },
    }),
  )
  const events = [
    { customer_id: '42', event_timestamp: 1565382027 }, // 2019-08-09 20:20:27 UTC
    { customer_id: '42', event_timestamp: 1565386200 }, // 21:30:00, the next hour
    { customer_id: '7', event_timestamp: 1565382030 },
    'not json',
  ]
  await firehose.send(
    new PutRecordBatchCommand({
      DeliveryStreamName: 'events',
      Records: events.map((e) => ({ Data: new TextEncoder().encode(typeof e === 'string' ? e : JSON.stringify(e)) })),
    }),
  )

  await aws.firehose.flush('events') // or move the clock past the 60 s buffer
  const keys = (await aws.firehose.deliveries('events')).map((o) => o.key.slice(0, o.key.lastIndexOf('/') + 1))
  expect(keys.sort()).toEqual([
    'customer_id=42/hour=2019-08-09-20/',
    'customer_id=42/hour=2019-08-09-21/',
    'customer_id=7/hour=2019-08-09-20/',
    'errors/metadata-extraction-failed/', // "not json": DynamicPartitioning.MetadataExtractionFailed
  ])
})

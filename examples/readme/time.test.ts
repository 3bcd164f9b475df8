import { CreateDeliveryStreamCommand, DescribeDeliveryStreamCommand, FirehoseClient } from '@aws-sdk/client-firehose'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createFirehoseMock, createManualClock, onUnhandled } from 'firehose-msw'

const clock = createManualClock(Date.UTC(2026, 0, 1))
const aws = createFirehoseMock({ now: clock.now }) // realistic timing: a new stream is CREATING for 5 s
const server = setupServer(...aws.handlers)
beforeAll(() => server.listen(onUnhandled('error')))
afterAll(() => server.close())

const firehose = new FirehoseClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 })
const status = async (name: string) =>
  (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }))).DeliveryStreamDescription!.DeliveryStreamStatus

it('moves only when the clock does', async () => {
  await firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'orders',
      ExtendedS3DestinationConfiguration: { RoleARN: 'arn:aws:iam::123456789012:role/firehose', BucketARN: 'arn:aws:s3:::orders-archive' },
    }),
  )
  expect(await status('orders')).toBe('CREATING')

  clock.advance(aws.timing.streamCreating - 1)
  expect(await status('orders')).toBe('CREATING')

  clock.advance(1)
  expect(await status('orders')).toBe('ACTIVE')
})

import { CreateDeliveryStreamCommand, FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose'
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createFirehoseMock, createManualClock, onUnhandled } from 'firehose-msw'

const clock = createManualClock(Date.UTC(2026, 0, 1, 12))
const aws = createFirehoseMock({ now: clock.now, timing: 'instant' })
const server = setupServer(...aws.handlers)
beforeAll(() => server.listen(onUnhandled('error')))
afterAll(() => server.close())

const config = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 }
const firehose = new FirehoseClient(config)
const s3 = new S3Client(config)

it('delivers buffered records to S3, where the app can read them', async () => {
  await firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'clickstream',
      ExtendedS3DestinationConfiguration: {
        RoleARN: 'arn:aws:iam::123456789012:role/firehose',
        BucketARN: 'arn:aws:s3:::clickstream-archive',
        Prefix: 'events/',
        BufferingHints: { IntervalInSeconds: 60, SizeInMBs: 5 },
      },
    }),
  )
  const Records = ['{"page":"/"}\n', '{"page":"/pricing"}\n'].map((text) => ({ Data: new TextEncoder().encode(text) }))
  await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'clickstream', Records }))
  expect(await aws.firehose.deliveries('clickstream')).toEqual([]) // still buffered

  clock.advance(60_000) // IntervalInSeconds has passed (aws.firehose.flush('clickstream') delivers at once)
  const [object] = await aws.firehose.deliveries('clickstream')
  expect(object).toMatchObject({ bucketArn: 'arn:aws:s3:::clickstream-archive', records: 2, compression: 'UNCOMPRESSED' })
  expect(object!.key).toMatch(/^events\/2026\/01\/01\/12\/clickstream-1-2026-01-01-12-00-00-[0-9a-f-]{36}$/)

  const { Contents } = await s3.send(new ListObjectsV2Command({ Bucket: 'clickstream-archive', Prefix: 'events/2026/' }))
  expect(Contents!.map((c) => c.Key)).toEqual([object!.key])
  const { Body } = await s3.send(new GetObjectCommand({ Bucket: 'clickstream-archive', Key: object!.key }))
  expect(await Body!.transformToString()).toBe('{"page":"/"}\n{"page":"/pricing"}\n') // no delimiter added

  await expect(s3.send(new GetObjectCommand({ Bucket: 'clickstream-archive', Key: 'events/missing' }))).rejects.toMatchObject({
    name: 'NoSuchKey',
  })
})

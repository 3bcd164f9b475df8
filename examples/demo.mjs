// A short tour of firehose-msw through the real AWS SDK: `npm start`.
import {
  CreateDeliveryStreamCommand,
  DescribeDeliveryStreamCommand,
  FirehoseClient,
  ListDeliveryStreamsCommand,
  PutRecordBatchCommand,
  PutRecordCommand,
} from '@aws-sdk/client-firehose'
import { setupServer } from 'msw/node'
import { createFirehoseMock, createManualClock, onUnhandled } from '../dist/index.js'

const clock = createManualClock(Date.now())
const aws = createFirehoseMock({ now: clock.now })
const server = setupServer(...aws.handlers)
server.listen(onUnhandled('error'))

const firehose = new FirehoseClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  maxAttempts: 1,
})
const log = (...args) => console.log('•', ...args)
const status = async (name) =>
  (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }))).DeliveryStreamDescription

try {
  await firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'clickstream',
      ExtendedS3DestinationConfiguration: {
        RoleARN: 'arn:aws:iam::123456789012:role/firehose',
        BucketARN: 'arn:aws:s3:::clickstream-archive',
      },
    }),
  )
  log('CreateDeliveryStream → status', (await status('clickstream')).DeliveryStreamStatus)

  const early = await firehose
    .send(new PutRecordCommand({ DeliveryStreamName: 'clickstream', Record: { Data: new TextEncoder().encode('too early') } }))
    .catch((error) => error)
  log(`PutRecord while CREATING → ${early.name}: ${early.message}`)

  clock.advance(aws.timing.streamCreating)
  log(`${aws.timing.streamCreating} ms later → status`, (await status('clickstream')).DeliveryStreamStatus)

  const put = await firehose.send(
    new PutRecordCommand({ DeliveryStreamName: 'clickstream', Record: { Data: new TextEncoder().encode('{"page":"/home"}\n') } }),
  )
  log('PutRecord →', { RecordId: put.RecordId, Encrypted: put.Encrypted })

  const batch = await firehose.send(
    new PutRecordBatchCommand({
      DeliveryStreamName: 'clickstream',
      Records: ['/cart', '/checkout'].map((page) => ({ Data: new TextEncoder().encode(`{"page":"${page}"}\n`) })),
    }),
  )
  log('PutRecordBatch → FailedPutCount', batch.FailedPutCount, 'Encrypted', batch.Encrypted)

  const invalid = await firehose
    .send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: 'bad name!',
        ExtendedS3DestinationConfiguration: { RoleARN: 'x', BucketARN: 'y' },
      }),
    )
    .catch((error) => error)
  log(`CreateDeliveryStream with a bad name → ${invalid.name}: ${invalid.message}`)

  log('ListDeliveryStreams →', (await firehose.send(new ListDeliveryStreamsCommand({}))).DeliveryStreamNames)
  log(
    'Stored records:',
    aws.firehose.records('clickstream').map((r) => new TextDecoder().decode(r.data).trim()),
  )
} finally {
  server.close()
}

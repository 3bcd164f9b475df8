import { CreateDeliveryStreamCommand, PutRecordCommand } from '@aws-sdk/client-firehose'
import { describe, expect, it } from 'vitest'
import { ACCOUNT, BUCKET_ARN, ROLE_ARN, s3Stream } from '../../support/aws'
import { bytes, decode } from '../../support/bytes'
import { expectAwsError, failureOf, notFound } from '../../support/errors'
import { useMock } from '../../support/mock'

// Realistic timing: puts into a CREATING stream are part of what this file checks.
const { aws, clock, firehose, activeStream } = useMock()

const put = (name: string, data: Uint8Array) => firehose.send(new PutRecordCommand({ DeliveryStreamName: name, Record: { Data: data } }))

describe('PutRecord', () => {
  it('returns a RecordId and Encrypted false for a stream without server-side encryption', async () => {
    await activeStream('orders')
    const out = await put('orders', bytes('{"id":1}\n'))
    expect(typeof out.RecordId).toBe('string')
    expect(out.RecordId!.length).toBeGreaterThan(0)
    expect(out.Encrypted).toBe(false)
    expect(out.$metadata.httpStatusCode).toBe(200)
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it('stores the record bytes exactly, under the RecordId it returned', async () => {
    await activeStream('orders')
    const data = Uint8Array.from({ length: 512 }, (_, i) => (i * 7) % 256)
    const out = await put('orders', data)
    const [stored] = aws.firehose.records('orders')
    expect(stored!.recordId).toBe(out.RecordId)
    expect(Array.from(stored!.data)).toEqual(Array.from(data))
    expect(stored!.encrypted).toBe(false)
    expect(stored!.receivedAt).toBe(clock.now())
  })

  it('keeps records in arrival order and gives each a distinct RecordId', async () => {
    await activeStream('orders')
    const ids: string[] = []
    for (const text of ['one', 'two', 'three']) ids.push((await put('orders', bytes(text))).RecordId!)
    const stored = aws.firehose.records('orders')
    expect(stored.map((r) => decode(r.data))).toEqual(['one', 'two', 'three'])
    expect(stored.map((r) => r.recordId)).toEqual(ids)
    expect(new Set(ids).size).toBe(3)
  })

  it('accepts a record of exactly 1,024,000 bytes', async () => {
    await activeStream('orders')
    const data = new Uint8Array(1_024_000).fill(65)
    await put('orders', data)
    expect(aws.firehose.records('orders')[0]!.data.length).toBe(1_024_000)
  })

  it('returns ValidationException for a record of 1,024,001 bytes and stores nothing', async () => {
    await activeStream('orders')
    await expectAwsError(put('orders', new Uint8Array(1_024_001)), {
      name: 'ValidationException',
      message:
        "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1024001 cap=1024001]' at 'record.data' failed to satisfy constraint: Member must have length less than or equal to 1024000",
      status: 400,
    })
    expect(aws.firehose.records('orders')).toEqual([])
  })

  it('returns ResourceNotFoundException for an unknown stream', async () => {
    await expectAwsError(put('missing', bytes('x')), notFound('missing'))
  })

  it('rejects a record sent to a stream that is still CREATING and stores nothing', async () => {
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('orders')))
    const error = await failureOf(put('orders', bytes('too early')))
    expect(['ResourceNotFoundException', 'InvalidArgumentException']).toContain(error.name)
    expect(error.$metadata?.httpStatusCode).toBe(400)
    clock.advance(aws.timing.streamCreating)
    expect(aws.firehose.records('orders')).toEqual([])
    await put('orders', bytes('on time'))
    expect(aws.firehose.records('orders')).toHaveLength(1)
  })

  it('returns InvalidArgumentException for a KinesisStreamAsSource stream', async () => {
    await activeStream('from-kinesis', {
      DeliveryStreamName: 'from-kinesis',
      DeliveryStreamType: 'KinesisStreamAsSource',
      KinesisStreamSourceConfiguration: { KinesisStreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/src`, RoleARN: ROLE_ARN },
      ExtendedS3DestinationConfiguration: { RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN },
    })
    await expectAwsError(put('from-kinesis', bytes('x')), {
      name: 'InvalidArgumentException',
      message: 'This operation is not permitted on KinesisStreamAsSource delivery stream type.',
      status: 400,
    })
    expect(aws.firehose.records('from-kinesis')).toEqual([])
  })

  it('returns ValidationException for a stream name outside the allowed pattern', async () => {
    await expectAwsError(put('no spaces', bytes('x')), {
      name: 'ValidationException',
      message:
        /^1 validation error detected: Value 'no spaces' at 'deliveryStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: /,
      status: 400,
    })
  })
})

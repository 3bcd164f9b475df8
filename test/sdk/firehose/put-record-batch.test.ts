import { CreateDeliveryStreamCommand, PutRecordBatchCommand } from '@aws-sdk/client-firehose'
import { describe, expect, it } from 'vitest'
import { ACCOUNT, BUCKET_ARN, ROLE_ARN, s3Stream } from '../../support/aws'
import { bytes, decode } from '../../support/bytes'
import { expectAwsError, failureOf, notFound } from '../../support/errors'
import { useMock } from '../../support/mock'

// Realistic timing: puts into a CREATING stream are part of what this file checks.
const { aws, clock, firehose, activeStream } = useMock()

const putBatch = (name: string, records: Uint8Array[]) =>
  firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: records.map((Data) => ({ Data })) }))

const texts = (n: number) => Array.from({ length: n }, (_, i) => bytes(`record-${i}`))

describe('PutRecordBatch', () => {
  it('returns one RecordId per record in order, FailedPutCount 0 and Encrypted false', async () => {
    await activeStream('orders')
    const out = await putBatch('orders', texts(3))
    expect(out.FailedPutCount).toBe(0)
    expect(out.Encrypted).toBe(false)
    expect(out.RequestResponses).toHaveLength(3)
    for (const entry of out.RequestResponses!) {
      expect(typeof entry.RecordId).toBe('string')
      expect(entry.ErrorCode).toBeUndefined()
      expect(entry.ErrorMessage).toBeUndefined()
    }
    const stored = aws.firehose.records('orders')
    expect(stored.map((r) => decode(r.data))).toEqual(['record-0', 'record-1', 'record-2'])
    expect(stored.map((r) => r.recordId)).toEqual(out.RequestResponses!.map((e) => e.RecordId))
  })

  it('stores binary record bytes exactly', async () => {
    await activeStream('orders')
    const all = Uint8Array.from({ length: 256 }, (_, i) => i)
    await putBatch('orders', [all, new Uint8Array([0, 255, 0])])
    const stored = aws.firehose.records('orders')
    expect(Array.from(stored[0]!.data)).toEqual(Array.from(all))
    expect(Array.from(stored[1]!.data)).toEqual([0, 255, 0])
  })

  it('accepts 500 records in one call with 500 distinct RecordIds', async () => {
    await activeStream('orders')
    const out = await putBatch('orders', texts(500))
    expect(out.FailedPutCount).toBe(0)
    expect(out.RequestResponses).toHaveLength(500)
    expect(new Set(out.RequestResponses!.map((e) => e.RecordId)).size).toBe(500)
    expect(aws.firehose.records('orders')).toHaveLength(500)
  })

  it('returns ValidationException at records for 501 records and stores nothing', async () => {
    await activeStream('orders')
    await expectAwsError(putBatch('orders', texts(501)), {
      name: 'ValidationException',
      message:
        /^1 validation error detected: Value '.*' at 'records' failed to satisfy constraint: Member must have length less than or equal to 500$/s,
      status: 400,
    })
    expect(aws.firehose.records('orders')).toEqual([])
  })

  it('returns ValidationException at records for an empty batch', async () => {
    await activeStream('orders')
    await expectAwsError(putBatch('orders', []), {
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '[]' at 'records' failed to satisfy constraint: Member must have length greater than or equal to 1",
      status: 400,
    })
  })

  it('returns ValidationException naming the oversize record by its 1-based index and stores none of the batch', async () => {
    await activeStream('orders')
    await expectAwsError(putBatch('orders', [bytes('small'), new Uint8Array(1_024_001), bytes('also small')]), {
      name: 'ValidationException',
      message:
        "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1024001 cap=1024001]' at 'records.2.member.data' failed to satisfy constraint: Member must have length less than or equal to 1024000",
      status: 400,
    })
    expect(aws.firehose.records('orders')).toEqual([])
  })

  it('accepts a batch of exactly 4 MiB of data', async () => {
    await activeStream('orders')
    const records = [...Array.from({ length: 4 }, () => new Uint8Array(1_024_000)), new Uint8Array(4 * 1024 * 1024 - 4 * 1_024_000)]
    const out = await putBatch('orders', records)
    expect(out.FailedPutCount).toBe(0)
    expect(aws.firehose.records('orders')).toHaveLength(5)
  })

  it('returns InvalidArgumentException for a batch above 4 MiB and stores nothing', async () => {
    await activeStream('orders')
    const records = Array.from({ length: 5 }, () => new Uint8Array(1_000_000))
    await expectAwsError(putBatch('orders', records), { name: 'InvalidArgumentException', status: 400 })
    expect(aws.firehose.records('orders')).toEqual([])
  })

  it('returns ResourceNotFoundException for an unknown stream', async () => {
    await expectAwsError(putBatch('missing', texts(1)), notFound('missing'))
  })

  it('rejects a batch sent to a stream that is still CREATING and stores nothing', async () => {
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('orders')))
    const error = await failureOf(putBatch('orders', texts(2)))
    expect(['ResourceNotFoundException', 'InvalidArgumentException']).toContain(error.name)
    expect(error.$metadata?.httpStatusCode).toBe(400)
    clock.advance(aws.timing.streamCreating)
    expect(aws.firehose.records('orders')).toEqual([])
  })

  it('returns InvalidArgumentException for a KinesisStreamAsSource stream', async () => {
    await activeStream('from-kinesis', {
      DeliveryStreamName: 'from-kinesis',
      DeliveryStreamType: 'KinesisStreamAsSource',
      KinesisStreamSourceConfiguration: { KinesisStreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/src`, RoleARN: ROLE_ARN },
      ExtendedS3DestinationConfiguration: { RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN },
    })
    await expectAwsError(putBatch('from-kinesis', texts(2)), {
      name: 'InvalidArgumentException',
      message: 'This operation is not permitted on KinesisStreamAsSource delivery stream type.',
      status: 400,
    })
    expect(aws.firehose.records('from-kinesis')).toEqual([])
  })
})

/**
 * The reads that run due Lambda invocations: an S3 ListObjectsV2 or GetObject through the real
 * @aws-sdk/client-s3, a CloudWatch GetMetricStatistics through @aws-sdk/client-cloudwatch, and
 * `aws.firehose.deliveries()`. Puts only stage records; nothing is invoked until such a read, and
 * reads that overlap invoke each due batch once.
 */
import { DescribeDeliveryStreamCommand } from '@aws-sdk/client-firehose'
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { BUCKET } from '../../support/aws'
import { decode } from '../../support/bytes'
import { START } from '../../support/clock'
import { cloudWatchClient, getStatistics, sumsByMinute } from '../../support/cloudwatch'
import { s3Client } from '../../support/delivery'
import { failureOf } from '../../support/errors'
import { putText } from '../../support/firehose'
import { useMock } from '../../support/mock'
import { functionArn, processedStream, upperCase, type FirehoseEvent } from '../../support/processing'

const ARN = functionArn('enrich')
/** The record texts of each call of the handler, in call order. */
const calls: string[][] = []

const { aws, clock, firehose, activeStream } = useMock({
  timing: 'instant',
  lambdas: {
    // Async, so that overlapping reads would interleave if they could.
    [ARN]: async (event: FirehoseEvent) => {
      calls.push(event.records.map((r) => Buffer.from(r.data, 'base64').toString()))
      await new Promise((resolve) => setImmediate(resolve))
      return upperCase(event)
    },
  },
})
const s3 = s3Client({ forcePathStyle: true })
const cloudwatch = cloudWatchClient()

/**
 * Records put at START + 1 s (batch due at START + 61 s, delivered to S3 at START + 121 s) and at
 * START + 3 min (due at START + 4 min, delivered at START + 5 min); the clock then at START + 10 min.
 */
async function twoBatches() {
  calls.length = 0
  await activeStream('orders', processedStream('orders', ARN))
  clock.set(START + 1_000)
  await putText(firehose, 'orders', 'a\n')
  await putText(firehose, 'orders', 'b\n')
  clock.set(START + 3 * 60_000)
  await putText(firehose, 'orders', 'c\n')
  clock.set(START + 10 * 60_000)
  // Nothing has read yet: nothing was invoked.
  expect(calls).toEqual([])
  expect(aws.firehose.invocations('orders')).toEqual([])
}

const BATCHES = [['a\n', 'b\n'], ['c\n']]

describe('an S3 read through @aws-sdk/client-s3', () => {
  it('ListObjectsV2 runs the due invocations first and lists the transformed objects; GetObject reads them', async () => {
    await twoBatches()
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))
    expect(calls).toEqual(BATCHES)
    expect(listed.KeyCount).toBe(2)
    const byTime = [...listed.Contents!].sort((x, y) => x.LastModified!.getTime() - y.LastModified!.getTime())
    expect(byTime.map((c) => c.LastModified!.getTime())).toEqual([START + 121_000, START + 5 * 60_000])
    const bodies = await Promise.all(
      byTime.map(async (c) =>
        decode(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: c.Key }))).Body!.transformToByteArray()),
      ),
    )
    expect(bodies).toEqual(['A\nB\n', 'C\n'])
    expect(calls).toHaveLength(2) // the reads after the first found nothing left to invoke
    expect(aws.firehose.invocations('orders').map((i) => i.invokedAt)).toEqual([START + 61_000, START + 4 * 60_000])
  })

  it('GetObject runs them too, even for a key that does not exist (NoSuchKey)', async () => {
    await twoBatches()
    const error = await failureOf(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'not/there' })))
    expect(error.name).toBe('NoSuchKey')
    expect(calls).toEqual(BATCHES)
    expect(aws.firehose.invocations('orders')).toHaveLength(2)
  })

  it('a Firehose call does not run them', async () => {
    await twoBatches()
    await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'orders' }))
    await putText(firehose, 'orders', 'd\n')
    expect(calls).toEqual([])
  })
})

describe('a CloudWatch read through @aws-sdk/client-cloudwatch', () => {
  it('GetMetricStatistics runs them first: DeliveryToS3.Records counts the transformed records in the minutes they were delivered', async () => {
    await twoBatches()
    expect(await sumsByMinute(getStatistics(cloudwatch, 'orders', 'DeliveryToS3.Records'))).toEqual([
      [2, 2],
      [5, 1],
    ])
    expect(calls).toEqual(BATCHES)
    // The invocations' own metrics are at the times the batches were due.
    expect(await sumsByMinute(getStatistics(cloudwatch, 'orders', 'SucceedProcessing.Records'))).toEqual([
      [1, 2],
      [4, 1],
    ])
    expect(calls).toHaveLength(2)
  })

  it('before the invocations, a read sees no delivery yet: the records wait for the processor, not for S3', async () => {
    await activeStream('orders', processedStream('orders', ARN))
    calls.length = 0
    clock.set(START + 1_000)
    await putText(firehose, 'orders', 'a\n')
    clock.set(START + 60_000) // the processor’s 60 s have not passed
    expect(await sumsByMinute(getStatistics(cloudwatch, 'orders', 'DeliveryToS3.Records'))).toEqual([])
    expect(calls).toEqual([])
  })
})

describe('aws.firehose.deliveries()', () => {
  it('runs them and returns the transformed objects', async () => {
    await twoBatches()
    const delivered = await aws.firehose.deliveries('orders')
    expect(calls).toEqual(BATCHES)
    expect(delivered.map((o) => [decode(o.data), o.records, o.deliveredAt])).toEqual([
      ['A\nB\n', 2, START + 121_000],
      ['C\n', 1, START + 5 * 60_000],
    ])
  })

  it('two concurrent calls invoke each batch once and see the same objects', async () => {
    await twoBatches()
    const [first, second] = await Promise.all([aws.firehose.deliveries('orders'), aws.firehose.deliveries('orders')])
    expect(calls).toEqual(BATCHES)
    expect(aws.firehose.invocations('orders')).toHaveLength(2)
    expect(second.map((o) => o.key)).toEqual(first.map((o) => o.key))
    expect(first.map((o) => decode(o.data))).toEqual(['A\nB\n', 'C\n'])
  })

  it('concurrent reads of every kind invoke each batch once', async () => {
    await twoBatches()
    const [listed, delivered, records] = await Promise.all([
      s3.send(new ListObjectsV2Command({ Bucket: BUCKET })),
      aws.firehose.deliveries('orders'),
      sumsByMinute(getStatistics(cloudwatch, 'orders', 'DeliveryToS3.Records')),
      aws.firehose.flush('orders'),
    ])
    expect(calls).toEqual(BATCHES)
    expect(listed.KeyCount).toBe(2)
    expect(delivered).toHaveLength(2)
    expect(records).toEqual([
      [2, 2],
      [5, 1],
    ])
  })
})

describe('the synchronous inspections', () => {
  it('records() and aws.cloudwatch.datapoints() do not run them, not even once other work has been awaited', async () => {
    await twoBatches()
    expect(aws.firehose.records('orders')).toHaveLength(3)
    expect(aws.cloudwatch.datapoints('DeliveryToS3.Records', { stream: 'orders' })).toEqual([])
    await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'orders' }))
    expect(calls).toEqual([])
    expect(aws.firehose.invocations('orders')).toEqual([])
  })
})

/**
 * The retention cap (`retention.maxRecordsPerStream`): the oldest records beyond it are dropped
 * and counted, per stream; without it, everything is kept.
 */
import {
  CreateDeliveryStreamCommand,
  DeleteDeliveryStreamCommand,
  PutRecordBatchCommand,
  PutRecordCommand,
  type FirehoseClient,
} from '@aws-sdk/client-firehose'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFirehoseMock, FirehoseMswError } from '../../src'
import { s3Stream } from '../support/aws'
import { bytes, decode } from '../support/bytes'
import { storedTexts } from '../support/firehose'
import { useMock } from '../support/mock'

const CAP = 100
const { aws, clock, server, firehose } = useMock({ timing: 'instant', retention: { maxRecordsPerStream: CAP } })

const label = (i: number) => `record-${String(i).padStart(4, '0')}`
const labels = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => label(from + k))

const create = (client: FirehoseClient, name: string) => client.send(new CreateDeliveryStreamCommand(s3Stream(name)))

/** Puts records `from`..`to`-1 in one PutRecordBatch; returns their RecordIds. */
async function putBatch(client: FirehoseClient, name: string, from: number, to: number): Promise<string[]> {
  const out = await client.send(
    new PutRecordBatchCommand({ DeliveryStreamName: name, Records: labels(from, to).map((t) => ({ Data: bytes(t) })) }),
  )
  expect(out.FailedPutCount).toBe(0)
  return out.RequestResponses!.map((r) => r.RecordId!)
}

/** Puts records `from`..`to`-1 one PutRecord each; returns their RecordIds. */
async function putEach(client: FirehoseClient, name: string, from: number, to: number): Promise<string[]> {
  const ids: string[] = []
  for (const t of labels(from, to)) {
    ids.push((await client.send(new PutRecordCommand({ DeliveryStreamName: name, Record: { Data: bytes(t) } }))).RecordId!)
  }
  return ids
}

/** 1,000 records: a batch of 500, 50 single puts, a batch of 450. */
async function putThousand(client: FirehoseClient, name: string): Promise<string[]> {
  return [
    ...(await putBatch(client, name, 0, 500)),
    ...(await putEach(client, name, 500, 550)),
    ...(await putBatch(client, name, 550, 1000)),
  ]
}

describe('retention.maxRecordsPerStream', () => {
  it('keeps exactly the last 100 of 1,000 records, in order, and counts 900 dropped', async () => {
    await create(firehose, 'orders')
    const ids = await putThousand(firehose, 'orders')
    expect(new Set(ids).size).toBe(1000)
    const kept = aws.firehose.records('orders')
    expect(kept).toHaveLength(CAP)
    expect(kept.map((r) => decode(r.data))).toEqual(labels(900, 1000))
    expect(kept.map((r) => r.recordId)).toEqual(ids.slice(900))
    expect(aws.firehose.droppedRecords('orders')).toBe(900)
  })

  it('keeps the last 100 after 1,000 records sent as PutRecordBatch of 500 twice', async () => {
    await create(firehose, 'orders')
    const ids = [...(await putBatch(firehose, 'orders', 0, 500)), ...(await putBatch(firehose, 'orders', 500, 1000))]
    expect(aws.firehose.records('orders').map((r) => r.recordId)).toEqual(ids.slice(900))
    expect(storedTexts(aws, 'orders')).toEqual(labels(900, 1000))
    expect(aws.firehose.droppedRecords('orders')).toBe(900)
  })

  it('drops nothing up to the cap, then one per record beyond it', async () => {
    await create(firehose, 'orders')
    await putBatch(firehose, 'orders', 0, CAP)
    expect(storedTexts(aws, 'orders')).toEqual(labels(0, CAP))
    expect(aws.firehose.droppedRecords('orders')).toBe(0)
    await putEach(firehose, 'orders', CAP, CAP + 1)
    expect(storedTexts(aws, 'orders')).toEqual(labels(1, CAP + 1))
    expect(aws.firehose.droppedRecords('orders')).toBe(1)
    for (let n = CAP + 1; n < 400; n += 37) {
      await putBatch(firehose, 'orders', n, Math.min(n + 37, 400))
      const total = Math.min(n + 37, 400)
      expect(storedTexts(aws, 'orders')).toEqual(labels(total - CAP, total))
      expect(aws.firehose.droppedRecords('orders')).toBe(total - CAP)
    }
  })

  it('caps each stream on its own', async () => {
    await create(firehose, 'big')
    await create(firehose, 'small')
    await putBatch(firehose, 'big', 0, 300)
    await putBatch(firehose, 'small', 0, 40)
    expect(storedTexts(aws, 'big')).toEqual(labels(200, 300))
    expect(aws.firehose.droppedRecords('big')).toBe(200)
    expect(storedTexts(aws, 'small')).toEqual(labels(0, 40))
    expect(aws.firehose.droppedRecords('small')).toBe(0)
  })

  it('reset() clears the records and the drop counts', async () => {
    await create(firehose, 'orders')
    await putBatch(firehose, 'orders', 0, 500)
    expect(aws.firehose.droppedRecords('orders')).toBe(400)
    aws.reset()
    expect(aws.firehose.streamNames()).toEqual([])
    await create(firehose, 'orders')
    expect(aws.firehose.records('orders')).toEqual([])
    expect(aws.firehose.droppedRecords('orders')).toBe(0)
    await putBatch(firehose, 'orders', 0, 10)
    expect(storedTexts(aws, 'orders')).toEqual(labels(0, 10))
    expect(aws.firehose.droppedRecords('orders')).toBe(0)
  })

  it('starts a re-created stream of the same name with no records and no drops', async () => {
    await create(firehose, 'orders')
    await putBatch(firehose, 'orders', 0, 500)
    await firehose.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: 'orders' }))
    clock.advance(1)
    await create(firehose, 'orders')
    expect(aws.firehose.records('orders')).toEqual([])
    expect(aws.firehose.droppedRecords('orders')).toBe(0)
  })

  it('throws FirehoseMswError from the inspection API for an unknown stream', () => {
    expect(() => aws.firehose.droppedRecords('missing')).toThrow(FirehoseMswError)
  })
})

describe('default retention', () => {
  const unlimited = createFirehoseMock({ timing: 'instant', now: clock.now })
  beforeEach(() => server.use(...unlimited.handlers))
  afterEach(() => {
    server.resetHandlers()
    unlimited.reset()
  })

  it('keeps every record and drops none', async () => {
    await create(firehose, 'orders')
    const ids = await putThousand(firehose, 'orders')
    const kept = unlimited.firehose.records('orders')
    expect(kept).toHaveLength(1000)
    expect(kept.map((r) => decode(r.data))).toEqual(labels(0, 1000))
    expect(kept.map((r) => r.recordId)).toEqual(ids)
    expect(unlimited.firehose.droppedRecords('orders')).toBe(0)
  })
})

describe('invalid retention options', () => {
  it.each([0, 1.5, -1, Number.NaN, 0.5])('rejects maxRecordsPerStream %s with FirehoseMswError', (value) => {
    const attempt = () => createFirehoseMock({ retention: { maxRecordsPerStream: value } })
    expect(attempt).toThrow(FirehoseMswError)
    expect(attempt).toThrow(/retention\.maxRecordsPerStream must be a whole number ≥ 1/)
  })

  it.each([1, 100, Number.POSITIVE_INFINITY])('accepts maxRecordsPerStream %s', (value) => {
    expect(() => createFirehoseMock({ retention: { maxRecordsPerStream: value } })).not.toThrow()
  })

  it('accepts an empty retention object as unlimited', () => {
    expect(() => createFirehoseMock({ retention: {} })).not.toThrow()
  })
})

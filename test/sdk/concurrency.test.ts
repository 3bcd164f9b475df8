/**
 * 1,000 PutRecordBatch calls in flight at once through the real SDK: every record is stored
 * exactly once, each batch lands contiguous and in order, and the RecordIds are unique and the
 * ones the SDK was given.
 */
import { CreateDeliveryStreamCommand, PutRecordBatchCommand, type PutRecordBatchCommandOutput } from '@aws-sdk/client-firehose'
import { describe, expect, it } from 'vitest'
import { s3Stream } from '../support/aws'
import { bytes, decode } from '../support/bytes'
import { useMock } from '../support/mock'

const { aws, firehose, server } = useMock({ timing: 'instant', quotas: false })

const BATCHES = 1000
/** 5 to 10 records, varying with the batch number. */
const sizeOf = (batch: number) => 5 + ((batch * 7) % 6)
const encode = (batch: number, index: number) => `batch=${batch};index=${index}`
const parse = (data: Uint8Array) => {
  const m = /^batch=(\d+);index=(\d+)$/.exec(decode(data))
  if (!m) throw new Error(`unexpected record data: ${decode(data)}`)
  return { batch: Number(m[1]), index: Number(m[2]) }
}

describe('concurrent PutRecordBatch', () => {
  it(
    `stores the records of ${BATCHES} concurrent batches exactly once, each batch contiguous and in order`,
    { timeout: 20_000 },
    async () => {
      await firehose.send(new CreateDeliveryStreamCommand(s3Stream('orders')))
      // How many requests msw had in flight at once: proves the calls really overlapped.
      let inFlight = 0
      let peak = 0
      const started = () => void (peak = Math.max(peak, ++inFlight))
      const ended = () => void inFlight--
      server.events.on('request:start', started)
      server.events.on('response:mocked', ended)
      const outputs: PutRecordBatchCommandOutput[] = await Promise.all(
        Array.from({ length: BATCHES }, (_, b) =>
          firehose.send(
            new PutRecordBatchCommand({
              DeliveryStreamName: 'orders',
              Records: Array.from({ length: sizeOf(b) }, (_, i) => ({ Data: bytes(encode(b, i)) })),
            }),
          ),
        ),
      )
      server.events.removeListener('request:start', started)
      server.events.removeListener('response:mocked', ended)
      expect(peak).toBeGreaterThan(1)
      const expectedTotal = Array.from({ length: BATCHES }, (_, b) => sizeOf(b)).reduce((a, n) => a + n, 0)

      // Every call fully accepted, one RecordId per record.
      outputs.forEach((out, b) => {
        expect(out.FailedPutCount, `batch ${b}`).toBe(0)
        expect(out.RequestResponses, `batch ${b}`).toHaveLength(sizeOf(b))
        for (const entry of out.RequestResponses!) expect(entry.ErrorCode, `batch ${b}`).toBeUndefined()
      })

      const stored = aws.firehose.records('orders')
      expect(stored).toHaveLength(expectedTotal)
      const decoded = stored.map((r) => parse(r.data))

      // Exactly once.
      const seen = new Set(decoded.map((d) => `${d.batch}/${d.index}`))
      expect(seen.size).toBe(expectedTotal)
      for (let b = 0; b < BATCHES; b++) for (let i = 0; i < sizeOf(b); i++) expect(seen.has(`${b}/${i}`)).toBe(true)

      // Each batch contiguous and in order: its first record at some position p, then p+1, … .
      const firstPosition = new Map<number, number>()
      decoded.forEach((d, pos) => {
        if (d.index === 0) firstPosition.set(d.batch, pos)
      })
      expect(firstPosition.size).toBe(BATCHES)
      for (let b = 0; b < BATCHES; b++) {
        const p = firstPosition.get(b)!
        const run = decoded.slice(p, p + sizeOf(b))
        expect(run, `batch ${b} at ${p}`).toEqual(Array.from({ length: sizeOf(b) }, (_, i) => ({ batch: b, index: i })))
      }

      // RecordIds unique, and each stored record carries the id the SDK returned for it.
      const storedIds = stored.map((r) => r.recordId)
      expect(new Set(storedIds).size).toBe(expectedTotal)
      const returnedIds = outputs.flatMap((out) => out.RequestResponses!.map((e) => e.RecordId!))
      expect(new Set(returnedIds).size).toBe(expectedTotal)
      for (let b = 0; b < BATCHES; b++) {
        const p = firstPosition.get(b)!
        expect(storedIds.slice(p, p + sizeOf(b)), `batch ${b}`).toEqual(outputs[b]!.RequestResponses!.map((e) => e.RecordId))
      }
    },
  )
})

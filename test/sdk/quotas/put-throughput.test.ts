import { CreateDeliveryStreamCommand, PutRecordBatchCommand, PutRecordCommand } from '@aws-sdk/client-firehose'
import { describe, expect, it } from 'vitest'
import { s3Stream } from '../../support/aws'
import { bytes, decode, MIB } from '../../support/bytes'
import { firehoseClient } from '../../support/clients'
import { expectAwsError, SLOW_DOWN } from '../../support/errors'
import { putText, storedTexts } from '../../support/firehose'
import { useMock } from '../../support/mock'

const FAILED_ENTRY = { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'Slow down.' }

describe('per-stream put quotas (small overrides, frozen clock)', () => {
  const { aws, clock, firehose } = useMock({
    timing: 'instant',
    quotas: { putRequestsPerSecond: 5, putRecordsPerSecond: 10, putMiBPerSecond: 1 },
  })
  const create = (name: string) => firehose.send(new CreateDeliveryStreamCommand(s3Stream(name)))
  const put = (name: string, text: string) => putText(firehose, name, text)
  const putBatch = (name: string, records: Uint8Array[]) =>
    firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: records.map((Data) => ({ Data })) }))
  const stored = (name: string) => storedTexts(aws, name)

  describe('putRequestsPerSecond', () => {
    it('refuses the 6th PutRecord within one second with ServiceUnavailableException "Slow down." and stores nothing for it', async () => {
      await create('s')
      for (let i = 0; i < 5; i++) await put('s', `r${i}`)
      await expectAwsError(put('s', 'refused'), SLOW_DOWN)
      expect(stored('s')).toEqual(['r0', 'r1', 'r2', 'r3', 'r4'])
    })

    it('recovers once the clock has moved one second', async () => {
      await create('s')
      for (let i = 0; i < 5; i++) await put('s', `r${i}`)
      await expectAwsError(put('s', 'refused'), SLOW_DOWN)
      clock.advance(999)
      await expectAwsError(put('s', 'still refused'), SLOW_DOWN)
      clock.advance(1)
      const out = await put('s', 'r5')
      expect(typeof out.RecordId).toBe('string')
      expect(stored('s')).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5'])
    })

    it('uses a sliding one-second window, not a fixed bucket', async () => {
      await create('s')
      for (let i = 0; i < 3; i++) await put('s', `t0-${i}`)
      clock.advance(500)
      for (let i = 0; i < 2; i++) await put('s', `t500-${i}`)
      await expectAwsError(put('s', 'refused'), SLOW_DOWN)
      clock.advance(500) // the three calls of t=0 leave the window; the two of t=500 remain
      for (let i = 0; i < 3; i++) await put('s', `t1000-${i}`)
      await expectAwsError(put('s', 'refused'), SLOW_DOWN)
      expect(stored('s')).toHaveLength(8)
    })

    it('does not count refused calls against the window', async () => {
      await create('s')
      for (let i = 0; i < 5; i++) await put('s', `r${i}`)
      clock.advance(500)
      for (let i = 0; i < 3; i++) await expectAwsError(put('s', 'refused'), SLOW_DOWN)
      clock.advance(500)
      for (let i = 5; i < 10; i++) await put('s', `r${i}`)
      expect(stored('s')).toHaveLength(10)
    })

    it('refuses a whole PutRecordBatch over the request rate with 503 and stores none of it', async () => {
      await create('s')
      for (let i = 0; i < 5; i++) await putBatch('s', [bytes(`r${i}`)])
      await expectAwsError(putBatch('s', [bytes('x'), bytes('y')]), SLOW_DOWN)
      expect(stored('s')).toEqual(['r0', 'r1', 'r2', 'r3', 'r4'])
    })

    it('counts PutRecord and PutRecordBatch together', async () => {
      await create('s')
      await put('s', 'a')
      await putBatch('s', [bytes('b')])
      await put('s', 'c')
      await putBatch('s', [bytes('d')])
      await put('s', 'e')
      await expectAwsError(putBatch('s', [bytes('f')]), SLOW_DOWN)
      await expectAwsError(put('s', 'g'), SLOW_DOWN)
    })

    it('applies per stream: another stream is not throttled', async () => {
      await create('busy')
      await create('quiet')
      for (let i = 0; i < 5; i++) await put('busy', `r${i}`)
      await expectAwsError(put('busy', 'refused'), SLOW_DOWN)
      await put('quiet', 'fine')
      expect(stored('quiet')).toEqual(['fine'])
    })

    it('is per region too: the same stream name in another region has its own window', async () => {
      await create('s')
      const dublin = firehoseClient('eu-west-1')
      await dublin.send(new CreateDeliveryStreamCommand(s3Stream('s')))
      for (let i = 0; i < 5; i++) await put('s', `r${i}`)
      await expectAwsError(put('s', 'refused'), SLOW_DOWN)
      await dublin.send(new PutRecordCommand({ DeliveryStreamName: 's', Record: { Data: bytes('dublin') } }))
      expect(aws.firehose.records('s', { region: 'eu-west-1' })).toHaveLength(1)
    })
  })

  describe('putRecordsPerSecond', () => {
    it('fails the records of a PutRecordBatch over the record rate as entries (HTTP 200), storing the accepted ones in order', async () => {
      await create('s')
      const out = await putBatch(
        's',
        Array.from({ length: 12 }, (_, i) => bytes(`r${i}`)),
      )
      expect(out.$metadata.httpStatusCode).toBe(200)
      expect(out.FailedPutCount).toBe(2)
      const entries = out.RequestResponses!
      expect(entries).toHaveLength(12)
      for (const entry of entries.slice(0, 10)) {
        expect(typeof entry.RecordId).toBe('string')
        expect(entry.ErrorCode).toBeUndefined()
      }
      for (const entry of entries.slice(10)) {
        expect(entry).toEqual(FAILED_ENTRY)
        expect(entry.RecordId).toBeUndefined()
      }
      const records = aws.firehose.records('s')
      expect(records.map((r) => decode(r.data))).toEqual(Array.from({ length: 10 }, (_, i) => `r${i}`))
      expect(records.map((r) => r.recordId)).toEqual(entries.slice(0, 10).map((e) => e.RecordId))
    })

    it('fails every record of a batch once the second is used up, and a PutRecord with 503', async () => {
      await create('s')
      await putBatch(
        's',
        Array.from({ length: 10 }, (_, i) => bytes(`r${i}`)),
      )
      const out = await putBatch('s', [bytes('x'), bytes('y'), bytes('z')])
      expect(out.$metadata.httpStatusCode).toBe(200)
      expect(out.FailedPutCount).toBe(3)
      expect(out.RequestResponses).toEqual([FAILED_ENTRY, FAILED_ENTRY, FAILED_ENTRY])
      await expectAwsError(put('s', 'single'), SLOW_DOWN)
      expect(stored('s')).toHaveLength(10)
      clock.advance(1000)
      const again = await putBatch('s', [bytes('x'), bytes('y')])
      expect(again.FailedPutCount).toBe(0)
      expect(stored('s').slice(10)).toEqual(['x', 'y'])
    })

    it('lets a throttled tail be re-sent after a second, ending with every record once and in order', async () => {
      await create('s')
      const all = Array.from({ length: 14 }, (_, i) => `r${i}`)
      let pending = all
      for (let round = 0; pending.length > 0 && round < 5; round++) {
        const out = await putBatch('s', pending.map(bytes))
        pending = pending.filter((_, i) => out.RequestResponses![i]!.ErrorCode !== undefined)
        clock.advance(1000)
      }
      expect(pending).toEqual([])
      expect(stored('s')).toEqual(all)
    })
  })

  describe('putMiBPerSecond', () => {
    it('fails the records of a batch beyond 1 MiB in the second as "Slow down." entries', async () => {
      await create('s')
      const big = (fill: number) => new Uint8Array(600_000).fill(fill)
      const out = await putBatch('s', [big(1), big(2), bytes('small')])
      expect(out.$metadata.httpStatusCode).toBe(200)
      expect(out.FailedPutCount).toBe(2)
      expect(typeof out.RequestResponses![0]!.RecordId).toBe('string')
      expect(out.RequestResponses![1]).toEqual(FAILED_ENTRY)
      expect(out.RequestResponses![2]).toEqual(FAILED_ENTRY)
      const records = aws.firehose.records('s')
      expect(records).toHaveLength(1)
      expect(records[0]!.data[0]).toBe(1)
    })

    it('accepts exactly 1 MiB and refuses a PutRecord beyond it with 503', async () => {
      await create('s')
      const out = await putBatch('s', [new Uint8Array(1_024_000), new Uint8Array(MIB - 1_024_000)])
      expect(out.FailedPutCount).toBe(0)
      await expectAwsError(put('s', 'x'), SLOW_DOWN)
      clock.advance(1000)
      await put('s', 'x')
      expect(aws.firehose.records('s')).toHaveLength(3)
    })
  })

  describe('with faults', () => {
    it('does not count a call failed by an injected fault against the request rate', async () => {
      await create('s')
      aws.faults.add({ operation: 'PutRecord', error: 'InternalFailure', times: 3 })
      for (let i = 0; i < 3; i++) await expectAwsError(put('s', 'x'), { name: 'InternalFailure', status: 500 })
      for (let i = 0; i < 5; i++) await put('s', `r${i}`)
      expect(stored('s')).toHaveLength(5)
    })

    it('does not count records failed by failRecords against the record rate', async () => {
      await create('s')
      aws.faults.add({ failRecords: 4, times: 1 })
      const out = await putBatch(
        's',
        Array.from({ length: 14 }, (_, i) => bytes(`r${i}`)),
      )
      expect(out.FailedPutCount).toBe(4)
      expect(stored('s')).toEqual(Array.from({ length: 10 }, (_, i) => `r${i + 4}`))
    })
  })
})

describe('quotas: false', () => {
  const { aws, firehose } = useMock({ timing: 'instant', quotas: false })

  it('lifts the request, record and byte rates', async () => {
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('s')))
    // 8 batches of 4 × 1,000,000 bytes: 32 MB in one frozen second, far above us-east-1's 5 MiB/s
    const Records = Array.from({ length: 4 }, () => ({ Data: new Uint8Array(1_000_000) }))
    for (let i = 0; i < 8; i++) {
      const out = await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 's', Records }))
      expect(out.FailedPutCount).toBe(0)
    }
    expect(aws.firehose.records('s')).toHaveLength(32)
  })

  it('lifts the streams-per-region quota (101 streams in eu-central-2)', async () => {
    const zurich = firehoseClient('eu-central-2')
    for (let i = 0; i <= 100; i++) await zurich.send(new CreateDeliveryStreamCommand(s3Stream(`s${i}`)))
    expect(aws.firehose.streamNames({ region: 'eu-central-2' })).toHaveLength(101)
  })
})

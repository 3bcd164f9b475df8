import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { concat, MIB, sameBytes } from '../../support/bytes'
import { START } from '../../support/clock'
import { bufferedStream, deliveryKit, numbered, utcStamp } from '../../support/delivery'
import { useMock } from '../../support/mock'

const { aws, clock, firehose } = useMock({ quotas: false, timing: 'instant' })
const k = deliveryKit(firehose)

interface Step {
  /** ms the clock moves before the call */
  advance: number
  /** sizes of the records of one PutRecordBatch call (one size: a PutRecord call) */
  sizes: number[]
}

interface ExpectedObject {
  first: number
  last: number
  deliveredAt: number
  startedAt: number
}

/**
 * Firehose's buffering as documented: a buffer starts with its first record and is written when
 * it reaches SizeInMBs (at that moment) or IntervalInSeconds after its first record (at that
 * time), whichever comes first; IntervalInSeconds 0 writes each call; a final flush writes the rest.
 */
function model(steps: Step[], sizeMiB: number, intervalS: number): ExpectedObject[] {
  const out: ExpectedObject[] = []
  let now = START
  let seq = 0
  let buffer: { first: number; count: number; bytes: number; startedAt: number } | undefined
  const emit = (at: number) => {
    if (buffer) out.push({ first: buffer.first, last: buffer.first + buffer.count, deliveredAt: at, startedAt: buffer.startedAt })
    buffer = undefined
  }
  const settle = () => {
    if (buffer && now >= buffer.startedAt + intervalS * 1000) emit(buffer.startedAt + intervalS * 1000)
  }
  for (const step of steps) {
    now += step.advance
    settle()
    for (const size of step.sizes) {
      buffer ??= { first: seq, count: 0, bytes: 0, startedAt: now }
      buffer.count++
      buffer.bytes += size
      seq++
      if (buffer.bytes >= sizeMiB * MIB) emit(now)
    }
    if (intervalS === 0) emit(now)
  }
  settle()
  emit(now)
  return out
}

async function run(name: string, steps: Step[], sizeMiB: number, intervalS: number) {
  await k.create(bufferedStream(name, { sizeInMBs: sizeMiB, intervalInSeconds: intervalS }))
  const sent: Uint8Array[] = []
  for (const step of steps) {
    clock.advance(step.advance)
    const records = step.sizes.map((size, i) => numbered(sent.length + i, size))
    if (records.length === 1) await k.put(name, records[0]!)
    else await k.putBatch(name, records)
    sent.push(...records)
  }
  aws.firehose.flush(name)
  return { sent, objects: await aws.firehose.deliveries(name) }
}

function check(sent: Uint8Array[], objects: Awaited<ReturnType<typeof aws.firehose.deliveries>>, expected: ExpectedObject[]) {
  // Nothing lost, nothing duplicated, nothing reordered.
  expect(objects.reduce((n, o) => n + o.records, 0)).toBe(sent.length)
  expect(sameBytes(concat(objects.map((o) => o.data)), concat(sent))).toBe(true)
  // Each object holds exactly the records the documented buffering puts in it, delivered when it says.
  expect(objects.map((o) => o.records)).toEqual(expected.map((e) => e.last - e.first))
  expect(objects.map((o) => o.deliveredAt)).toEqual(expected.map((e) => e.deliveredAt))
  for (const [i, e] of expected.entries()) {
    expect(sameBytes(objects[i]!.data, concat(sent.slice(e.first, e.last)))).toBe(true)
    expect(objects[i]!.key).toContain(`-${utcStamp(e.startedAt)}-`)
  }
  expect(new Set(objects.map((o) => o.key)).size).toBe(objects.length)
}

describe('nothing lost or duplicated across flushes', () => {
  it('holds for random record sizes, batches, pauses and buffering hints (fast-check, fixed seed)', async () => {
    const step = fc.record({
      advance: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 50_000, max: 200_000 })),
      sizes: fc.array(fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 100_000, max: 900_000 })), {
        minLength: 1,
        maxLength: 4,
      }),
    })
    let runNo = 0
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 12 }),
        fc.constantFrom(1, 2),
        fc.constantFrom(0, 60, 120, 900),
        async (steps, sizeMiB, intervalS) => {
          aws.reset()
          clock.set(START)
          const name = `prop-${runNo++}`
          const { sent, objects } = await run(name, steps, sizeMiB, intervalS)
          check(sent, objects, model(steps, sizeMiB, intervalS))
        },
      ),
      { numRuns: 40, seed: 9 },
    )
  }, 60_000)

  it('holds over a long fixed pseudo-random sequence with many flushes of every kind', async () => {
    let state = 0x9e3779b9
    const next = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0
      return state / 2 ** 32
    }
    const steps: Step[] = Array.from({ length: 150 }, () => ({
      advance: Math.floor(next() * 45_000),
      sizes: Array.from({ length: 1 + Math.floor(next() * 4) }, () =>
        next() < 0.3 ? 150_000 + Math.floor(next() * 700_000) : 1 + Math.floor(next() * 5_000),
      ),
    }))
    const { sent, objects } = await run('long', steps, 1, 60)
    const expected = model(steps, 1, 60)
    expect(expected.length).toBeGreaterThan(20)
    check(sent, objects, expected)
    expect(aws.firehose.records('long').map((r) => r.data.length)).toEqual(sent.map((r) => r.length))
  }, 60_000)

  it('keeps every record across a delete-time flush and interval flushes that were due long ago', async () => {
    await k.create(bufferedStream('orders', { sizeInMBs: 1, intervalInSeconds: 60 }))
    const sent: Uint8Array[] = []
    for (let i = 0; i < 30; i++) {
      const record = numbered(i, 10 + i)
      await k.put('orders', record)
      sent.push(record)
      clock.advance(i % 7 === 0 ? 61_000 : 9_000)
    }
    await k.del('orders')
    const objects = await aws.firehose.deliveries('orders')
    expect(objects.reduce((n, o) => n + o.records, 0)).toBe(30)
    expect(sameBytes(concat(objects.map((o) => o.data)), concat(sent))).toBe(true)
  })
})

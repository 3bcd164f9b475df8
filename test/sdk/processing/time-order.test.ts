/**
 * Batches due at different times are invoked oldest first when a read settles them, each stamped
 * with the time it was due: its buffer's start plus BufferIntervalInSeconds, or the put that
 * reached BufferSizeInMBs. What they return Ok then follows the destination's buffering from those
 * times, so the outcome does not depend on when the read happens.
 */
import { describe, expect, it } from 'vitest'
import { START } from '../../support/clock'
import { defaultKeyPattern } from '../../support/delivery'
import { putText } from '../../support/firehose'
import { useMock } from '../../support/mock'
import { deliveredObjects, functionArn, processedStream, unb64, upperCase, type FirehoseEvent } from '../../support/processing'

const ARN = functionArn('enrich')
/** Each call of the handler: the stream it was invoked for and the first character of each record. */
const calls: string[] = []

const { aws, clock, firehose, activeStream } = useMock({
  timing: 'instant',
  lambdas: {
    [ARN]: (event: FirehoseEvent) => {
      const stream = event.deliveryStreamArn.split('/')[1]
      calls.push(`${stream}:${event.records.map((r) => unb64(r.data).charAt(0)).join('')}`)
      return upperCase(event)
    },
  },
})

const S = 1_000
const MIN = 60_000
const BIG = 'x'.repeat(220 * 1024) // ≥ 0.2 MiB: fills the processor's buffer on its own

/** A stream whose processor buffers 0.2 MiB or 60 s, delivering to S3 every 60 s or 1 MiB. */
const stream = (name: string) => processedStream(name, ARN, { parameters: { BufferSizeInMBs: '0.2', BufferIntervalInSeconds: '60' } })

/**
 * Puts at +10 s ('a': due by interval at +70 s), +3 min ('b') and +3 min 20 s (BIG, which fills the
 * buffer 'b' started: due at +3 min 20 s), and +6 min ('d': due at +7 min); `readBetween` runs
 * after each put.
 */
async function puts(name: string, readBetween: () => Promise<unknown> = async () => undefined) {
  for (const [at, text] of [
    [10 * S, 'a'],
    [3 * MIN, 'b'],
    [3 * MIN + 20 * S, BIG],
    [6 * MIN, 'd'],
  ] as const) {
    clock.set(START + at)
    await putText(firehose, name, text)
    await readBetween()
  }
  clock.set(START + 10 * MIN)
}

const EXPECTED_INVOKED = [START + 70 * S, START + 3 * MIN + 20 * S, START + 7 * MIN]
// 'A' enters S3's buffer at +70 s (flushed 60 s later); 'B…' at +3 min 20 s (flushed at +4 min 20 s);
// 'D' at +7 min (flushed at +8 min).
const EXPECTED_DELIVERED = [START + 130 * S, START + 4 * MIN + 20 * S, START + 8 * MIN]

describe('due batches', () => {
  it('are invoked oldest first, each invokedAt the time it was due (interval, or the put that reached the size)', async () => {
    await activeStream('orders', stream('orders'))
    calls.length = 0
    await puts('orders')
    expect(calls).toEqual([]) // puts do not invoke

    const delivered = await deliveredObjects(aws, 'orders')
    expect(calls).toEqual(['orders:a', 'orders:bx', 'orders:d'])
    expect(aws.firehose.invocations('orders').map((i) => [i.invokedAt, i.event.records.length, i.ok])).toEqual([
      [EXPECTED_INVOKED[0], 1, 1],
      [EXPECTED_INVOKED[1], 2, 2],
      [EXPECTED_INVOKED[2], 1, 1],
    ])
    expect(delivered.map((o) => [o.text.slice(0, 2), o.records, o.deliveredAt])).toEqual([
      ['A', 1, EXPECTED_DELIVERED[0]],
      ['BX', 2, EXPECTED_DELIVERED[1]],
      ['D', 1, EXPECTED_DELIVERED[2]],
    ])
  })

  it('give the same invocations and deliveries when reads happen between the puts', async () => {
    await activeStream('orders', stream('orders'))
    calls.length = 0
    await puts('orders', () => aws.firehose.deliveries('orders'))
    const delivered = await deliveredObjects(aws, 'orders')
    expect(calls).toEqual(['orders:a', 'orders:bx', 'orders:d'])
    expect(aws.firehose.invocations('orders').map((i) => i.invokedAt)).toEqual(EXPECTED_INVOKED)
    expect(delivered.map((o) => o.deliveredAt)).toEqual(EXPECTED_DELIVERED)
  })

  it('of several streams are invoked in the order they came due, whichever stream was created first', async () => {
    await activeStream('first', stream('first'))
    await activeStream('second', stream('second'))
    calls.length = 0
    clock.set(START + 10 * S)
    await putText(firehose, 'second', 's') // due at +70 s
    clock.set(START + 2 * MIN)
    await putText(firehose, 'first', 'f') // due at +3 min
    clock.set(START + 10 * MIN)
    await aws.firehose.deliveries('first')
    expect(calls).toEqual(['second:s', 'first:f'])
  })

  it('name each S3 object by the arrival of its oldest record, as the timestamp namespace documents', async () => {
    await activeStream('orders', stream('orders'))
    await puts('orders')
    const delivered = await deliveredObjects(aws, 'orders')
    const arrivals = [START + 10 * S, START + 3 * MIN, START + 6 * MIN]
    expect(delivered).toHaveLength(3)
    delivered.forEach((object, i) => expect(object.key).toMatch(defaultKeyPattern('orders', 1, arrivals[i]!)))
  })
})

/**
 * A ProcessingConfiguration that is off, or turned off or on with UpdateDestination: a disabled
 * configuration never invokes and delivers records as they were put; records waiting for a
 * processor that UpdateDestination removed go on untransformed; batches that came due before the
 * update were the processor's to transform.
 */
import { describe, expect, it } from 'vitest'
import { START } from '../../support/clock'
import { deliveryKit } from '../../support/delivery'
import { putText } from '../../support/firehose'
import { useMock } from '../../support/mock'
import { deliveredObjects, functionArn, processedStream, upperCase, type FirehoseEvent } from '../../support/processing'

const ARN = functionArn('enrich')
let calls = 0

const { aws, clock, firehose, activeStream } = useMock({
  timing: 'instant',
  lambdas: {
    [ARN]: (event: FirehoseEvent) => {
      calls++
      return upperCase(event)
    },
  },
})
const k = deliveryKit(firehose)

const S = 1_000
const MIN = 60_000

/** A stream with the processor (enabled unless told), one record "a" put at START + 1 s. */
async function oneWaiting(enabled = true) {
  calls = 0
  await activeStream('orders', processedStream('orders', ARN, { enabled }))
  clock.set(START + 1 * S)
  await putText(firehose, 'orders', 'a')
}

const texts = async () => (await deliveredObjects(aws, 'orders')).map((o) => [o.text, o.deliveredAt])

describe('ProcessingConfiguration with Enabled: false', () => {
  it('never invokes: records are delivered as they were put, on the destination’s buffering from their arrival', async () => {
    await oneWaiting(false)
    await putText(firehose, 'orders', 'b')
    clock.set(START + 10 * MIN)
    expect(await texts()).toEqual([['ab', START + 61 * S]])
    expect(calls).toBe(0)
    expect(aws.firehose.invocations('orders')).toEqual([])
    await aws.firehose.flush('orders')
    expect(calls).toBe(0)
  })

  it('turned on with UpdateDestination: records put from then on are transformed, the earlier ones are not', async () => {
    await oneWaiting(false)
    clock.set(START + 10 * S)
    await k.update('orders', '1', { ExtendedS3DestinationUpdate: { ProcessingConfiguration: { Enabled: true } } })
    clock.set(START + 20 * S)
    await putText(firehose, 'orders', 'b') // due at +80 s, delivered 60 s later
    clock.set(START + 10 * MIN)
    expect(await texts()).toEqual([
      ['a', START + 61 * S],
      ['B', START + 140 * S],
    ])
    expect(calls).toBe(1)
    expect(aws.firehose.invocations('orders')).toMatchObject([{ invokedAt: START + 80 * S, ok: 1 }])
  })
})

describe('UpdateDestination that removes the processor while records wait for it', () => {
  it.each([
    ['Enabled: false', { Enabled: false }],
    ['Processors: []', { Processors: [] }],
  ])(
    '(%s) invokes the processor for the records staged for it, at the update, and not for the records put after',
    async (_, ProcessingConfiguration) => {
      await oneWaiting() // put at +1 s, due at +61 s
      clock.set(START + 10 * S)
      await k.update('orders', '1', { ExtendedS3DestinationUpdate: { ProcessingConfiguration } })
      clock.set(START + 30 * S)
      await aws.firehose.flush('orders')
      expect(await texts()).toEqual([['A', START + 30 * S]])
      expect(calls).toBe(1)
      expect(aws.firehose.invocations('orders')).toMatchObject([{ invokedAt: START + 10 * S, ok: 1 }])
      // Records put after the update go straight to the destination's buffer.
      await putText(firehose, 'orders', 'b')
      clock.set(START + 10 * MIN)
      expect((await texts()).map(([text]) => text)).toEqual(['A', 'b'])
      expect(calls).toBe(1)
    },
  )

  it('delivers them on the destination’s buffering from the update, so a read 10 minutes later finds them delivered', async () => {
    await oneWaiting()
    clock.set(START + 10 * S)
    await k.update('orders', '1', { ExtendedS3DestinationUpdate: { ProcessingConfiguration: { Enabled: false } } })
    clock.set(START + 10 * MIN)
    const delivered = await deliveredObjects(aws, 'orders')
    expect(delivered.map((o) => o.text)).toEqual(['A'])
    // The destination's interval (60 s) from the invocation at the update.
    expect(delivered[0]!.deliveredAt).toBe(START + 70 * S)
    expect(calls).toBe(1)
  })

  it.each([
    ['no read', async () => undefined],
    ['a read at +90 s', () => aws.firehose.deliveries('orders')],
  ])('transforms a batch that came due before the update, whether or not something read in between (%s)', async (_, between) => {
    await oneWaiting() // due at +61 s
    clock.set(START + 90 * S)
    await between()
    clock.set(START + 2 * MIN)
    await k.update('orders', '1', { ExtendedS3DestinationUpdate: { ProcessingConfiguration: { Enabled: false } } })
    clock.set(START + 10 * MIN)
    expect(await texts()).toEqual([['A', START + 121 * S]])
    expect(calls).toBe(1)
    expect(aws.firehose.invocations('orders')).toMatchObject([{ invokedAt: START + 61 * S, ok: 1 }])
  })
})

/**
 * The Lambda side of inspection and set-up: `aws.reset()` forgets invocations and the records
 * waiting for one, `aws.firehose.invocations()` names a stream it does not know, and the `lambdas`
 * option is checked when the mock is created.
 */
import { describe, expect, it } from 'vitest'
import { createFirehoseMock, type FirehoseMockOptions } from '../../../src'
import { START } from '../../support/clock'
import { misuse } from '../../support/errors'
import { putText } from '../../support/firehose'
import { useMock } from '../../support/mock'
import { deliveredObjects, functionArn, processedStream, unb64, upperCase, type FirehoseEvent } from '../../support/processing'

const ARN = functionArn('enrich')
/** The record texts of each call of the handler. */
const calls: string[][] = []

const { aws, clock, firehose, activeStream } = useMock({
  timing: 'instant',
  lambdas: {
    [ARN]: (event: FirehoseEvent) => {
      calls.push(event.records.map((r) => unb64(r.data)))
      return upperCase(event)
    },
  },
})

/** Back to START with nothing in the mock, then the stream again. */
async function resetAndRecreate() {
  clock.set(START)
  aws.reset()
  calls.length = 0
  await activeStream('orders', processedStream('orders', ARN))
}

describe('aws.reset()', () => {
  it('forgets the invocations made', async () => {
    await activeStream('orders', processedStream('orders', ARN))
    await putText(firehose, 'orders', 'a')
    clock.set(START + 5 * 60_000)
    await aws.firehose.deliveries('orders')
    expect(aws.firehose.invocations('orders')).toHaveLength(1)

    await resetAndRecreate()
    expect(aws.firehose.invocations('orders')).toEqual([])
  })

  it('forgets records waiting in the processor’s buffer: they are never invoked nor delivered', async () => {
    await activeStream('orders', processedStream('orders', ARN))
    clock.set(START + 1_000)
    await putText(firehose, 'orders', 'before')

    await resetAndRecreate()
    clock.set(START + 2_000)
    await putText(firehose, 'orders', 'after')
    clock.set(START + 10 * 60_000)
    expect((await deliveredObjects(aws, 'orders')).map((o) => o.text)).toEqual(['AFTER'])
    expect(calls).toEqual([['after']])
    expect(aws.firehose.invocations('orders')).toMatchObject([{ invokedAt: START + 62_000, ok: 1 }])
  })

  it('forgets batches that were due but not yet invoked', async () => {
    await activeStream('orders', processedStream('orders', ARN))
    clock.set(START + 1_000)
    await putText(firehose, 'orders', 'due')
    clock.set(START + 5 * 60_000) // due at START + 61 s; nothing has read

    await resetAndRecreate()
    clock.set(START + 10 * 60_000)
    expect(await deliveredObjects(aws, 'orders')).toEqual([])
    await aws.firehose.flush()
    expect(await deliveredObjects(aws, 'orders')).toEqual([])
    expect(calls).toEqual([])
    expect(aws.firehose.invocations('orders')).toEqual([])
  })

  it('removes the stream, so its invocations cannot be read until it is created again', async () => {
    await activeStream('orders', processedStream('orders', ARN))
    clock.set(START)
    aws.reset()
    expect(misuse(() => aws.firehose.invocations('orders'))).toBe(
      '[firehose-msw] Failed to read invocations of "orders": no such stream in us-east-1 of account 123456789012',
    )
  })
})

describe('aws.firehose.invocations()', () => {
  it('throws FirehoseMswError naming a stream that does not exist', () => {
    expect(misuse(() => aws.firehose.invocations('nope'))).toBe(
      '[firehose-msw] Failed to read invocations of "nope": no such stream in us-east-1 of account 123456789012',
    )
  })

  it('names the region it looked in', async () => {
    await activeStream('orders', processedStream('orders', ARN))
    expect(misuse(() => aws.firehose.invocations('orders', { region: 'eu-west-1' }))).toBe(
      '[firehose-msw] Failed to read invocations of "orders": no such stream in eu-west-1 of account 123456789012',
    )
  })

  it('is empty for a stream without a processor', async () => {
    await activeStream('plain')
    await putText(firehose, 'plain', 'x')
    await aws.firehose.flush('plain')
    expect(aws.firehose.invocations('plain')).toEqual([])
  })
})

describe('the lambdas option', () => {
  const create = (lambdas: unknown) => misuse(() => createFirehoseMock({ lambdas } as FirehoseMockOptions))
  const failed = (reason: string) => `[firehose-msw] Failed to create the mock: ${reason}`
  const handler = () => undefined

  it('refuses a registration that is not a handler', () => {
    expect(create({ arn: 42 })).toBe(failed('lambdas["arn"] must be a handler function or { handler, timeoutSeconds }, not 42'))
  })

  it.each([
    [{ timeoutSeconds: 5 }, 'an object'],
    [{ handler: 'index.handler' }, 'an object'],
    [null, 'null'],
    ['index.handler', '"index.handler"'],
    [[handler], 'an array'],
  ])('refuses %j as a registration', (registration, shown) => {
    expect(create({ [ARN]: registration })).toBe(
      failed(`lambdas[${JSON.stringify(ARN)}] must be a handler function or { handler, timeoutSeconds }, not ${shown}`),
    )
  })

  it.each([
    ['x', '"x"'],
    [42, '42'],
    [[handler], 'an array'],
    [null, 'null'],
  ])('refuses lambdas: %j', (lambdas, shown) => {
    expect(create(lambdas)).toBe(failed(`lambdas must be an object of handlers by function ARN, not ${shown}`))
  })

  it.each([
    [0, '0'],
    [-1, '-1'],
    ['x', '"x"'],
  ])('refuses timeoutSeconds %j', (timeoutSeconds, shown) => {
    expect(create({ [ARN]: { handler, timeoutSeconds } })).toBe(
      failed(`lambdas[${JSON.stringify(ARN)}].timeoutSeconds must be a number of seconds > 0, not ${shown}`),
    )
  })

  it('accepts handlers and { handler, timeoutSeconds } registrations', () => {
    expect(() =>
      createFirehoseMock({ lambdas: { [ARN]: handler, other: { handler }, timed: { handler, timeoutSeconds: 30 } } }),
    ).not.toThrow()
    expect(() => createFirehoseMock({ lambdas: {} })).not.toThrow()
  })
})

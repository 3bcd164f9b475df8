/**
 * Lambda timeouts, measured on the mock's clock: a handler that moves the manual clock past its
 * function's timeout has timed out; Firehose retries it NumberOfRetries times and then writes the
 * batch to the error output with Lambda.FunctionTimedOut. The context's remaining time counts down
 * on the same clock, from the registered timeout or, without one, from Firehose's 300 s maximum.
 */
import { describe, expect, it } from 'vitest'
import type { LambdaContext, LambdaRegistration } from '../../../src'
import { START } from '../../support/clock'
import { putText } from '../../support/firehose'
import { useMock } from '../../support/mock'
import { b64, deliveredObjects, errorLines, functionArn, processedStream, upperCase, type FirehoseEvent } from '../../support/processing'

const TEN_SECONDS = functionArn('ten-seconds')
const PLAIN = functionArn('plain')
const NO_TIMEOUT = functionArn('no-timeout')
const TOO_LONG = functionArn('too-long')

const TIMED_OUT = {
  errorCode: 'Lambda.FunctionTimedOut',
  errorMessage: 'The Lambda function invocation timed out. Increase the Timeout setting in the Lambda function.',
}

/** What every registered function does; each test sets it. */
let behaviour: (event: FirehoseEvent, context: LambdaContext) => unknown = upperCase
const run = (event: FirehoseEvent, context: LambdaContext) => behaviour(event, context)

const { aws, clock, firehose, activeStream } = useMock({
  timing: 'instant',
  lambdas: {
    [TEN_SECONDS]: { handler: run, timeoutSeconds: 10 },
    [PLAIN]: run,
    [NO_TIMEOUT]: { handler: run },
    [TOO_LONG]: { handler: run, timeoutSeconds: 900 },
  } satisfies Record<string, LambdaRegistration>,
})

/** A stream on `lambdaArn` with one record put at START + 1 s; its batch is due at START + 61 s. */
async function oneRecord(lambdaArn: string, parameters: Record<string, string> = {}) {
  await activeStream('orders', processedStream('orders', lambdaArn, { parameters }))
  clock.set(START + 1_000)
  await putText(firehose, 'orders', 'late')
  clock.set(START + 10 * 60_000)
}

/** A handler that moves the mock's clock by `ms`, noting the remaining time before and after, then answers `outcome`. */
function taking(ms: number, seen: number[][], outcome: (event: FirehoseEvent) => unknown = upperCase) {
  return (event: FirehoseEvent, context: LambdaContext) => {
    const before = context.getRemainingTimeInMillis()
    clock.advance(ms)
    seen.push([before, context.getRemainingTimeInMillis()])
    return outcome(event)
  }
}

describe('a Lambda processor that runs longer than its timeout', () => {
  it('times out, is retried NumberOfRetries times (4 attempts by default), then every record goes to the error output', async () => {
    const seen: number[][] = []
    behaviour = taking(11_000, seen)
    await oneRecord(TEN_SECONDS)

    const delivered = await deliveredObjects(aws, 'orders')
    expect(seen).toEqual([
      [10_000, 0],
      [10_000, 0],
      [10_000, 0],
      [10_000, 0],
    ])
    expect(delivered).toHaveLength(1)
    expect(delivered[0]!.key).toMatch(/^processing-failed\//)
    expect(delivered[0]!.records).toBe(1)
    expect(errorLines(delivered[0]!.text)).toMatchObject([
      { attemptsMade: 4, arrivalTimestamp: START + 1_000, ...TIMED_OUT, rawData: b64('late'), lambdaArn: TEN_SECONDS },
    ])
    // The attempts ended after four runs of 11 s from the invocation at +61 s.
    expect(errorLines(delivered[0]!.text)[0]!.attemptEndingTimestamp).toBe(START + 61_000 + 44_000)
    const [invocation] = aws.firehose.invocations('orders')
    expect(invocation).toMatchObject({ invokedAt: START + 61_000, attempts: 4, error: TIMED_OUT, ok: 0, dropped: 0, failed: 1 })
    expect(invocation!.response).toBeUndefined()
  })

  it('makes NumberOfRetries + 1 attempts: 2 with NumberOfRetries 1, 1 with 0', async () => {
    for (const [retries, attempts] of [
      ['1', 2],
      ['0', 1],
    ] as const) {
      const seen: number[][] = []
      behaviour = taking(11_000, seen)
      await oneRecord(TEN_SECONDS, { NumberOfRetries: retries })
      const [failed] = await deliveredObjects(aws, 'orders')
      expect(seen).toHaveLength(attempts)
      expect(errorLines(failed!.text)).toMatchObject([{ attemptsMade: attempts, errorCode: TIMED_OUT.errorCode }])
      clock.set(START)
      aws.reset()
    }
  })

  it('counts a handler that throws after its timeout as timed out, not as a function error', async () => {
    const seen: number[][] = []
    behaviour = taking(12_000, seen, () => {
      throw new Error('too late anyway')
    })
    await oneRecord(TEN_SECONDS)
    const [failed] = await deliveredObjects(aws, 'orders')
    expect(seen).toHaveLength(4)
    expect(errorLines(failed!.text)).toMatchObject([{ attemptsMade: 4, ...TIMED_OUT }])
  })

  it('delivers the answer of a retry that ends in time after an attempt that timed out', async () => {
    const seen: number[][] = []
    let attempt = 0
    behaviour = (event, context) => taking(attempt++ === 0 ? 15_000 : 2_000, seen)(event, context)
    await oneRecord(TEN_SECONDS)
    const delivered = await deliveredObjects(aws, 'orders')
    expect(seen).toEqual([
      [10_000, 0],
      [10_000, 8_000],
    ])
    expect(delivered.map((o) => o.text)).toEqual(['LATE'])
    expect(aws.firehose.invocations('orders')).toMatchObject([{ attempts: 2, ok: 1, failed: 0 }])
    expect(aws.firehose.invocations('orders')[0]!.error).toBeUndefined()
  })
})

describe('the context’s remaining time', () => {
  it('counts down on the mock’s clock while the handler runs', async () => {
    const remaining: number[] = []
    behaviour = (event, context) => {
      remaining.push(context.getRemainingTimeInMillis())
      clock.advance(4_000)
      remaining.push(context.getRemainingTimeInMillis())
      clock.advance(3_500)
      remaining.push(context.getRemainingTimeInMillis())
      return upperCase(event)
    }
    await oneRecord(TEN_SECONDS)
    const delivered = await deliveredObjects(aws, 'orders')
    expect(remaining).toEqual([10_000, 6_000, 2_500])
    expect(delivered.map((o) => o.text)).toEqual(['LATE']) // 7.5 s of 10: in time
    expect(aws.firehose.invocations('orders')).toMatchObject([{ attempts: 1, ok: 1 }])
  })

  it('starts again from the full timeout on each retry', async () => {
    const remaining: number[] = []
    behaviour = (_, context) => {
      remaining.push(context.getRemainingTimeInMillis())
      clock.advance(1_000)
      throw new Error('again')
    }
    await oneRecord(TEN_SECONDS, { NumberOfRetries: '2' })
    await deliveredObjects(aws, 'orders')
    expect(remaining).toEqual([10_000, 10_000, 10_000])
  })
})

describe('a function registered without a timeout, or with more than 300 s', () => {
  it.each([
    ['a plain handler', PLAIN],
    ['{ handler } without timeoutSeconds', NO_TIMEOUT],
    ['{ handler, timeoutSeconds: 900 }', TOO_LONG],
  ])('%s has Firehose’s 300 s maximum: 299 s is in time', async (_, lambdaArn) => {
    const seen: number[][] = []
    behaviour = taking(299_000, seen)
    await oneRecord(lambdaArn)
    const delivered = await deliveredObjects(aws, 'orders')
    expect(seen).toEqual([[300_000, 1_000]])
    expect(delivered.map((o) => o.text)).toEqual(['LATE'])
  })

  it.each([
    ['a plain handler', PLAIN],
    ['{ handler } without timeoutSeconds', NO_TIMEOUT],
    ['{ handler, timeoutSeconds: 900 }', TOO_LONG],
  ])('%s is cut at 301 s: Lambda.FunctionTimedOut after its retries', async (_, lambdaArn) => {
    const seen: number[][] = []
    behaviour = taking(301_000, seen)
    await oneRecord(lambdaArn)
    const [failed, ...others] = await deliveredObjects(aws, 'orders')
    expect(others).toEqual([])
    expect(seen).toEqual(Array.from({ length: 4 }, () => [300_000, 0]))
    expect(errorLines(failed!.text)).toMatchObject([{ attemptsMade: 4, ...TIMED_OUT, lambdaArn }])
  })
})

describe('the timeout boundary', () => {
  it('cuts a run of exactly timeoutSeconds, as Lambda does', async () => {
    behaviour = taking(10_000, [])
    await oneRecord(TEN_SECONDS)
    await deliveredObjects(aws, 'orders')
    expect(aws.firehose.invocations('orders')).toMatchObject([{ attempts: 4, error: TIMED_OUT }])
  })
})

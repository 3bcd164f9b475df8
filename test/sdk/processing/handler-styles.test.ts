/**
 * The ways a Node Lambda handler answers, as Lambda accepts them: a returned value or promise, or
 * Node's callback style `(event, context, callback)`, with a result or an error. An error — thrown,
 * rejected or passed to the callback — is Lambda.FunctionError and is retried; a retry that answers
 * delivers the batch as if nothing had failed.
 */
import { describe, expect, it } from 'vitest'
import { START } from '../../support/clock'
import { putText } from '../../support/firehose'
import { useMock } from '../../support/mock'
import { b64, deliveredObjects, errorLines, functionArn, processedStream, upperCase, type FirehoseEvent } from '../../support/processing'

const CALLBACK = functionArn('callback-style')
const RETURNING = functionArn('returning')

type Callback = (error?: unknown, result?: unknown) => void

/** What the callback-style handler does with its callback; each test sets it. */
let withCallback: (event: FirehoseEvent, callback: Callback) => void = () => undefined
/** What the returning handler returns (or throws); each test sets it. */
let returning: (event: FirehoseEvent) => unknown = upperCase
let calls = 0

const { aws, clock, firehose, activeStream } = useMock({
  timing: 'instant',
  lambdas: {
    [CALLBACK]: (event: FirehoseEvent, _context: unknown, callback: Callback) => {
      calls++
      withCallback(event, callback)
    },
    [RETURNING]: (event: FirehoseEvent) => {
      calls++
      return returning(event)
    },
  },
})

const FUNCTION_ERROR = {
  errorCode: 'Lambda.FunctionError',
  errorMessage: 'The Lambda function was successfully invoked but it returned an error result.',
}

/** A stream on `lambdaArn` with two records put at START + 1 s, read 10 minutes later. */
async function twoRecords(lambdaArn: string, parameters: Record<string, string> = {}) {
  calls = 0
  await activeStream('orders', processedStream('orders', lambdaArn, { parameters }))
  clock.set(START + 1_000)
  await putText(firehose, 'orders', 'a\n')
  await putText(firehose, 'orders', 'b\n')
  clock.set(START + 10 * 60_000)
}

describe('a callback-style handler', () => {
  it('answers with callback(null, response) called before it returns', async () => {
    withCallback = (event, callback) => callback(null, upperCase(event))
    await twoRecords(CALLBACK)
    expect((await deliveredObjects(aws, 'orders')).map((o) => o.text)).toEqual(['A\nB\n'])
    const [invocation] = aws.firehose.invocations('orders')
    expect(invocation).toMatchObject({ attempts: 1, ok: 2, dropped: 0, failed: 0 })
    expect(invocation!.response).toEqual(upperCase(invocation!.event))
    expect(calls).toBe(1)
  })

  it('answers with callback(null, response) called after it has returned', async () => {
    withCallback = (event, callback) => void setImmediate(() => callback(null, upperCase(event)))
    await twoRecords(CALLBACK)
    expect((await deliveredObjects(aws, 'orders')).map((o) => o.text)).toEqual(['A\nB\n'])
    expect(aws.firehose.invocations('orders')).toMatchObject([{ attempts: 1, ok: 2 }])
  })

  it('fails with callback(new Error()): Lambda.FunctionError, retried, then the batch goes to the error output', async () => {
    withCallback = (_, callback) => callback(new Error('cannot parse'))
    await twoRecords(CALLBACK)
    const delivered = await deliveredObjects(aws, 'orders')
    expect(calls).toBe(4)
    expect(delivered).toHaveLength(1)
    expect(delivered[0]!.key).toMatch(/^processing-failed\//)
    expect(errorLines(delivered[0]!.text)).toMatchObject([
      { attemptsMade: 4, ...FUNCTION_ERROR, rawData: b64('a\n'), lambdaArn: CALLBACK },
      { attemptsMade: 4, ...FUNCTION_ERROR, rawData: b64('b\n'), lambdaArn: CALLBACK },
    ])
    expect(aws.firehose.invocations('orders')).toMatchObject([{ attempts: 4, error: FUNCTION_ERROR, ok: 0, failed: 2 }])
  })

  it('fails with an error passed to the callback later, and is retried NumberOfRetries times', async () => {
    withCallback = (_, callback) => void setImmediate(() => callback(new Error('later')))
    await twoRecords(CALLBACK, { NumberOfRetries: '1' })
    const [failed] = await deliveredObjects(aws, 'orders')
    expect(calls).toBe(2)
    expect(errorLines(failed!.text).map((line) => [line.errorCode, line.attemptsMade])).toEqual([
      ['Lambda.FunctionError', 2],
      ['Lambda.FunctionError', 2],
    ])
  })

  it('delivers the answer of a retry after an error passed to the callback', async () => {
    withCallback = (event, callback) => (calls === 1 ? callback(new Error('once')) : callback(null, upperCase(event)))
    await twoRecords(CALLBACK)
    expect((await deliveredObjects(aws, 'orders')).map((o) => o.text)).toEqual(['A\nB\n'])
    expect(aws.firehose.invocations('orders')).toMatchObject([{ attempts: 2, ok: 2, failed: 0 }])
  })
})

describe('a handler that fails, then answers', () => {
  it.each([
    [
      'throws twice',
      (event: FirehoseEvent) => {
        if (calls <= 2) throw new Error(`failure ${calls}`)
        return upperCase(event)
      },
    ],
    [
      'rejects twice',
      async (event: FirehoseEvent) => {
        await Promise.resolve()
        if (calls <= 2) throw new Error(`failure ${calls}`)
        return upperCase(event)
      },
    ],
  ])('%s: the third attempt’s records are delivered, attempts 3, nothing in the error output', async (_, handler) => {
    returning = handler
    await twoRecords(RETURNING)
    const delivered = await deliveredObjects(aws, 'orders')
    expect(calls).toBe(3)
    expect(delivered.map((o) => [o.text, o.records])).toEqual([['A\nB\n', 2]])
    expect(delivered.some((o) => o.key.includes('processing-failed'))).toBe(false)
    const [invocation, ...others] = aws.firehose.invocations('orders')
    expect(others).toEqual([])
    expect(invocation).toMatchObject({ invokedAt: START + 61_000, attempts: 3, ok: 2, dropped: 0, failed: 0 })
    expect(invocation!.error).toBeUndefined()
    expect(invocation!.response).toEqual(upperCase(invocation!.event))
  })

  it('gives up when NumberOfRetries is smaller than the failures: 2 attempts, both records to the error output', async () => {
    returning = (event) => {
      if (calls <= 2) throw new Error(`failure ${calls}`)
      return upperCase(event)
    }
    await twoRecords(RETURNING, { NumberOfRetries: '1' })
    const delivered = await deliveredObjects(aws, 'orders')
    expect(calls).toBe(2)
    expect(delivered).toHaveLength(1)
    expect(errorLines(delivered[0]!.text).map((line) => [line.errorCode, line.attemptsMade])).toEqual([
      ['Lambda.FunctionError', 2],
      ['Lambda.FunctionError', 2],
    ])
  })
})

/**
 * Data transformation with a Lambda processor: the user's handler, registered with `lambdas`, is
 * invoked as Firehose invokes it when the processor's buffer is due, and each record lands where
 * Firehose puts it — the destination for Ok, nowhere for Dropped, the processing-failed error
 * output otherwise. Records go in through the real SDK; time moves on a manual clock.
 */
import { PutRecordBatchCommand } from '@aws-sdk/client-firehose'
import { describe, expect, it } from 'vitest'
import type { LambdaContext } from '../../../src'
import { BUCKET_ARN, ROLE_ARN } from '../../support/aws'
import { bytes } from '../../support/bytes'
import { START } from '../../support/clock'
import { putText } from '../../support/firehose'
import { useMock } from '../../support/mock'
import {
  b64,
  deliveredObjects,
  errorLines,
  functionArn,
  processedStream,
  unb64,
  upperCase,
  type FirehoseEvent,
} from '../../support/processing'

const ARN = functionArn('enrich')
const MISSING_ARN = functionArn('not-registered')
type Event = {
  invocationId: string
  deliveryStreamArn: string
  region: string
  records: Array<{ recordId: string; approximateArrivalTimestamp: number; data: string }>
}
type Handler = (event: FirehoseEvent, context: LambdaContext) => unknown

let handler: Handler = () => undefined
const calls: Array<{ event: Event; context: LambdaContext }> = []
const { aws, clock, firehose, activeStream } = useMock({
  timing: 'instant',
  lambdas: {
    [ARN]: (event: FirehoseEvent, context: LambdaContext) => {
      calls.push({ event, context })
      return handler(event, context)
    },
  },
})

describe('a Lambda processor', () => {
  it('is invoked with Firehose’s event when its buffer is due, and what it returns Ok is delivered', async () => {
    handler = upperCase
    calls.length = 0
    await activeStream('orders', processedStream('orders', ARN))
    clock.set(START + 1_000)
    await putText(firehose, 'orders', 'a\n')
    await putText(firehose, 'orders', 'b\n')
    expect(await deliveredObjects(aws, 'orders')).toEqual([]) // the processor's 60 s have not passed: no invocation yet
    expect(calls).toHaveLength(0)

    clock.set(START + 5 * 60_000)
    const delivered = await deliveredObjects(aws, 'orders')
    expect(calls).toHaveLength(1)
    const [{ event, context }] = calls
    const ids = aws.firehose.records('orders').map((r) => r.recordId)
    expect(event).toEqual({
      invocationId: expect.any(String),
      deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/orders',
      region: 'us-east-1',
      records: [
        { recordId: ids[0], approximateArrivalTimestamp: START + 1_000, data: b64('a\n') },
        { recordId: ids[1], approximateArrivalTimestamp: START + 1_000, data: b64('b\n') },
      ],
    })
    expect(context).toMatchObject({ functionName: 'enrich', invokedFunctionArn: ARN })
    expect(delivered.map((o) => o.text)).toEqual(['A\nB\n'])
    expect(aws.firehose.invocations('orders')).toMatchObject([{ invokedAt: START + 61_000, attempts: 1, ok: 2, dropped: 0, failed: 0 }])
  })

  it('drops what it returns Dropped and writes ProcessingFailed records to processing-failed/ with Firehose’s error record', async () => {
    handler = (event) => ({
      records: event.records.map((r, i) => ({ recordId: r.recordId, result: ['Ok', 'Dropped', 'ProcessingFailed'][i % 3], data: r.data })),
    })
    await activeStream('orders', processedStream('orders', ARN))
    clock.set(START + 2_000)
    await firehose.send(
      new PutRecordBatchCommand({ DeliveryStreamName: 'orders', Records: ['keep\n', 'drop\n', 'fail\n'].map((t) => ({ Data: bytes(t) })) }),
    )
    clock.set(START + 10 * 60_000)
    const delivered = await deliveredObjects(aws, 'orders')
    const failed = delivered.find((o) => o.key.startsWith('processing-failed/'))!
    expect(delivered.filter((o) => o !== failed).map((o) => o.text)).toEqual(['keep\n'])
    const hour = new Date(START + 2_000).toISOString().slice(0, 13).replace(/[-T]/g, '/') // yyyy/MM/dd/HH
    const stamp = new Date(START + 2_000).toISOString().slice(0, 19).replace(/[T:]/g, '-')
    expect(failed.key).toMatch(new RegExp(`^processing-failed/${hour}/orders-1-${stamp}-[0-9a-f-]{36}$`))
    expect(errorLines(failed.text)).toEqual([
      {
        attemptsMade: 1,
        arrivalTimestamp: START + 2_000,
        errorCode: 'Lambda.ProcessingFailedStatus',
        errorMessage: 'ProcessingFailed status set for record',
        attemptEndingTimestamp: START + 62_000,
        rawData: b64('fail\n'),
        lambdaArn: ARN,
      },
    ])
    expect(aws.firehose.invocations('orders')).toMatchObject([{ ok: 1, dropped: 1, failed: 1 }])
  })

  it('retries a handler that throws NumberOfRetries times, then writes every record of the batch to the error output', async () => {
    let attempts = 0
    handler = () => {
      attempts++
      throw new Error('boom')
    }
    await activeStream('orders', processedStream('orders', ARN, { parameters: { NumberOfRetries: '2' } }))
    await putText(firehose, 'orders', 'x')
    clock.advance(5 * 60_000)
    const [failed] = await deliveredObjects(aws, 'orders')
    expect(attempts).toBe(3)
    expect(errorLines(failed!.text)).toMatchObject([
      {
        attemptsMade: 3,
        errorCode: 'Lambda.FunctionError',
        errorMessage: 'The Lambda function was successfully invoked but it returned an error result.',
      },
    ])
    expect(aws.firehose.invocations('orders')).toMatchObject([{ attempts: 3, error: { errorCode: 'Lambda.FunctionError' }, failed: 1 }])
  })

  it.each([
    ['a response without records', () => ({}), 'Lambda.JsonProcessingException'],
    [
      'a missing record id',
      (e: FirehoseEvent) => ({ records: e.records.slice(1).map((r) => ({ recordId: r.recordId, result: 'Ok', data: r.data })) }),
      'Lambda.MissingRecordId',
    ],
    [
      'a duplicated record id',
      (e: FirehoseEvent) => ({ records: [...e.records, e.records[0]!].map((r) => ({ recordId: r.recordId, result: 'Ok', data: r.data })) }),
      'Lambda.DuplicatedRecordId',
    ],
    [
      'a result that is not a status',
      (e: FirehoseEvent) => ({ records: e.records.map((r) => ({ recordId: r.recordId, result: 'Fine', data: r.data })) }),
      'Lambda.FunctionError',
    ],
    [
      'data that is not base64',
      (e: FirehoseEvent) => ({ records: e.records.map((r) => ({ recordId: r.recordId, result: 'Ok', data: '%%%' })) }),
      'Lambda.JsonMappingException',
    ],
  ])('rejects %s whole, without retrying: every record goes to the error output', async (_, respond, errorCode) => {
    handler = respond as Handler
    calls.length = 0
    await activeStream('orders', processedStream('orders', ARN))
    await putText(firehose, 'orders', 'one')
    await putText(firehose, 'orders', 'two')
    clock.advance(5 * 60_000)
    const delivered = await deliveredObjects(aws, 'orders')
    expect(calls).toHaveLength(1)
    expect(delivered).toHaveLength(1)
    expect(errorLines(delivered[0]!.text).map((line) => [unb64(line.rawData as string), line.errorCode, line.attemptsMade])).toEqual([
      ['one', errorCode, 1],
      ['two', errorCode, 1],
    ])
  })

  it('fails a function the mock does not know as one that does not exist (Lambda.ResourceNotFound)', async () => {
    await activeStream('orders', processedStream('orders', MISSING_ARN))
    await putText(firehose, 'orders', 'x')
    await aws.firehose.flush('orders')
    const [failed] = await deliveredObjects(aws, 'orders')
    expect(errorLines(failed!.text)).toMatchObject([
      {
        errorCode: 'Lambda.ResourceNotFound',
        errorMessage: 'The specified Lambda function does not exist. Use a different function that does exist.',
      },
    ])
  })

  it('flush() invokes at once and waits for an async handler', async () => {
    handler = async (event) => {
      await new Promise((resolve) => setTimeout(resolve, 1))
      return upperCase(event)
    }
    await activeStream('orders', processedStream('orders', ARN))
    await putText(firehose, 'orders', 'now')
    await aws.firehose.flush('orders')
    expect((await deliveredObjects(aws, 'orders')).map((o) => o.text)).toEqual(['NOW'])
  })

  it('invokes when the processor’s buffer size is reached, at that put’s time', async () => {
    handler = upperCase
    await activeStream('orders', processedStream('orders', ARN, { parameters: { BufferSizeInMBs: '0.2' } }))
    clock.set(START + 3_000)
    const big = 'x'.repeat(110 * 1024)
    await putText(firehose, 'orders', big)
    await putText(firehose, 'orders', big) // 220 KiB ≥ 0.2 MiB
    expect(await deliveredObjects(aws, 'orders')).toEqual([]) // invoked, but the S3 buffer (60 s) has not delivered yet
    expect(aws.firehose.invocations('orders')).toMatchObject([{ invokedAt: START + 3_000, ok: 2 }])
  })

  it('publishes the transformation metrics at the invocation’s time', async () => {
    handler = (event) => ({
      records: event.records.map((r, i) => ({ recordId: r.recordId, result: i === 0 ? 'Dropped' : 'Ok', data: b64('ok!') })),
    })
    await activeStream('orders', processedStream('orders', ARN))
    clock.set(START + 1_000)
    await putText(firehose, 'orders', 'one')
    await putText(firehose, 'orders', 'two')
    clock.set(START + 5 * 60_000)
    await aws.firehose.deliveries('orders')
    const minute = (name: string) => aws.cloudwatch.datapoints(name, { stream: 'orders' }).map((m) => [m.timestamp - START, m.sum, m.unit])
    expect(minute('ExecuteProcessing.Success')).toEqual([[60_000, 1, 'Count']])
    expect(minute('ExecuteProcessing.Duration')).toEqual([[60_000, 0, 'Milliseconds']])
    expect(minute('SucceedProcessing.Records')).toEqual([[60_000, 2, 'Count']])
    expect(minute('SucceedProcessing.Bytes')).toEqual([[60_000, 3, 'Bytes']])
  })

  it('appends a newline to each record it returns Ok with an AppendDelimiterToRecord processor', async () => {
    handler = upperCase
    const stream = processedStream('orders', ARN)
    stream.ExtendedS3DestinationConfiguration.ProcessingConfiguration.Processors.push({ Type: 'AppendDelimiterToRecord', Parameters: [] })
    await activeStream('orders', stream)
    await putText(firehose, 'orders', 'a')
    await putText(firehose, 'orders', 'b')
    await aws.firehose.flush('orders')
    expect((await deliveredObjects(aws, 'orders')).map((o) => o.text)).toEqual(['A\nB\n'])
  })
})

describe('what crosses between Firehose and the function is JSON', () => {
  it('gives each attempt its own copy of the event, so a handler that edits it in place changes neither the retry nor the log', async () => {
    let attempt = 0
    handler = (event) => {
      attempt++
      for (const record of event.records) record.data = b64(`${unb64(record.data)}!`)
      if (attempt === 1) throw new Error('first attempt fails')
      return { records: event.records.map((r) => ({ recordId: r.recordId, result: 'Ok', data: r.data })) }
    }
    await activeStream('orders', processedStream('orders', ARN))
    await putText(firehose, 'orders', 'hi')
    await aws.firehose.flush('orders')
    expect((await deliveredObjects(aws, 'orders')).map((o) => o.text)).toEqual(['hi!'])
    const [invocation] = aws.firehose.invocations('orders')
    expect(invocation!.event.records.map((r) => unb64(r.data))).toEqual(['hi'])
    expect(invocation!.attempts).toBe(2)
  })

  it('answers a response JSON cannot carry as Lambda.JsonProcessingException', async () => {
    handler = (event) => {
      const response: Record<string, unknown> = {
        records: event.records.map((r) => ({ recordId: r.recordId, result: 'Ok', data: r.data })),
      }
      response.self = response
      return response
    }
    await activeStream('orders', processedStream('orders', ARN))
    await putText(firehose, 'orders', 'x')
    await aws.firehose.flush('orders')
    expect(aws.firehose.invocations('orders')).toMatchObject([
      { attempts: 1, error: { errorCode: 'Lambda.JsonProcessingException' }, failed: 1 },
    ])
  })
})

describe('the 6 MB payload limit', () => {
  it('fails an invocation whose response is over 6 MB like a function error: retried, then the records go to the error output', async () => {
    // Each record comes back as 3.5 MB of base64: two records make a response just over 7 MB.
    handler = (event) => ({
      records: event.records.map((r) => ({ recordId: r.recordId, result: 'Ok', data: b64('x'.repeat(2_625_000)) })),
    })
    await activeStream('orders', processedStream('orders', ARN, { parameters: { NumberOfRetries: '1' } }))
    await putText(firehose, 'orders', 'a')
    await putText(firehose, 'orders', 'b')
    await aws.firehose.flush('orders')
    expect(aws.firehose.invocations('orders')).toMatchObject([{ attempts: 2, error: { errorCode: 'Lambda.FunctionError' }, failed: 2 }])
    // One record's response (3.5 MB) is within the limit.
    await putText(firehose, 'orders', 'c')
    await aws.firehose.flush('orders')
    expect(aws.firehose.invocations('orders')[1]).toMatchObject({ attempts: 1, ok: 1 })
  })
})

describe('an AppendDelimiterToRecord processor alone', () => {
  it('delivers each record followed by a newline, and keeps the records as they were put', async () => {
    await activeStream('lines', {
      DeliveryStreamName: 'lines',
      ExtendedS3DestinationConfiguration: {
        RoleARN: ROLE_ARN,
        BucketARN: BUCKET_ARN,
        ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'AppendDelimiterToRecord' }] },
      },
    })
    await putText(firehose, 'lines', '{"a":1}')
    await putText(firehose, 'lines', '{"a":2}')
    await aws.firehose.flush('lines')
    expect((await deliveredObjects(aws, 'lines')).map((o) => o.text)).toEqual(['{"a":1}\n{"a":2}\n'])
    expect(aws.firehose.records('lines').map((r) => new TextDecoder().decode(r.data))).toEqual(['{"a":1}', '{"a":2}'])
  })
})

/**
 * Delivery to an HTTP endpoint destination: when a stream's buffer is due, the mock sends
 * Firehose's request with `fetch`, here answered by an MSW handler in the same test, and handles
 * the answer as Firehose does — a valid 200 delivers, anything else is retried on the mock's clock
 * until RetryOptions.DurationInSeconds, then the records go to the S3 backup.
 */
import { gunzipSync } from 'node:zlib'
import { http, HttpResponse, type DefaultBodyType, type StrictRequest } from 'msw'
import { DeleteDeliveryStreamCommand, DescribeDeliveryStreamCommand } from '@aws-sdk/client-firehose'
import { describe, expect, it } from 'vitest'
import { BUCKET_ARN, ROLE_ARN } from '../../support/aws'
import { START } from '../../support/clock'
import { putText } from '../../support/firehose'
import { useMock } from '../../support/mock'
import { errorLines } from '../../support/processing'

const URL = 'https://receiver.example.com/firehose?tenant=1'
const UPPER = 'arn:aws:lambda:us-east-1:123456789012:function:upper'
const { aws, clock, firehose, server, activeStream } = useMock({
  timing: 'instant',
  lambdas: {
    [UPPER]: (event: { records: Array<{ recordId: string; data: string }> }) => ({
      records: event.records.map((r) => ({ recordId: r.recordId, result: 'Ok', data: btoa(atob(r.data).toUpperCase()) })),
    }),
  },
})

interface Received {
  headers: Record<string, string>
  body: { requestId: string; timestamp: number; records: Array<{ data: string }> }
}
const received: Received[] = []

/** Receives Firehose's requests at URL and answers with `answer` (default: the documented success). */
function receiver(answer: (body: Received['body'], attempt: number) => Response | Promise<Response> = ok) {
  received.length = 0
  server.use(
    http.post(URL, async ({ request }: { request: StrictRequest<DefaultBodyType> }) => {
      const raw = new Uint8Array(await request.arrayBuffer())
      const text = request.headers.get('content-encoding') === 'gzip' ? gunzipSync(raw).toString() : new TextDecoder().decode(raw)
      const body = JSON.parse(text) as Received['body']
      received.push({ headers: Object.fromEntries(request.headers), body })
      return answer(body, received.length)
    }),
  )
}
const ok = (body: Received['body']) => HttpResponse.json({ requestId: body.requestId, timestamp: Date.now() })

function httpStream(name: string, extra: Record<string, unknown> = {}) {
  return {
    DeliveryStreamName: name,
    HttpEndpointDestinationConfiguration: {
      EndpointConfiguration: { Url: URL, Name: 'receiver', AccessKey: 'secret-key' },
      BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 },
      RoleARN: ROLE_ARN,
      S3Configuration: { RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN },
      ...extra,
    },
  }
}

const texts = (r: Received) => r.body.records.map((x) => Buffer.from(x.data, 'base64').toString())

describe('an HTTP endpoint destination', () => {
  it('sends Firehose’s request when the buffer is due, and a valid 200 delivers', async () => {
    receiver()
    await activeStream(
      'hose',
      httpStream('hose', {
        RequestConfiguration: { CommonAttributes: [{ AttributeName: 'env', AttributeValue: 'test' }] },
      }),
    )
    clock.set(START + 1_000)
    await putText(firehose, 'hose', 'a')
    await putText(firehose, 'hose', 'b')
    expect(await aws.firehose.httpDeliveries('hose')).toEqual([]) // the 60 s buffer is not due
    expect(received).toHaveLength(0)
    clock.set(START + 61_000)
    const [delivery] = await aws.firehose.httpDeliveries('hose')
    expect(received).toHaveLength(1)
    const [request] = received
    expect(texts(request!)).toEqual(['a', 'b'])
    expect(request!.body).toEqual({ requestId: delivery!.requestId, timestamp: START + 61_000, records: expect.any(Array) })
    expect(request!.headers).toMatchObject({
      'content-type': 'application/json',
      'x-amz-firehose-protocol-version': '1.0',
      'x-amz-firehose-request-id': delivery!.requestId,
      'x-amz-firehose-source-arn': 'arn:aws:firehose:us-east-1:123456789012:deliverystream/hose',
      'x-amz-firehose-access-key': 'secret-key',
      'x-amz-firehose-common-attributes': '{"commonAttributes":{"env":"test"}}',
    })
    expect(request!.headers).not.toHaveProperty('content-encoding')
    expect(delivery).toMatchObject({ outcome: 'delivered', records: 2, attempts: [{ at: START + 61_000, status: 200 }] })
    expect(await aws.firehose.deliveries('hose')).toEqual([]) // FailedDataOnly: nothing backed up
  })

  it('retries a 500 after Firehose’s back-off on the clock, keeping the request id, and delivers', async () => {
    receiver((body, attempt) => (attempt === 1 ? new HttpResponse('busy', { status: 500 }) : ok(body)))
    await activeStream('hose', httpStream('hose'))
    clock.set(START + 1_000)
    await putText(firehose, 'hose', 'a')
    await aws.firehose.flush('hose')
    expect(received).toHaveLength(1)
    let [delivery] = await aws.firehose.httpDeliveries('hose')
    expect(delivery).toMatchObject({
      outcome: 'pending',
      attempts: [
        {
          at: START + 1_000,
          status: 500,
          errorCode: 'HttpEndpoint.DestinationException',
          errorMessage:
            'Delivery to the endpoint was unsuccessful. See Troubleshooting HTTP Endpoints in the Firehose documentation for more information. Response received with status code 500: busy',
        },
      ],
    })
    clock.set(START + 1_999) // the first retry waits 1 s
    ;[delivery] = await aws.firehose.httpDeliveries('hose')
    expect(received).toHaveLength(1)
    clock.set(START + 2_000)
    ;[delivery] = await aws.firehose.httpDeliveries('hose')
    expect(received.map((r) => r.body.requestId)).toEqual([delivery!.requestId, delivery!.requestId])
    expect(delivery).toMatchObject({ outcome: 'delivered', attempts: [{ status: 500 }, { at: START + 2_000, status: 200 }] })
  })

  it.each<[string, (body: Received['body']) => Response]>([
    ['a requestId that is not the request’s', () => HttpResponse.json({ requestId: 'other', timestamp: 1 })],
    ['no timestamp', (body) => HttpResponse.json({ requestId: body.requestId })],
    ['a timestamp as a string', (body) => HttpResponse.json({ requestId: body.requestId, timestamp: '1' })],
    ['a body that is not JSON', () => new HttpResponse('ok', { status: 200, headers: { 'Content-Type': 'application/json' } })],
    [
      'JSON without the application/json content type',
      (body) => new HttpResponse(JSON.stringify({ requestId: body.requestId, timestamp: 1 }), { status: 200 }),
    ],
  ])('answers a 200 with %s as HttpEndpoint.InvalidResponseFromDestination', async (_, answer) => {
    receiver(answer)
    await activeStream('hose', httpStream('hose'))
    await putText(firehose, 'hose', 'a')
    await aws.firehose.flush('hose')
    expect((await aws.firehose.httpDeliveries('hose'))[0]).toMatchObject({
      outcome: 'pending',
      attempts: [{ status: 200, errorCode: 'HttpEndpoint.InvalidResponseFromDestination' }],
    })
  })

  it('after the retry duration, writes the records to the S3 backup’s http-endpoint-failed error output', async () => {
    receiver(() => new HttpResponse(null, { status: 503 }))
    await activeStream('hose', httpStream('hose', { RetryOptions: { DurationInSeconds: 10 } }))
    clock.set(START + 1_000)
    await putText(firehose, 'hose', 'lost?')
    await aws.firehose.flush('hose')
    // Retries 1, 2, 4 s after each failure (at +1, +3, +7 s); the next (8 s later) would pass the 10 s.
    for (const t of [2_000, 4_000, 8_000, 20_000]) {
      clock.set(START + t)
      await aws.firehose.httpDeliveries('hose')
    }
    const [delivery] = await aws.firehose.httpDeliveries('hose')
    expect(delivery!.attempts.map((a) => a.at - START)).toEqual([1_000, 2_000, 4_000, 8_000])
    expect(delivery!.outcome).toBe('failed')
    const objects = await aws.firehose.deliveries('hose')
    expect(objects.map((o) => o.key)).toEqual([expect.stringMatching(/^http-endpoint-failed\/\d{4}\/\d{2}\/\d{2}\/\d{2}\/hose-1-/)])
    const [line] = errorLines(new TextDecoder().decode(objects[0]!.data))
    expect(line).toEqual({
      attemptsMade: 4,
      arrivalTimestamp: START + 1_000,
      errorCode: 'HttpEndpoint.DestinationException',
      errorMessage:
        'Delivery to the endpoint was unsuccessful. See Troubleshooting HTTP Endpoints in the Firehose documentation for more information. Response received with status code 503',
      attemptEndingTimestamp: START + 8_000,
      rawData: Buffer.from('lost?').toString('base64'),
      subsequenceNumber: 0,
      dataId: aws.firehose.records('hose')[0]!.recordId,
    })
  })

  it('drops a batch answered 413 (a permanent failure, not backed up)', async () => {
    receiver(() => new HttpResponse(null, { status: 413 }))
    await activeStream('hose', httpStream('hose'))
    await putText(firehose, 'hose', 'too big')
    await aws.firehose.flush('hose')
    clock.set(START + 3_600_000)
    expect((await aws.firehose.httpDeliveries('hose')).map((d) => [d.outcome, d.attempts.length])).toEqual([['rejected', 1]])
    expect(await aws.firehose.deliveries('hose')).toEqual([])
  })

  it('times out an answer that takes 3 minutes on the mock’s clock, and a network error is ConnectionFailed', async () => {
    receiver(async (body, attempt) => {
      if (attempt === 1) clock.advance(180_000)
      if (attempt === 2) return HttpResponse.error()
      return ok(body)
    })
    await activeStream('hose', httpStream('hose'))
    clock.set(START + 1_000)
    await putText(firehose, 'hose', 'a')
    await aws.firehose.flush('hose')
    clock.set(START + 400_000)
    await aws.firehose.httpDeliveries('hose')
    clock.set(START + 500_000)
    const [delivery] = await aws.firehose.httpDeliveries('hose')
    expect(delivery!.attempts.map((a) => a.errorCode)).toEqual(['HttpEndpoint.RequestTimeout', 'HttpEndpoint.ConnectionFailed', undefined])
    expect(delivery!.outcome).toBe('delivered')
  })

  it('compresses the body with GZIP when the RequestConfiguration asks for it', async () => {
    receiver()
    await activeStream('hose', httpStream('hose', { RequestConfiguration: { ContentEncoding: 'GZIP' } }))
    await putText(firehose, 'hose', 'zipped')
    await aws.firehose.flush('hose')
    expect(received[0]!.headers['content-encoding']).toBe('gzip')
    expect(texts(received[0]!)).toEqual(['zipped'])
  })

  it('with S3BackupMode AllData, also writes every record sent to the S3 backup', async () => {
    receiver()
    await activeStream('hose', httpStream('hose', { S3BackupMode: 'AllData' }))
    clock.set(START + 1_000)
    await putText(firehose, 'hose', 'x')
    await putText(firehose, 'hose', 'y')
    await aws.firehose.flush('hose')
    const objects = await aws.firehose.deliveries('hose')
    expect(objects.map((o) => [o.key.slice(0, 14), new TextDecoder().decode(o.data)])).toEqual([
      [expect.stringMatching(/^\d{4}\/\d{2}\/\d{2}\/\d{2}\//), 'xy'],
    ])
    expect((await aws.firehose.httpDeliveries('hose'))[0]!.outcome).toBe('delivered')
  })
})

describe('an HTTP endpoint stream, read back and deleted', () => {
  it('DescribeDeliveryStream leaves the access key out', async () => {
    await activeStream('hose', httpStream('hose'))
    const { DeliveryStreamDescription } = await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'hose' }))
    const destination = DeliveryStreamDescription!.Destinations![0]!.HttpEndpointDestinationDescription!
    expect(destination.EndpointConfiguration).toEqual({ Url: URL, Name: 'receiver' })
    expect(destination).toMatchObject({ S3BackupMode: 'FailedDataOnly', RetryOptions: { DurationInSeconds: 300 } })
  })

  it('sends what the buffer holds when the stream is deleted', async () => {
    receiver()
    await activeStream('hose', httpStream('hose'))
    await putText(firehose, 'hose', 'last words')
    const records = aws.firehose.records('hose')
    await firehose.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: 'hose' }))
    await aws.firehose.flush()
    expect(received.map(texts)).toEqual([['last words']])
    expect(records).toHaveLength(1)
  })

  it('publishes the DeliveryToHttpEndpoint metrics of each attempt', async () => {
    receiver((body, attempt) => (attempt === 1 ? new HttpResponse(null, { status: 500 }) : ok(body)))
    await activeStream('hose', httpStream('hose'))
    clock.set(START + 1_000)
    await putText(firehose, 'hose', 'abc')
    await aws.firehose.flush('hose')
    clock.set(START + 2_000)
    await aws.firehose.httpDeliveries('hose')
    const sums = (metric: string) => aws.cloudwatch.datapoints(metric, { stream: 'hose' }).map((d) => [d.sum, d.sampleCount])
    expect(sums('DeliveryToHttpEndpoint.ProcessedRecords')).toEqual([[2, 2]])
    expect(sums('DeliveryToHttpEndpoint.ProcessedBytes')).toEqual([[6, 2]])
    expect(sums('DeliveryToHttpEndpoint.Success')).toEqual([[1, 2]])
    expect(sums('DeliveryToHttpEndpoint.Records')).toEqual([[1, 1]])
    expect(sums('DeliveryToHttpEndpoint.Bytes')).toEqual([[3, 1]])
    // At each attempt: 0 s at the first (the record arrived then), 1 s at the retry.
    expect(aws.cloudwatch.datapoints('DeliveryToHttpEndpoint.DataFreshness', { stream: 'hose' })).toMatchObject([
      { minimum: 0, maximum: 1, sampleCount: 2 },
    ])
  })

  it('sends what a Lambda processor returned', async () => {
    receiver()
    await activeStream(
      'hose',
      httpStream('hose', {
        ProcessingConfiguration: {
          Enabled: true,
          Processors: [{ Type: 'Lambda', Parameters: [{ ParameterName: 'LambdaArn', ParameterValue: UPPER }] }],
        },
      }),
    )
    await putText(firehose, 'hose', 'quiet')
    await aws.firehose.flush('hose')
    expect(received.map(texts)).toEqual([['QUIET']])
    expect(aws.firehose.invocations('hose')).toMatchObject([{ ok: 1 }])
  })
})

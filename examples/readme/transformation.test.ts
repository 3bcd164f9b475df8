import { FirehoseClient, CreateDeliveryStreamCommand, PutRecordCommand } from '@aws-sdk/client-firehose'
import type { FirehoseTransformationHandler } from 'aws-lambda'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createFirehoseMock, createManualClock, onUnhandled } from 'firehose-msw'

// The function under test, as it is deployed: it keeps purchases, drops the rest, and fails what it cannot parse.
const enrich: FirehoseTransformationHandler = async (event) => ({
  records: event.records.map(({ recordId, data }) => {
    try {
      const click = JSON.parse(Buffer.from(data, 'base64').toString())
      if (click.type !== 'purchase') return { recordId, result: 'Dropped', data }
      const line = JSON.stringify({ ...click, cents: Math.round(click.amount * 100) }) + '\n'
      return { recordId, result: 'Ok', data: Buffer.from(line).toString('base64') }
    } catch {
      return { recordId, result: 'ProcessingFailed', data }
    }
  }),
})

const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:enrich'
const clock = createManualClock()
const aws = createFirehoseMock({ timing: 'instant', now: clock.now, lambdas: { [LAMBDA]: enrich } })
const server = setupServer(...aws.handlers)
beforeAll(() => server.listen(onUnhandled('error')))
afterAll(() => server.close())

const firehose = new FirehoseClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 })
const put = (text: string) =>
  firehose.send(new PutRecordCommand({ DeliveryStreamName: 'purchases', Record: { Data: new TextEncoder().encode(text) } }))

it('delivers what the function keeps, and what it cannot parse to processing-failed/', async () => {
  await firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'purchases',
      ExtendedS3DestinationConfiguration: {
        RoleARN: 'arn:aws:iam::123456789012:role/firehose',
        BucketARN: 'arn:aws:s3:::analytics',
        ProcessingConfiguration: {
          Enabled: true,
          Processors: [{ Type: 'Lambda', Parameters: [{ ParameterName: 'LambdaArn', ParameterValue: LAMBDA }] }],
        },
      },
    }),
  )
  await put('{"type":"purchase","amount":12.5}')
  await put('{"type":"view"}')
  await put('not json')

  await aws.firehose.flush('purchases') // invokes the function now, and delivers
  const objects = await aws.firehose.deliveries('purchases')
  const text = (key: string) => new TextDecoder().decode(objects.find((o) => o.key.startsWith(key))!.data)
  expect(text('2026/')).toBe('{"type":"purchase","amount":12.5,"cents":1250}\n')
  const [failed] = text('processing-failed/')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line))
  expect(failed).toMatchObject({ errorCode: 'Lambda.ProcessingFailedStatus', attemptsMade: 1, rawData: btoa('not json') })
  expect(aws.firehose.invocations('purchases')).toMatchObject([{ ok: 1, dropped: 1, failed: 1 }])
})

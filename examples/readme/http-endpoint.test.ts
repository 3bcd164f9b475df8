import { FirehoseClient, CreateDeliveryStreamCommand, PutRecordCommand } from '@aws-sdk/client-firehose'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createFirehoseMock, createManualClock, onUnhandled } from 'firehose-msw'

// The receiver under test: it stores events and answers as Firehose requires.
const stored: string[] = []
const receiver = http.post('https://ingest.example.com/firehose', async ({ request }) => {
  if (request.headers.get('x-amz-firehose-access-key') !== 'secret') return new HttpResponse(null, { status: 401 })
  const { requestId, records } = (await request.json()) as { requestId: string; records: Array<{ data: string }> }
  for (const { data } of records) stored.push(atob(data))
  return HttpResponse.json({ requestId, timestamp: Date.now() })
})

const clock = createManualClock()
const aws = createFirehoseMock({ timing: 'instant', now: clock.now })
const server = setupServer(...aws.handlers, receiver)
beforeAll(() => server.listen(onUnhandled('error')))
afterAll(() => server.close())

const firehose = new FirehoseClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 })

it('receives the records Firehose delivers', async () => {
  await firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'events',
      HttpEndpointDestinationConfiguration: {
        EndpointConfiguration: { Url: 'https://ingest.example.com/firehose', AccessKey: 'secret' },
        BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 },
        S3Configuration: { RoleARN: 'arn:aws:iam::123456789012:role/firehose', BucketARN: 'arn:aws:s3:::backup' },
      },
    }),
  )
  await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'events', Record: { Data: new TextEncoder().encode('{"n":1}') } }))

  clock.advance(60_000) // the buffer is due: the next read sends it
  const [request] = await aws.firehose.httpDeliveries('events')
  expect(request).toMatchObject({ outcome: 'delivered', records: 1, attempts: [{ status: 200 }] })
  expect(stored).toEqual(['{"n":1}'])
})

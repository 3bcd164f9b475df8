/**
 * An HTTP endpoint destination in happy-dom: the request goes out through the environment's
 * fetch, and an MSW handler (msw/node) answers it — GZIP-compressed with CompressionStream.
 * happy-dom's fetch is a browser's: a cross-origin request with Firehose's headers is preceded by
 * a CORS preflight, which the receiver answers too (MSW 3 refuses an unanswered one).
 */
import { CreateDeliveryStreamCommand, PutRecordCommand } from '@aws-sdk/client-firehose'
import { http, HttpResponse } from 'msw'
import { expect, it } from 'vitest'
import { createFirehoseMock } from '../../src'
import { BUCKET_ARN, ROLE_ARN } from '../support/aws'
import { firehoseClient } from '../support/clients'
import { useServer } from '../support/mock'

const server = useServer()

it('delivers to an MSW handler in happy-dom, GZIP-compressed', async () => {
  const aws = createFirehoseMock({ timing: 'instant' })
  const received: string[] = []
  server.use(
    ...aws.handlers,
    http.options(
      'https://receiver.example.com/ingest',
      () =>
        new HttpResponse(null, {
          status: 204,
          headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*', 'Access-Control-Allow-Methods': 'POST' },
        }),
    ),
    http.post('https://receiver.example.com/ingest', async ({ request }) => {
      expect(request.headers.get('content-encoding')).toBe('gzip')
      const text = await new Response(request.body!.pipeThrough(new DecompressionStream('gzip'))).text()
      const body = JSON.parse(text) as { requestId: string; records: Array<{ data: string }> }
      received.push(...body.records.map((r) => atob(r.data)))
      return HttpResponse.json({ requestId: body.requestId, timestamp: Date.now() })
    }),
  )
  const firehose = firehoseClient()
  await firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'dom',
      HttpEndpointDestinationConfiguration: {
        EndpointConfiguration: { Url: 'https://receiver.example.com/ingest' },
        RequestConfiguration: { ContentEncoding: 'GZIP' },
        S3Configuration: { RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN },
      },
    }),
  )
  await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'dom', Record: { Data: new TextEncoder().encode('in happy-dom') } }))
  await aws.firehose.flush('dom')
  expect(await aws.firehose.httpDeliveries('dom')).toMatchObject([{ attempts: [{ status: 200 }] }])
  expect(received).toEqual(['in happy-dom'])
  expect((await aws.firehose.httpDeliveries('dom')).map((d) => d.outcome)).toEqual(['delivered'])
})

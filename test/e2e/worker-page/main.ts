/**
 * A page that starts the mock in MSW's service worker with the unhandled-request option named in
 * the query (`?name=onUnhandledRequest&strategy=error`), or with none, and offers `probe()`: a
 * same-origin fetch no handler matches, answered by the dev server if MSW lets it through; and
 * `deliverToHandler()`: an HTTP endpoint stream, made with the real SDK, whose receiver is an MSW
 * handler of the page.
 */
import { CreateDeliveryStreamCommand, FirehoseClient, PutRecordCommand } from '@aws-sdk/client-firehose'
import { startFirehoseWorker } from 'firehose-msw/browser'
import { http, HttpResponse } from 'msw'
import { base64Paths, utf8Paths } from '../../../src/protocol/base64'
import { base64Mismatches, utf8Mismatches } from '../../support/base64'

const query = new URLSearchParams(location.search)
const name = query.get('name')
const startOptions = name ? { [name]: query.get('strategy') } : {}

declare global {
  interface Window {
    probe: () => Promise<string>
    deliverToHandler: () => Promise<{ received: string[]; headers: string[]; outcome: string | undefined }>
    base64Check: () => { paths: string[]; mismatches: string[]; utf8Paths: string[] }
  }
}

window.probe = () =>
  fetch('/api/not-aws').then(
    (response) => `answered ${response.status}`,
    (error: unknown) => `failed: ${String(error)}`,
  )

const { worker, mock } = await startFirehoseWorker(
  { timing: 'instant' },
  { serviceWorker: { url: '/mockServiceWorker.js' }, ...startOptions },
)

window.deliverToHandler = async () => {
  const received: string[] = []
  const headers: string[] = []
  worker.use(
    http.post('https://receiver.example.com/ingest', async ({ request }) => {
      // The body comes GZIP-compressed (CompressionStream in the page), as the stream asks.
      const unzipped =
        request.headers.get('content-encoding') === 'gzip' ? request.body!.pipeThrough(new DecompressionStream('gzip')) : request.body
      const body = (await new Response(unzipped).json()) as { requestId: string; records: Array<{ data: string }> }
      received.push(...body.records.map((r) => atob(r.data)))
      headers.push(request.headers.get('x-amz-firehose-source-arn') ?? '', request.headers.get('content-encoding') ?? '')
      return HttpResponse.json({ requestId: body.requestId, timestamp: Date.now() })
    }),
  )
  const firehose = new FirehoseClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } })
  await firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'to-handler',
      HttpEndpointDestinationConfiguration: {
        EndpointConfiguration: { Url: 'https://receiver.example.com/ingest' },
        RequestConfiguration: { ContentEncoding: 'GZIP' },
        S3Configuration: { RoleARN: 'arn:aws:iam::123456789012:role/firehose', BucketARN: 'arn:aws:s3:::backup' },
      },
    }),
  )
  await firehose.send(
    new PutRecordCommand({ DeliveryStreamName: 'to-handler', Record: { Data: new TextEncoder().encode('from the page') } }),
  )
  await mock.firehose.flush('to-handler')
  const [delivery] = await mock.firehose.httpDeliveries('to-handler')
  return { received, headers, outcome: delivery?.outcome }
}

window.base64Check = () => ({
  paths: Object.keys(base64Paths()),
  mismatches: [...base64Mismatches(base64Paths()), ...utf8Mismatches(utf8Paths())],
  utf8Paths: Object.keys(utf8Paths()),
})

document.body.dataset.ready = 'true'

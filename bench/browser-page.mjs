/**
 * The page of item 3, bundled by bench/browser.mjs with esbuild (--platform=browser: the browser
 * build of the SDK, with its fetch handler). It starts MSW's service worker with firehose-msw's
 * handlers (the built dist/browser entry), and exposes `window.bench.round(side, kind, calls)`,
 * which swaps the worker's handlers and times `calls` SDK calls in the page.
 */
import { FirehoseClient, PutRecordBatchCommand, PutRecordCommand } from '@aws-sdk/client-firehose'
import { http } from 'msw'
import { startFirehoseWorker } from '../dist/browser/index.js'
import fixture from '../fixtures/direct-put-s3.json'

const ENDPOINT = 'https://firehose.us-east-1.amazonaws.com/'
const STREAM = 'clickstream'
const RECORD_ID = 'a1b2c3d4e5f6a7b8c9d0e1f2000000000000'
const HEADERS = { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-RequestId': '00000000-0000-4000-8000-000000000000' }
const CANNED_PUT_RECORD = JSON.stringify({ RecordId: RECORD_ID, Encrypted: false })
const CANNED_BATCH = JSON.stringify({
  FailedPutCount: 0,
  Encrypted: false,
  RequestResponses: Array.from({ length: 500 }, () => ({ RecordId: RECORD_ID })),
})

const bare = http.post(ENDPOINT, async ({ request }) => {
  await request.arrayBuffer()
  const batch = request.headers.get('x-amz-target') === 'Firehose_20150804.PutRecordBatch'
  return new Response(batch ? CANNED_BATCH : CANNED_PUT_RECORD, { status: 200, headers: HEADERS })
})

const kib = (i) => {
  const bytes = new Uint8Array(1024)
  for (let j = 0; j < bytes.length; j++) bytes[j] = 32 + ((i * 7 + j) % 95)
  return bytes
}
const records = Array.from({ length: 500 }, (_, i) => ({ Data: kib(i) }))

const { worker, mock } = await startFirehoseWorker(
  { seed: fixture, quotas: false, timing: 'instant' },
  { serviceWorker: { url: '/mockServiceWorker.js' }, quiet: true, onUnhandledRequest: 'error' },
)
const client = new FirehoseClient({ region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, maxAttempts: 1 })
const seeded = mock.firehose.records(STREAM).length

const calls = {
  put: async () => {
    const out = await client.send(new PutRecordCommand({ DeliveryStreamName: STREAM, Record: records[0] }))
    if (typeof out.RecordId !== 'string') throw new Error('PutRecord: unexpected answer')
  },
  batch: async () => {
    const out = await client.send(new PutRecordBatchCommand({ DeliveryStreamName: STREAM, Records: records }))
    if (out.RequestResponses.length !== 500 || out.FailedPutCount !== 0) throw new Error('PutRecordBatch: unexpected answer')
  },
}

window.bench = {
  /** ms per call of `calls` calls of `kind` ('put' | 'batch') on one side ('firehose-msw' | 'bare'). */
  async round(side, kind, n) {
    if (side === 'firehose-msw') {
      mock.reset()
      worker.resetHandlers(...mock.handlers)
    } else {
      worker.resetHandlers(bare)
    }
    const t0 = performance.now()
    for (let i = 0; i < n; i++) await calls[kind]()
    const ms = (performance.now() - t0) / n
    if (side === 'firehose-msw') {
      const stored = mock.firehose.records(STREAM).length - seeded
      const expected = kind === 'batch' ? n * 500 : n
      if (stored !== expected) throw new Error(`firehose-msw stored ${stored} records, expected ${expected}`)
    }
    return ms
  },
}
document.body.dataset.ready = 'true'

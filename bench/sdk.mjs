/**
 * Items 1 and 2: the real @aws-sdk/client-firehose in Node (msw/node).
 *   firehose-msw   — the mock's handlers (quotas: false, timing: 'instant', an ACTIVE stream seeded
 *                    by fixture, reset() before each round so memory stays flat)
 *   bare MSW       — one `http.post` that reads the body and returns a canned answer of the same
 *                    content type and size
 *   bare MSW, JSON — the same, but it parses the body (`request.json()`), as any JSON service must:
 *                    context for what the mock adds beyond reading the JSON it is sent
 *   client-mock    — aws-sdk-client-mock 4.1.0 on a second client (no HTTP, no serialization): context
 * One setupServer; the handlers are swapped with server.resetHandlers() before each side's calls.
 * Usage: node --expose-gc bench/sdk.mjs [--rounds 15]
 */
import { FirehoseClient, PutRecordBatchCommand, PutRecordCommand } from '@aws-sdk/client-firehose'
import { mockClient } from 'aws-sdk-client-mock'
import { http } from 'msw'
import { setupServer } from 'msw/node'
import { createFirehoseMock, onUnhandled } from '../dist/index.js'
import {
  alternate,
  arg,
  CANNED_HEADERS,
  CANNED_PUT_RECORD,
  CANNED_PUT_RECORD_BATCH,
  CREDENTIALS,
  emit,
  ENDPOINT,
  fixture,
  fmtMs,
  kib,
  log,
  REGION,
  STREAM,
} from './lib.mjs'

const ROUNDS = arg('rounds', 15)
const BATCH = 500

const aws = createFirehoseMock({ seed: fixture, quotas: false, timing: 'instant' })
const seeded = aws.firehose.records(STREAM).length

const batchAnswer = CANNED_PUT_RECORD_BATCH(BATCH)
const bare = http.post(ENDPOINT, async ({ request }) => {
  await request.arrayBuffer()
  const batch = request.headers.get('x-amz-target') === 'Firehose_20150804.PutRecordBatch'
  return new Response(batch ? batchAnswer : CANNED_PUT_RECORD, { status: 200, headers: CANNED_HEADERS })
})

const parsing = http.post(ENDPOINT, async ({ request }) => {
  const input = await request.json()
  return new Response(Array.isArray(input.Records) ? batchAnswer : CANNED_PUT_RECORD, { status: 200, headers: CANNED_HEADERS })
})

const server = setupServer(...aws.handlers)
server.listen(onUnhandled('error'))

const viaHttp = new FirehoseClient({ region: REGION, credentials: CREDENTIALS, maxAttempts: 1 })
const viaStub = new FirehoseClient({ region: REGION, credentials: CREDENTIALS, maxAttempts: 1 })
const stub = mockClient(viaStub)
stub.on(PutRecordCommand).resolves(JSON.parse(CANNED_PUT_RECORD))
stub.on(PutRecordBatchCommand).resolves(JSON.parse(batchAnswer))

const records = Array.from({ length: BATCH }, (_, i) => ({ Data: kib(i) }))
const one = { Data: kib(0) }
const putBatch = (client) => async () => {
  const out = await client.send(new PutRecordBatchCommand({ DeliveryStreamName: STREAM, Records: records }))
  if (out.RequestResponses.length !== BATCH || out.FailedPutCount !== 0) throw new Error('PutRecordBatch: unexpected answer')
}
const putOne = (client) => async () => {
  const out = await client.send(new PutRecordCommand({ DeliveryStreamName: STREAM, Record: one }))
  if (typeof out.RecordId !== 'string') throw new Error('PutRecord: unexpected answer')
}

let stored = 0
const before = async (side) => {
  if (side === 'firehose-msw') {
    aws.reset()
    server.resetHandlers(...aws.handlers)
  } else if (side === 'bare MSW') {
    server.resetHandlers(bare)
  } else if (side === 'bare MSW, JSON') {
    server.resetHandlers(parsing)
  }
}
const checkStored = (expected) => {
  // The mock side really stored what it answered (a benchmark of a broken mock would be meaningless).
  stored = aws.firehose.records(STREAM).length - seeded
  if (stored !== expected) throw new Error(`firehose-msw stored ${stored} records, expected ${expected}`)
}

const scenarios = [
  { name: 'PutRecordBatch 500×1 KiB', calls: 20, make: putBatch, perRound: 20 * BATCH },
  { name: 'PutRecord 1 KiB', calls: 200, make: putOne, perRound: 200 },
]

const rows = []
const json = {}
for (const s of scenarios) {
  log(`sdk: ${s.name}, ${ROUNDS} rounds × ${s.calls} calls per side…`)
  const t0 = performance.now()
  const result = await alternate({
    rounds: ROUNDS,
    calls: s.calls,
    before,
    sides: {
      'firehose-msw': async (i) => {
        await s.make(viaHttp)(i)
        if (i === s.calls - 1) checkStored(s.perRound)
      },
      'bare MSW': s.make(viaHttp),
      'bare MSW, JSON': s.make(viaHttp),
      'aws-sdk-client-mock': s.make(viaStub),
    },
  })
  const { medians: m } = result
  log(
    `  done in ${((performance.now() - t0) / 1000).toFixed(1)} s: firehose-msw ${fmtMs(m['firehose-msw'])}, bare ${fmtMs(m['bare MSW'])}, bare parsing ${fmtMs(m['bare MSW, JSON'])}, client-mock ${fmtMs(m['aws-sdk-client-mock'])}`,
  )
  const ratio = result.ratio('firehose-msw', 'bare MSW')
  rows.push({
    item: `1. Node SDK ${s.name}`,
    value: fmtMs(m['firehose-msw']),
    baseline: `${fmtMs(m['bare MSW'])} (bare MSW)`,
    ratio,
    target: '≤ 1.10',
    ok: ratio <= 1.1,
  })
  rows.push({
    item: `1. context: vs a bare handler that parses the JSON: ${s.name}`,
    value: fmtMs(m['firehose-msw']),
    baseline: `${fmtMs(m['bare MSW, JSON'])} (bare MSW, JSON)`,
    ratio: result.ratio('firehose-msw', 'bare MSW, JSON'),
    target: null,
    ok: null,
  })
  rows.push({
    item: `2. vs aws-sdk-client-mock: ${s.name}`,
    value: fmtMs(m['firehose-msw']),
    baseline: `${fmtMs(m['aws-sdk-client-mock'])} (client-mock)`,
    ratio: result.ratio('firehose-msw', 'aws-sdk-client-mock'),
    target: null,
    ok: null,
  })
  json[s.name] = {
    rounds: ROUNDS,
    callsPerRound: s.calls,
    msPerCall: result.perCall,
    medianMsPerCall: m,
    ratioVsBare: ratio,
    ratioVsParsingBare: result.ratio('firehose-msw', 'bare MSW, JSON'),
    pairedRatioVsBare: result.pairedRatio('firehose-msw', 'bare MSW'),
    ratioVsClientMock: result.ratio('firehose-msw', 'aws-sdk-client-mock'),
  }
}

server.close()
stub.restore()
emit(rows, { sdk: json })

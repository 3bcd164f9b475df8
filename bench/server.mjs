/**
 * Item 6: the standalone server (`firehose-msw serve`) under load, against a bare node:http
 * handler that parses the JSON and answers (bench/server-child.mjs runs each in its own process).
 * autocannon (in this process) keeps 8 connections busy for `--seconds` per side and round, the
 * sides alternating; the figure is each side's median of 2xx answers per second. Bodies and headers
 * are the SDK's (signed-looking, JSON 1.1); the mock is reset between rounds so memory stays flat.
 * Usage: node bench/server.mjs [--rounds 5] [--seconds 2] [--connections 8]
 */
import { arg, emit, load, log, median, startServerChild, STREAM, wireBody, wireHeaders } from './lib.mjs'

const ROUNDS = arg('rounds', 5)
const SECONDS = arg('seconds', 2)
const CONNECTIONS = arg('connections', 8)
const BATCH = 500

const scenarios = [
  {
    name: 'PutRecord 1 KiB',
    operation: 'PutRecord',
    body: wireBody('PutRecord'),
    target: 0.5,
    unit: 'req/s',
    records: 1,
  },
  {
    name: `PutRecordBatch ${BATCH} × 1 KiB`,
    operation: 'PutRecordBatch',
    body: wireBody('PutRecordBatch', BATCH),
    target: 0.7,
    unit: 'calls/s',
    records: BATCH,
  },
]

const mock = await startServerChild('mock')
const bare = await startServerChild('bare')
const control = (path, init) => fetch(`${mock.url}/_firehose-msw/${path}`, init).then((r) => r.json())

// The mock really stores what it answers (a benchmark of a broken mock would be meaningless).
for (const s of scenarios) {
  const answer = await fetch(mock.url, { method: 'POST', headers: wireHeaders(s.operation), body: s.body }).then((r) => r.json())
  const ids = s.records === 1 ? [answer.RecordId] : (answer.RequestResponses ?? []).map((r) => r.RecordId)
  if (ids.length !== s.records || !ids.every((id) => typeof id === 'string')) throw new Error(`${s.operation}: unexpected answer`)
}
const { records } = await control(`records?stream=${STREAM}`)
const seeded = records.length - 1 - BATCH
if (seeded < 0) throw new Error(`the mock stored ${records.length} records, expected at least ${1 + BATCH}`)

const rows = []
const json = {}
for (const s of scenarios) {
  log(`server: ${s.name}, ${ROUNDS} rounds × ${SECONDS} s per side, ${CONNECTIONS} connections…`)
  const perSecond = { 'firehose-msw': [], bare: [] }
  for (let r = -1; r < ROUNDS; r++) {
    const order = r % 2 ? ['firehose-msw', 'bare'] : ['bare', 'firehose-msw']
    for (const side of order) {
      if (side === 'firehose-msw') await control('reset', { method: 'POST' })
      const { ok } = await load(side === 'bare' ? bare.url : mock.url, s.operation, s.body, { connections: CONNECTIONS, seconds: SECONDS })
      const rate = ok / SECONDS
      if (r >= 0) perSecond[side].push(rate)
    }
  }
  const m = { 'firehose-msw': median(perSecond['firehose-msw']), bare: median(perSecond.bare) }
  const share = m['firehose-msw'] / m.bare
  log(`  firehose-msw ${m['firehose-msw'].toFixed(0)} ${s.unit}, bare ${m.bare.toFixed(0)} ${s.unit}: ${(share * 100).toFixed(0)} %`)
  rows.push({
    item: `6. Server ${s.name}`,
    value: `${m['firehose-msw'].toFixed(0)} ${s.unit}`,
    baseline: `${m.bare.toFixed(0)} ${s.unit} (bare node:http)`,
    ratio: share,
    target: `≥ ${s.target.toFixed(2)}`,
    ok: share >= s.target,
  })
  json[s.name] = { rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS, perSecond, median: m, share }
}

await mock.stop()
await bare.stop()
emit(rows, { server: json })

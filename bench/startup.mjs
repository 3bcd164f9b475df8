/**
 * Item 5b: from `createFirehoseMock()` to the first answered request, vs creating a bare MSW
 * server (one canned `http.post`) and its first request.
 *   warm — in this process, 15 runs a side, alternating: each creates a fresh mock (seeded with
 *          fixtures/direct-put-s3.json, timing 'instant') and a fresh setupServer, listens, sends
 *          one SDK PutRecord, closes. The SDK client is created before the clock starts.
 *   cold — a fresh Node process per run (7 a side, alternating): modules are imported first (the
 *          import of firehose-msw is reported apart), then the same steps are timed, so first-call
 *          JIT and lazy initialisation are included.
 * Usage: node bench/startup.mjs [--runs 15] [--cold-runs 7]
 */
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const child = process.argv.indexOf('--child')
if (child > 0) {
  const side = process.argv[child + 1]
  const { FirehoseClient, PutRecordCommand } = await import('@aws-sdk/client-firehose')
  const { http } = await import('msw')
  const { setupServer } = await import('msw/node')
  const lib = await import('./lib.mjs')
  const i0 = performance.now()
  const { createFirehoseMock } = side === 'firehose-msw' ? await import('../dist/index.js') : {}
  const importMs = performance.now() - i0
  const client = new FirehoseClient({ region: lib.REGION, credentials: lib.CREDENTIALS, maxAttempts: 1 })
  const ms = await firstRequest(side, { createFirehoseMock, http, setupServer, client, PutRecordCommand, lib })
  process.stdout.write(JSON.stringify({ ms, importMs }))
  process.exit(0)
}

/** Creates the mock (or not) and a server, answers one PutRecord, closes; returns the ms it took. */
async function firstRequest(side, { createFirehoseMock, http, setupServer, client, PutRecordCommand, lib }) {
  const t0 = performance.now()
  let handlers
  if (side === 'firehose-msw') {
    handlers = createFirehoseMock({ seed: lib.fixture, timing: 'instant' }).handlers
  } else {
    handlers = [
      http.post(lib.ENDPOINT, async ({ request }) => {
        await request.arrayBuffer()
        return new Response(lib.CANNED_PUT_RECORD, { status: 200, headers: lib.CANNED_HEADERS })
      }),
    ]
  }
  const server = setupServer(...handlers)
  server.listen({ onUnhandledRequest: 'error', onUnhandledFrame: 'error' }) // MSW 2 and MSW 3 names
  const out = await client.send(
    new PutRecordCommand({ DeliveryStreamName: lib.STREAM, Record: { Data: new TextEncoder().encode('{"hello":"world"}\n') } }),
  )
  const ms = performance.now() - t0
  server.close()
  if (typeof out.RecordId !== 'string') throw new Error('PutRecord: unexpected answer')
  return ms
}

const { FirehoseClient, PutRecordCommand } = await import('@aws-sdk/client-firehose')
const { http } = await import('msw')
const { setupServer } = await import('msw/node')
const { createFirehoseMock } = await import('../dist/index.js')
const lib = await import('./lib.mjs')
const { arg, emit, fmtMs, log, median } = lib

const RUNS = arg('runs', 15)
const COLD_RUNS = arg('cold-runs', 7)
const SIDES = ['firehose-msw', 'bare MSW']

log(`startup: warm, ${RUNS} runs a side…`)
const warm = { 'firehose-msw': [], 'bare MSW': [] }
for (let r = -3; r < RUNS; r++) {
  for (const side of r % 2 === 0 ? SIDES : [...SIDES].reverse()) {
    const client = new FirehoseClient({ region: lib.REGION, credentials: lib.CREDENTIALS, maxAttempts: 1 })
    globalThis.gc?.()
    const ms = await firstRequest(side, { createFirehoseMock, http, setupServer, client, PutRecordCommand, lib })
    if (r >= 0) warm[side].push(ms)
  }
}

log(`startup: cold, ${COLD_RUNS} fresh processes a side…`)
const cold = { 'firehose-msw': [], 'bare MSW': [] }
const importMs = []
for (let r = 0; r < COLD_RUNS; r++) {
  for (const side of r % 2 === 0 ? SIDES : [...SIDES].reverse()) {
    const out = JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', side], { encoding: 'utf8' }))
    cold[side].push(out.ms)
    if (side === 'firehose-msw') importMs.push(out.importMs)
  }
}

const m = (x) => ({ 'firehose-msw': median(x['firehose-msw']), 'bare MSW': median(x['bare MSW']) })
const w = m(warm)
const c = m(cold)
log(
  `  warm ${fmtMs(w['firehose-msw'])} vs ${fmtMs(w['bare MSW'])}; cold ${fmtMs(c['firehose-msw'])} vs ${fmtMs(c['bare MSW'])}; import firehose-msw ${fmtMs(median(importMs))}`,
)
emit(
  [
    {
      item: '5. createFirehoseMock() → first answer (warm)',
      value: fmtMs(w['firehose-msw']),
      baseline: `${fmtMs(w['bare MSW'])} (bare setupServer)`,
      ratio: w['firehose-msw'] / w['bare MSW'],
      target: null,
      ok: null,
    },
    {
      item: '5. createFirehoseMock() → first answer (cold process)',
      value: fmtMs(c['firehose-msw']),
      baseline: `${fmtMs(c['bare MSW'])} (bare setupServer)`,
      ratio: c['firehose-msw'] / c['bare MSW'],
      target: null,
      ok: null,
      detail: `import of firehose-msw itself: ${fmtMs(median(importMs))} (median)`,
    },
  ],
  { startup: { warmMs: warm, coldMs: cold, importFirehoseMswMs: importMs, warmMedians: w, coldMedians: c } },
)

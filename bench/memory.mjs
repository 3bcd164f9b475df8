/**
 * Item 4: memory, in its own process with --expose-gc (re-spawns itself with the flag if needed).
 *   a. heap per stored 1 KiB record: heapUsed + arrayBuffers before and after storing 200,000
 *      records through the real SDK (400 PutRecordBatch calls of 500 × 1 KiB via msw/node), with
 *      full GCs before each reading. Baseline: the 1,024 bytes of payload. Measured twice: with
 *      the call log off (`retention.maxCalls: 0`: what the store costs, the target) and as made by
 *      default, where the log also keeps every call's input and output (reported).
 *   b. no growth across 10,000 reset() cycles: each cycle loads a fixture on top (a KMS key with an
 *      alias, a stream encrypted with it, so a grant) and adds a fault rule, then reset()s;
 *      heap after vs before, with GCs, after 5,000 warm-up cycles (JIT and V8's caches settle).
 *      V8's own caches (number-to-string, compilation) make single readings wander by about
 *      ±250 KiB here whatever the mock does, so "no growth" is judged as < 512 KiB over 10,000
 *      cycles (< 52 B a cycle); a 100,000-cycle run shows no trend.
 * Usage: node bench/memory.mjs [--records 200000] [--cycles 10000]
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

if (typeof globalThis.gc !== 'function') {
  const run = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' })
  process.exit(run.status ?? 1)
}

const { FirehoseClient, PutRecordBatchCommand } = await import('@aws-sdk/client-firehose')
const { setupServer } = await import('msw/node')
const { createFirehoseMock, onUnhandled } = await import('../dist/index.js')
const { CREDENTIALS, REGION, STREAM, arg, emit, fixture, fmtBytes, kib, log } = await import('./lib.mjs')

const RECORDS = arg('records', 200_000)
const CYCLES = arg('cycles', 10_000)
const BATCH = 500

/** heapUsed + arrayBuffers after full collections (several: weak references and finalizers settle). */
async function settled() {
  for (let i = 0; i < 4; i++) {
    globalThis.gc()
    await new Promise((resolve) => setImmediate(resolve))
  }
  const m = process.memoryUsage()
  return { heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers, total: m.heapUsed + m.arrayBuffers }
}

const client = new FirehoseClient({ region: REGION, credentials: CREDENTIALS, maxAttempts: 1 })
const records = Array.from({ length: BATCH }, (_, i) => ({ Data: kib(i) }))

/** a. bytes per stored record, with a mock made with `retention`; returns the mock (its server closed) and B/record. */
async function perStoredRecord(retention, label) {
  const aws = createFirehoseMock({ seed: fixture, quotas: false, timing: 'instant', retention })
  const server = setupServer(...aws.handlers)
  server.listen(onUnhandled('error'))
  const putBatch = async () => {
    const out = await client.send(new PutRecordBatchCommand({ DeliveryStreamName: STREAM, Records: records }))
    if (out.FailedPutCount !== 0) throw new Error('PutRecordBatch: unexpected failures')
  }
  for (let i = 0; i < 4; i++) await putBatch() // warm the SDK, MSW and the mock up
  aws.reset()
  const seeded = aws.firehose.records(STREAM).length
  const before = await settled()
  log(`memory: storing ${RECORDS.toLocaleString('en')} records of 1 KiB through the SDK (${label})…`)
  const t0 = performance.now()
  for (let stored = 0; stored < RECORDS; stored += BATCH) await putBatch()
  const after = await settled()
  const count = aws.firehose.records(STREAM).length - seeded
  if (count !== RECORDS) throw new Error(`stored ${count} records, expected ${RECORDS}`)
  const perRecord = (after.total - before.total) / RECORDS
  const heapPerRecord = (after.heapUsed - before.heapUsed) / RECORDS
  const buffersPerRecord = (after.arrayBuffers - before.arrayBuffers) / RECORDS
  log(
    `  done in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${perRecord.toFixed(0)} B/record (heap ${heapPerRecord.toFixed(0)}, array buffers ${buffersPerRecord.toFixed(0)})`,
  )
  aws.reset()
  server.close()
  return { aws, perRecord, heapPerRecord, buffersPerRecord, before, after }
}

// a. The store alone (the call log off), then as made by default: the log keeps every call's input and output too.
const { perRecord, heapPerRecord, buffersPerRecord, before, after } = await perStoredRecord({ maxCalls: 0 }, 'call log off')
const { aws, perRecord: withLog } = await perStoredRecord(undefined, 'default: with the call log')

// b. reset() cycles
const extra = JSON.parse(readFileSync(new URL('../fixtures/encrypted-cmk.json', import.meta.url), 'utf8'))
const cycle = () => {
  aws.load(extra)
  aws.faults.add({ operation: 'PutRecord', error: 'ServiceUnavailableException', times: 1 })
  aws.reset()
}
for (let i = 0; i < 5000; i++) cycle()
const checkpoints = [await settled()]
log(`memory: ${CYCLES.toLocaleString('en')} reset() cycles…`)
const t1 = performance.now()
for (let part = 0; part < 8; part++) {
  for (let i = 0; i < CYCLES / 8; i++) cycle()
  checkpoints.push(await settled())
}
const growth = checkpoints.at(-1).total - checkpoints[0].total
log(
  `  done in ${((performance.now() - t1) / 1000).toFixed(1)} s: ${growth} B (checkpoints: ${checkpoints.map((c) => fmtBytes(c.total - checkpoints[0].total)).join(', ')})`,
)

const TARGET = 1.25 * 1024
const GROWTH_LIMIT = 512 * 1024 // see the header: the noise of V8's caches is about ±250 KiB
emit(
  [
    {
      item: `4. heap per stored 1 KiB record (${RECORDS / 1000}k), call log off`,
      value: `${perRecord.toFixed(0)} B`,
      baseline: '1024 B (payload)',
      ratio: perRecord / 1024,
      target: '≤ 1.25 KiB (1280 B)',
      ok: perRecord <= TARGET,
    },
    {
      item: `4. … with the call log (the default)`,
      value: `${withLog.toFixed(0)} B`,
      baseline: '1024 B (payload)',
      ratio: withLog / 1024,
      target: 'reported',
      ok: true,
    },
    {
      item: `4. heap growth over ${CYCLES / 1000}k reset() cycles`,
      value: fmtBytes(growth),
      baseline: fmtBytes(checkpoints[0].total) + ' (heap before)',
      ratio: growth / checkpoints[0].total,
      target: '≈ 0 (< 512 KiB)',
      ok: growth < GROWTH_LIMIT,
    },
  ],
  {
    memory: {
      records: RECORDS,
      bytesPerRecord: perRecord,
      bytesPerRecordWithCallLog: withLog,
      heapUsedPerRecord: heapPerRecord,
      arrayBuffersPerRecord: buffersPerRecord,
      before,
      after,
      resetCycles: CYCLES,
      resetCheckpoints: checkpoints,
      resetGrowthBytes: growth,
    },
  },
)

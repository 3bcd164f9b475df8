/**
 * Item 7: the long soak of the standalone server (test/server/soak.test.ts is the short one).
 * bench/soak-child.mjs runs startServer in its own process (timing 'instant', no quotas, retention
 * caps of 20,000 records and 50 objects per stream); autocannon (here) keeps `--connections` busy
 * for `--seconds` with a mix of PutRecordBatch (50 × 1 KiB) to "clickstream", DescribeDeliveryStream,
 * ListDeliveryStreams and S3 ListObjectsV2 of its bucket. The child reports its RSS every 5 s.
 *
 * What it judges (never speed): no answer but 2xx, no connection error or timeout, no 5xx or
 * unexpected error in the server, every acknowledged record kept or counted as dropped — and memory
 * flat once the caps are reached. Each delivered object keeps its records' bytes until the object
 * cap drops it, so the stream's S3 buffer size sets the memory the caps allow: 50 objects of the
 * fixture's 64 MiB would be 3.2 GB, never reached in a minute. The soak therefore buffers 1 MiB
 * (--buffer-mb), where the caps fill within seconds and RSS must then stay flat: from the middle of
 * the run (and not before both caps are full) it may grow by 64 MiB, plus twice what the retained
 * objects grew when the object cap is not reached (by design: with --buffer-mb 64).
 *
 * Usage: node bench/soak.mjs [--seconds 60] [--connections 64] [--buffer-mb 1] [--sample-seconds 5]
 * Standalone it prints a table and a verdict line and exits 1 on FAIL; under bench/index.mjs it
 * emits rows like the other items (a FAIL is a missed target there, not a failed item).
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import autocannon from 'autocannon'
import { arg, emit, log, ROOT, STREAM, wireBody, wireHeaders } from './lib.mjs'

const SECONDS = arg('seconds', 60)
const CONNECTIONS = arg('connections', 64)
const BUFFER_MB = arg('buffer-mb', 1)
const SAMPLE_SECONDS = arg('sample-seconds', 5)
const BATCH = 50
const BUCKET = 'acme-clickstream-lake'
const MIB = 1024 * 1024

/** Starts bench/soak-child.mjs; resolves once it listens, with its samples as they come and a way to ask for its stats. */
function startChild() {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bench', 'soak-child.mjs'), '--buffer-mb', String(BUFFER_MB), '--sample-seconds', String(SAMPLE_SECONDS)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  )
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const samples = []
  const waiting = []
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const [kind, rest = ''] = [line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1)]
      if (kind === 'READY') {
        resolve({
          url: rest,
          samples,
          stats: () => new Promise((answer) => (waiting.push(answer), child.stdin.write('stats\n'))),
          stop: () => (child.kill('SIGTERM'), exited),
        })
      } else if (kind === 'SAMPLE') {
        const sample = JSON.parse(rest)
        samples.push(sample)
        log(
          `  t=${sample.t.toFixed(0).padStart(3)} s  RSS ${(sample.rss / MIB).toFixed(0)} MiB, heap ${(sample.heapUsed / MIB).toFixed(0)} MiB, ` +
            `array buffers ${(sample.arrayBuffers / MIB).toFixed(0)} MiB; ${sample.stored} records kept, ${sample.dropped} dropped, ${sample.objects} objects`,
        )
      } else if (kind === 'STATS') {
        waiting.shift()?.(JSON.parse(rest))
      }
    })
    exited.then((code) => reject(new Error(`soak child exited (${code}) before it was ready`)))
  })
}

const child = await startChild()

// The mix each connection goes round: half batches, the rest reads, one S3 listing in ten.
// Batches answered 200 are counted as the client sees them (the child counts what it answered).
let clientAcked = 0
const countAck = (status) => {
  if (status === 200) clientAcked++
}
const put = {
  method: 'POST',
  path: '/',
  headers: wireHeaders('PutRecordBatch'),
  body: wireBody('PutRecordBatch', BATCH),
  onResponse: countAck,
}
const describe = {
  method: 'POST',
  path: '/',
  headers: wireHeaders('DescribeDeliveryStream'),
  body: JSON.stringify({ DeliveryStreamName: STREAM }),
}
const list = { method: 'POST', path: '/', headers: wireHeaders('ListDeliveryStreams'), body: '{}' }
const listObjects = { method: 'GET', path: `/${BUCKET}?list-type=2`, headers: {} }
const requests = [put, describe, put, list, put, describe, put, list, put, listObjects]

log(`soak: ${CONNECTIONS} connections for ${SECONDS} s against ${child.url} (S3 buffer ${BUFFER_MB} MiB, RSS every ${SAMPLE_SECONDS} s)…`)
const result = await new Promise((resolve, reject) =>
  autocannon({ url: child.url, connections: CONNECTIONS, duration: SECONDS, requests }, (error, r) => (error ? reject(error) : resolve(r))),
)
// One call more, answered after everything before it on the child's loop; then its accounting.
await fetch(`${child.url}/_firehose-msw/health`).then((r) => r.text())
const stats = await child.stats()
await child.stop()

const samples = [...child.samples, stats]
const seconds = result.duration || SECONDS
const answered = result.requests.total
const rate = answered / seconds
const statuses = Object.entries(result.statusCodeStats)
  .map(([status, { count }]) => `${status}×${count}`)
  .join(', ')
// Memory from the second half of the run, and not before a sample past the one where both caps were
// full (the caps fill within seconds at 1 MiB objects); judged only over at least two sample periods.
const end = samples.at(-1)
const middle = samples.findLastIndex((s) => s.t <= end.t / 2)
const full = samples.findIndex((s) => s.stored >= s.maxRecords && s.objects >= s.maxObjects)
const from = samples[Math.min(samples.length - 1, full < 0 ? middle : Math.max(middle, full + 1))]
const judged = end.t - from.t >= 2 * SAMPLE_SECONDS
const growth = end.rss - from.rss
const allowance = 64 * MIB + 2 * Math.max(0, end.retainedObjectBytes - from.retainedObjectBytes)
const peak = Math.max(...samples.map((s) => s.rss))

const checks = {
  answers: result.non2xx === 0 && result.errors === 0 && result.timeouts === 0,
  server: stats.serverErrors === 0 && stats.unexpected === 0,
  records: stats.stored + stats.dropped === stats.acked && clientAcked * BATCH <= stats.acked - stats.seeded && clientAcked > 0,
  memory: !judged || growth <= allowance,
}
const verdict = Object.values(checks).every(Boolean)
  ? `PASS: ${answered} answers in ${seconds} s, all 2xx; ${stats.acked} records acked, all kept or counted as dropped; ${judged ? `RSS flat (${growth < 0 ? '' : '+'}${(growth / MIB).toFixed(0)} MiB from t=${from.t.toFixed(0)} s, allowed ${(allowance / MIB).toFixed(0)} MiB)` : 'memory not judged (run too short: use --seconds 30 or more)'}`
  : `FAIL: ${Object.entries(checks)
      .filter(([, ok]) => !ok)
      .map(([name]) => name)
      .join(', ')}`

const rows = [
  {
    item: '7. Soak: throughput (mixed)',
    value: `${rate.toFixed(0)} req/s`,
    baseline: `${CONNECTIONS} conns × ${seconds} s`,
    ratio: null,
    target: null,
    ok: null,
    detail: `statuses ${statuses}`,
  },
  {
    item: '7. Soak: non-2xx / errors / timeouts',
    value: `${result.non2xx} / ${result.errors} / ${result.timeouts}`,
    baseline: `5xx logged ${stats.serverErrors}, unexpected ${stats.unexpected}`,
    ratio: null,
    target: '0 / 0 / 0, none',
    ok: checks.answers && checks.server,
  },
  {
    item: '7. Soak: records acked = kept + dropped',
    value: `${stats.stored} + ${stats.dropped} = ${stats.stored + stats.dropped}`,
    baseline: `${stats.acked} acked (client saw ${clientAcked * BATCH} + ${stats.seeded} seeded)`,
    ratio: null,
    target: 'equal',
    ok: checks.records,
  },
  {
    item: '7. Soak: server RSS once warm',
    value: `${(from.rss / MIB).toFixed(0)} → ${(end.rss / MIB).toFixed(0)} MiB from t=${from.t.toFixed(0)} s (peak ${(peak / MIB).toFixed(0)})`,
    baseline: `${end.objects} objects of ${BUFFER_MB} MiB delivered, ${Math.min(end.objects, end.maxObjects)} kept`,
    ratio: null,
    target: judged ? `≤ +${(allowance / MIB).toFixed(0)} MiB` : 'run ≥ 30 s to judge',
    ok: judged ? checks.memory : null,
    detail: `RSS every ${SAMPLE_SECONDS} s (MiB): ${samples.map((s) => (s.rss / MIB).toFixed(0)).join(' ')}. ${verdict}`,
  },
]

emit(rows, {
  soak: {
    seconds,
    connections: CONNECTIONS,
    bufferMb: BUFFER_MB,
    rate,
    statuses: result.statusCodeStats,
    stats,
    clientAcked,
    samples,
    verdict,
  },
})
if (process.env.BENCH_CHILD) {
  log(verdict)
} else {
  console.log(`\nRSS every ${SAMPLE_SECONDS} s (MiB): ${samples.map((s) => (s.rss / MIB).toFixed(0)).join(' ')}`)
  console.log(verdict)
  if (!verdict.startsWith('PASS')) process.exitCode = 1
}

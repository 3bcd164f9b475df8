/**
 * Shared helpers of the benchmarks: rounds that alternate two sides, medians, the canned
 * answers of the bare baseline, and how an item script hands its rows to bench/index.mjs.
 * Benchmarks measure; they never assert on time.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'

// The SDK warns once that Node 20 support ends in 2027; it is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))
export const REGION = 'us-east-1'
export const ENDPOINT = `https://firehose.${REGION}.amazonaws.com/`
export const STREAM = 'clickstream'
export const CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' }

/** An ACTIVE DirectPut stream `clickstream` (with a few records), from the repository's fixtures. */
export const fixture = JSON.parse(readFileSync(new URL('../fixtures/direct-put-s3.json', import.meta.url), 'utf8'))

/** A number option of a bench script: `--name N`, or `fallback`. */
export const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

/** 1 KiB of printable bytes, different per index. */
export function kib(i = 0) {
  const bytes = new Uint8Array(1024)
  for (let j = 0; j < bytes.length; j++) bytes[j] = 32 + ((i * 7 + j) % 95)
  return bytes
}

/**
 * Runs `warmup` untimed rounds, then `rounds` timed ones; in each, every side runs `calls`
 * times, the order rotating from round to round (and reversed every other round) so that no side
 * always goes first. `before(side)` runs untimed before a side's calls (handler swap, reset…);
 * a GC (when exposed) runs before each timed side, so one side does not pay for the other's
 * garbage. Returns the ms per call of every round, and per side their median.
 */
export async function alternate({ rounds, warmup = 2, calls, sides, before = async () => {} }) {
  const names = Object.keys(sides)
  const perCall = Object.fromEntries(names.map((n) => [n, []]))
  for (let r = -warmup; r < rounds; r++) {
    const k = ((r % names.length) + names.length) % names.length
    let order = [...names.slice(k), ...names.slice(0, k)]
    if (Math.floor(r / names.length) % 2) order = order.reverse()
    for (const name of order) {
      await before(name)
      globalThis.gc?.()
      const t0 = performance.now()
      for (let i = 0; i < calls; i++) await sides[name](i)
      const ms = (performance.now() - t0) / calls
      if (r >= 0) perCall[name].push(ms)
    }
  }
  const medians = Object.fromEntries(names.map((n) => [n, median(perCall[n])]))
  /** median(a)/median(b), and the median of the per-round ratios (a paired view, for the JSON). */
  const ratio = (a, b) => medians[a] / medians[b]
  const pairedRatio = (a, b) => median(perCall[a].map((x, i) => x / perCall[b][i]))
  return { perCall, medians, ratio, pairedRatio }
}

/** The canned answers of the bare handler: same content type, same shape and size as the mock's. */
export const CONTENT_TYPE = 'application/x-amz-json-1.1'
const RECORD_ID = 'a1b2c3d4e5f6a7b8c9d0e1f2000000000000' // 36 characters, like the mock's record ids
export const CANNED_PUT_RECORD = JSON.stringify({ RecordId: RECORD_ID, Encrypted: false })
export const CANNED_PUT_RECORD_BATCH = (n) =>
  JSON.stringify({ FailedPutCount: 0, Encrypted: false, RequestResponses: Array.from({ length: n }, () => ({ RecordId: RECORD_ID })) })
export const CANNED_HEADERS = { 'content-type': CONTENT_TYPE, 'x-amzn-RequestId': '00000000-0000-4000-8000-000000000000' }

export const fmtMs = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3)) + ' ms'
export const fmtBytes = (b) => (Math.abs(b) >= 10240 ? `${(b / 1024).toFixed(1)} KiB` : `${Math.round(b)} B`)

/**
 * A row of the final table:
 * { item, name, value, baseline, ratio, target, ok, detail }: value/baseline are display strings;
 * `ok` is true/false, or null for context-only rows.
 */
export function emit(rows, extra = {}) {
  if (process.env.BENCH_CHILD) {
    process.stdout.write(`\n@@bench ${JSON.stringify({ rows, ...extra })}\n`)
  } else {
    printTable(rows)
  }
}

export function printTable(rows) {
  const head = ['item', 'firehose-msw', 'baseline', 'ratio', 'target', 'ok?']
  const body = rows.map((r) => [
    r.item,
    r.value ?? '',
    r.baseline ?? '',
    typeof r.ratio === 'number' ? r.ratio.toFixed(3) : (r.ratio ?? '—'),
    r.target ?? '—',
    r.ok === null || r.ok === undefined ? 'context' : r.ok ? 'yes' : 'NO',
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => String(b[i]).length)))
  const line = (cells) => '| ' + cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ') + ' |'
  console.log(line(head))
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|')
  for (const b of body) console.log(line(b))
}

export const log = (...args) => console.error('  ', ...args)

/**
 * The standalone server's side of a run (bench/server-child.mjs: `mock` or `bare`), in its own
 * process; `nodeArgs` go before the script (e.g. --cpu-prof). Resolves once it listens.
 */
export function startServerChild(role, nodeArgs = []) {
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'bench', 'server-child.mjs'), role], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
      const ready = /READY (\S+)/.exec(out)
      if (ready) resolve({ url: ready[1], stop: () => (child.kill('SIGTERM'), exited) })
    })
    exited.then((code) => reject(new Error(`${role} server exited (${code}) before it was ready`)))
  })
}

/** A Firehose call's body as the SDK sends it: PutRecord of 1 KiB, or PutRecordBatch of `n` × 1 KiB. */
export const wireBody = (operation, n = 1) => {
  const b64 = (i) => Buffer.from(kib(i)).toString('base64')
  return operation === 'PutRecord'
    ? JSON.stringify({ DeliveryStreamName: STREAM, Record: { Data: b64(0) } })
    : JSON.stringify({ DeliveryStreamName: STREAM, Records: Array.from({ length: n }, (_, i) => ({ Data: b64(i) })) })
}

/** The headers the SDK sends with a Firehose call (signed-looking: the server does not check them unless `auth` is set). */
export const wireHeaders = (operation) => ({
  'content-type': CONTENT_TYPE,
  'x-amz-target': `Firehose_20150804.${operation}`,
  'x-amz-date': '20261206T000000Z',
  'x-amz-content-sha256': '0'.repeat(64),
  authorization: `AWS4-HMAC-SHA256 Credential=bench/20261206/${REGION}/firehose/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target;x-amz-user-agent, Signature=${'0'.repeat(64)}`,
  'amz-sdk-invocation-id': '00000000-0000-4000-8000-000000000000',
  'amz-sdk-request': 'attempt=1; max=1',
  'x-amz-user-agent': 'aws-sdk-js/3.1169.0',
  'user-agent': 'aws-sdk-js/3.1169.0 ua/2.1 os/linux lang/js md/nodejs#20 api/firehose#3.1169.0',
})

/** autocannon on `url` for `seconds` with `connections` busy: the count of 2xx answers; any other outcome throws. */
export const load = (url, operation, body, { connections = 8, seconds = 2 } = {}) =>
  new Promise((resolve, reject) => {
    autocannon({ url, method: 'POST', headers: wireHeaders(operation), body, connections, duration: seconds }, (error, result) => {
      if (error) return reject(error)
      if (result.non2xx || result.errors || result.timeouts) {
        return reject(new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`))
      }
      resolve({ ok: result['2xx'] })
    })
  })

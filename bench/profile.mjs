/**
 * A focused CPU profile of the firehose-msw side of a benchmark, summarised by self time.
 *   node bench/profile.mjs [batch|put] [--calls N]
 * re-runs itself under `node --cpu-prof` (profile in bench/.profiles/, git-ignored), then prints the
 * functions with the most self time, mapped back to src/ through dist's source maps.
 * The same run is also made against the bare MSW handler, so mock-specific functions stand out.
 *   node bench/profile.mjs server-batch|server-put [--seconds 5]
 * profiles the standalone server's process instead (bench/server-child.mjs under --cpu-prof, loaded
 * by autocannon from this process), against the bare node:http handler, per answered request.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { SourceMap } from 'node:module'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { arg, load, ROOT, startServerChild, wireBody } from './lib.mjs'

const kind = ['put', 'server-put', 'server-batch'].includes(process.argv[2]) ? process.argv[2] : 'batch'
const onServer = kind.startsWith('server-')
const calls = arg('calls', kind === 'batch' ? 300 : 3000)
const seconds = arg('seconds', 5)
const operation = kind.endsWith('put') ? 'PutRecord' : 'PutRecordBatch'
const what = onServer
  ? `server ${operation === 'PutRecord' ? 'PutRecord 1 KiB' : 'PutRecordBatch 500×1 KiB'}, ${seconds} s of load`
  : `${calls} × ${kind === 'batch' ? 'PutRecordBatch 500×1 KiB' : 'PutRecord 1 KiB'}`
const TOP = 15
const maps = new Map()

if (process.env.BENCH_PROFILE_CHILD) {
  await workload(process.env.BENCH_PROFILE_CHILD, kind, calls)
} else {
  const dir = join(ROOT, 'bench', '.profiles')
  mkdirSync(dir, { recursive: true })
  const summaries = {}
  const answered = {}
  for (const side of ['mock', 'bare']) {
    const out = join(dir, `${kind}-${side}`)
    rmSync(out, { recursive: true, force: true })
    if (onServer) {
      const child = await startServerChild(side, ['--cpu-prof', `--cpu-prof-dir=${out}`])
      ;({ ok: answered[side] } = await load(child.url, operation, wireBody(operation, 500), { seconds }))
      await child.stop()
    }
    const run = onServer
      ? { status: 0 }
      : spawnSync(
          process.execPath,
          ['--cpu-prof', `--cpu-prof-dir=${out}`, fileURLToPath(import.meta.url), kind, '--calls', String(calls)],
          {
            env: { ...process.env, BENCH_PROFILE_CHILD: side },
            stdio: ['ignore', 'inherit', 'inherit'],
          },
        )
    if (run.status !== 0) process.exit(run.status ?? 1)
    const file = join(
      out,
      readdirSync(out).find((f) => f.endsWith('.cpuprofile')),
    )
    summaries[side] = summarise(JSON.parse(readFileSync(file, 'utf8')))
    const perCall = onServer ? `, ${answered[side]} answers, ${((summaries[side].totalMs / answered[side]) * 1000).toFixed(0)} µs each` : ''
    console.log(
      `\n${side === 'mock' ? 'firehose-msw' : onServer ? 'bare node:http' : 'bare MSW'} side, ${what}: ${summaries[side].totalMs.toFixed(0)} ms sampled${perCall} (${relative(ROOT, file)})`,
    )
    printTop(summaries[side], TOP)
  }
  if (onServer) {
    const [mock, bare] = ['mock', 'bare'].map((side) => (summaries[side].totalMs / answered[side]) * 1000)
    console.log(`\nPer answer, the server spends ${mock.toFixed(0)} µs of CPU, the bare handler ${bare.toFixed(0)} µs.`)
  } else {
    const extra = summaries.mock.totalMs - summaries.bare.totalMs
    console.log(
      `\nfirehose-msw spends ${extra.toFixed(0)} ms more (${((extra / summaries.bare.totalMs) * 100).toFixed(0)}% of the bare run).`,
    )
  }
  console.log('Functions of the mock (dist → src), by self time, as a share of the whole firehose-msw run:')
  printTop({ ...summaries.mock, rows: summaries.mock.rows.filter((r) => r.where.startsWith('src/')) }, 8, 3)
  // V8 inlines differently from run to run (decodeBase64 may be counted in deserialize); source
  // lines are stable: the hottest lines of src/, whatever function they were compiled into.
  const lines = new Map()
  let ticks = 0
  for (const r of summaries.mock.rows) {
    for (const [at, t] of r.lines) {
      ticks += t
      if (at.startsWith('src/')) lines.set(at, (lines.get(at) ?? 0) + t)
    }
  }
  console.log('Hottest lines of src/ (share of all ticks of the firehose-msw run):')
  for (const [at, t] of [...lines].sort((a, b) => b[1] - a[1]).slice(0, 10)) {
    console.log(`  ${((t / ticks) * 100).toFixed(1).padStart(5)}%  ${at}  ${sourceLine(at)}`)
  }
}

async function workload(side, kind, calls) {
  const { FirehoseClient, PutRecordBatchCommand, PutRecordCommand } = await import('@aws-sdk/client-firehose')
  const { http } = await import('msw')
  const { setupServer } = await import('msw/node')
  const { createFirehoseMock, onUnhandled } = await import('../dist/index.js')
  const lib = await import('./lib.mjs')
  const aws = createFirehoseMock({ seed: lib.fixture, quotas: false, timing: 'instant' })
  const batchAnswer = lib.CANNED_PUT_RECORD_BATCH(500)
  const bare = http.post(lib.ENDPOINT, async ({ request }) => {
    await request.arrayBuffer()
    const batch = request.headers.get('x-amz-target') === 'Firehose_20150804.PutRecordBatch'
    return new Response(batch ? batchAnswer : lib.CANNED_PUT_RECORD, { status: 200, headers: lib.CANNED_HEADERS })
  })
  const server = setupServer(...(side === 'mock' ? aws.handlers : [bare]))
  server.listen(onUnhandled('error'))
  const client = new FirehoseClient({ region: lib.REGION, credentials: lib.CREDENTIALS, maxAttempts: 1 })
  const records = Array.from({ length: 500 }, (_, i) => ({ Data: lib.kib(i) }))
  for (let i = 0; i < calls; i++) {
    if (kind === 'batch') await client.send(new PutRecordBatchCommand({ DeliveryStreamName: lib.STREAM, Records: records }))
    else await client.send(new PutRecordCommand({ DeliveryStreamName: lib.STREAM, Record: records[0] }))
    if (i % 20 === 19) aws.reset()
  }
  server.close()
}

/** Self time per function (name + source location), from the samples of a .cpuprofile. */
function summarise(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const selfUs = new Map()
  const { samples, timeDeltas } = profile
  for (let i = 0; i < samples.length; i++) {
    const dt = timeDeltas[i + 1] ?? 0 // the time until the next sample is spent in this sample's frame
    selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + dt)
  }
  const rows = new Map()
  let totalUs = 0
  for (const [id, us] of selfUs) {
    const { callFrame: f } = byId.get(id)
    totalUs += us
    if (f.functionName === '(idle)' || f.functionName === '(program)') continue
    const where = locate(f.url, f.lineNumber, f.columnNumber)
    const key = `${f.functionName || '(anonymous)'} @ ${where}`
    const node = byId.get(id)
    const row = rows.get(key) ?? { fn: f.functionName || '(anonymous)', where, us: 0, lines: new Map() }
    row.us += us
    // Line-level ticks inside the function (V8 records them per node), mapped like the function.
    for (const { line, ticks } of node.positionTicks ?? []) {
      const at = locate(f.url, line - 1, 10_000)
      row.lines.set(at, (row.lines.get(at) ?? 0) + ticks)
    }
    rows.set(key, row)
  }
  const idle = [...selfUs].filter(([id]) => byId.get(id).callFrame.functionName === '(idle)').reduce((a, [, us]) => a + us, 0)
  const busyUs = totalUs - idle
  return { totalMs: busyUs / 1000, rows: [...rows.values()].sort((a, b) => b.us - a.us).map((r) => ({ ...r, pct: (r.us / busyUs) * 100 })) }
}

/** `src/x.ts:LINE` for dist code (through its source map), else a path relative to the repository. */
function locate(url, line, column) {
  if (!url) return '(native)'
  const path = url.startsWith('file://') ? fileURLToPath(url) : url
  if (path.startsWith(join(ROOT, 'dist'))) {
    if (!maps.has(path)) {
      try {
        maps.set(path, new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8'))))
      } catch {
        maps.set(path, null)
      }
    }
    const entry = maps.get(path)?.findEntry(line, column)
    if (entry?.originalSource) {
      const src = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : join(path, '..', entry.originalSource)
      return `${relative(ROOT, src)}:${entry.originalLine + 1}`
    }
  }
  const rel = relative(ROOT, path)
  return `${rel.startsWith('..') ? path : rel}:${line + 1}`
}

function sourceLine(at) {
  const [file, line] = at.split(':')
  return (readFileSync(join(ROOT, file), 'utf8').split('\n')[Number(line) - 1] ?? '').trim().slice(0, 90)
}

function printTop({ rows }, n, lines = 0) {
  for (const r of rows.slice(0, n)) {
    console.log(`  ${r.pct.toFixed(1).padStart(5)}%  ${(r.us / 1000).toFixed(0).padStart(6)} ms  ${r.fn}  ${r.where}`)
    const ticks = [...r.lines].sort((a, b) => b[1] - a[1])
    const all = ticks.reduce((a, [, t]) => a + t, 0)
    for (const [at, t] of ticks.slice(0, lines))
      console.log(`           ${((t / all) * 100).toFixed(0).padStart(3)}% of its ticks at ${at}`)
  }
}

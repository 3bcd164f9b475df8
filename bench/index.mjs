/**
 * `npm run bench`: builds (see package.json), then runs every item in its own Node process (with
 * --expose-gc) one after the other, prints one table and writes bench/results.json (git-ignored:
 * figures belong to the machine that made them).
 *   node bench/index.mjs [--only sdk,browser,memory,bundle,startup,server,soak]
 * Every figure is measured in one run against its baseline, alternating sides over rounds, with
 * medians. Nothing here asserts on time: a missed target is reported, never a failure exit.
 */
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { ROOT, printTable } from './lib.mjs'

const ITEMS = [
  { name: 'sdk', script: 'sdk.mjs', what: 'items 1–2: SDK through msw/node vs bare MSW vs aws-sdk-client-mock' },
  { name: 'browser', script: 'browser.mjs', what: 'item 3: service worker in Chromium' },
  { name: 'memory', script: 'memory.mjs', what: 'item 4: memory' },
  { name: 'bundle', script: 'bundle.mjs', what: 'item 5: browser bundle size' },
  { name: 'startup', script: 'startup.mjs', what: 'item 5: time to the first answered request' },
  { name: 'server', script: 'server.mjs', what: 'item 6: the standalone server under load vs bare node:http' },
  { name: 'soak', script: 'soak.mjs', what: 'item 7: the standalone server soaked: mixed load, retention caps, RSS' },
]
const onlyArg = process.argv.indexOf('--only')
const only = onlyArg > 0 ? process.argv[onlyArg + 1].split(',') : null

function run(item) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', join(ROOT, 'bench', item.script)], {
      cwd: ROOT,
      env: { ...process.env, BENCH_CHILD: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('@@bench '))
      if (code === 0 && line) resolve(JSON.parse(line.slice('@@bench '.length)))
      else resolve({ rows: [{ item: `${item.name}: failed (exit ${code})`, value: 'error', ok: false }], error: out.trim().slice(-2000) })
    })
  })
}

const started = performance.now()
const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: availableParallelism(),
  cpu: cpus()[0]?.model,
  loadavgAtStart: loadavg(),
  items: {},
}
const rows = []
for (const item of ITEMS) {
  if (only && !only.includes(item.name)) continue
  console.error(`▶ ${item.what}`)
  const t0 = performance.now()
  const result = await run(item)
  result.seconds = (performance.now() - t0) / 1000
  console.error(`  (${result.seconds.toFixed(1)} s)`)
  results.items[item.name] = result
  rows.push(...result.rows)
}
const itemNumber = (row) => Number.parseInt(row.item, 10) || 99
rows.sort((a, b) => itemNumber(a) - itemNumber(b))
results.rows = rows
results.seconds = (performance.now() - started) / 1000
results.loadavgAtEnd = loadavg()

console.log()
printTable(rows)
for (const r of rows) if (r.detail) console.log(`  ${r.item}: ${r.detail}`)
const missed = rows.filter((r) => r.ok === false)
console.log(
  `\n${rows.length} figures in ${results.seconds.toFixed(0)} s (Node ${process.version}, ${results.cpus} CPUs, load ${results.loadavgAtStart.map((l) => l.toFixed(2)).join(' ')}).`,
)
if (missed.length) {
  console.log(`Targets missed: ${missed.map((r) => r.item).join('; ')}.`)
  console.log('Profile the SDK path with `npm run bench:profile` (PutRecordBatch) or `npm run bench:profile -- put`.')
}
writeFileSync(join(ROOT, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n')
console.log('Details: bench/results.json')

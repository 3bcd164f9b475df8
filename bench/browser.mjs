/**
 * Item 3: the service-worker path in Chromium (Debian's /usr/bin/chromium or CHROMIUM_PATH,
 * driven by playwright-core). A page bundled with esbuild starts MSW's worker; each round times
 * N SDK calls in the page with firehose-msw's handlers, then with a bare worker handler (swapped
 * with worker.resetHandlers), alternating which goes first. Medians per side, their ratio.
 * The page and mockServiceWorker.js are served by a tiny node:http server on 127.0.0.1.
 * Usage: node bench/browser.mjs [--rounds 15]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'
import { chromiumLaunchOptions, chromiumPath } from '../scripts/chromium.mjs'
import { arg, emit, fmtMs, log, median, ROOT } from './lib.mjs'

const ROUNDS = arg('rounds', 15)
const WARMUP = 2
const SCENARIOS = [
  { kind: 'put', name: 'PutRecord 1 KiB', calls: 60, target: true },
  { kind: 'batch', name: 'PutRecordBatch 500×1 KiB', calls: 6, target: true },
]

const bundle = await build({
  entryPoints: [join(ROOT, 'bench', 'browser-page.mjs')],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  write: false,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
})
const pageJs = bundle.outputFiles[0].contents
const workerJs = readFileSync(createRequire(import.meta.url).resolve('msw/mockServiceWorker.js'))
const html = '<!doctype html><meta charset="utf-8"><title>firehose-msw bench</title><script type="module" src="/page.js"></script>'

const http = createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname
  const [type, body] =
    path === '/'
      ? ['text/html', html]
      : path === '/page.js'
        ? ['text/javascript', pageJs]
        : path === '/mockServiceWorker.js'
          ? ['text/javascript', workerJs]
          : [null, null]
  if (!type) {
    res.writeHead(404).end()
    return
  }
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body)
})
await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve))
const url = `http://127.0.0.1:${http.address().port}/`

const profile = mkdtempSync(join(tmpdir(), 'firehose-msw-bench-chromium-'))
const browser = await chromium.launchPersistentContext(profile, chromiumLaunchOptions())
const rows = []
const json = {}
try {
  const page = browser.pages()[0] ?? (await browser.newPage())
  page.setDefaultTimeout(60_000)
  const errors = []
  page.on('pageerror', (e) => errors.push(e))
  await page.goto(url)
  await page.waitForFunction(() => document.body?.dataset.ready === 'true' && navigator.serviceWorker.controller !== null)
  if (errors.length) throw errors[0]

  for (const s of SCENARIOS) {
    log(`browser: ${s.name}, ${ROUNDS} rounds × ${s.calls} calls per side…`)
    const t0 = performance.now()
    const perCall = { 'firehose-msw': [], bare: [] }
    for (let r = -WARMUP; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? ['firehose-msw', 'bare'] : ['bare', 'firehose-msw']
      for (const side of order) {
        const ms = await page.evaluate(([side, kind, n]) => window.bench.round(side, kind, n), [side, s.kind, s.calls])
        if (r >= 0) perCall[side].push(ms)
      }
    }
    const m = { 'firehose-msw': median(perCall['firehose-msw']), bare: median(perCall.bare) }
    const ratio = m['firehose-msw'] / m.bare
    log(`  done in ${((performance.now() - t0) / 1000).toFixed(1)} s: firehose-msw ${fmtMs(m['firehose-msw'])}, bare ${fmtMs(m.bare)}`)
    rows.push({
      item: `3. Chromium worker ${s.name}`,
      value: fmtMs(m['firehose-msw']),
      baseline: `${fmtMs(m.bare)} (bare worker)`,
      ratio,
      target: '≤ 1.10',
      ok: ratio <= 1.1,
    })
    json[s.name] = {
      rounds: ROUNDS,
      callsPerRound: s.calls,
      msPerCall: perCall,
      medianMsPerCall: m,
      ratio,
      pairedRatio: median(perCall['firehose-msw'].map((x, i) => x / perCall.bare[i])),
    }
  }
  json.chromium = browser.browser()?.version() ?? chromiumPath()
} finally {
  await browser.close()
  http.close()
  rmSync(profile, { recursive: true, force: true })
}
emit(rows, { browser: json })

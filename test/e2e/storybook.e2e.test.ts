/**
 * Builds the static Storybook (examples/storybook) with the storybook CLI, serves it over HTTP and
 * opens its stories in Chromium: the real @aws-sdk/client-firehose in the page talks to the mock
 * running in MSW's service worker (msw-storybook-addon).
 */
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { promisify } from 'node:util'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, OUTPUT_DIR } from '../support/browser'

const run = promisify(execFile)
const UI_TIMEOUT = 15_000

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.mjs': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
}

/** A tiny static file server for the built Storybook, on 127.0.0.1 and a random port. */
async function serveStatic(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    void (async () => {
      const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname)
      let file = normalize(join(root, pathname))
      if (file !== root && !file.startsWith(root + sep)) {
        res.writeHead(403).end()
        return
      }
      try {
        if ((await stat(file)).isDirectory()) file = join(file, 'index.html')
        const body = await readFile(file)
        res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' })
        res.end(body)
      } catch {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found')
      }
    })()
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

describe('Storybook (static build) in Chromium', () => {
  let outDir: string
  let server: Server | undefined
  let baseUrl: string
  let browser: BrowserContext | undefined
  let page: Page
  const pageErrors: string[] = []

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'firehose-msw-storybook-'))
    const started = Date.now()
    await run(
      resolve('node_modules/.bin/storybook'),
      ['build', '-c', 'examples/storybook/.storybook', '-o', outDir, '--quiet', '--disable-telemetry'],
      { env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1', CI: '1' }, maxBuffer: 32 * 1024 * 1024, timeout: 120_000 },
    )
    console.log(`storybook build: ${Date.now() - started} ms`)
    ;({ server, url: baseUrl } = await serveStatic(outDir))
    mkdirSync(OUTPUT_DIR, { recursive: true })
    browser = await launchChromium()
    page = browser.pages()[0] ?? (await browser.newPage())
    page.on('pageerror', (error) => pageErrors.push(error.message))
  })

  afterAll(async () => {
    await browser?.close()
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()))
    if (outDir) rmSync(outDir, { recursive: true, force: true })
  })

  /** Opens one story on its own (no Storybook manager UI) and waits until the component shows a status. */
  async function openStory(id: string): Promise<void> {
    await page.goto(`${baseUrl}/iframe.html?id=${id}&viewMode=story`)
    await page
      .getByTestId('status')
      .filter({ hasText: /Status: / })
      .waitFor({ timeout: UI_TIMEOUT })
  }

  const text = (testId: string, hasText: string | RegExp) => page.getByTestId(testId).filter({ hasText })

  it('Enabled: encryption is ENABLED and a put is stored encrypted', async () => {
    await openStory('firehose-streamstatus--enabled')
    await text('status', 'Status: ACTIVE').waitFor({ timeout: UI_TIMEOUT })
    await text('encryption', 'Encryption: ENABLED (CUSTOMER_MANAGED_CMK)').waitFor({ timeout: UI_TIMEOUT })
    await page.getByTestId('put').click()
    await text('put-result', 'Encrypted: true').waitFor({ timeout: UI_TIMEOUT })
    expect(await page.getByTestId('put-result').textContent()).toMatch(/^Stored \S+ — Encrypted: true$/)
    await page.screenshot({ path: join(OUTPUT_DIR, 'storybook-enabled.png') })
  })

  it('Enabling: the live status goes ENABLING → ENABLED', async () => {
    await openStory('firehose-streamstatus--enabling')
    await text('encryption', 'Encryption: ENABLING').waitFor({ timeout: UI_TIMEOUT })
    await text('encryption', 'Encryption: ENABLED').waitFor({ timeout: UI_TIMEOUT })
    await page.screenshot({ path: join(OUTPUT_DIR, 'storybook-enabling.png') })
  })

  it('EnablingFailed: the disabled key shows ENABLING_FAILED and DISABLED_KMS_KEY', async () => {
    await openStory('firehose-streamstatus--enabling-failed')
    await text('encryption', 'Encryption: ENABLING_FAILED').waitFor({ timeout: UI_TIMEOUT })
    await text('failure', 'DISABLED_KMS_KEY').waitFor({ timeout: UI_TIMEOUT })
    await page.screenshot({ path: join(OUTPUT_DIR, 'storybook-enabling-failed.png') })
  })

  it('QuotaExceeded: CreateDeliveryStream answers LimitExceededException', async () => {
    await openStory('firehose-streamstatus--quota-exceeded')
    await page.getByTestId('create').click()
    await text('create-result', 'Failed: LimitExceededException').waitFor({ timeout: UI_TIMEOUT })
    await page.screenshot({ path: join(OUTPUT_DIR, 'storybook-quota-exceeded.png') })
  })

  it('Throttled: a put shows ServiceUnavailableException: Slow down.', async () => {
    await openStory('firehose-streamstatus--throttled')
    await text('status', 'Status: ACTIVE').waitFor({ timeout: UI_TIMEOUT })
    await page.getByTestId('put').click()
    await text('put-result', 'Failed: ServiceUnavailableException: Slow down.').waitFor({ timeout: UI_TIMEOUT })
    await page.screenshot({ path: join(OUTPUT_DIR, 'storybook-throttled.png') })
    expect(pageErrors).toEqual([])
  })

  it('SavedState: the state saved from the dev app is what the story shows', async () => {
    await openStory('firehose-streamstatus--saved-state')
    await text('status', 'Status: ACTIVE').waitFor({ timeout: UI_TIMEOUT })
    await text('encryption', 'Encryption: ENABLED (CUSTOMER_MANAGED_CMK)').waitFor({ timeout: UI_TIMEOUT })
    await page.getByTestId('put').click()
    await text('put-result', 'Encrypted: true').waitFor({ timeout: UI_TIMEOUT })
  })

  it('Metrics: the chart shows the per-minute IncomingRecords and ThrottledRecords the seeded traffic produced', async () => {
    await page.goto(`${baseUrl}/iframe.html?id=firehose-metrics--seeded-history&viewMode=story`)
    await page.locator('[data-testid="metrics-chart"][data-state="ready"]').waitFor({ timeout: UI_TIMEOUT })
    const rows = await page
      .locator('[data-testid="metrics-table"] tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [tr.getAttribute('data-minute'), ...[...tr.querySelectorAll('td')].map((td) => Number(td.textContent))]),
      )
    // From the story's traffic (quota 50 records/s): 09:00 a batch of 20 and 3 puts; 09:01 a burst of
    // 80 (50 stored, 30 refused), a put in the same second (refused), then a batch of 5; 09:02
    // nothing; then a batch of 12, 4 puts, a batch of 8.
    expect(rows).toEqual([
      ['2026-01-01T09:00:00.000Z', 23, 0],
      ['2026-01-01T09:01:00.000Z', 55, 31],
      ['2026-01-01T09:02:00.000Z', 0, 0],
      ['2026-01-01T09:03:00.000Z', 12, 0],
      ['2026-01-01T09:04:00.000Z', 4, 0],
      ['2026-01-01T09:05:00.000Z', 8, 0],
    ])
    expect(await page.getByTestId('metrics-svg').getAttribute('aria-label')).toMatch(
      /^IncomingRecords and ThrottledRecords per minute for clickstream, .+: 102 incoming, 31 throttled$/,
    )
    expect(await page.locator('svg rect[data-metric]').count()).toBe(12)
    await page.screenshot({ path: join(OUTPUT_DIR, 'storybook-metrics.png') })
    expect(pageErrors).toEqual([])
  })

  it('Amplify CartAnalytics: events recorded with Amplify reach the stream once each, signed with guest credentials', async () => {
    await page.goto(`${baseUrl}/iframe.html?id=amplify-cartanalytics--guest-events&viewMode=story`)
    await text('stored', 'Stored in clickstream: 0').waitFor({ timeout: UI_TIMEOUT })
    for (let i = 0; i < 3; i++) await page.getByTestId('add-to-cart').click()
    await text('recorded', 'Recorded: 3').waitFor({ timeout: UI_TIMEOUT })
    await page.getByTestId('send-now').click()
    await text('stored', 'Stored in clickstream: 3').waitFor({ timeout: UI_TIMEOUT })
    await page.screenshot({ path: join(OUTPUT_DIR, 'storybook-amplify.png') })
    expect(pageErrors).toEqual([])
  })
})

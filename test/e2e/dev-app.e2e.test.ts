/**
 * The dev-mode app (`npm start`) in real Chromium: Vite serves examples/dev-app, MSW's service
 * worker answers the browser build of the AWS SDK with firehose-msw, and the test clicks through
 * create → encrypt → put → throttle the way a person would. `?timing=fast` makes every
 * transition take well under a second; the test waits on the UI, never on fixed sleeps.
 * The page runs on Playwright's clock (real time until a test pins it), and the mock reads the
 * page's Date: the metrics test pins the minute its puts land in.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BrowserContext, Page } from 'playwright-core'
import type { ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFirehoseMock, type Fixture } from '../../src'
import { keyArnOf } from '../support/aws'
import { loadFixture } from '../support/files'
import { chromiumPath, launchChromium, OUTPUT_DIR, startVite } from '../support/browser'

const CONFIG = fileURLToPath(new URL('../../examples/dev-app/vite.config.ts', import.meta.url))
const seededKey = loadFixture('encrypted-cmk').kms!.keys![0]!
const seededPoolId = loadFixture('guest-identity-pool').cognito!.identityPools![0]!.identityPoolId!
const seededKeyArn = keyArnOf(seededKey.keyId!)

let server: ViteDevServer | undefined
let browser: BrowserContext | undefined
let page: Page

const byTestId = (id: string) => page.getByTestId(id)
/** Waits until the element shows exactly `text` (Playwright re-checks the DOM until it does). */
const waitForText = (id: string, text: string | RegExp) =>
  byTestId(id)
    .filter({ hasText: typeof text === 'string' ? new RegExp(`^${text}$`) : text })
    .waitFor()

beforeAll(async () => {
  chromiumPath() // no Chromium: fail here with the one-line message saying how to install it
  const vite = await startVite({ configFile: CONFIG, server: { port: 0, strictPort: false } })
  server = vite.server
  browser = await launchChromium()
  page = browser.pages()[0] ?? (await browser.newPage())
  page.setDefaultTimeout(15_000)
  await page.setViewportSize({ width: 1400, height: 1000 })
  await page.clock.install() // before the app loads, so every Date and timer in the page is on it
  await page.goto(`${vite.origin}/?timing=fast`)
  await page.locator('[data-testid="worker-status"][data-state="active"]').waitFor()
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
  await page.locator('body[data-ready="true"]').waitFor()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

async function createStream(name: string): Promise<void> {
  await byTestId('create-name').fill(name)
  await byTestId('create-button').click()
  await page.locator(`[data-testid="stream-detail"][data-stream="${name}"]`).waitFor()
  await waitForText('stream-status', 'ACTIVE')
  await page.locator(`[data-testid="stream-item"][data-stream="${name}"]`).filter({ hasText: 'ACTIVE' }).waitFor()
}

/** Starts encryption with the selected key, sees ENABLING then ENABLED, and waits out propagation. */
async function startEncryption(keyValue: string): Promise<void> {
  await byTestId('key-select').selectOption(keyValue)
  await byTestId('start-encryption').click()
  await waitForText('encryption-status', 'ENABLING')
  await waitForText('encryption-status', 'ENABLED')
  // What the UI showed, in order (it records every status it rendered).
  expect(await byTestId('encryption-history').textContent()).toBe('DISABLED → ENABLING → ENABLED')
  // AWS: puts may stay unencrypted "up to 5 seconds" after ENABLED; the UI counts it down.
  await page.locator('[data-testid="propagation"][data-state="effective"]').waitFor()
  expect(await byTestId('propagation').textContent()).toBe('encrypted at rest')
}

const MINUTE = 60_000

/** The metrics chart's table: [minute (ISO), IncomingRecords, ThrottledRecords] per row, oldest first. */
const chartRows = () =>
  page
    .locator('[data-testid="metrics-table"] tbody tr')
    .evaluateAll((rows) =>
      rows.map((tr) => [tr.getAttribute('data-minute'), ...[...tr.querySelectorAll('td')].map((td) => Number(td.textContent))]),
    )

/** Puts the textarea's data, expects success, and returns the RecordId the UI shows. */
async function putRecord(data: string): Promise<{ recordId: string; encrypted: string }> {
  await byTestId('put-data').fill(data)
  await byTestId('put-record').click()
  await page.locator('[data-testid="put-result"][data-state="ok"]').waitFor()
  return { recordId: (await byTestId('put-record-id').textContent())!, encrypted: (await byTestId('put-encrypted').textContent())! }
}

describe('dev app (npm start) in Chromium', () => {
  it('saves the state clicked together as a fixture that a mock in Node replays', async () => {
    await createStream('e2e-saved')
    await putRecord('{"saved":true}')
    const [download] = await Promise.all([page.waitForEvent('download'), byTestId('save-state').click()])
    expect(download.suggestedFilename()).toBe('firehose-msw-state.json')
    const fixture = JSON.parse(readFileSync((await download.path())!, 'utf8')) as Fixture
    // The page's mock as the app left it, and a mock in Node seeded with the file, at the instant it was taken.
    const inPage = await page.evaluate(() => {
      const mock = (window as unknown as { firehoseMock: import('../../src').FirehoseMock }).firehoseMock
      return { streams: mock.firehose.streamNames(), records: mock.firehose.records('e2e-saved').map((r) => [r.recordId, [...r.data]]) }
    })
    const replayed = createFirehoseMock({ seed: fixture, now: () => fixture.state!.takenAt })
    expect(replayed.firehose.streamNames()).toEqual(inPage.streams)
    expect(replayed.firehose.records('e2e-saved').map((r) => [r.recordId, [...r.data]])).toEqual(inPage.records)
    // The app appends a newline to each record, as Firehose producers do.
    expect(new TextDecoder().decode(replayed.firehose.records('e2e-saved')[0]!.data)).toBe('{"saved":true}\n')
    expect(replayed.kms.keys().map((k) => k.keyId)).toContain(seededKey.keyId)
  })

  it('signs its calls with guest credentials from the seeded identity pool, and shows the guest identity', async () => {
    const shown = await byTestId('identity').getAttribute('data-identity-id')
    expect(shown).toMatch(/^us-east-1:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(await byTestId('identity').textContent()).toBe(`guest ${shown}`)
    // What the mock holds: one guest identity, the one shown, with credentials issued to it.
    const identities = await page.evaluate(
      (poolId) =>
        (window as unknown as { firehoseMock: import('../../src').FirehoseMock }).firehoseMock.cognito
          .identities(poolId)
          .map(({ identityId, logins, credentials }) => ({ identityId, logins, issued: credentials.length })),
      seededPoolId,
    )
    expect(identities).toHaveLength(1)
    expect(identities[0]).toMatchObject({ identityId: shown, logins: [] })
    expect(identities[0]!.issued).toBeGreaterThanOrEqual(1)
  })

  it('lists the seeded streams and the seeded KMS key with its alias', async () => {
    await page.locator('[data-testid="stream-item"][data-stream="clickstream"]').waitFor()
    await page.locator('[data-testid="stream-item"][data-stream="payments"]').waitFor()
    const option = page.locator(`[data-testid="key-select"] option[value="${seededKeyArn}"]`)
    expect(await option.textContent()).toContain(seededKey.aliases![0]!)
    // The seeded stream is already encrypted with that key.
    await page.locator('[data-testid="stream-item"][data-stream="payments"]').click()
    await waitForText('encryption-status', 'ENABLED')
    expect(await byTestId('encryption-key-arn').textContent()).toContain('alias/firehose-payments')
  })

  it('creates a stream, encrypts it with an AWS owned key, and puts an encrypted record', async () => {
    await createStream('e2e-aws-owned')
    await startEncryption('AWS_OWNED_CMK')
    expect(await byTestId('encryption-key-type').textContent()).toBe('AWS_OWNED_CMK')

    const { recordId, encrypted } = await putRecord('{"order":1}')
    expect(encrypted).toBe('Encrypted: true')
    const row = page.locator(`[data-testid="record-row"][data-record-id="${recordId}"]`)
    await row.waitFor()
    expect(await row.getAttribute('data-encrypted')).toBe('true')
    expect(await row.textContent()).toContain('{"order":1}')
    expect(await byTestId('records-count').textContent()).toBe('1 record in e2e-aws-owned')
  })

  it('encrypts a new stream with the seeded KMS key picked from ListKeys', async () => {
    await createStream('e2e-cmk')
    await startEncryption(seededKeyArn)
    expect(await byTestId('encryption-key-type').textContent()).toBe('CUSTOMER_MANAGED_CMK')
    expect(await byTestId('encryption-key-arn').textContent()).toBe(seededKeyArn)

    const { recordId, encrypted } = await putRecord('{"order":2}')
    expect(encrypted).toBe('Encrypted: true')
    const row = page.locator(`[data-testid="record-row"][data-record-id="${recordId}"][data-encrypted="true"]`)
    await row.waitFor()
    expect(await row.locator('td.key').getAttribute('title')).toBe(seededKeyArn)
  })

  it('throttles puts at runtime and shows the error; un-throttled puts work again', async () => {
    const rows = page.locator('[data-testid="record-row"]')
    const before = await rows.count()

    await byTestId('throttle-toggle').check()
    await byTestId('put-record').click()
    await page.locator('[data-testid="put-result"][data-state="error"]').waitFor()
    expect(await byTestId('put-error').textContent()).toBe('ServiceUnavailableException: Slow down.')
    expect(await byTestId('put-result').textContent()).toContain('HTTP 503')

    await byTestId('put-batch').click()
    await page.locator('[data-testid="put-result"][data-state="error"]').filter({ hasText: 'PutRecordBatch' }).waitFor()
    expect(await byTestId('put-error').textContent()).toBe('ServiceUnavailableException: Slow down.')
    expect(await rows.count()).toBe(before) // an injected error stores nothing

    mkdirSync(OUTPUT_DIR, { recursive: true })
    await page.screenshot({ path: join(OUTPUT_DIR, 'dev-app.png'), fullPage: true })

    await byTestId('throttle-toggle').uncheck()
    const { encrypted } = await putRecord('{"order":3}')
    expect(encrypted).toBe('Encrypted: true')
    await expect.poll(() => rows.count()).toBe(before + 1)
  })

  it('charts IncomingRecords and ThrottledRecords per minute from GetMetricData, a throttled burst included', async () => {
    await createStream('e2e-metrics')
    await page.locator('[data-testid="metrics-chart"][data-stream="e2e-metrics"][data-state="ready"]').waitFor()
    expect(await byTestId('quota-hint').textContent()).toContain('100 records per second per stream')

    // Pin the page's clock 5 s into the next minute: the puts below land in that minute, and all
    // of them in the same second of the stream's records-per-second quota (100 in this app).
    const first = (Math.floor((await page.evaluate(() => Date.now())) / MINUTE) + 1) * MINUTE
    const iso = (t: number) => new Date(t).toISOString()
    try {
      await page.clock.setFixedTime(first + 5_000)
      await putRecord('{"metric":1}')
      await putRecord('{"metric":2}')
      await byTestId('put-batch').click()
      await byTestId('put-summary')
        .filter({ hasText: /^3 stored, FailedPutCount 0$/ })
        .waitFor()
      // 5 records so far this second: the burst's first 95 fit, the other 155 are refused.
      await byTestId('put-burst').click()
      await byTestId('put-summary')
        .filter({ hasText: /^95 stored, FailedPutCount 155$/ })
        .waitFor()
      // Still the same second: a PutRecord is refused whole, and counted as a throttled record.
      await byTestId('put-record').click()
      await page.locator('[data-testid="put-result"][data-state="error"]').waitFor()
      expect(await byTestId('put-error').textContent()).toBe('ServiceUnavailableException: Slow down.')

      // Each put refreshes the chart: this minute is already there.
      await expect
        .poll(async () => (await chartRows()).find(([minute]) => minute === iso(first)), { timeout: 15_000 })
        .toEqual([iso(first), 100, 156])

      await page.clock.setFixedTime(first + MINUTE + 5_000)
      await putRecord('{"metric":3}')

      // The window is the last 10 minutes, the current one last; minutes without puts show 0.
      const expected = Array.from({ length: 10 }, (_, i) => {
        const minute = first + (i - 8) * MINUTE
        const values = minute === first ? [100, 156] : minute === first + MINUTE ? [1, 0] : [0, 0]
        return [iso(minute), ...values]
      })
      await expect.poll(chartRows, { timeout: 15_000 }).toEqual(expected)
    } finally {
      await page.clock.setSystemTime(first + MINUTE + 5_000) // time flows again
    }

    const label = await byTestId('metrics-svg').getAttribute('aria-label')
    expect(label).toMatch(/^IncomingRecords and ThrottledRecords per minute for e2e-metrics, .+: 101 incoming, 156 throttled$/)
    expect(await page.locator('[data-testid="metrics-legend"] [data-metric]').allTextContents()).toEqual([
      'IncomingRecords 101',
      'ThrottledRecords 156',
    ])
    // The bars are drawn to scale: 100 records stand 100 times as tall as 1, and an empty minute has none.
    const barHeight = async (metric: string, minute: number) =>
      Number(await page.locator(`rect[data-metric="${metric}"][data-minute="${iso(minute)}"]`).getAttribute('height'))
    const [busy, quiet, empty, throttled] = await Promise.all([
      barHeight('IncomingRecords', first),
      barHeight('IncomingRecords', first + MINUTE),
      barHeight('IncomingRecords', first - MINUTE),
      barHeight('ThrottledRecords', first),
    ])
    expect(empty).toBe(0)
    expect(quiet).toBeGreaterThan(0)
    expect(busy).toBeCloseTo(quiet * 100)
    expect(throttled).toBeCloseTo(quiet * 156)

    mkdirSync(OUTPUT_DIR, { recursive: true })
    const path = join(OUTPUT_DIR, 'dev-app-metrics.png')
    await page.locator('.card.metrics').screenshot({ path })
    const png = readFileSync(path)
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    // IHDR: the image's width and height, big-endian, right after the signature and chunk header.
    expect(png.readUInt32BE(16)).toBeGreaterThan(100)
    expect(png.readUInt32BE(20)).toBeGreaterThan(100)
  })
})

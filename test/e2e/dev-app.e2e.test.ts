/**
 * The dev-mode app (`npm start`) in real Chromium: Vite serves examples/dev-app, MSW's service
 * worker answers the browser build of the AWS SDK with firehose-msw, and the test clicks through
 * create → encrypt → put → throttle the way a person would. `?timing=fast` makes every
 * transition take well under a second; the test waits on the UI, never on fixed sleeps.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BrowserContext, Page } from 'playwright-core'
import type { ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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

/** Puts the textarea's data, expects success, and returns the RecordId the UI shows. */
async function putRecord(data: string): Promise<{ recordId: string; encrypted: string }> {
  await byTestId('put-data').fill(data)
  await byTestId('put-record').click()
  await page.locator('[data-testid="put-result"][data-state="ok"]').waitFor()
  return { recordId: (await byTestId('put-record-id').textContent())!, encrypted: (await byTestId('put-encrypted').textContent())! }
}

describe('dev app (npm start) in Chromium', () => {
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
})

/**
 * startFirehoseWorker() in real Chromium: a request no handler matches goes to the network by
 * default, without an MSW warning, and is refused (MSW's own 500, never the network) when the
 * caller asks for 'error' under either MSW major's option name — whichever MSW is installed. And
 * an HTTP endpoint destination's request goes out through the page, to the page's MSW handlers.
 */
import { fileURLToPath } from 'node:url'
import type { BrowserContext, Page } from 'playwright-core'
import type { ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mswWorker } from '../../examples/vite/msw-worker'
import { packageAliases } from '../../examples/vite/package-aliases'
import { LAZY_DEPENDENCIES } from '../../examples/vite/prebundle'
import { chromiumPath, launchChromium, startVite } from '../support/browser'

let server: ViteDevServer | undefined
let browser: BrowserContext | undefined
let origin = ''

beforeAll(async () => {
  chromiumPath()
  const vite = await startVite({
    configFile: false,
    appType: 'mpa', // an unknown path answers 404 rather than index.html
    root: fileURLToPath(new URL('./worker-page/', import.meta.url)),
    publicDir: false,
    plugins: [mswWorker()],
    resolve: { alias: packageAliases() },
    cacheDir: fileURLToPath(new URL('../../node_modules/.vite/worker-page', import.meta.url)),
    optimizeDeps: {
      include: ['msw/browser', 'msw', '@aws-crypto/sha256-js', '@aws-sdk/client-firehose', '@aws-sdk/client-kms', ...LAZY_DEPENDENCIES],
    },
    server: { host: '127.0.0.1', port: 0 },
  })
  server = vite.server
  origin = vite.origin
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

/** Opens the page with the given option, probes an unmocked URL, and returns the outcome and MSW's console lines. */
async function probe(query: string): Promise<{ outcome: string; mswLines: string[] }> {
  const page: Page = await browser!.newPage()
  const lines: string[] = []
  page.on('console', (message) => lines.push(message.text()))
  page.on('pageerror', (error) => lines.push(String(error)))
  try {
    await page.goto(`${origin}/?${query}`)
    await page
      .locator('body[data-ready="true"]')
      .waitFor({ state: 'attached', timeout: 30_000 })
      .catch((error: unknown) => {
        throw new Error(`page not ready: ${lines.join(' | ')}`, { cause: error })
      })
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
    const outcome = await page.evaluate(() => window.probe())
    return { outcome, mswLines: lines.filter((line) => line.includes('[MSW]')) }
  } finally {
    await page.close()
  }
}

describe('startFirehoseWorker and unhandled requests', () => {
  it('lets them through by default, without an MSW warning', async () => {
    expect(await probe('')).toEqual({ outcome: 'answered 404', mswLines: [] })
  })

  it("lets them through for onUnhandledRequest: 'bypass' (MSW 2's name), without an MSW warning", async () => {
    expect(await probe('name=onUnhandledRequest&strategy=bypass')).toEqual({ outcome: 'answered 404', mswLines: [] })
  })

  it.each(['onUnhandledRequest', 'onUnhandledFrame'])("fails them for %s: 'error'", async (name) => {
    const { outcome, mswLines } = await probe(`name=${name}&strategy=error`)
    // In the browser MSW answers an unhandled request under 'error' with its own 500 (Node: a network error).
    expect(outcome).toBe('answered 500')
    expect(mswLines.join('\n')).toContain('without a matching request handler')
  })
})

describe('an HTTP endpoint destination in the browser', { timeout: 60_000 }, () => {
  it('sends its request through the page, where an MSW handler answers it', async () => {
    const page: Page = await browser!.newPage()
    try {
      await page.goto(`${origin}/`)
      await page.locator('body[data-ready="true"]').waitFor({ state: 'attached', timeout: 30_000 })
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
      expect(await page.evaluate(() => window.deliverToHandler())).toEqual({
        received: ['from the page'],
        headers: ['arn:aws:firehose:us-east-1:123456789012:deliverystream/to-handler', 'gzip'],
        outcome: 'delivered',
      })
    } finally {
      await page.close()
    }
  })
})

describe('base64 in the browser', { timeout: 60_000 }, () => {
  it('uses Uint8Array#setFromBase64/#toBase64 where Chromium has them, answering as the portable path does', async () => {
    const page: Page = await browser!.newPage()
    try {
      await page.goto(`${origin}/`)
      await page.locator('body[data-ready="true"]').waitFor({ state: 'attached', timeout: 30_000 })
      expect(await page.evaluate(() => window.base64Check())).toEqual({
        paths: ['uint8array', 'portable'],
        mismatches: [],
        utf8Paths: ['portable'],
      })
    } finally {
      await page.close()
    }
  })
})

describe('KMS signatures in the browser', { timeout: 120_000 }, () => {
  it('signs with keys made in the page (WebCrypto and @noble), and the page’s WebCrypto verifies with the public key', async () => {
    const page: Page = await browser!.newPage()
    try {
      await page.goto(`${origin}/`)
      await page.locator('body[data-ready="true"]').waitFor({ state: 'attached', timeout: 30_000 })
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
      expect(await page.evaluate(() => window.signatures())).toEqual([
        { case: 'RSA_2048 RSASSA_PKCS1_V1_5_SHA_256 RAW', webCrypto: true, kms: true },
        { case: 'RSA_2048 RSASSA_PSS_SHA_384 DIGEST', webCrypto: true, kms: true },
        { case: 'ECC_NIST_P256 ECDSA_SHA_256 RAW', webCrypto: true, kms: true },
        { case: 'ECC_NIST_P384 ECDSA_SHA_384 DIGEST', webCrypto: true, kms: true },
        // WebCrypto has no secp256k1: KMS's own Verify is the check.
        { case: 'ECC_SECG_P256K1 ECDSA_SHA_256 RAW', webCrypto: false, kms: true },
        { case: 'HMAC_224 HMAC_SHA_224', webCrypto: true, kms: true },
      ])
    } finally {
      await page.close()
    }
  })
})

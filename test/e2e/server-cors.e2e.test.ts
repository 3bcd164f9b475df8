/**
 * The standalone server (firehose-msw/server) from a browser app on another origin, in real
 * Chromium: a page on http://localhost:<port>, bundled with esbuild for the browser (so
 * @aws-sdk/client-firehose sends with its FetchHttpHandler), calls a server on
 * http://127.0.0.1:<another port>. By default the server lets loopback origins through — its
 * preflight answers allow the SDK's POST and headers, and its answers expose the request id and
 * error type — so the app reads results and AWS errors as it would from AWS. A server started for
 * other origins refuses the preflight: the browser's fetch fails, and the call never reaches the mock.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { CreateDeliveryStreamCommand } from '@aws-sdk/client-firehose'
import { build } from 'esbuild'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../src/server'
import { s3Stream } from '../support/aws'
import { firehoseClient } from '../support/clients'
import { chromiumPath, launchChromium } from '../support/browser'

const PAGE = fileURLToPath(new URL('./server-cors-page/main.ts', import.meta.url))
const HTML = '<!doctype html><meta charset="utf-8"><title>firehose-msw server CORS</title><script type="module" src="/main.js"></script>'

let allowing: RunningServer | undefined // the default origins: loopback on any port
let refusing: RunningServer | undefined // another origin only
let pages: Server | undefined
let browser: BrowserContext | undefined
let page: Page
let origin = ''
/** What Chromium logged in the page: CORS refusals show here, with the reason. */
const consoleLines: string[] = []

/** The page's script, bundled as an app's bundler would for the browser. */
async function bundlePage(): Promise<Uint8Array> {
  const result = await build({
    entryPoints: [PAGE],
    bundle: true,
    format: 'esm',
    platform: 'browser', // the SDK's "browser" builds: FetchHttpHandler, no Node modules
    target: 'es2022',
    write: false,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  })
  return result.outputFiles[0]!.contents
}

/** Serves the page and its script on a free port of 127.0.0.1, opened as http://localhost:<port>. */
async function servePage(script: Uint8Array): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    if (path === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(HTML)
    else if (path === '/main.js') res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(script)
    else res.writeHead(404).end()
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return { server, origin: `http://localhost:${(server.address() as AddressInfo).port}` }
}

beforeAll(async () => {
  chromiumPath() // no Chromium: fail here with the one-line message saying how to install it
  // One at a time, each kept as soon as it runs, so afterAll closes whatever started.
  allowing = await startServer({ port: 0, timing: 'instant' })
  refusing = await startServer({ port: 0, timing: 'instant', corsOrigins: ['http://example.test'] })
  ;({ server: pages, origin } = await servePage(await bundlePage()))
  browser = await launchChromium()
  page = browser.pages()[0] ?? (await browser.newPage())
  page.setDefaultTimeout(15_000)
  page.on('console', (message) => consoleLines.push(message.text()))
  page.on('pageerror', (error) => consoleLines.push(String(error)))
  await page.goto(`${origin}/`)
  await page
    .locator('body[data-ready="true"]')
    .waitFor({ state: 'attached' })
    .catch((error: unknown) => {
      throw new Error(`page not ready: ${consoleLines.join(' | ')}`, { cause: error })
    })
})

afterAll(async () => {
  await browser?.close()
  await new Promise<void>((done) => (pages ? pages.close(() => done()) : done()))
  await allowing?.close()
  await refusing?.close()
})

describe('the standalone server from a page on another origin, in Chromium', { timeout: 30_000 }, () => {
  it('opens the page on localhost and calls the server on 127.0.0.1: two origins', async () => {
    expect(await page.evaluate(() => location.origin)).toBe(origin)
    expect(origin).toMatch(/^http:\/\/localhost:\d+$/)
    expect(allowing!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(new URL(allowing!.url).origin).not.toBe(origin)
  })

  it('creates a stream, puts a record the mock stores, and reads the request id of each answer', async () => {
    const url = allowing!.url
    const name = 'from-the-page'
    const created = await page.evaluate(([url, name]) => window.serverCors.createStream(url, name), [url, name] as const)
    expect(created).toMatchObject({
      ok: true,
      status: 200,
      output: { arn: `arn:aws:firehose:us-east-1:123456789012:deliverystream/${name}` },
    })
    // The SDK reads $metadata.requestId from x-amzn-RequestId: only there if the answer exposes it.
    expect(created.requestId).toMatch(/^[0-9a-f-]{36}$/)

    const described = await page.evaluate(([url, name]) => window.serverCors.describeStream(url, name), [url, name] as const)
    expect(described).toMatchObject({ ok: true, status: 200, output: { status: 'ACTIVE' } }) // timing 'instant'

    const put = await page.evaluate(([url, name]) => window.serverCors.putRecord(url, name, '{"page":"/cors"}\n'), [url, name] as const)
    expect(put).toMatchObject({ ok: true, status: 200, output: { encrypted: false } })
    if (!put.ok) throw new Error('unreachable')
    expect(put.output.recordId).toEqual(expect.any(String))
    expect(put.output.recordId!.length).toBeGreaterThan(0)

    const records = allowing!.mock.firehose.records(name)
    expect(records.map((r) => ({ recordId: r.recordId, data: new TextDecoder().decode(r.data) }))).toEqual([
      { recordId: put.output.recordId, data: '{"page":"/cors"}\n' },
    ])
    expect(consoleLines.filter((line) => line.includes('CORS'))).toEqual([])
  })

  it("gives the SDK AWS's error name and status for a missing stream", async () => {
    const url = allowing!.url
    const missing = await page.evaluate((url) => window.serverCors.describeStream(url, 'no-such-stream'), url)
    expect(missing).toMatchObject({ ok: false, name: 'ResourceNotFoundException', status: 400 })
    expect(missing.requestId).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('exposes x-amzn-RequestId and x-amzn-ErrorType to the page, and lets it read the body', async () => {
    const raw = await page.evaluate((url) => window.serverCors.describeWithFetch(url, 'no-such-stream'), allowing!.url)
    expect(raw.status).toBe(400)
    expect(raw.requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(raw.errorType).toMatch(/^ResourceNotFoundException/)
    expect(raw.body).toMatchObject({ __type: expect.stringMatching(/ResourceNotFoundException/) })
  })

  it('fails with a network error against a server started for other origins, and the mock stores nothing', async () => {
    const url = refusing!.url
    const name = 'not-from-the-page'
    // Outside a browser there is no CORS: the AWS SDK in Node creates the stream the page puts to.
    await firehoseClient('us-east-1', { endpoint: url }).send(new CreateDeliveryStreamCommand(s3Stream(name)))
    consoleLines.length = 0

    const put = await page.evaluate(([url, name]) => window.serverCors.putRecord(url, name, 'refused'), [url, name] as const)
    expect(put).toMatchObject({ ok: false, name: 'TypeError', message: 'Failed to fetch', status: undefined })
    const created = await page.evaluate(([url]) => window.serverCors.createStream(url, 'refused-stream'), [url] as const)
    expect(created).toMatchObject({ ok: false, name: 'TypeError', message: 'Failed to fetch' })

    expect(refusing!.mock.firehose.records(name)).toEqual([])
    expect(refusing!.mock.firehose.streamNames()).toEqual([name])
    // Chromium says why: the preflight's answer did not allow the page's origin.
    await expect.poll(() => consoleLines.filter((line) => line.includes('blocked by CORS policy')).length).toBeGreaterThanOrEqual(2)
    expect(consoleLines.join('\n')).toContain(`from origin '${origin}'`)
  })
})

/** The end-to-end tests' browser side: Debian's Chromium driven by playwright-core, and a Vite dev server for it to open. */
import { mkdtempSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext } from 'playwright-core'
import { createServer, type InlineConfig, type ViteDevServer } from 'vite'
import { chromiumLaunchOptions, chromiumPath } from '../../scripts/chromium.mjs'

/** The Chromium binary to drive, or a one-line error saying how to get one. */
export { chromiumPath }

/** A fresh headless Chromium profile; close it in afterAll. */
export async function launchChromium(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'chromium-')), chromiumLaunchOptions())
}

/** A Vite dev server on the port `config` names (0: a free one), quiet but for warnings, and the origin to open; close it in afterAll. */
export async function startVite(config: InlineConfig): Promise<{ server: ViteDevServer; origin: string }> {
  const server = await createServer({ logLevel: 'warn', clearScreen: false, ...config })
  await server.listen()
  return { server, origin: `http://127.0.0.1:${(server.httpServer!.address() as AddressInfo).port}` }
}

/** Where tests save screenshots. */
export const OUTPUT_DIR = join(process.cwd(), 'test-results', 'e2e')

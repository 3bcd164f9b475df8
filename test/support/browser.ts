/** Launching Debian's Chromium with playwright-core for the end-to-end tests. */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext } from 'playwright-core'
import { chromiumLaunchOptions, chromiumPath } from '../../scripts/chromium.mjs'

/** The Chromium binary to drive, or a one-line error saying how to get one. */
export { chromiumPath }

/** A fresh headless Chromium profile; close it in afterAll. */
export async function launchChromium(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'chromium-')), chromiumLaunchOptions())
}

/** Where tests save screenshots. */
export const OUTPUT_DIR = join(process.cwd(), 'test-results', 'e2e')

/**
 * Where the Chromium that the browser tests and the browser benchmark drive lives: CHROMIUM_PATH
 * when it is set, otherwise the first of Debian's install paths that exists. Shared by
 * scripts/ensure-tools.mjs (which installs Debian's package when none is found),
 * test/support/browser.ts and bench/browser.mjs.
 */
import { existsSync } from 'node:fs'

/** Debian's chromium package puts the browser at one of these paths, depending on the release. */
export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/lib/chromium/chromium', '/usr/bin/chromium-browser']

/** The Chromium binary to drive, or undefined when there is none (or CHROMIUM_PATH names a missing file). */
export function findChromium(env = process.env) {
  if (env.CHROMIUM_PATH) return existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined
  return CHROMIUM_CANDIDATES.find((path) => existsSync(path))
}

/** The Chromium binary to drive; throws a one-line error saying how to get one when there is none. */
export function chromiumPath(env = process.env) {
  const found = findChromium(env)
  if (found) return found
  if (env.CHROMIUM_PATH) throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist`)
  throw new Error(
    'No Chromium found: `npm test` installs it before the tests (its pretest step, scripts/ensure-tools.mjs, as root with apt-get); ' +
      'or run `apt-get install -y chromium`, or set CHROMIUM_PATH',
  )
}

/** Headless, without the sandbox (Chromium will not start sandboxed as root), and quiet: no GPU, QUIC, first-run, sync or background traffic. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** The options for playwright-core's `chromium.launchPersistentContext` that drive this Chromium headless. */
export function chromiumLaunchOptions(env = process.env) {
  return { executablePath: chromiumPath(env), headless: true, args: [...CHROMIUM_ARGS] }
}

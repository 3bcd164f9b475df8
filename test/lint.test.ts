/**
 * The lint rule that keeps Node out of the core can fail: a file that imports `node:fs` and reads
 * `process.env` is refused under src/ and accepted under src/server/.
 *
 * The probe files go into a temporary folder laid out like the repository (src/, src/server/)
 * with a copy of the repository's .oxlintrc.json, not into the real src/: other test files walk
 * src/ while this one runs (the CLI test rebuilds dist/ when src/ has a newer file, the package
 * test copies the tree), and a file that appears and vanishes there would disturb them.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from './support/files'

const require = createRequire(import.meta.url)
const OXLINT = join(dirname(require.resolve('oxlint/package.json')), 'bin', 'oxlint')

const PROBE = [
  "import { readFileSync } from 'node:fs'",
  '',
  'export const setting = process.env.PROBE_SETTING',
  '// Feature detection through globalThis stays allowed in the core.',
  'export const hasBuffer = typeof (globalThis as { Buffer?: unknown }).Buffer === "function"',
  'export const read = readFileSync',
  '',
].join('\n')

interface Diagnostic {
  code: string
  message: string
  filename: string
}

let work: string
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'firehose-msw-lint-'))
  copyFileSync(join(ROOT, '.oxlintrc.json'), join(work, '.oxlintrc.json'))
  mkdirSync(join(work, 'src', 'server'), { recursive: true })
  writeFileSync(join(work, 'src', '__lint_probe__.ts'), PROBE)
  writeFileSync(join(work, 'src', 'server', '__lint_probe__.ts'), PROBE)
})
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true })
})

/** Lints one file of the temporary tree with the repository's configuration. */
function lint(file: string): Diagnostic[] {
  const result = spawnSync(process.execPath, [OXLINT, '--format=json', file], { cwd: work, encoding: 'utf8', timeout: 30_000 })
  if (result.error) throw result.error
  const report = JSON.parse(result.stdout) as { diagnostics: Diagnostic[] }
  expect(result.status, result.stderr).toBe(report.diagnostics.length === 0 ? 0 : 1)
  return report.diagnostics
}

describe('lint: no Node in the core', () => {
  it('reports the node:fs import and the process.env read under src/', () => {
    const found = lint('src/__lint_probe__.ts')
      .map((d) => `${d.code} ${d.message}`)
      .sort()
    expect(found).toHaveLength(2)
    expect(found[0]).toMatch(/^eslint\(no-restricted-globals\) Unexpected use of 'process'/)
    expect(found[1]).toMatch(/^import\(no-nodejs-modules\) .*`node:fs`/)
  })

  it('accepts the same file under src/server/', () => {
    expect(lint('src/server/__lint_probe__.ts')).toEqual([])
  })
})

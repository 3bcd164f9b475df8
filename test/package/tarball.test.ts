/**
 * The package as users get it. `npm pack` (which builds through `prepack`) makes the tarball;
 * publint and arethetypeswrong check it; it is installed into a fresh project outside the
 * repository, with the same versions of msw, Vitest, Vite, happy-dom, TypeScript and the AWS SDK
 * the repository has installed (so the MSW 3 lane installs MSW 3); and there every `exports` entry
 * is imported (ESM in Node, CommonJS where offered, a bundler for the browser entry), the types are
 * checked under `bundler`, `node16` and `nodenext`, the README's Vitest test runs in happy-dom,
 * and the `firehose-msw` bin serves.
 *
 * The build runs in a copy of the repository (its node_modules linked), not in place: other test
 * files run dist/ while this one builds, and tsup starts by emptying dist/. Child processes run on
 * this process's Node (first on PATH, so npm and the bin's `#!/usr/bin/env node` use it too).
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join, posix, relative, sep } from 'node:path'
import { ListDeliveryStreamsCommand } from '@aws-sdk/client-firehose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { consumerFiles } from './consumer'
import { firehoseClient } from '../support/clients'
import { ROOT } from '../support/files'
import { type Exit, run as runProgram, stopChildren } from '../support/process'
import { startCliServer } from '../support/server'

const rootPackage = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string }
const requireFromRoot = createRequire(join(ROOT, 'package.json'))

/** The package.json of a package installed for the repository. */
function installed(name: string): { version: string; bin?: string | Record<string, string>; dir: string } {
  let file: string
  try {
    file = requireFromRoot.resolve(`${name}/package.json`)
  } catch {
    file = join(ROOT, 'node_modules', name, 'package.json')
  }
  return { ...(JSON.parse(readFileSync(file, 'utf8')) as { version: string; bin?: string | Record<string, string> }), dir: dirname(file) }
}

/** A bin script of a package installed for the repository (run with this process's Node). */
function binOf(name: string, command: string): string {
  const pkg = installed(name)
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.[command]
  if (bin === undefined) throw new Error(`${name} has no bin "${command}"`)
  return join(pkg.dir, bin)
}

/** What the consumer installs next to the tarball: the repository's own versions. */
const CONSUMER_DEPENDENCIES = ['msw', 'vitest', 'vite', 'happy-dom', 'typescript', '@aws-sdk/client-firehose']
const MSW_MAJOR = Number(installed('msw').version.split('.')[0])

/**
 * The environment of child processes: this Node first on PATH; nothing of the npm script or the
 * Vitest worker this runs in (npm_* would point npm at the repository, VITEST_* confuse the
 * consumer's own Vitest), but the npm cache and registry settings the user chose.
 */
const childEnv: NodeJS.ProcessEnv = (() => {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) && !/^npm_config_(cache|registry|userconfig)$/i.test(key)) continue
    if (key.startsWith('VITEST') || key === 'TEST' || key === 'NODE_ENV' || key === 'INIT_CWD') continue
    env[key] = value
  }
  env.PATH = `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`
  return env
})()

const run = (command: string, args: string[], cwd: string, timeout = 240_000): Promise<Exit> =>
  runProgram(command, args, { cwd, env: childEnv, timeout })

/** Runs a command that must succeed; its output is in the error when it does not. */
async function mustRun(command: string, args: string[], cwd: string, timeout?: number): Promise<Exit> {
  const result = await run(command, args, cwd, timeout)
  if (result.code !== 0) {
    throw new Error(
      `\`${command} ${args.join(' ')}\` exited ${result.code} in ${cwd}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
    )
  }
  return result
}

const node = (args: string[], cwd: string, timeout?: number): Promise<Exit> => mustRun(process.execPath, args, cwd, timeout)
const lastJsonLine = <T>(stdout: string): T => JSON.parse(stdout.trim().split('\n').at(-1)!) as T

/** Not copied into the build folder: installs, build output, git, other lanes, CI results. */
const NOT_COPIED = new Set(['dist', 'lanes', 'test-results', 'coverage', 'storybook-static'])

let work: string // holds the build copy, the tarball and the tarball unpacked
let tarball: string
let unpacked: string // the tarball's `package/` folder
let listing: string[] // paths in the tarball, without the leading `package/`
let consumer: string

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'firehose-msw-pack-'))
  const copy = join(work, 'repo')
  cpSync(ROOT, copy, {
    recursive: true,
    filter: (source) => {
      const path = relative(ROOT, source)
      if (path === '') return true
      const parts = path.split(sep)
      return !parts.includes('node_modules') && !parts.includes('.git') && !NOT_COPIED.has(parts[0]!) && !path.endsWith('.tgz')
    },
  })
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir')
  const out = join(work, 'out')
  mkdirSync(out)
  await mustRun('npm', ['pack', '--pack-destination', out, '--loglevel=error'], copy)
  const packed = readdirSync(out).filter((file) => file.endsWith('.tgz'))
  expect(packed).toHaveLength(1)
  tarball = join(out, packed[0]!)
  listing = (await mustRun('tar', ['-tzf', tarball], work)).stdout
    .split('\n')
    .filter(Boolean)
    .map((path) => path.replace(/^package\//, ''))
  await mustRun('tar', ['-xzf', tarball], work)
  unpacked = join(work, 'package')
  console.log(`[package] ${packed[0]}: ${(statSync(tarball).size / 1000).toFixed(1)} kB packed, ${listing.length} files`)
}, 600_000)

afterAll(async () => {
  stopChildren()
  for (const dir of [consumer, work]) if (dir) rmSync(dir, { recursive: true, force: true })
}, 60_000)

/** The static imports of an ESM file of the package (relative ones as absolute paths). */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\s*(?:[^'";]*?\sfrom\s*)?["']([^"']+)["']/gm)].map((m) => m[1]!)
  return specifiers.map((s) => (s.startsWith('.') ? join(dirname(file), s) : s))
}

/** Every file and bare module an ESM file loads through static imports. */
function importClosure(file: string): Set<string> {
  const seen = new Set<string>()
  const visit = (path: string): void => {
    if (seen.has(path)) return
    seen.add(path)
    if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) for (const next of staticImports(path)) visit(next)
  }
  visit(file)
  return seen
}

describe(`the packed package (Node ${process.version}, msw ${installed('msw').version})`, { timeout: 120_000 }, () => {
  it('holds dist, the fixtures, LICENSE and README, and no source maps or sources', () => {
    expect(listing).toEqual(
      expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.cjs', 'dist/server/cli.js']),
    )
    for (const fixture of readdirSync(join(ROOT, 'fixtures'))) expect(listing).toContain(`fixtures/${fixture}`)
    expect(listing.filter((path) => path.endsWith('.map'))).toEqual([])
    expect(
      listing.filter((path) => path.startsWith('src/') || (path.endsWith('.ts') && !path.endsWith('.d.ts') && !path.endsWith('.d.cts'))),
    ).toEqual([])
    const license = readFileSync(join(unpacked, 'LICENSE'), 'utf8')
    expect(license).toMatch(/^MIT License/)
    expect(license).toContain('Copyright (c) firehose-msw contributors')
  })

  it('has a file in the tarball for every target of `exports`, `main`, `module`, `types` and `bin`', () => {
    const pkg = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8')) as Record<string, any>
    // Each subpath is imported by a test below; a new one needs its own check there.
    expect(Object.keys(pkg.exports).sort()).toEqual([
      '.',
      './browser',
      './fixtures/*',
      './package.json',
      './server',
      './storybook',
      './vitest',
    ])
    const targets: string[] = [pkg.main, pkg.module, pkg.types, ...Object.values(pkg.bin as Record<string, string>)]
    const collect = (target: unknown): void => {
      if (typeof target === 'string') targets.push(target)
      else if (target && typeof target === 'object') Object.values(target).forEach(collect)
    }
    collect(pkg.exports)
    for (const target of targets) {
      const path = posix.normalize(target)
      if (path.includes('*')) {
        const [prefix, suffix] = path.split('*') as [string, string]
        expect(
          listing.some((file) => file.startsWith(prefix) && file.endsWith(suffix) && file.length > prefix.length + suffix.length),
          target,
        ).toBe(true)
      } else expect(listing, target).toContain(path)
    }
  })

  it('passes publint', async () => {
    const { code, stdout, stderr } = await run(
      process.execPath,
      [binOf('publint', 'publint'), 'run', tarball, '--strict', '--level', 'suggestion'],
      work,
    )
    expect(`${stdout}${stderr}`).toContain('All good!')
    expect(code).toBe(0)
  })

  /**
   * arethetypeswrong, with the profiles that fit an ESM package whose main entry also has CJS: every
   * entry under `esm-only` (node16 from ESM, bundler) and the main entry, the one with a `require`
   * condition, under `node16` (from CJS too). No rule is ignored. node10 resolution is left out:
   * it does not read `exports`, so the ESM-only subpaths cannot resolve there by design.
   */
  type AttwProblem = { kind: string; entrypoint?: string; resolutionKind?: string }
  const attw = async (args: string[]): Promise<{ code: number | null; entrypoints: string[]; problems: AttwProblem[] }> => {
    // --no-definitely-typed: the package ships its own types; nothing to fetch from the registry.
    const { code, stdout, stderr } = await run(
      process.execPath,
      [binOf('@arethetypeswrong/cli', 'attw'), tarball, '--format', 'json', '--no-definitely-typed', ...args],
      work,
    )
    let parsed: { analysis: { entrypoints: Record<string, unknown>; problems: AttwProblem[] } }
    try {
      parsed = JSON.parse(stdout)
    } catch {
      throw new Error(`attw did not answer JSON (exit ${code}):\n${stdout}\n${stderr}`)
    }
    return { code, entrypoints: Object.keys(parsed.analysis.entrypoints), problems: parsed.analysis.problems }
  }

  it('passes arethetypeswrong for ESM consumers, every entry and a fixture (profile esm-only)', async () => {
    const { code, entrypoints, problems } = await attw(['--profile', 'esm-only', '--include-entrypoints', './fixtures/direct-put-s3.json'])
    expect(entrypoints).toEqual(
      expect.arrayContaining(['.', './browser', './storybook', './vitest', './server', './package.json', './fixtures/direct-put-s3.json']),
    )
    // The JSON lists problems of every resolution; the esm-only profile judges these two only.
    expect(problems.filter((p) => p.resolutionKind === undefined || ['node16-esm', 'bundler'].includes(p.resolutionKind))).toEqual([])
    expect(code).toBe(0)
  })

  it('passes arethetypeswrong for the CommonJS main entry (profile node16)', async () => {
    const { code, problems } = await attw(['--profile', 'node16', '--entrypoints', '.'])
    expect(problems.filter((p) => p.resolutionKind !== 'node10')).toEqual([])
    expect(code).toBe(0)
  })

  it('ships the core once: every ESM entry, the server and its CLI included, imports the same chunk', () => {
    const dist = join(unpacked, 'dist')
    const esm = listing.filter((path) => path.startsWith('dist/') && path.endsWith('.js')).map((path) => join(unpacked, path))
    const defining = (pattern: RegExp) => esm.filter((file) => pattern.test(readFileSync(file, 'utf8')))
    const core = defining(/\bfunction createFirehoseMock\(/)
    expect(core.map((file) => relative(dist, file))).toHaveLength(1)
    const awsError = defining(/\bclass AwsError\b|\bAwsError = class\b/)
    expect(awsError).toHaveLength(1)
    for (const entry of ['index.js', 'browser/index.js', 'storybook/index.js', 'server/index.js', 'server/cli.js']) {
      const closure = importClosure(join(dist, entry))
      expect(closure.has(core[0]!), `${entry} imports the core chunk`).toBe(true)
      if (entry === 'index.js' || entry.startsWith('server/'))
        expect(closure.has(awsError[0]!), `${entry} imports AwsError's chunk`).toBe(true)
      // The browser-safe entries load nothing of Node's.
      if (!entry.startsWith('server/'))
        expect(
          [...closure].filter((path) => path.startsWith('node:')),
          entry,
        ).toEqual([])
    }
  })

  describe('installed in a fresh project', () => {
    beforeAll(async () => {
      consumer = mkdtempSync(join(tmpdir(), 'firehose-msw-consumer-'))
      writeFileSync(
        join(consumer, 'package.json'),
        `${JSON.stringify({ name: 'firehose-msw-consumer', private: true, type: 'module' }, null, 2)}\n`,
      )
      writeFileSync(join(consumer, '.npmrc'), 'engine-strict=true\n')
      const dependencies = CONSUMER_DEPENDENCIES.map((name) => `${name}@${installed(name).version}`)
      // No --legacy-peer-deps: if the peer range of msw does not admit the installed msw, users get ERESOLVE too.
      await mustRun(
        'npm',
        [
          'install',
          '--save-dev',
          '--save-exact',
          tarball,
          ...dependencies,
          '--prefer-offline',
          '--no-audit',
          '--no-fund',
          '--loglevel=error',
        ],
        consumer,
        480_000,
      )
      for (const [path, text] of Object.entries(consumerFiles({ mswMajor: MSW_MAJOR }))) {
        mkdirSync(dirname(join(consumer, path)), { recursive: true })
        writeFileSync(join(consumer, path), text)
      }
    }, 600_000)

    it('imports every entry from ESM in Node, and the server shares the core classes', async () => {
      const result = lastJsonLine<Record<string, unknown>>((await node(['esm.mjs'], consumer)).stdout)
      expect(result).toMatchObject({
        core: expect.arrayContaining(['AwsError', 'FirehoseMswError', 'createFirehoseMock', 'createManualClock', 'onUnhandled']),
        storybook: expect.arrayContaining(['firehoseStory', 'startStorybookWorker', 'SCENARIO_KEY_ID']),
        vitest: ['firehoseMatchers'],
        server: ['startServer'],
        version: rootPackage.version,
        fixture: 'direct-put-s3',
        // `./browser` is `node: null`: Node refuses it (it is bundled below instead).
        browser: 'ERR_PACKAGE_PATH_NOT_EXPORTED',
        serverError: { name: 'FirehoseMswError', instanceofCore: true },
        loadError: { name: 'FirehoseMswError', instanceofCore: true },
        streams: ['clickstream'],
      })
    })

    it('requires the main entry and a fixture from CommonJS', async () => {
      const result = lastJsonLine<{ resolved: string; core: string[]; handlers: number; streams: string[] }>(
        (await node(['cjs.cjs'], consumer)).stdout,
      )
      expect(result.resolved.split(sep).join('/')).toMatch(/\/node_modules\/firehose-msw\/dist\/index\.cjs$/)
      expect(result.core).toEqual(expect.arrayContaining(['AwsError', 'FirehoseMswError', 'createFirehoseMock', 'onUnhandled']))
      expect(result.handlers).toBeGreaterThan(0)
      expect(result.streams).toEqual(['clickstream'])
    })

    it('bundles the browser and storybook entries and a fixture for the browser (Vite)', async () => {
      const result = lastJsonLine<{ setupWorker: boolean; nodeBuiltins: boolean }>((await node(['bundle.mjs'], consumer)).stdout)
      expect(result).toEqual({ setupWorker: true, nodeBuiltins: false })
    })

    it.each(['bundler', 'node16', 'nodenext'])('type-checks a consumer under moduleResolution %s', async (mode) => {
      const tsc = join(consumer, 'node_modules', 'typescript', 'bin', 'tsc')
      const { code, stdout } = await run(process.execPath, [tsc, '-p', `tsconfig.${mode}.json`], consumer)
      expect(stdout).toBe('')
      expect(code).toBe(0)
    })

    it("runs the README's Vitest test in happy-dom", async () => {
      const vitest = join(consumer, 'node_modules', 'vitest', 'vitest.mjs')
      const results = join(consumer, 'vitest-results.json')
      const { code, stdout, stderr } = await run(process.execPath, [vitest, 'run', '--reporter=json', `--outputFile=${results}`], consumer)
      expect(existsSync(results), `${stdout}\n${stderr}`).toBe(true)
      const report = JSON.parse(readFileSync(results, 'utf8')) as { numPassedTests: number; numFailedTests: number; numTotalTests: number }
      expect({ passed: report.numPassedTests, failed: report.numFailedTests }, `${stdout}\n${stderr}`).toEqual({ passed: 3, failed: 0 })
      expect(code).toBe(0)
    })

    it('starts the firehose-msw bin, which answers AWS and control requests and stops on SIGTERM', async () => {
      const bin = join(consumer, 'node_modules', '.bin', 'firehose-msw')
      const seed = join(consumer, 'node_modules', 'firehose-msw', 'fixtures', 'direct-put-s3.json')
      // Resolves once the bin prints its URL, which it does only after the server is listening
      // (startServer has resolved); fails with the bin's output if it exits first or takes 30 s.
      const served = await startCliServer(bin, ['serve', '--port', '0', '--host', '127.0.0.1', '--timing', 'instant', '--seed', seed], {
        cwd: consumer,
        env: childEnv,
        timeoutMs: 30_000,
      })
      expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)

      const streams = await fetch(`${served.url}/_firehose-msw/streams`).then(
        (response) => response.json(),
        (error: unknown) => {
          throw new Error(`the bin said it was listening, but GET /_firehose-msw/streams failed; stdout:\n${served.stdout()}`, {
            cause: error,
          })
        },
      )
      expect(streams).toEqual({ streams: ['clickstream'] })
      const firehose = firehoseClient('us-east-1', { endpoint: served.url, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } })
      const { DeliveryStreamNames } = await firehose.send(new ListDeliveryStreamsCommand({}))
      expect(DeliveryStreamNames).toEqual(['clickstream'])

      served.child.kill('SIGTERM')
      const exit = await served.exited
      expect(exit.code).toBe(0)
      expect(exit.stdout).toContain('SIGTERM, stopping')
    })
  })
})

/**
 * README.md, held to the code:
 *
 * - Every TypeScript, JSON and Python block is a sample: the line before it names its file under
 *   examples/readme (`<!-- sample: examples/readme/x.test.ts -->`), and the block is that file, byte
 *   for byte. Every file there is shown.
 * - The sample test files run as users run them: test/readme/vitest.config.ts in a child Vitest
 *   (each file's `@vitest-environment` comment applies; `firehose-msw/*` resolves through the
 *   package's `exports`). The Storybook stories run there too (test/readme/stories.check.ts); the
 *   browser and Storybook samples are typechecked with the rest (tsconfig.test.json).
 * - Shell commands: the packages installed, npm scripts, `firehose-msw serve` flags and
 *   `msw init --save` exist; the AWS CLI lines and the boto3 sample run against the server.
 * - The reference tables list what the code has: options, timing, quotas, operations; every link
 *   inside the repository resolves.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { getResponse } from 'msw'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFirehoseMock, defaultQuotas, realisticTiming, type Fixture } from '../src'
import { startServer, type RunningServer } from '../src/server'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const README = readFileSync(join(ROOT, 'README.md'), 'utf8')
const SAMPLES_DIR = 'examples/readme'

interface Block {
  lang: string
  code: string
  /** 1-based line of the opening fence */
  line: number
  /** the file named by the sample comment on the line before */
  sample?: string
}

function codeBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n')
  const blocks: Block[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)$/.exec(lines[i]!)
    if (!open) continue
    const end = lines.indexOf('```', i + 1)
    if (end < 0) throw new Error(`README.md:${i + 1}: unclosed code block`)
    const marker = /^<!-- sample: (\S+) -->$/.exec(lines[i - 1] ?? '')
    blocks.push({ lang: open[1]!, code: lines.slice(i + 1, end).join('\n') + '\n', line: i + 1, sample: marker?.[1] })
    i = end
  }
  return blocks
}

const blocks = codeBlocks(README)
const samples = blocks.filter((b) => b.sample !== undefined)
const shell = blocks
  .filter((b) => b.lang === 'sh')
  .flatMap((b) => b.code.split('\n'))
  .map((l) => l.replace(/\s+#.*$/, '').trim())
  .filter((l) => l && !l.startsWith('#'))

const lines = README.split('\n')
/** Headings by line index (a `#` line inside a code block is no heading). */
const headings = new Map<number, { level: number; title: string }>()
lines.reduce((inCode, line, i) => {
  if (line.startsWith('```')) return !inCode
  const heading = /^(#+) (.*)$/.exec(line)
  if (!inCode && heading) headings.set(i, { level: heading[1]!.length, title: heading[2]! })
  return inCode
}, false)

/** The text under a heading, up to the next heading of the same or a higher level. */
function section(title: string): string {
  const start = [...headings].find(([, h]) => h.title === title)
  if (!start) throw new Error(`README.md has no heading "${title}"`)
  const [at, { level }] = start
  const end = [...headings].find(([i, h]) => i > at && h.level <= level)?.[0]
  return lines.slice(at + 1, end).join('\n')
}

/** The rows of the first table in a text, as cells (header and separator left out). */
function tableRows(text: string): string[][] {
  const lines = text.split('\n')
  const start = lines.findIndex((l) => l.startsWith('|'))
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('|'))
  return lines.slice(start + 2, end < 0 ? undefined : end).map((r) =>
    r
      .slice(1, -1)
      .split('|')
      .map((c) => c.trim()),
  )
}

const code = (cell: string): string => /^`([^`]+)`/.exec(cell)?.[1] ?? cell

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(`${dir}/${entry.name}`) : [`${dir}/${entry.name}`],
  )
}

/** Child processes get this environment: nothing of the Vitest worker this test runs in. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('VITEST') || key.startsWith('AWS_') || key === 'TEST' || key === 'NODE_ENV' || key === 'MODE') continue
    env[key] = value
  }
  return { ...env, ...extra }
}

interface Run {
  code: number
  stdout: string
  stderr: string
}

function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; timeout?: number } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      command,
      args,
      { cwd: ROOT, env: options.env ?? childEnv(), timeout: options.timeout ?? 30_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(new Error(`${command} ${args.join(' ')}: ${error.message}\n${stderr}`))
        resolve({ code: error ? (error.code as unknown as number) : 0, stdout, stderr })
      },
    )
    if (options.input !== undefined) child.stdin!.end(options.input)
  })
}

describe('README samples are the files under examples/readme', () => {
  it('every TypeScript, JavaScript, JSON and Python block is marked as a sample', () => {
    const unmarked = blocks
      .filter((b) => b.lang !== 'sh' && b.sample === undefined)
      .map((b) => `README.md:${b.line} (${b.lang || 'no language'})`)
    expect(unmarked).toEqual([])
  })

  it.each(samples.map((b) => [b.sample!, b] as const))('%s is shown byte for byte', (file, block) => {
    expect(existsSync(join(ROOT, file)), `README.md:${block.line} names ${file}, which does not exist`).toBe(true)
    expect(block.code).toBe(readFileSync(join(ROOT, file), 'utf8'))
    const ext = file.split('.').at(-1)!
    expect(block.lang, `README.md:${block.line}`).toBe({ ts: 'ts', json: 'json', py: 'python' }[ext])
  })

  it('shows every file under examples/readme, once', () => {
    expect(samples.map((b) => b.sample).sort()).toEqual(filesUnder(SAMPLES_DIR).sort())
  })
})

describe('the samples run as users run them', () => {
  interface FileResult {
    name: string
    status: string
    message?: string
    assertionResults: { fullName: string; status: string; failureMessages: string[] }[]
  }
  let results: FileResult[] = []
  let output = ''

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'firehose-msw-readme-'))
    try {
      const file = join(dir, 'results.json')
      const vitest = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs')
      const args = [vitest, 'run', '--config', 'test/readme/vitest.config.ts', '--reporter=json', `--outputFile=${file}`]
      const result = await run(process.execPath, args, { timeout: 300_000 })
      output = `${result.stdout}\n${result.stderr}`.slice(-4000)
      if (existsSync(file)) results = (JSON.parse(readFileSync(file, 'utf8')) as { testResults: FileResult[] }).testResults
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 300_000)

  const runnable = [
    ...filesUnder(SAMPLES_DIR).filter((f) => f.endsWith('.test.ts')),
    ...filesUnder('test/readme').filter((f) => f.endsWith('.check.ts')),
  ]

  it.each(runnable)('%s passes', (file) => {
    const result = results.find((r) => relative(ROOT, r.name) === file)
    expect(result, `no result for ${file}; the child run said:\n${output}`).toBeDefined()
    const failures = result!.assertionResults
      .filter((a) => a.status !== 'passed')
      .map((a) => `${a.fullName}: ${a.status} ${a.failureMessages.join('\n')}`)
    expect(failures).toEqual([])
    expect(result!.status, result!.message).toBe('passed')
    expect(result!.assertionResults.length).toBeGreaterThan(0)
  })
})

describe('README shell commands', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    name: string
    bin: Record<string, string>
    scripts: Record<string, string>
    peerDependencies: Record<string, string>
    devDependencies: Record<string, string>
  }

  it('npm install names this package and packages it is tested with', () => {
    const install = shell.filter((l) => l.startsWith('npm install'))
    expect(install).toHaveLength(1)
    const names = install[0]!
      .split(/\s+/)
      .slice(2)
      .filter((word) => !word.startsWith('-'))
    expect(names[0]).toBe(pkg.name)
    for (const name of names.slice(1)) expect(Object.keys({ ...pkg.peerDependencies, ...pkg.devDependencies })).toContain(name)
  })

  it('every npm script the README names exists', () => {
    const named = new Set([...README.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!))
    for (const m of README.matchAll(/npm (start|test)\b/g)) named.add(m[1]!)
    expect(named.size).toBeGreaterThan(3)
    for (const name of named) expect(Object.keys(pkg.scripts), `npm run ${name}`).toContain(name)
  })

  it('`firehose-msw serve` takes the flags shown, with the defaults shown', () => {
    expect(Object.keys(pkg.bin)).toContain('firehose-msw')
    const cli = readFileSync(join(ROOT, 'src/server/cli.ts'), 'utf8')
    const options = new Map(
      [...cli.matchAll(/^\s+'?([a-z-]+)'?: \{ type: '(?:string|boolean)'(?:, default: ('[^']*'|true|false))?/gm)].map((m) => [
        m[1]!,
        m[2]?.replace(/'/g, ''),
      ]),
    )
    expect(options.size).toBeGreaterThan(3)
    const serve = shell.filter((l) => l.startsWith('npx firehose-msw '))
    expect(serve).toHaveLength(1)
    expect(serve[0]!.split(/\s+/)[2]).toBe('serve')
    for (const [, flag] of serve[0]!.matchAll(/--([a-z-]+)/g)) expect([...options.keys()]).toContain(flag)

    const table = tableRows(section('Outside JavaScript')).map(([flag, shown]) => [/^`--([a-z-]+)/.exec(flag!)![1]!, shown!] as const)
    expect(table.map(([flag]) => flag).sort()).toEqual([...options.keys()].sort())
    for (const [flag, shown] of table) {
      const fallback = options.get(flag)
      if (fallback === 'false') expect(shown, `--${flag}`).toBe('off')
      else if (fallback !== undefined) expect(shown, `--${flag}`).toBe(fallback)
    }
  })

  it('`npx msw init public --save` is a command of the installed msw', async () => {
    expect(shell).toContain('npx msw init public --save')
    const msw = JSON.parse(readFileSync(join(ROOT, 'node_modules/msw/package.json'), 'utf8')) as { bin: Record<string, string> }
    const help = await run(process.execPath, [join(ROOT, 'node_modules/msw', msw.bin.msw!), 'init', '--help'])
    expect(help.stdout + help.stderr).toMatch(/--save\b/)
  })

  describe('against the server', () => {
    let server: RunningServer
    const exported: Record<string, string> = {}
    /** The README's exports, and no configuration of this machine. */
    const awsEnv = () =>
      childEnv({
        ...exported,
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_PAGER: '',
        AWS_EC2_METADATA_DISABLED: 'true',
      })
    const local = (text: string) => text.replaceAll('http://127.0.0.1:4566', server.url)

    beforeAll(async () => {
      // What the README's `serve` line starts: the seed file it names (from the repository's fixtures).
      const seed = JSON.parse(readFileSync(join(ROOT, 'fixtures/direct-put-s3.json'), 'utf8')) as Fixture
      server = await startServer({ port: 0, seed })
      for (const line of shell.filter((l) => l.startsWith('export '))) {
        for (const [, name, value] of line.matchAll(/(\w+)=(\S+)/g)) exported[name!] = value!
      }
    })
    afterAll(() => server?.close())

    it('the AWS CLI lines succeed', { timeout: 120_000 }, async () => {
      const lines = shell.filter((l) => l.startsWith('aws '))
      expect(lines.length).toBeGreaterThan(0)
      expect(exported).toMatchObject({ AWS_ACCESS_KEY_ID: expect.any(String), AWS_DEFAULT_REGION: 'us-east-1' })
      const version = await run('aws', ['--version'], { env: awsEnv() }).catch((error: Error) => {
        throw new Error(`The AWS CLI (\`aws\`) is needed for this test (npm test's pretest installs it): ${error.message}`)
      })
      expect(version.code).toBe(0)
      for (const line of lines) {
        expect(line, 'a line the test can split on spaces').not.toMatch(/['"\\$]/)
        const result = await run('aws', local(line).split(/\s+/).slice(1), { env: awsEnv() })
        expect(result.code, `${line}\n${result.stderr}`).toBe(0)
        // `aws s3 …` (the high-level S3 commands) prints text; the API commands print JSON.
        if (!/ s3 /.test(line)) expect(() => JSON.parse(result.stdout)).not.toThrow()
      }
    })

    it('the boto3 sample succeeds', { timeout: 60_000 }, async (ctx) => {
      const python = await run('python3', ['-c', 'import boto3'], { env: awsEnv() }).catch(() => undefined)
      if (python?.code !== 0) ctx.skip() // boto3 is not installed here
      const source = readFileSync(join(ROOT, SAMPLES_DIR, 'boto3.py'), 'utf8')
      const result = await run('python3', ['-'], { env: awsEnv(), input: local(source) })
      expect(result.code, result.stderr).toBe(0)
      expect(result.stdout.trim()).toMatch(/^[0-9a-f]+ False$/)
      expect(server.mock.firehose.records('clickstream').at(-1)!.data).toEqual(new TextEncoder().encode('{"page":"/"}\n'))
    })
  })
})

describe('README tables list what the code has', () => {
  it('Options: every option createFirehoseMock accepts', () => {
    let accepted: string[] = []
    try {
      createFirehoseMock({ notAnOption: true } as never)
    } catch (error) {
      accepted = /Accepted options: (.*)$/.exec((error as Error).message)![1]!.split(', ')
    }
    expect(accepted.length).toBeGreaterThan(5)
    expect(tableRows(section('Options')).map(([name]) => code(name!))).toEqual(accepted)
  })

  it('Time: the realistic durations', () => {
    const rows = tableRows(section('Time')).map(([name, ms]) => [code(name!), Number(ms!.replace(/,/g, ''))])
    expect(Object.fromEntries(rows)).toEqual(realisticTiming)
  })

  it('Quotas and throttling: every quota', () => {
    const names = tableRows(section('Quotas and throttling')).map(([name]) => code(name!))
    expect(names.sort()).toEqual(Object.keys(defaultQuotas('us-east-1')).sort())
  })

  /** The operations a sentence `The <service> operations: A, B (…) and C.` lists. */
  function operationList(text: string, service: string): string[] {
    const listed = new RegExp(`The ${service} operations: ([^.]*(?:\\.[^ \\n][^.]*)*)\\.`).exec(text.replace(/\s*\n\s*/g, ' '))
    expect(listed, `"The ${service} operations: …"`).not.toBeNull()
    return listed![1]!
      .replace(/\([^)]*\)/g, '')
      .split(/,\s*|\s+and\s+/)
      .map((name) => name.trim())
      .filter(Boolean)
  }

  /** The error a mock answers for `{}` sent to an operation, or undefined for success. */
  async function answer(host: string, target: string): Promise<string | undefined> {
    const request = new Request(`https://${host}.us-east-1.amazonaws.com/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
      body: '{}',
    })
    const response = await getResponse(createFirehoseMock().handlers, request)
    return response!.headers.get('x-amzn-ErrorType') ?? undefined
  }

  it('Firehose: the operations listed are the 12 the mock answers', async () => {
    const operations = operationList(section('Wire protocol and validation'), 'Firehose')
    expect(operations).toHaveLength(12)
    expect(README).toContain('All 12 Firehose operations')
    for (const operation of operations)
      expect(String(await answer('firehose', `Firehose_20150804.${operation}`)), operation).not.toMatch(/Unknown|Unsupported/)
  })

  it('KMS: the operations listed are answered, and others are UnsupportedOperationException', async () => {
    const operations = operationList(section('KMS'), 'KMS')
    expect(README).toContain(`${operations.length} KMS operations`)
    for (const operation of operations)
      expect(String(await answer('kms', `TrentService.${operation}`)), operation).not.toMatch(/Unknown|Unsupported/)
    expect(await answer('kms', 'TrentService.DescribeCustomKeyStores')).toBe('UnsupportedOperationException') // valid input, not simulated
  })

  it('CloudWatch: the operations listed are answered', async () => {
    const operations = operationList(section('CloudWatch metrics'), 'CloudWatch')
    expect(operations).toEqual(['GetMetricData', 'GetMetricStatistics', 'ListMetrics'])
    for (const operation of operations)
      expect(String(await answer('monitoring', `GraniteServiceVersion20100801.${operation}`)), operation).not.toMatch(/Unknown|Unsupported/)
  })

  it('Cognito Identity: the operations listed are the 16 the mock answers', async () => {
    const operations = operationList(section('Cognito identity pools'), 'Cognito Identity')
    expect(operations).toHaveLength(16)
    for (const operation of operations)
      expect(String(await answer('cognito-identity', `AWSCognitoIdentityService.${operation}`)), operation).not.toMatch(
        /Unknown|Unsupported/,
      )
  })
})

describe('README links', () => {
  /** GitHub's anchor for a heading. */
  const anchor = (heading: string) =>
    heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-')

  it('every #anchor names a heading', () => {
    const anchors = new Set([...headings.values()].map((h) => anchor(h.title)))
    const used = [...README.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!)
    expect(used.length).toBeGreaterThan(10)
    expect(used.filter((a) => !anchors.has(a))).toEqual([])
  })

  it('every link into the repository, and every examples/ folder named, exists', () => {
    const linked = [...README.matchAll(/\]\((?!https?:|#)([^)]+)\)/g)].map((m) => m[1]!)
    const named = [...README.matchAll(/`((?:examples|fixtures|models|bench|lanes)\/[\w./-]*)`/g)].map((m) => m[1]!)
    const missing = [...linked, ...named].filter((path) => !existsSync(join(ROOT, path)))
    expect(missing).toEqual([])
  })
})

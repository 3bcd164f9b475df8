/**
 * The files of the consumer project that test/package/tarball.test.ts installs the packed tarball
 * into. They are strings written into a folder outside the repository, so nothing here can resolve
 * from the repository (no path aliases, no `src/`): every import goes through the installed
 * package's `exports`, as it does for users.
 */

/** Relative path → contents. `mswMajor` picks the unhandled-request option name MSW reads. */
export function consumerFiles({ mswMajor }: { mswMajor: number }): Record<string, string> {
  // MSW 3 renamed `onUnhandledRequest` to `onUnhandledFrame` (and ignores the old name).
  const unhandledOption = mswMajor >= 3 ? 'onUnhandledFrame' : 'onUnhandledRequest'
  const strictTs = {
    target: 'es2022',
    lib: ['es2022', 'dom'],
    strict: true,
    resolveJsonModule: true,
    // Third-party declarations are not ours to check; ours still have to resolve, and the
    // `@ts-expect-error` lines in types/entries.ts fail if any of our entries resolves to `any`.
    skipLibCheck: true,
    noEmit: true,
    types: [],
  }
  const tsconfig = (compilerOptions: Record<string, unknown>, files: string[]): string =>
    `${JSON.stringify({ compilerOptions: { ...compilerOptions, ...strictTs }, files }, null, 2)}\n`

  return {
    // ESM in Node: every entry of `exports`. `./browser` is `node: null` on purpose (MSW's service
    // worker has no place in Node), so Node must refuse it rather than load it.
    'esm.mjs': `
import * as core from 'firehose-msw'
import * as storybook from 'firehose-msw/storybook'
import * as vitest from 'firehose-msw/vitest'
import * as server from 'firehose-msw/server'
import pkg from 'firehose-msw/package.json' with { type: 'json' }
import fixture from 'firehose-msw/fixtures/direct-put-s3.json' with { type: 'json' }

let browser
try {
  await import('firehose-msw/browser')
  browser = 'loaded'
} catch (error) {
  browser = error.code
}

// The server's own mock (built by the server entry) throws the core entry's FirehoseMswError.
let serverError
try {
  await server.startServer({ port: 0, host: '127.0.0.1', accountId: 'not-an-account' })
} catch (error) {
  serverError = { name: error.name, instanceofCore: error instanceof core.FirehoseMswError }
}
const running = await server.startServer({ port: 0, host: '127.0.0.1', timing: 'instant', seed: fixture })
let loadError
try {
  running.mock.load({ name: 'bad', firehose: { deliveryStreams: 'not-a-list' } })
} catch (error) {
  loadError = { name: error.name, instanceofCore: error instanceof core.FirehoseMswError }
}
const streams = running.mock.firehose.streamNames()
await running.close()

console.log(JSON.stringify({
  core: Object.keys(core).sort(),
  storybook: Object.keys(storybook).sort(),
  vitest: Object.keys(vitest).sort(),
  server: Object.keys(server).sort(),
  version: pkg.version,
  fixture: fixture.name,
  browser,
  serverError,
  loadError,
  streams,
}))
`,

    // CommonJS: only the main entry offers a \`require\` condition (and JSON files always load).
    'cjs.cjs': `
const core = require('firehose-msw')
const fixture = require('firehose-msw/fixtures/direct-put-s3.json')
const aws = core.createFirehoseMock({ timing: 'instant', seed: fixture })
console.log(JSON.stringify({
  resolved: require.resolve('firehose-msw'),
  core: Object.keys(core).sort(),
  handlers: aws.handlers.length,
  streams: aws.firehose.streamNames(),
}))
`,

    // A bundler (Vite, browser conditions) for what Node refuses: the browser entry, with the
    // storybook entry and a fixture next to it.
    'bundle.mjs': `
import { readFileSync, writeFileSync } from 'node:fs'
import { build } from 'vite'

writeFileSync('browser-app.js', [
  "export { startFirehoseWorker, createFirehoseMock, AwsError } from 'firehose-msw/browser'",
  "export { firehoseStory, startStorybookWorker } from 'firehose-msw/storybook'",
  "export { onUnhandled } from 'firehose-msw'",
  "export { default as fixture } from 'firehose-msw/fixtures/direct-put-s3.json'",
  '',
].join('\\n'))
await build({
  configFile: false,
  logLevel: 'silent',
  root: process.cwd(),
  build: {
    lib: { entry: 'browser-app.js', formats: ['es'], fileName: 'browser-app' },
    outDir: 'bundle-out',
    emptyOutDir: true,
    minify: false,
  },
})
const out = readFileSync('bundle-out/browser-app.js', 'utf8')
console.log(JSON.stringify({
  setupWorker: out.includes('setupWorker'),
  nodeBuiltins: /from\\s*["']node:|__vite-browser-external/.test(out),
}))
`,

    'vitest.config.mjs': `
import { defineConfig } from 'vitest/config'

export default defineConfig({ test: { include: ['*.test.ts'] } })
`,

    // README "In Vitest", run in happy-dom as in "In happy-dom", with the fixture imported
    // as a bundler imports JSON.
    'readme.test.ts': `// @vitest-environment happy-dom
import { CreateDeliveryStreamCommand, FirehoseClient, PutRecordCommand } from '@aws-sdk/client-firehose'
import { setupServer } from 'msw/node'
import { createFirehoseMock, type Fixture } from 'firehose-msw'
import clickstream from 'firehose-msw/fixtures/direct-put-s3.json'
import { firehoseMatchers } from 'firehose-msw/vitest'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'

expect.extend(firehoseMatchers)

const aws = createFirehoseMock({ timing: 'instant', seed: clickstream as Fixture })
const server = setupServer(...aws.handlers)
beforeAll(() => server.listen({ ${unhandledOption}: 'error' }))
afterEach(() => aws.reset())
afterAll(() => server.close())

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' } // any: the mock does not check them
const firehose = new FirehoseClient({ region: 'us-east-1', credentials, maxAttempts: 1 })

it('runs in happy-dom', () => {
  document.body.innerHTML = '<output id="status">ready</output>'
  expect(document.getElementById('status')?.textContent).toBe('ready')
})

it('stores what the app sends', async () => {
  const { Encrypted } = await firehose.send(
    new PutRecordCommand({ DeliveryStreamName: 'clickstream', Record: { Data: new TextEncoder().encode('hi') } }),
  )
  expect(Encrypted).toBe(false)
  expect(new TextDecoder().decode(aws.firehose.records('clickstream').at(-1)!.data)).toBe('hi')
  expect(aws).toHaveReceivedCommandWith(PutRecordCommand, { DeliveryStreamName: 'clickstream', Record: { Data: 'hi' } })
  expect(aws.firehose.stream('clickstream').status).toBe('ACTIVE')
})

it('creates a stream and puts to it', async () => {
  await firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'orders',
      ExtendedS3DestinationConfiguration: {
        RoleARN: 'arn:aws:iam::123456789012:role/firehose',
        BucketARN: 'arn:aws:s3:::orders-bucket',
      },
    }),
  )
  await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'orders', Record: { Data: new TextEncoder().encode('o-1') } }))
  expect(aws.firehose.streamNames()).toEqual(['clickstream', 'orders'])
  expect(aws.firehose.records('orders')).toHaveLength(1)
})
`,

    // Types: every entry, checked so that an entry resolving to \`any\` fails (unused @ts-expect-error).
    'types/entries.ts': `
import { AwsError, createFirehoseMock, onUnhandled, type FirehoseMock, type Fixture } from 'firehose-msw'
import { AwsError as BrowserAwsError, startFirehoseWorker, type StartOptions } from 'firehose-msw/browser'
import { firehoseStory, startStorybookWorker, type FirehoseScenario } from 'firehose-msw/storybook'
import { startServer, type RunningServer } from 'firehose-msw/server'

export const mock: FirehoseMock = createFirehoseMock({ timing: 'instant' })
// @ts-expect-error: not a timing preset
createFirehoseMock({ timing: 'sometimes' })

export const scenario: FirehoseScenario = 'enabled'
export const story = firehoseStory({ scenario, streamName: 'clickstream' })
// @ts-expect-error: not a scenario
firehoseStory({ scenario: 'nope' })
export const storybookWorker: () => Promise<unknown> = startStorybookWorker

export async function worker(options: StartOptions): Promise<FirehoseMock> {
  return (await startFirehoseWorker({ timing: 'instant' }, options)).mock
}
// @ts-expect-error: the first argument is a mock or the mock's options
void startFirehoseWorker('clickstream')
// A strategy string under either major's name, whichever MSW is installed (both are passed on).
export const eitherName: StartOptions[] = [{ onUnhandledRequest: 'bypass' }, { onUnhandledFrame: 'error' }]
// @ts-expect-error: not a strategy
export const notAStrategy: StartOptions = { onUnhandledFrame: 'ignore' }

/** The server's mock is a FirehoseMock as the main entry declares it. */
export async function serve(): Promise<FirehoseMock> {
  const running: RunningServer = await startServer({ port: 0, timing: 'instant' })
  // @ts-expect-error: the port is a number
  await startServer({ port: '0' })
  return running.mock
}

export const sameClass: typeof AwsError = BrowserAwsError
export const unhandled: { onUnhandledRequest: 'error'; onUnhandledFrame: 'error' } = onUnhandled('error')
export type { Fixture }
`,
    // Bundlers import JSON without attributes.
    'types/fixture-bundler.ts': `
import type { Fixture } from 'firehose-msw'
import clickstream from 'firehose-msw/fixtures/direct-put-s3.json'

export const name: string = clickstream.name
export const fixture = clickstream as Fixture
// @ts-expect-error: the fixture has no such key
void clickstream.nope
`,
    // Node's ESM needs the JSON import attribute (TypeScript checks it under nodenext).
    'types/fixture-nodenext.ts': `
import type { Fixture } from 'firehose-msw'
import clickstream from 'firehose-msw/fixtures/direct-put-s3.json' with { type: 'json' }

export const name: string = clickstream.name
export const fixture = clickstream as Fixture
// @ts-expect-error: the fixture has no such key
void clickstream.nope
`,
    // TypeScript's node16 module mode does not accept import attributes, so the same import without.
    'types/fixture-node16.ts': `
import type { Fixture } from 'firehose-msw'
import clickstream from 'firehose-msw/fixtures/direct-put-s3.json'

export const name: string = clickstream.name
export const fixture = clickstream as Fixture
`,
    // CommonJS types: the \`require\` condition of the main entry (dist/index.d.cts).
    'types/cjs.cts': `
import firehoseMsw = require('firehose-msw')

export const mock: firehoseMsw.FirehoseMock = firehoseMsw.createFirehoseMock({ timing: 'instant' })
// @ts-expect-error: not a timing preset
firehoseMsw.createFirehoseMock({ timing: 'sometimes' })
`,
    'tsconfig.bundler.json': tsconfig({ module: 'preserve', moduleResolution: 'bundler' }, [
      'types/entries.ts',
      'types/fixture-bundler.ts',
      'readme.test.ts',
    ]),
    'tsconfig.node16.json': tsconfig({ module: 'node16', moduleResolution: 'node16' }, [
      'types/entries.ts',
      'types/fixture-node16.ts',
      'types/cjs.cts',
    ]),
    'tsconfig.nodenext.json': tsconfig({ module: 'nodenext', moduleResolution: 'nodenext' }, [
      'types/entries.ts',
      'types/fixture-nodenext.ts',
      'types/cjs.cts',
    ]),
  }
}

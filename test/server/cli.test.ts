/**
 * The `firehose-msw serve` CLI as users run it: the built dist/server/cli.js in a child process.
 * Builds first (npx tsup) when the build is missing or older than src/.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  CreateDeliveryStreamCommand,
  DescribeDeliveryStreamCommand,
  ListDeliveryStreamsCommand,
  PutRecordCommand,
} from '@aws-sdk/client-firehose'
import { CreateKeyCommand } from '@aws-sdk/client-kms'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { s3Stream } from '../support/aws'
import { firehoseClient, kmsClient } from '../support/clients'
import { ROOT } from '../support/files'
import { run, stopChildren } from '../support/process'
import { control, recordTexts, refused, startCliServer } from '../support/server'

const CLI = join(ROOT, 'dist/server/cli.js')
const SEED = 'fixtures/direct-put-s3.json'

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

/** Runs the CLI to completion (for commands that exit by themselves). */
const runCli = (args: string[]) => run(process.execPath, [CLI, ...args], { cwd: ROOT, timeout: 10_000 })

/** Spawns `serve` and waits for its "listening on" line. */
const serve = (args: string[], options: { env?: NodeJS.ProcessEnv } = {}) =>
  startCliServer(process.execPath, [CLI, 'serve', ...args], { cwd: ROOT, ...options })

const firehoseAt = (url: string) => firehoseClient('us-east-1', { endpoint: url })

let dir: string
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'firehose-msw-cli-'))
  if (existsSync(CLI) && statSync(CLI).mtimeMs >= newestMtime(join(ROOT, 'src'))) return
  const build = await run('npx', ['tsup', '--silent'], { cwd: ROOT, timeout: 170_000 })
  if (build.code !== 0) throw new Error(`npx tsup failed: ${build.stderr}`)
}, 180_000)
afterEach(stopChildren)
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('firehose-msw serve', { timeout: 20_000 }, () => {
  it('prints its URL, logs one line per request, and stops with exit 0 on SIGINT', async () => {
    const server = await serve(['--port', '0', '--timing', 'instant', '--seed', SEED])
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(Number(new URL(server.url).port)).toBeGreaterThan(0)

    const firehose = firehoseAt(server.url)
    const { DeliveryStreamDescription } = await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'clickstream' }))
    expect(DeliveryStreamDescription!.DeliveryStreamStatus).toBe('ACTIVE')
    await server.waitForLine(/^firehose\.DescribeDeliveryStream clickstream → 200 \(\d+(\.\d+)? ms\)$/)

    await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'missing' })).catch(() => undefined)
    await server.waitForLine(/^firehose\.DescribeDeliveryStream missing → 400 ResourceNotFoundException \(\d+(\.\d+)? ms\)$/)
    await kmsClient('us-east-1', { endpoint: server.url }).send(new CreateKeyCommand({}))
    await server.waitForLine(/^kms\.CreateKey → 200 \(\d+(\.\d+)? ms\)$/)

    // Control requests are not logged as AWS requests.
    expect((await fetch(`${server.url}/_firehose-msw/streams`)).status).toBe(200)
    const lines = server.stdout().trim().split('\n')
    expect(lines).toHaveLength(4)

    firehose.destroy()
    server.child.kill('SIGINT')
    const exit = await server.exited
    expect(exit).toMatchObject({ code: 0, signal: null })
    expect(exit.stdout.trim().split('\n').at(-1)).toBe('firehose-msw: SIGINT, stopping')
    expect(exit.stderr).toBe('')
    expect(await refused(server.url)).toBe(true)
  })

  it('stops with exit 0 on SIGTERM, even with a keep-alive connection open', async () => {
    const server = await serve(['--port', '0', '--timing', 'instant'])
    const firehose = firehoseAt(server.url)
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('orders')))
    await server.waitForLine(/^firehose\.CreateDeliveryStream orders → 200 \(/)

    server.child.kill('SIGTERM')
    const exit = await server.exited
    expect(exit).toMatchObject({ code: 0, signal: null })
    expect(exit.stdout).toContain('firehose-msw: SIGTERM, stopping')
    expect(await refused(server.url)).toBe(true)
    firehose.destroy()
  })

  it('--quiet logs no requests; --account-id owns what is created; --timing realistic keeps CREATING', async () => {
    const server = await serve(['--port', '0', '--quiet', '--account-id', '210987654321'])
    const firehose = firehoseAt(server.url)
    const created = await firehose.send(new CreateDeliveryStreamCommand(s3Stream('orders')))
    expect(created.DeliveryStreamARN).toBe('arn:aws:firehose:us-east-1:210987654321:deliverystream/orders')
    const described = await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'orders' }))
    expect(described.DeliveryStreamDescription!.DeliveryStreamStatus).toBe('CREATING')

    server.child.kill('SIGTERM')
    const exit = await server.exited
    expect(exit.code).toBe(0)
    expect(exit.stdout.trim().split('\n')).toEqual([`firehose-msw listening on ${server.url}`, 'firehose-msw: SIGTERM, stopping'])
    firehose.destroy()
  })

  it('--host picks the interface it listens on', async () => {
    const server = await serve(['--port', '0', '--host', 'localhost', '--timing', 'instant'])
    expect(server.url).toMatch(/^http:\/\/(127\.0\.0\.1|\[::1\]):\d+$/)
    const { DeliveryStreamNames } = await firehoseAt(server.url).send(new ListDeliveryStreamsCommand({}))
    expect(DeliveryStreamNames).toEqual([])
    server.child.kill('SIGINT')
    expect((await server.exited).code).toBe(0)
  })
})

describe('firehose-msw serve --state', { timeout: 30_000 }, () => {
  it('saves the state on shutdown and loads it at the next start; GET /snapshot is the same state; reset forgets it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'firehose-msw-state-'))
    const file = join(dir, 'state.json')
    try {
      const first = await serve(['--port', '0', '--timing', 'instant', '--quiet', '--state', file])
      let firehose = firehoseAt(first.url)
      await firehose.send(new CreateDeliveryStreamCommand(s3Stream('orders')))
      await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'orders', Record: { Data: new TextEncoder().encode('kept') } }))
      const key = await kmsClient('us-east-1', { endpoint: first.url }).send(new CreateKeyCommand({ Description: 'kept key' }))
      const viaRoute = await control(first.url, 'GET', 'snapshot')
      expect(viaRoute.status).toBe(200)
      expect(viaRoute.body).toMatchObject({ state: { version: 1 } })
      expect(existsSync(file)).toBe(false) // saved on shutdown, not before
      first.child.kill('SIGTERM')
      const exit = await first.exited
      expect(exit.code).toBe(0)
      expect(exit.stdout).toContain(`firehose-msw: state saved to ${file}`)
      // The same state, taken later on the server's (real-time) clock.
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { state: Record<string, unknown> }
      const routed = viaRoute.body as { state: Record<string, unknown> }
      expect(saved.state.takenAt).toBeGreaterThanOrEqual(routed.state.takenAt as number)
      expect([saved.state.firehose, saved.state.kms]).toEqual([routed.state.firehose, routed.state.kms])
      firehose.destroy()

      const second = await serve(['--port', '0', '--timing', 'instant', '--quiet', '--state', file])
      firehose = firehoseAt(second.url)
      expect(await recordTexts(second.url, 'orders')).toEqual(['kept'])
      const keys = (await control(second.url, 'GET', 'keys')).body as { keys: Array<{ keyId: string; description: string }> }
      expect(keys.keys).toEqual([expect.objectContaining({ keyId: key.KeyMetadata!.KeyId, description: 'kept key' })])
      // The saved state is loaded once, not seeded: reset goes back to the (empty) seeds.
      expect((await control(second.url, 'POST', 'reset')).status).toBe(200)
      expect((await firehose.send(new ListDeliveryStreamsCommand({}))).DeliveryStreamNames).toEqual([])
      second.child.kill('SIGINT')
      expect((await second.exited).code).toBe(0)
      firehose.destroy()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('with --seed too, the saved state replaces the seeds at start: restarts add nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'firehose-msw-state-'))
    const file = join(dir, 'state.json')
    try {
      const counts: number[][] = []
      for (let run = 0; run < 3; run++) {
        const server = await serve(['--port', '0', '--timing', 'instant', '--quiet', '--seed', 'encrypted-cmk', '--state', file])
        const keys = (await control(server.url, 'GET', 'keys')).body as { keys: unknown[] }
        const grants = (await control(server.url, 'GET', 'grants')).body as { grants: unknown[] }
        counts.push([keys.keys.length, grants.grants.length, (await recordTexts(server.url, 'payments')).length])
        if (run === 0) {
          await firehoseAt(server.url).send(
            new PutRecordCommand({ DeliveryStreamName: 'payments', Record: { Data: new TextEncoder().encode('once') } }),
          )
        }
        server.child.kill('SIGTERM')
        expect((await server.exited).code).toBe(0)
      }
      // The first run is the seeds alone; the next two are the saved state: one key, one grant, the one record.
      expect(counts).toEqual([
        [1, 1, 0],
        [1, 1, 1],
        [1, 1, 1],
      ])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('a --state file that is no state exits 1 with a message, and is left as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'firehose-msw-state-'))
    const file = join(dir, 'state.json')
    try {
      writeFileSync(file, '{"state": {"version": 7, "takenAt": 0}}')
      const broken = await runCli(['serve', '--port', '0', '--state', file])
      expect(broken.code).toBe(1)
      expect(broken.stderr).toContain(`firehose-msw: Failed to load fixture "--state ${file}": state.version: must be 1`)
      expect(readFileSync(file, 'utf8')).toBe('{"state": {"version": 7, "takenAt": 0}}')
      writeFileSync(file, '{ not json')
      const unreadable = await runCli(['serve', '--port', '0', '--state', file])
      expect(unreadable.code).toBe(1)
      expect(unreadable.stderr).toContain(`--state: cannot read ${file}`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('firehose-msw arguments', { timeout: 20_000 }, () => {
  it('--help prints the usage and exits 0', async () => {
    for (const flag of ['--help', '-h']) {
      const result = await runCli([flag])
      expect(result.code, flag).toBe(0)
      expect(result.stdout).toMatch(/^Usage: firehose-msw serve /)
      expect(result.stdout).toContain('--timing instant|realistic')
    }
  })

  it('no command prints the usage and exits 1', async () => {
    const result = await runCli([])
    expect(result.code).toBe(1)
    expect(result.stdout + result.stderr).toMatch(/Usage: firehose-msw serve/)
  })

  it('an unknown command exits 1 with a message', async () => {
    const result = await runCli(['start'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('firehose-msw: unknown command "start"')
    expect(result.stderr).toContain('Usage: firehose-msw serve')
  })

  it('--timing slow exits 1 with a message', async () => {
    const result = await runCli(['serve', '--port', '0', '--timing', 'slow'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('firehose-msw: --timing must be "instant" or "realistic", not "slow"')
  })

  it('an unknown option exits 1 with a message', async () => {
    const result = await runCli(['serve', '--port', '0', '--verbose'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^firehose-msw: .*--verbose/)
    expect(result.stderr).toContain('Usage: firehose-msw serve')
  })

  it('a bad --port exits 1 with a message', async () => {
    for (const port of ['70000', 'http', '-1']) {
      const result = await runCli(['serve', '--port', port])
      expect(result.code, port).toBe(1)
      expect(result.stderr, port).toMatch(/^firehose-msw: /)
    }
    const result = await runCli(['serve', '--port', '70000'])
    expect(result.stderr).toContain('firehose-msw: --port must be a port number, not "70000"')
  })

  it('a missing or broken --seed file exits 1 with a message', async () => {
    const missing = await runCli(['serve', '--port', '0', '--seed', 'fixtures/nope.json'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/^firehose-msw: cannot read a seed file: .*nope\.json/)

    const notJson = join(dir, 'not-json.json')
    writeFileSync(notJson, '{ "name": ')
    const broken = await runCli(['serve', '--port', '0', '--seed', notJson])
    expect(broken.code).toBe(1)
    expect(broken.stderr).toMatch(/^firehose-msw: cannot read a seed file: /)

    const badFixture = join(dir, 'bad-fixture.json')
    writeFileSync(
      badFixture,
      JSON.stringify({ name: 'bad', firehose: { deliveryStreams: [{ status: 'PAUSED', definition: s3Stream('x') }] } }),
    )
    const invalid = await runCli(['serve', '--port', '0', '--seed', badFixture])
    expect(invalid.code).toBe(1)
    expect(invalid.stderr).toMatch(/^firehose-msw: .*firehose\.deliveryStreams\[0\]\.status/)
  })

  it('a port in use exits 1 with a message', async () => {
    const first = await serve(['--port', '0', '--timing', 'instant'])
    const result = await runCli(['serve', '--port', new URL(first.url).port])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^firehose-msw: .*EADDRINUSE/)
    first.child.kill('SIGTERM')
    expect((await first.exited).code).toBe(0)
  })
})

describe('firehose-msw serve --lambda', { timeout: 20_000 }, () => {
  it('runs the module’s handler for a stream whose Lambda processor names the ARN, and refuses a module without it', async () => {
    const module = join(dir, 'transform.mjs')
    writeFileSync(
      module,
      'export const upper = async (event) => ({ records: event.records.map((r) => ({ recordId: r.recordId, result: "Ok", data: Buffer.from(Buffer.from(r.data, "base64").toString().toUpperCase()).toString("base64") })) })\n',
    )
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:upper'
    const server = await serve(['--port', '0', '--timing', 'instant', '--quiet', '--lambda', `${arn}=${module}#upper`])
    const firehose = firehoseAt(server.url)
    const processing = {
      Enabled: true,
      Processors: [{ Type: 'Lambda' as const, Parameters: [{ ParameterName: 'LambdaArn' as const, ParameterValue: arn }] }],
    }
    const input = s3Stream('shout')
    await firehose.send(
      new CreateDeliveryStreamCommand({
        ...input,
        ExtendedS3DestinationConfiguration: { ...input.ExtendedS3DestinationConfiguration, ProcessingConfiguration: processing },
      }),
    )
    await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'shout', Record: { Data: new TextEncoder().encode('hello') } }))
    expect((await control(server.url, 'POST', 'flush?stream=shout')).status).toBe(200)
    const { body } = await control(server.url, 'GET', 'invocations?stream=shout')
    expect(body.invocations).toMatchObject([
      { lambdaArn: arn, attempts: 1, ok: 1, response: { records: [{ result: 'Ok', data: btoa('HELLO') }] } },
    ])

    const missing = await runCli(['serve', '--port', '0', '--lambda', `${arn}=${module}`])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('exports no function "handler"')
  })
})

describe('firehose-msw serve with an HTTP endpoint destination', { timeout: 20_000 }, () => {
  it('sends Firehose’s request to a real HTTPS receiver, and the control API lists it', async () => {
    const tls = (file: string) => readFileSync(join(ROOT, 'test/support/tls', file))
    const requests: Array<{
      method: string
      url: string
      headers: Record<string, unknown>
      body: { requestId: string; records: Array<{ data: string }> }
    }> = []
    const receiver = createServer({ key: tls('receiver.key'), cert: tls('receiver.crt') }, (req, res) => {
      let text = ''
      req.on('data', (chunk: Buffer) => (text += chunk.toString()))
      req.on('end', () => {
        const body = JSON.parse(text) as (typeof requests)[number]['body']
        requests.push({ method: req.method!, url: req.url!, headers: req.headers, body })
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ requestId: body.requestId, timestamp: Date.now() }))
      })
    })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    try {
      // The server process trusts the receiver's self-signed certificate, as a real endpoint's would be.
      const server = await serve(['--port', '0', '--timing', 'instant', '--quiet'], {
        env: { ...process.env, NODE_EXTRA_CA_CERTS: join(ROOT, 'test/support/tls/receiver.crt') },
      })
      const url = `https://127.0.0.1:${(receiver.address() as AddressInfo).port}/ingest`
      const firehose = firehoseAt(server.url)
      await firehose.send(
        new CreateDeliveryStreamCommand({
          DeliveryStreamName: 'to-receiver',
          HttpEndpointDestinationConfiguration: {
            EndpointConfiguration: { Url: url, AccessKey: 'k' },
            S3Configuration: { RoleARN: 'arn:aws:iam::123456789012:role/firehose', BucketARN: 'arn:aws:s3:::backup' },
          },
        }),
      )
      await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'to-receiver', Record: { Data: new TextEncoder().encode('hello') } }))
      expect((await control(server.url, 'POST', 'flush?stream=to-receiver')).status).toBe(200)
      expect(requests.map((r) => [r.method, r.url, r.headers['x-amz-firehose-access-key'], atob(r.body.records[0]!.data)])).toEqual([
        ['POST', '/ingest', 'k', 'hello'],
      ])
      const { body } = await control(server.url, 'GET', 'http-deliveries?stream=to-receiver')
      expect(body.deliveries).toMatchObject([{ requestId: requests[0]!.body.requestId, outcome: 'delivered', attempts: [{ status: 200 }] }])
    } finally {
      receiver.close()
    }
  })
})

describe('firehose-msw serve flags', { timeout: 20_000 }, () => {
  it('--help lists every flag and exits 0', async () => {
    for (const args of [['--help'], ['serve', '--help']]) {
      const result = await runCli(args)
      expect(result.code).toBe(0)
      for (const flag of ['--port', '--host', '--seed', '--lambda', '--timing', '--quotas', '--auth', '--account-id', '--cors-origin']) {
        expect(result.stdout).toContain(flag)
      }
      for (const flag of ['--max-body', '--max-connections', '--control-token', '--log', '--quiet']) expect(result.stdout).toContain(flag)
    }
  })

  it('--seed takes the name of a bundled fixture; --log json writes one JSON object per request, with the exception', async () => {
    const server = await serve(['--port', '0', '--timing', 'instant', '--seed', 'direct-put-s3', '--log', 'json'])
    const firehose = firehoseAt(server.url)
    expect((await firehose.send(new ListDeliveryStreamsCommand({}))).DeliveryStreamNames).toEqual(['clickstream'])
    await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'missing' })).catch(() => undefined)
    const line = await server.waitForLine(/"operation":"DescribeDeliveryStream"/)
    expect(JSON.parse(line)).toMatchObject({
      service: 'firehose',
      operation: 'DescribeDeliveryStream',
      streamName: 'missing',
      status: 400,
      error: 'ResourceNotFoundException',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    })
    firehose.destroy()
  })

  it('--quotas off lifts the quotas; --quotas FILE overrides them', async () => {
    const file = join(dir, 'quotas.json')
    writeFileSync(file, JSON.stringify({ controlPlaneTps: { ListDeliveryStreams: 1 } }))
    const limited = await serve(['--port', '0', '--timing', 'instant', '--quotas', file])
    const unlimited = await serve(['--port', '0', '--timing', 'instant', '--quotas', 'off'])
    const burst = async (url: string) => {
      const firehose = firehoseAt(url)
      const outcomes = await Promise.all(
        Array.from({ length: 5 }, () =>
          firehose.send(new ListDeliveryStreamsCommand({})).then(
            () => 'ok',
            (e: Error) => e.name,
          ),
        ),
      )
      firehose.destroy()
      return outcomes
    }
    expect(await burst(limited.url)).toContain('LimitExceededException')
    expect(await burst(unlimited.url)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok'])
  })

  it('--auth FILE checks signatures: the listed key is accepted, another refused', async () => {
    const file = join(dir, 'auth.json')
    writeFileSync(file, JSON.stringify({ credentials: [{ accessKeyId: 'AKIDALLOWED', secretAccessKey: 'allowed-secret' }] }))
    const server = await serve(['--port', '0', '--timing', 'instant', '--auth', file])
    const as = (accessKeyId: string, secretAccessKey: string) =>
      firehoseClient('us-east-1', { endpoint: server.url, credentials: { accessKeyId, secretAccessKey } })
    await expect(as('AKIDALLOWED', 'allowed-secret').send(new ListDeliveryStreamsCommand({}))).resolves.toMatchObject({
      DeliveryStreamNames: [],
    })
    await expect(as('AKIDOTHER', 'other-secret').send(new ListDeliveryStreamsCommand({}))).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
    })
  })

  it('refuses bad flag values with one line and exit 1', async () => {
    for (const [args, message] of [
      [['--log', 'xml'], /--log must be "text" or "json"/],
      [['--max-body', 'lots'], /--max-body must be a whole number/],
      [['--quotas', join(dir, 'missing.json')], /--quotas: cannot read/],
      [
        ['--host', '0.0.0.0'],
        /^firehose-msw: Failed to start the server: listening on 0\.0\.0\.0 exposes the control API.*--control-token/,
      ],
    ] as const) {
      const result = await runCli(['serve', '--port', '0', ...args])
      expect(result.code, args.join(' ')).toBe(1)
      expect(result.stderr.trim().split('\n')[0]).toMatch(message)
    }
  })

  it('--control-token guards the control API; --max-body caps bodies', async () => {
    const server = await serve(['--port', '0', '--timing', 'instant', '--control-token', 's3cret', '--max-body', '1024'])
    expect((await fetch(`${server.url}/_firehose-msw/health`)).status).toBe(401)
    const health = await fetch(`${server.url}/_firehose-msw/health`, { headers: { authorization: 'Bearer s3cret' } })
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({ ok: true })
    const big = await fetch(`${server.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Firehose_20150804.PutRecord' },
      body: 'x'.repeat(2048),
    })
    expect(big.status).toBe(413)
  })
})

#!/usr/bin/env node
/**
 * `firehose-msw serve [flags]` (see USAGE): prints the URL, logs one line per request (text or
 * JSON), and on SIGINT/SIGTERM lets requests in flight finish, then exits 0.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import type { Fixture } from '../fixtures'
import type { FirehoseMockOptions, LambdaHandler } from '../types'
import { startServer, type RequestLogEntry } from './index'

const USAGE = `Usage: firehose-msw serve [flags]

  --port N                 port to listen on (default 4566; 0 picks a free one)
  --host H                 address to listen on (default 127.0.0.1; others need --control-token)
  --seed FIXTURE           a fixture file, or the name of a bundled one (direct-put-s3, encrypted-cmk,
                           encryption-failed, guest-identity-pool, kinesis-source); repeatable
  --state FILE             load the state saved in FILE at start (if it exists), save it there on shutdown
  --lambda ARN=FILE[#fn]   a Lambda processor's handler (the module's "handler" export unless named); repeatable
  --timing instant|realistic  how long state changes take (default realistic)
  --quotas Q               aws (default: AWS's quotas), off, or a JSON file of quota overrides
  --auth FILE              check SigV4 signatures against the credentials in FILE ({"credentials": [...]})
  --account-id ID          the account of unsigned callers (default 123456789012)
  --cors-origin ORIGIN     a browser origin that may call; repeatable; "*" for any (default: loopback origins)
  --max-body BYTES         refuse bodies larger than this (default 16777216)
  --max-connections N      answer 503 past this many open connections (default 1024)
  --control-token TOKEN    require "Authorization: Bearer TOKEN" on /_firehose-msw/
  --log text|json          the request log's format (default text)
  --quiet                  no request log
  --help                   this text`

/** The bundled fixtures (fixtures/ in the package, beside dist/). */
const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url))

/** A fixture from a path, or by the name of a bundled one. */
function readFixture(spec: string): Fixture {
  const bundled = resolve(FIXTURES, `${spec}.json`)
  const file = existsSync(spec) || /[/\\]|\.json$/.test(spec) || !existsSync(bundled) ? spec : bundled
  return JSON.parse(readFileSync(file, 'utf8')) as Fixture
}

/** The JSON content of a file named by a flag, with the flag in any error. */
function readJson(flag: string, file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new Error(`${flag}: cannot read ${file}: ${(error as Error).message}`, { cause: error })
  }
}

/** `--quotas aws|off|file.json` */
function quotasOf(spec: string | undefined): FirehoseMockOptions['quotas'] {
  if (spec === undefined || spec === 'aws') return undefined
  if (spec === 'off') return false
  return readJson('--quotas', spec) as FirehoseMockOptions['quotas']
}

/** A whole number flag ≥ 1. */
function count(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a whole number ≥ 1, not "${value}"`)
  return n
}

/** One line of the request log: `firehose.PutRecord orders → 400 ValidationException (2.1 ms)`, or its JSON. */
function logLine(format: string, e: RequestLogEntry): string {
  if (format === 'json') return JSON.stringify({ time: new Date().toISOString(), ...e, ms: Number(e.ms.toFixed(2)) })
  const stream = e.streamName ? ` ${e.streamName}` : ''
  return `${e.service}.${e.operation || '?'}${stream} → ${e.status}${e.error ? ` ${e.error}` : ''} (${e.ms.toFixed(1)} ms)`
}

/**
 * The handlers of `--lambda ARN=./module.mjs[#export]`: the module's `handler` export (as Lambda's
 * default handler name), or the one named after `#`.
 */
async function loadLambdas(specs: string[]): Promise<Record<string, LambdaHandler>> {
  const lambdas: Record<string, LambdaHandler> = {}
  for (const spec of specs) {
    const at = spec.indexOf('=')
    if (at <= 0) throw new Error(`--lambda must be <function ARN>=<module file>[#export], not "${spec}"`)
    const [file, name = 'handler'] = spec.slice(at + 1).split('#') as [string, string?]
    const module = (await import(pathToFileURL(resolve(file)).href)) as Record<string, unknown>
    const handler = module[name]
    if (typeof handler !== 'function') throw new Error(`--lambda: ${file} exports no function "${name}"`)
    lambdas[spec.slice(0, at)] = handler as LambdaHandler
  }
  return lambdas
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (command === '--help' || command === '-h' || command === 'help' || command === undefined) {
    console.log(USAGE)
    return command === undefined ? 1 : 0
  }
  if (command !== 'serve') {
    console.error(`firehose-msw: unknown command "${command}"\n${USAGE}`)
    return 1
  }
  let values
  try {
    ;({ values } = parseArgs({
      args: rest,
      options: {
        port: { type: 'string', default: '4566' },
        host: { type: 'string', default: '127.0.0.1' },
        seed: { type: 'string', multiple: true },
        state: { type: 'string' },
        lambda: { type: 'string', multiple: true },
        timing: { type: 'string', default: 'realistic' },
        quotas: { type: 'string' },
        auth: { type: 'string' },
        'account-id': { type: 'string' },
        'cors-origin': { type: 'string', multiple: true },
        'max-body': { type: 'string' },
        'max-connections': { type: 'string' },
        'control-token': { type: 'string' },
        log: { type: 'string', default: 'text' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }))
  } catch (error) {
    console.error(`firehose-msw: ${(error as Error).message}\n${USAGE}`)
    return 1
  }
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`firehose-msw: --port must be a port number, not "${values.port}"`)
    return 1
  }
  if (values.timing !== 'instant' && values.timing !== 'realistic') {
    console.error(`firehose-msw: --timing must be "instant" or "realistic", not "${values.timing}"`)
    return 1
  }
  if (values.log !== 'text' && values.log !== 'json') {
    console.error(`firehose-msw: --log must be "text" or "json", not "${values.log}"`)
    return 1
  }
  let seed: Fixture[]
  try {
    seed = (values.seed ?? []).map(readFixture)
  } catch (error) {
    console.error(`firehose-msw: cannot read a seed file: ${(error as Error).message}`)
    return 1
  }
  // A saved state replaces the seeds at start (it holds what they made); `reset` goes back to the seeds.
  let saved: Fixture | undefined
  if (values.state !== undefined && existsSync(values.state)) {
    try {
      // Named after the flag, so that a load error says where it came from.
      saved = Object.assign(readJson('--state', values.state) as Fixture, { name: `--state ${values.state}` })
    } catch (error) {
      console.error(`firehose-msw: ${(error as Error).message}`)
      return 1
    }
  }
  let flags
  try {
    flags = {
      lambdas: await loadLambdas(values.lambda ?? []),
      quotas: quotasOf(values.quotas),
      auth: values.auth === undefined ? undefined : (readJson('--auth', values.auth) as FirehoseMockOptions['auth']),
      maxBodyBytes: count('--max-body', values['max-body']),
      maxConnections: count('--max-connections', values['max-connections']),
    }
  } catch (error) {
    console.error(`firehose-msw: ${(error as Error).message}`)
    return 1
  }
  const format = values.log
  let server
  try {
    server = await startServer({
      port,
      host: values.host,
      seed,
      ...(saved ? { state: saved } : {}),
      timing: values.timing,
      ...Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined)),
      ...(values['account-id'] !== undefined ? { accountId: values['account-id'] } : {}),
      ...(values['cors-origin'] ? { corsOrigins: values['cors-origin'] } : {}),
      ...(values['control-token'] !== undefined ? { controlToken: values['control-token'] } : {}),
      onRequest: values.quiet ? undefined : (entry) => console.log(logLine(format, entry)),
    })
  } catch (error) {
    console.error(`firehose-msw: ${(error as Error).message.replace(/^\[firehose-msw\] /, '')}`)
    return 1
  }
  console.log(`firehose-msw listening on ${server.url}`)
  const state = values.state
  let code = 0
  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      console.log(`firehose-msw: ${signal}, stopping`)
      void server
        .close(5_000)
        .then(async () => {
          if (state === undefined) return
          // Written beside the file and renamed over it: a crash mid-write never leaves half a state.
          writeFileSync(`${state}.tmp`, `${JSON.stringify(await server.mock.snapshot())}\n`)
          renameSync(`${state}.tmp`, state)
          console.log(`firehose-msw: state saved to ${state}`)
        })
        .catch((error: unknown) => {
          console.error(`firehose-msw: --state: cannot save ${state}: ${(error as Error).message}`)
          code = 1
        })
        .then(resolve)
    }
    process.once('SIGINT', () => stop('SIGINT'))
    process.once('SIGTERM', () => stop('SIGTERM'))
  })
  return code
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)

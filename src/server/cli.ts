#!/usr/bin/env node
/**
 * `firehose-msw serve --port 4566 [--host 127.0.0.1] [--seed fixtures/x.json …] [--lambda <function ARN>=./module.mjs[#export] …] [--timing instant|realistic] [--account-id 123456789012]`
 * Prints the URL, logs one line per request, stops cleanly on SIGINT/SIGTERM.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import type { Fixture } from '../fixtures'
import type { LambdaHandler } from '../types'
import { startServer } from './index'

const USAGE = `Usage: firehose-msw serve [--port 4566] [--host 127.0.0.1] [--seed fixture.json]... [--lambda <function ARN>=./module.mjs[#export]]... [--timing instant|realistic] [--account-id 123456789012] [--quiet]`

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
  if (command === '--help' || command === '-h' || command === undefined) {
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
        lambda: { type: 'string', multiple: true },
        timing: { type: 'string', default: 'realistic' },
        'account-id': { type: 'string' },
        quiet: { type: 'boolean', default: false },
      },
      strict: true,
    }))
  } catch (error) {
    console.error(`firehose-msw: ${(error as Error).message}\n${USAGE}`)
    return 1
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
  let seed: Fixture[]
  try {
    seed = (values.seed ?? []).map((file) => JSON.parse(readFileSync(file, 'utf8')) as Fixture)
  } catch (error) {
    console.error(`firehose-msw: cannot read a seed file: ${(error as Error).message}`)
    return 1
  }
  let lambdas
  try {
    lambdas = await loadLambdas(values.lambda ?? [])
  } catch (error) {
    console.error(`firehose-msw: ${(error as Error).message}`)
    return 1
  }
  let server
  try {
    server = await startServer({
      lambdas,
      port,
      host: values.host,
      seed,
      timing: values.timing,
      ...(values['account-id'] !== undefined ? { accountId: values['account-id'] } : {}),
      onRequest: values.quiet
        ? undefined
        : (e) =>
            console.log(
              `${e.service}.${e.operation || '?'}${e.streamName ? ` ${e.streamName}` : ''} → ${e.status} (${e.ms.toFixed(1)} ms)`,
            ),
    })
  } catch (error) {
    console.error(`firehose-msw: ${(error as Error).message}`)
    return 1
  }
  console.log(`firehose-msw listening on ${server.url}`)
  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      console.log(`firehose-msw: ${signal}, stopping`)
      void server.close().then(resolve)
    }
    process.once('SIGINT', () => stop('SIGINT'))
    process.once('SIGTERM', () => stop('SIGTERM'))
  })
  return 0
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)

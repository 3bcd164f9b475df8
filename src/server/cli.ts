#!/usr/bin/env node
/**
 * `firehose-msw serve --port 4566 [--host 127.0.0.1] [--seed fixtures/x.json …] [--timing instant|realistic] [--account-id 123456789012]`
 * Prints the URL, logs one line per request, stops cleanly on SIGINT/SIGTERM.
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type { Fixture } from '../fixtures'
import { startServer } from './index'

const USAGE = `Usage: firehose-msw serve [--port 4566] [--host 127.0.0.1] [--seed fixture.json]... [--timing instant|realistic] [--account-id 123456789012] [--quiet]`

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
  let server
  try {
    server = await startServer({
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

/**
 * "Unhandled request = error" under the installed MSW major (MSW 2 in one lane, MSW 3 in the
 * other). A loopback server counts the requests that got past MSW, so "refused" and "went to the
 * network" are told apart by what reached it, not by the error text.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createFirehoseMock, FirehoseMswError, onUnhandled } from '../src'

const mswMajor = Number((createRequire(import.meta.url)('msw/package.json') as { version: string }).version.split('.')[0])

let network: Server
let reached = 0
let url = ''

beforeAll(async () => {
  network = createServer((_req, res) => {
    reached += 1
    res.end('from the network')
  })
  await new Promise<void>((resolve) => network.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(network.address() as AddressInfo).port}/not-aws`
})
afterAll(() => new Promise<void>((resolve) => network.close(() => resolve())))

const server = setupServer(...createFirehoseMock().handlers)
afterEach(() => {
  reached = 0
  vi.restoreAllMocks()
})

/** Listens with `options`, fetches the non-AWS URL, and tells what happened. */
async function fetchUnhandled(options: object): Promise<{ answered: string | undefined; reached: number }> {
  vi.spyOn(console, 'error').mockImplementation(() => {})
  vi.spyOn(console, 'warn').mockImplementation(() => {})
  server.listen(options as Parameters<typeof server.listen>[0])
  try {
    const answered = await fetch(url).then(
      (response) => response.text(),
      () => undefined,
    )
    return { answered, reached }
  } finally {
    server.close() // MSW 3 refuses to close a server that is not listening, so close only here
  }
}

describe(`onUnhandled() with MSW ${mswMajor}`, () => {
  it("'error' fails an unmocked request before it reaches the network", async () => {
    expect(await fetchUnhandled(onUnhandled('error'))).toEqual({ answered: undefined, reached: 0 })
  })

  it("'bypass' lets it through to the network", async () => {
    expect(await fetchUnhandled(onUnhandled('bypass'))).toEqual({ answered: 'from the network', reached: 1 })
  })

  it("the other major's option name alone is ignored: the request reaches the network", async () => {
    // Why onUnhandled() sets both names: MSW 3 ignores onUnhandledRequest, MSW 2 never had onUnhandledFrame.
    const otherName = mswMajor >= 3 ? { onUnhandledRequest: 'error' } : { onUnhandledFrame: 'error' }
    expect(await fetchUnhandled(otherName)).toEqual({ answered: 'from the network', reached: 1 })
  })

  it('names the accepted strategies for a bad one', () => {
    expect(() => onUnhandled('fail' as never)).toThrow(FirehoseMswError)
    expect(() => onUnhandled('fail' as never)).toThrow('must be "bypass", "warn" or "error", not "fail"')
  })
})

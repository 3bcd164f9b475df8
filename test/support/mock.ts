/** MSW set-up for the tests that run the mock in-process with msw/node: one server per test file. */
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { createFirehoseMock, createManualClock, onUnhandled, type FirehoseMockOptions } from '../../src'
import { firehoseClient } from './clients'
import { START } from './clock'
import { activeStream } from './firehose'

/**
 * Starts an msw/node server with a fresh mock on a manual clock for the current test file, and
 * resets the mock after each test.
 */
export function useMock(options: FirehoseMockOptions = {}) {
  const clock = createManualClock(START)
  const aws = createFirehoseMock({ now: clock.now, ...options })
  const server = setupServer(...aws.handlers)
  beforeAll(() => server.listen(onUnhandled('error')))
  afterEach(() => {
    // The clock goes back first: seeds reload at the start time, not at the last test's time.
    clock.set(START)
    aws.reset()
  })
  afterAll(() => server.close())
  const firehose = firehoseClient()
  return {
    aws,
    clock,
    server,
    firehose,
    /** Creates a stream (by default a plain S3 one) with `firehose` and moves the clock until it is ACTIVE. */
    activeStream: (name: string, input?: Record<string, unknown>) => activeStream({ aws, clock, firehose }, name, input),
  }
}

/**
 * An msw/node server with no handlers, for test files that install a mock of their own per test
 * (`server.use(...aws.handlers)`); the handlers go after each test. Unhandled requests fail.
 */
export function useServer() {
  const server = setupServer()
  beforeAll(() => server.listen(onUnhandled('error')))
  afterEach(() => server.resetHandlers())
  afterAll(() => server.close())
  return server
}

/**
 * Every request the clients send during each test, as MSW saw it (its public life-cycle events).
 * Call at the top level of a test file; the list starts empty for every test.
 */
export function recordRequests(server: { events: { on: Function; removeListener: Function } }): { list: Request[] } {
  const recorded = { list: [] as Request[] }
  const onRequest = ({ request }: { request: Request }): void => void recorded.list.push(request)
  beforeEach(() => {
    recorded.list = []
    server.events.on('request:start', onRequest)
  })
  afterEach(() => {
    server.events.removeListener('request:start', onRequest)
  })
  return recorded
}

/**
 * One mock for the whole test file, never reset between its tests: for files whose keys are slow to
 * make (RSA key pairs), made once and used by every test. Tests then keep out of each other's way by
 * creating their own keys.
 */
export function useSharedMock(options: FirehoseMockOptions = { timing: 'instant' }) {
  const aws = createFirehoseMock(options)
  const server = setupServer(...aws.handlers)
  beforeAll(() => server.listen(onUnhandled('error')))
  afterAll(() => server.close())
  return { aws, server }
}

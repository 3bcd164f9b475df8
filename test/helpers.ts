/** Shared set-up for SDK tests: one mock and one msw/node server per test file. */
import { FirehoseClient } from '@aws-sdk/client-firehose'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { createFirehoseMock, createManualClock, onUnhandled, type FirehoseMockOptions } from '../src'

export const ACCOUNT = '123456789012'
export const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/firehose-role`
export const BUCKET_ARN = 'arn:aws:s3:::my-bucket'

/** A Firehose client that makes exactly one attempt per call, so error tests see the first answer. */
export function firehoseClient(region = 'us-east-1', extra: Record<string, unknown> = {}): FirehoseClient {
  return new FirehoseClient({ region, credentials, maxAttempts: 1, ...extra })
}

/**
 * Starts an msw/node server with a fresh mock on a manual clock for the current test file, and
 * resets the mock after each test.
 */
export function useMock(options: FirehoseMockOptions = {}) {
  const clock = createManualClock(Date.UTC(2026, 10, 25, 12, 0, 0))
  const aws = createFirehoseMock({ now: clock.now, ...options })
  const server = setupServer(...aws.handlers)
  beforeAll(() => server.listen(onUnhandled('error')))
  afterEach(() => {
    // The clock goes back first: seeds reload at the start time, not at the last test's time.
    clock.set(Date.UTC(2026, 10, 25, 12, 0, 0))
    aws.reset()
  })
  afterAll(() => server.close())
  return { aws, clock, server, firehose: firehoseClient() }
}

/** A minimal DirectPut → ExtendedS3 CreateDeliveryStream input. */
export function s3Stream(name: string, extra: Record<string, unknown> = {}) {
  return {
    DeliveryStreamName: name,
    ExtendedS3DestinationConfiguration: { RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN },
    ...extra,
  }
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

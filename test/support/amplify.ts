/**
 * The real AWS Amplify v6 Kinesis Firehose provider (`record`, `flushEvents`) against the mock,
 * configured as an app would be: guest access to an identity pool, Analytics.KinesisFirehose. The
 * same suite runs in Node (test/sdk) and in happy-dom (test/dom).
 *
 * Amplify's calls return nothing and report failures only to its logger, so the tests wait for
 * what the mock stores, checked after every answer the handlers give (no polling, no sleeps).
 */
import { Amplify } from 'aws-amplify'
import { flushEvents, record } from 'aws-amplify/analytics/kinesis-firehose'
import { fetchAuthSession } from 'aws-amplify/auth'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createFirehoseMock, onUnhandled, type Fixture } from '../../src'
import { s3Stream } from './aws'
import { decode } from './bytes'
import { GUEST_POOL_ID } from './identity-pools'

const STREAMS = ['clicks', 'partial', 'rejected']

const fixture: Fixture = {
  name: 'amplify app',
  cognito: {
    identityPools: [
      { identityPoolId: GUEST_POOL_ID, definition: { IdentityPoolName: 'amplify_app', AllowUnauthenticatedIdentities: true } },
    ],
  },
  firehose: { deliveryStreams: STREAMS.map((name) => ({ definition: s3Stream(name) })) },
}

export function amplifySuite() {
  // `auth` on: every Firehose call must be signed with the credentials the pool issued.
  const aws = createFirehoseMock({ timing: 'instant', seed: fixture, auth: { credentials: [] } })
  const server = setupServer(...aws.handlers)
  const unhandled: string[] = []
  server.events.on('request:unhandled', ({ request }) => void unhandled.push(`${request.method} ${request.url}`))
  beforeAll(() => {
    server.listen(onUnhandled('error'))
    Amplify.configure({
      Auth: { Cognito: { identityPoolId: GUEST_POOL_ID, allowGuestAccess: true } },
      // A long interval: the tests flush with flushEvents(), as an app does before a page unloads.
      Analytics: { KinesisFirehose: { region: 'us-east-1', flushInterval: 60_000 } },
    })
  })
  afterEach(() => {
    aws.faults.clear()
    expect(unhandled).toEqual([])
  })
  afterAll(() => server.close())

  const stored = (stream: string) => aws.firehose.records(stream).map((r) => decode(r.data))

  /** Resolves once `done()` holds, checked now and after each answer the handlers give. */
  const after = (done: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!done()) return
        server.events.removeListener('response:mocked', check)
        resolve()
      }
      server.events.on('response:mocked', check)
      check()
    })

  /** Records the events, flushes, and waits for `expected` records in the stream. */
  async function recordAndFlush(stream: string, events: Array<Record<string, unknown>>, expected: number) {
    // Credentials first, as they are once an app has started: record() and flushEvents() then run in order.
    await fetchAuthSession()
    for (const data of events) record({ streamName: stream, data })
    flushEvents()
    await after(() => stored(stream).length >= expected)
  }

  describe('AWS Amplify Analytics (Kinesis Firehose provider) with guest credentials', () => {
    it('stores every recorded event once and intact, as the JSON Amplify sends', async () => {
      const events = [{ type: 'click', target: '#buy' }, { text: 'plain text' }, { emoji: '🚀', n: 3 }]
      await recordAndFlush('clicks', events, events.length)
      expect(stored('clicks')).toEqual(events.map((event) => JSON.stringify(event)))
      const [identity] = aws.cognito.identities(GUEST_POOL_ID)
      expect(identity!.logins).toEqual([])
      expect(aws.firehose.records('clicks').every((r) => !r.encrypted)).toBe(true)
    })

    it('drops the records a batch rejects: Amplify resends only calls that fail as a whole', async () => {
      aws.faults.add({ service: 'firehose', operation: 'PutRecordBatch', failRecords: 1, times: 1 })
      await recordAndFlush('partial', [{ n: 'lost' }, { n: 'kept' }], 1)
      await recordAndFlush('partial', [{ n: 'next' }], 2)
      expect(stored('partial')).toEqual(['{"n":"kept"}', '{"n":"next"}'])
    })

    it('resends a batch whose call failed, on the next flush, and stores each event once', async () => {
      // Three failures: the SDK's own three attempts, after which Amplify keeps the events for the next flush.
      const rule = aws.faults.add({ service: 'firehose', operation: 'PutRecordBatch', error: 'ServiceUnavailableException', times: 3 })
      await fetchAuthSession()
      record({ streamName: 'rejected', data: { attempt: 'first' } })
      flushEvents()
      await after(() => rule.hits === 3)
      expect(stored('rejected')).toEqual([])
      // Amplify puts the events back in its buffer some turns after the failed answer, with no signal
      // to wait for: flush until the resent batch is stored (vi.waitFor retries the callback).
      await vi.waitFor(() => {
        flushEvents()
        expect(stored('rejected')).toHaveLength(1)
      })
      expect(stored('rejected')).toEqual([JSON.stringify({ attempt: 'first' })])
    })
  })
}

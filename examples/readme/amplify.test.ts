// @vitest-environment happy-dom
import { Amplify } from 'aws-amplify'
import { flushEvents, record } from 'aws-amplify/analytics/kinesis-firehose'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { createFirehoseMock, onUnhandled, type Fixture } from 'firehose-msw'
import clickstream from 'firehose-msw/fixtures/direct-put-s3.json' // stream "clickstream", 4 records
import guests from 'firehose-msw/fixtures/guest-identity-pool.json'

const aws = createFirehoseMock({ seed: [clickstream, guests] as Fixture[], auth: { credentials: [] } })
const server = setupServer(...aws.handlers)
beforeAll(() => server.listen(onUnhandled('error')))
afterAll(() => server.close())

// The app's Amplify configuration, unchanged.
Amplify.configure({
  Auth: { Cognito: { identityPoolId: 'us-east-1:6e1b7c43-2f0a-4d5e-9b8c-3a1f5d7e9c20', allowGuestAccess: true } },
  Analytics: { KinesisFirehose: { region: 'us-east-1' } },
})

it('stores what Amplify records', async () => {
  record({ streamName: 'clickstream', data: { type: 'add-to-cart', sku: 'SKU-1' } })
  // record() and flushEvents() return nothing, and the event is buffered once Amplify has
  // credentials: flush until it arrives.
  await vi.waitFor(() => {
    flushEvents()
    expect(aws.firehose.records('clickstream')).toHaveLength(5)
  })
  const last = aws.firehose.records('clickstream').at(-1)!
  expect(new TextDecoder().decode(last.data)).toBe('{"type":"add-to-cart","sku":"SKU-1"}') // JSON, no newline
})

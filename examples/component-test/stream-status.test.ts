/**
 * Component tests for <StreamStatus> (stream-status.ts) — the pattern to copy:
 *
 * - ONE mock and ONE msw/node server per test file, seeded from fixtures; `aws.reset()` after each
 *   test puts the seeded state back (records, encryption, fault rules).
 * - The mock's time is a manual clock (`now: clock.now`). It moves only when the test says so —
 *   never because the test, the SDK or the component waited.
 * - The real AWS SDK client (fake static credentials, `maxAttempts: 1` so an error shows at once).
 * - Assertions on what the user sees (DOM text) and on what AWS received (`aws.firehose.records()`).
 *
 * Run: npx vitest run --project examples
 */
import { FirehoseClient } from '@aws-sdk/client-firehose'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
// In your app: import { createFirehoseMock, createManualClock, onUnhandled, type Fixture } from 'firehose-msw'
import { createFirehoseMock, createManualClock, onUnhandled, type Fixture } from '../../src'
import directPutS3 from '../../fixtures/direct-put-s3.json' // "clickstream": ACTIVE, 4 records
import encryptionFailed from '../../fixtures/encryption-failed.json' // "audit-log": ENABLING_FAILED
import { mountStreamStatus, type StreamStatusHandle } from './stream-status'

const START = Date.UTC(2026, 0, 1)
const clock = createManualClock(START)
// JSON imports type their strings as `string`: cast to Fixture (the mock validates them on load).
const aws = createFirehoseMock({ seed: [directPutS3, encryptionFailed] as Fixture[], now: clock.now })
const server = setupServer(...aws.handlers)

// The SDK's calls and the component's click handlers are asynchronous: wait for the DOM with
// vi.waitFor. Waiting never changes what the mock answers — only clock.advance() does.
beforeAll(() => server.listen(onUnhandled('error')))
afterEach(() => {
  ui?.destroy() // unmount: stops the component's polling before the next test
  vi.useRealTimers()
  clock.set(START) // first the clock, so the seeds reload at the start time
  aws.reset()
})
afterAll(() => server.close())

const firehose = new FirehoseClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  maxAttempts: 1, // no retries: a throttled put fails at once (and no backoff timer to wait for)
})

let ui: StreamStatusHandle | undefined
const mount = (streamName: string, pollMs?: number) => (ui = mountStreamStatus(document.body, { firehose, streamName, pollMs }))

/** The text of an element of the component, by data-testid. */
const text = (testId: string) => document.querySelector(`[data-testid="${testId}"]`)?.textContent ?? ''
const click = (testId: string) => document.querySelector<HTMLButtonElement>(`[data-testid="${testId}"]`)!.click()
/** Clicks "Put record" and waits for the answer to show. */
async function putRecord(): Promise<string> {
  click('put')
  await vi.waitFor(() => expect(text('put-result')).toMatch(/^(Stored|Failed)/))
  return text('put-result')
}

describe('the `now` option: a manual clock moves the mock', () => {
  // The component polls every 10 ms of real time, but polling only *reads* the mock:
  // the stream changes state when — and only when — the test calls clock.advance().
  it('shows the seeded stream and stores what the user puts', async () => {
    mount('clickstream', 10)
    await vi.waitFor(() => expect(text('status')).toBe('Status: ACTIVE'))
    expect(text('encryption')).toBe('Encryption: DISABLED')

    const shown = await putRecord()
    const records = aws.firehose.records('clickstream')
    expect(records).toHaveLength(5) // 4 from the fixture + ours
    expect(shown).toBe(`Stored ${records[4]!.recordId} — Encrypted: false`)
    expect(new TextDecoder().decode(records[4]!.data)).toMatch(/^\{"at":\d+\}\n$/) // the component's payload
  })

  it('goes ENABLING → ENABLED, and puts are encrypted after the propagation window', async () => {
    mount('clickstream', 10)
    await vi.waitFor(() => expect(text('status')).toBe('Status: ACTIVE'))

    click('encrypt')
    await vi.waitFor(() => expect(text('encryption')).toBe('Encryption: ENABLING (AWS_OWNED_CMK)'))

    clock.advance(aws.timing.encryptionEnabling) // 3 s later in the mock; the next poll sees it
    await vi.waitFor(() => expect(text('encryption')).toBe('Encryption: ENABLED (AWS_OWNED_CMK)'))
    expect(await putRecord()).toMatch(/Encrypted: false$/) // AWS: "up to 5 seconds" to take effect

    clock.advance(aws.timing.encryptionPropagation)
    expect(await putRecord()).toMatch(/Encrypted: true$/)
    expect(aws.firehose.records('clickstream').map((r) => r.encrypted)).toEqual([false, false, false, false, false, true])
  })

  it('shows a throttled put as the AWS error, and nothing is stored', async () => {
    aws.faults.add({
      operation: 'PutRecord',
      streamName: 'clickstream',
      error: 'ServiceUnavailableException',
      message: 'Slow down.',
      times: 1,
    })
    mount('clickstream')

    expect(await putRecord()).toBe('Failed: ServiceUnavailableException: Slow down.')
    expect(aws.firehose.records('clickstream')).toHaveLength(4)
    expect(await putRecord()).toMatch(/^Stored /) // the rule was for one call only
  })

  it('shows why encryption failed (fixture: a disabled customer managed key)', async () => {
    mount('audit-log')
    await vi.waitFor(() => expect(text('encryption')).toBe('Encryption: ENABLING_FAILED (CUSTOMER_MANAGED_CMK)'))
    expect(text('failure')).toBe(
      'DISABLED_KMS_KEY: The KMS key arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-4f50-4617-8a9b-0c1d2e3f4a5b is disabled.',
    )
  })
})

describe("vi.useFakeTimers(): the test also runs the component's polling timer", () => {
  // Plain vi.useFakeTimers() is enough: a request through the SDK and msw/node needs no timer to
  // fire (with maxAttempts: 1 — a retry would wait on a faked backoff timer). The mock stays on
  // the manual clock, and that matters: vi.waitFor advances fake timers (and the faked Date) while
  // it waits, which would move a mock that read Date.now.
  beforeEach(() => vi.useFakeTimers())

  it('shows the change on the next poll, not before, and stops polling when it is done', async () => {
    mount('clickstream', 1000)
    await vi.waitFor(() => expect(text('encryption')).toBe('Encryption: DISABLED')) // reset() undid the tests above
    expect(vi.getTimerCount()).toBe(0) // nothing in transition, nothing scheduled

    click('encrypt')
    await vi.waitFor(() => expect(text('encryption')).toBe('Encryption: ENABLING (AWS_OWNED_CMK)'))
    expect(vi.getTimerCount()).toBe(1) // the next poll

    clock.advance(aws.timing.encryptionEnabling) // the mock is ENABLED now…
    expect(text('encryption')).toBe('Encryption: ENABLING (AWS_OWNED_CMK)') // …the page has not asked yet
    await vi.advanceTimersByTimeAsync(1000) // the poll fires
    await vi.waitFor(() => expect(text('encryption')).toBe('Encryption: ENABLED (AWS_OWNED_CMK)'))
    expect(vi.getTimerCount()).toBe(0)

    clock.advance(aws.timing.encryptionPropagation)
    expect(await putRecord()).toMatch(/Encrypted: true$/)
    expect(aws.firehose.records('clickstream').at(-1)).toMatchObject({ encrypted: true, receivedAt: START + 3_000 + 5_000 })
  })
})

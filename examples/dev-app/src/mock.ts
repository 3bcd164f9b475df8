/**
 * The mock side of the dev app: MSW's service worker answers AWS with firehose-msw, seeded from
 * the fixtures in `fixtures/`. Everything else in the app is an ordinary AWS SDK v3 client.
 * `auth` is on with no keys of its own: only the credentials the identity pool issued are accepted.
 */
import { startFirehoseWorker, type Fixture, type FirehoseMock, type TimingOption } from 'firehose-msw/browser'
import directPutS3 from '../../../fixtures/direct-put-s3.json?raw'
import encryptedCmk from '../../../fixtures/encrypted-cmk.json?raw'
import guestIdentityPool from '../../../fixtures/guest-identity-pool.json?raw'

export type TimingPreset = 'realistic' | 'fast' | 'instant'

/** `?timing=fast` makes every transition take 300–800 ms (the e2e test uses it). */
const PRESETS: Record<TimingPreset, { timing: TimingOption; pollMs: number }> = {
  realistic: { timing: 'realistic', pollMs: 1000 },
  fast: {
    timing: {
      streamCreating: 800,
      streamDeleting: 500,
      encryptionEnabling: 600,
      encryptionDisabling: 600,
      encryptionPropagation: 500,
    },
    pollMs: 150,
  },
  instant: { timing: 'instant', pollMs: 150 },
}

export function timingPreset(search: string): TimingPreset {
  const asked = new URLSearchParams(search).get('timing')
  return asked === 'fast' || asked === 'instant' ? asked : 'realistic'
}

export const seeds: Fixture[] = [directPutS3, encryptedCmk, guestIdentityPool].map((text) => JSON.parse(text) as Fixture)

/**
 * Records per second per stream. AWS's default (500,000 in us-east-1) is out of reach of a page, so
 * the app lowers it: "Burst" goes over it and the chart shows ThrottledRecords.
 */
export const RECORDS_PER_SECOND = 100

export async function startMock(preset: TimingPreset): Promise<{ mock: FirehoseMock; pollMs: number }> {
  const { timing, pollMs } = PRESETS[preset]
  const { mock } = await startFirehoseWorker(
    { seed: seeds, timing, auth: { credentials: [] }, quotas: { putRecordsPerSecond: RECORDS_PER_SECOND } },
    { serviceWorker: { url: `${import.meta.env.BASE_URL}mockServiceWorker.js` } },
  )
  return { mock, pollMs }
}

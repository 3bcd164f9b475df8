/**
 * The app's AWS clients, configured as a real browser app would configure them: no keys in the
 * code, guest credentials from a Cognito identity pool. Nothing here knows about the mock: the
 * requests go to https://cognito-identity.us-east-1.amazonaws.com/, https://firehose.us-east-1.amazonaws.com/,
 * https://kms.us-east-1.amazonaws.com/ and https://monitoring.us-east-1.amazonaws.com/ (CloudWatch), and
 * MSW's service worker answers them.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import { FirehoseClient } from '@aws-sdk/client-firehose'
import { KMSClient } from '@aws-sdk/client-kms'
import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers'

/** The app's identity pool (fixtures/guest-identity-pool.json seeds it in the mock). */
export const IDENTITY_POOL_ID = 'us-east-1:6e1b7c43-2f0a-4d5e-9b8c-3a1f5d7e9c20'

/**
 * Mock only: keeps the guest identity id for this page, since the mock's identities end with the
 * page and an id kept in IndexedDB would be unknown after a reload. Leave `cache` out against AWS,
 * where the identity should outlive the page.
 */
const pageCache = new Map<string, string>()

const guest = fromCognitoIdentityPool({
  identityPoolId: IDENTITY_POOL_ID,
  clientConfig: { region: 'us-east-1' },
  cache: {
    getItem: (key) => pageCache.get(key) ?? null,
    setItem: (key, value) => void pageCache.set(key, value),
    removeItem: (key) => void pageCache.delete(key),
  },
})

type GuestCredentials = Awaited<ReturnType<typeof guest>>
let current: Promise<GuestCredentials> | undefined

/**
 * Guest credentials (unsigned GetId, then GetCredentialsForIdentity), shared by every client: each
 * client asking the provider on its own would make one guest identity per client. Fetched again,
 * once, when less than five minutes are left.
 */
export async function credentials(): Promise<GuestCredentials> {
  const held = current ?? (current = guest())
  try {
    const got = await held
    const expiring = got.expiration !== undefined && got.expiration.getTime() - Date.now() < 5 * 60_000
    if (!expiring) return got
    if (current === held) current = guest()
    return await current
  } catch (error) {
    if (current === held) current = undefined // the next call tries again
    throw error
  }
}

const config = {
  region: 'us-east-1',
  credentials,
  // One attempt, so a throttled put shows its error at once instead of after the SDK's retries.
  maxAttempts: 1,
}

export const firehose = new FirehoseClient(config)
export const kms = new KMSClient(config)
export const cloudwatch = new CloudWatchClient(config)

/** `name: message (HTTP status)` of an SDK error. */
export function describeError(error: unknown): { name: string; message: string; status?: number } {
  if (error instanceof Error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode
    return { name: error.name, message: error.message, ...(status !== undefined ? { status } : {}) }
  }
  return { name: 'Error', message: String(error) }
}

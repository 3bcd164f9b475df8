/**
 * The app's AWS clients, configured as a real browser app would configure them: no keys in the
 * code, guest credentials from a Cognito identity pool. Nothing here knows about the mock: the
 * requests go to https://cognito-identity.us-east-1.amazonaws.com/, https://firehose.us-east-1.amazonaws.com/
 * and https://kms.us-east-1.amazonaws.com/, and MSW's service worker answers them.
 */
import { FirehoseClient } from '@aws-sdk/client-firehose'
import { KMSClient } from '@aws-sdk/client-kms'
import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers'

/** The app's identity pool (fixtures/guest-identity-pool.json seeds it in the mock). */
export const IDENTITY_POOL_ID = 'us-east-1:6e1b7c43-2f0a-4d5e-9b8c-3a1f5d7e9c20'

/** Holds the guest identity id for this page only: the mock's identities end with the page, so an id kept in IndexedDB would be unknown after a reload. */
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

let current: ReturnType<typeof guest> | undefined

/**
 * Guest credentials (unsigned GetId, then GetCredentialsForIdentity), shared by every client: each
 * client asking the provider on its own would make one guest identity per client. Fetched again
 * five minutes before they expire; they carry the guest's `identityId`.
 */
export async function credentials(): ReturnType<typeof guest> {
  current ??= guest().catch((error: unknown) => {
    current = undefined
    throw error
  })
  const held = await current
  if (held.expiration && held.expiration.getTime() - Date.now() < 5 * 60_000) {
    current = undefined
    return credentials()
  }
  return held
}

const config = {
  region: 'us-east-1',
  credentials,
  // One attempt, so a throttled put shows its error at once instead of after the SDK's retries.
  maxAttempts: 1,
}

export const firehose = new FirehoseClient(config)
export const kms = new KMSClient(config)

/** `name: message (HTTP status)` of an SDK error. */
export function describeError(error: unknown): { name: string; message: string; status?: number } {
  if (error instanceof Error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode
    return { name: error.name, message: error.message, ...(status !== undefined ? { status } : {}) }
  }
  return { name: 'Error', message: String(error) }
}

/** Identity pools for the tests of Cognito-issued credentials: a fixture with a guest pool and a stream, and a fresh identity-id cache. */
import type { Fixture } from '../../src'
import { s3Stream } from './aws'

/** The guest pool the fixtures below seed (its id is fixed, so clients can be configured with it). */
export const GUEST_POOL_ID = 'us-east-1:0b5f3c9e-7a41-4d2b-9c1e-6f8a2d4b7e10'

/** A pool that allows guests (with the console's default roles) and a stream for them to put to, in `accountId` when given. */
export function guestPoolFixture(accountId?: string): Fixture {
  const scope = accountId === undefined ? {} : { accountId }
  return {
    name: 'guest pool',
    cognito: {
      identityPools: [
        { ...scope, identityPoolId: GUEST_POOL_ID, definition: { IdentityPoolName: 'clickstream', AllowUnauthenticatedIdentities: true } },
      ],
    },
    firehose: { deliveryStreams: [{ ...scope, definition: s3Stream('clickstream') }] },
  }
}

/**
 * An identity-id cache of its own for one credential provider: by default fromCognitoIdentityPool
 * keeps guest identity ids in a process-wide store, which would carry them from one test (and mock
 * reset) to the next.
 */
export function freshCache() {
  const items = new Map<string, string>()
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  }
}

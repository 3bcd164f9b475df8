/** The public types of fixtures: the JSON a mock is seeded with (see src/fixtures.ts for how each entry loads). */

/** A record in a fixture: base64 `data`, or `text` stored as UTF-8. */
export type RecordFixture = { data: string } | { text: string }

export interface DeliveryStreamFixture {
  /** default 'us-east-1' */
  region?: string
  /** default: the mock's accountId */
  accountId?: string
  /** default 'ACTIVE'; 'CREATING' starts the stream's creation at load time */
  status?: 'ACTIVE' | 'CREATING'
  /** A CreateDeliveryStream request body, as JSON. */
  definition: Record<string, unknown>
  /** Records already in the stream, in arrival order. */
  records?: RecordFixture[]
  /**
   * A StartDeliveryStreamEncryption configuration applied after creation, e.g. to seed a stream
   * that is ENABLED with a customer managed key, or stuck in ENABLING_FAILED with a bad one.
   */
  startEncryption?: { KeyType: 'AWS_OWNED_CMK' | 'CUSTOMER_MANAGED_CMK'; KeyARN?: string }
  /**
   * Default true: seeded encryption completed and propagated long ago. `false`: the Start happens
   * when the fixture loads, with the mock's timing, so the stream is seen ENABLING first.
   */
  settled?: boolean
}

/** A KMS key in a fixture. */
export interface KeyFixture {
  /** default 'us-east-1' */
  region?: string
  /** default: the mock's accountId */
  accountId?: string
  /** a UUID, so other fixtures can name the key's ARN; default random */
  keyId?: string
  description?: string
  /** default 'SYMMETRIC_DEFAULT' */
  keySpec?: string
  /** default 'ENCRYPT_DECRYPT' */
  keyUsage?: string
  /** default 'Enabled' */
  state?: 'Enabled' | 'Disabled' | 'PendingDeletion'
  /** days until deletion for a PendingDeletion key (7–30, default 30) */
  pendingWindowInDays?: number
  /** the key policy (JSON text or object); default: the KMS default key policy */
  policy?: string | Record<string, unknown>
  /** aliases that point at the key, e.g. 'alias/firehose-key' */
  aliases?: string[]
  tags?: Record<string, string>
}

/** A Cognito identity pool in a fixture. */
export interface IdentityPoolFixture {
  /** default 'us-east-1' */
  region?: string
  /** default: the mock's accountId */
  accountId?: string
  /** `<region>:<uuid>` (the entry's region), so apps can be configured with it; default random */
  identityPoolId?: string
  /** A CreateIdentityPool request body, as JSON: `IdentityPoolName`, `AllowUnauthenticatedIdentities`, providers, tags. */
  definition: Record<string, unknown>
  /**
   * Role ARNs by kind. Default: `Cognito_<name>Auth_Role` and `Cognito_<name>Unauth_Role` in the
   * pool's account, the roles the console creates with a pool. `{}`: no roles, so
   * GetCredentialsForIdentity fails as AWS's does for a pool without them.
   */
  roles?: { authenticated?: string; unauthenticated?: string }
}

/**
 * A mock's whole state, as `aws.snapshot()` takes it: each service's stored data (streams with
 * their records and buffers, keys with their key material, aliases, grants, identity pools,
 * identities and issued credentials, metrics, delivered objects), JSON-encoded with Maps, Sets and
 * bytes tagged. Times are epoch ms of the clock it was taken on. Meant to be loaded into a fresh
 * mock (`seed`) or after `reset()`; it is not meant to be written by hand.
 */
export interface MockState {
  version: 1
  /** epoch ms on the mock's clock when the snapshot was taken */
  takenAt: number
  firehose?: unknown
  kms?: unknown
  cognito?: unknown
  cloudwatch?: unknown
  s3?: unknown
}

export interface Fixture {
  /** A name for messages. */
  name?: string
  /** A snapshot's state (`aws.snapshot()`), loaded before the entries below. */
  state?: MockState
  firehose?: { deliveryStreams?: DeliveryStreamFixture[] }
  kms?: { keys?: KeyFixture[] }
  cognito?: { identityPools?: IdentityPoolFixture[] }
}

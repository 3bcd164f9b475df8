/** The public types of `createFirehoseMock()`: its options and what the mock object offers. */
import type { HttpHandler } from 'msw'
import type { Timing, TimingOption } from './clock'
import type { FaultHandle, FaultRule } from './faults'
import type { QuotasOption } from './firehose/quotas'
import type { AuthOptions } from './protocol/sigv4'
import type { Fixture } from './fixture-types'
import type { HttpDelivery, LambdaInvocation } from './firehose/types'

export type { DeliveryStreamFixture, Fixture, IdentityPoolFixture, KeyFixture, RecordFixture } from './fixture-types'
export type { HttpDelivery, LambdaInvocation }

/** Every option is also listed in OPTION_NAMES (src/options.ts); the compiler checks the two agree. */
export interface FirehoseMockOptions {
  /** The account that owns everything created through the handlers. Default '123456789012'. */
  accountId?: string
  /** The clock, in epoch milliseconds. Default `Date.now()` read on each call (fake timers apply). */
  now?: () => number
  /** Durations of the asynchronous transitions. Default 'realistic'. */
  timing?: TimingOption
  /** Fixtures loaded at start and again on every `reset()`. */
  seed?: Fixture | Fixture[]
  /** Extra base URLs that answer both services, e.g. 'http://localhost:4566'. The region comes from the SigV4 scope. */
  endpoints?: string[]
  /**
   * Verify every request's SigV4 signature against these credentials, and against the temporary
   * credentials the mock's Cognito identity pools issue (until they expire). Each access key acts
   * as its `accountId` (default: the mock's; the pool's account for Cognito's): streams, keys and
   * ARNs are per account. Without `auth`, any well-formed request is accepted and acts as `accountId`.
   */
  auth?: AuthOptions
  /**
   * Caps what the mock keeps, so week-long dev sessions do not grow without bound: beyond
   * `maxRecordsPerStream` the oldest records are dropped (and counted), beyond `maxObjectsPerStream`
   * the oldest objects a stream delivered (S3 reads and `deliveries()` no longer see them). Default:
   * keep everything.
   */
  retention?: { maxRecordsPerStream?: number; maxObjectsPerStream?: number }
  /** Firehose quotas: AWS's defaults (by region), some of them overridden, or `false` for none. */
  quotas?: QuotasOption
  /** The random source of fault probabilities, in [0, 1). Default Math.random; pass a seeded one for repeatable runs. */
  random?: () => number
  /**
   * Temporary credentials the mock should treat as issued at a given time: session token →
   * epoch ms. A request signed with such a token more than 6 hours after its issue cannot make
   * Firehose create a KMS grant (StartDeliveryStreamEncryption ends ENABLING_FAILED with
   * CREATE_KMS_GRANT_FAILED), as AWS documents. Credentials the mock's Cognito identity pools
   * issued need not be listed: their issue time is known.
   */
  temporaryCredentialsIssuedAt?: Record<string, number>
  /** Called with errors the mock did not expect (answered as InternalFailure). Default: console.error. */
  onUnexpectedError?: (error: unknown) => void
  /**
   * The Lambda functions a stream's `ProcessingConfiguration` may name, by function ARN: Firehose
   * invokes the handler as Lambda would, with its documented event and checks of the response. An
   * ARN not listed fails its invocations as a function that does not exist.
   */
  lambdas?: Record<string, LambdaRegistration>
}

/** A Lambda handler, sync or async, or in Node's `(event, context, callback)` style. */
export type LambdaHandler = (event: any, context: LambdaContext, callback: (error?: unknown, result?: unknown) => void) => unknown

/** A registered function: its handler, and its timeout in seconds (default and at most 300, Firehose's limit), measured on the mock's clock. */
export type LambdaRegistration = LambdaHandler | { handler: LambdaHandler; timeoutSeconds?: number }

/** The Lambda context object a handler receives (the shape of `Context` in @types/aws-lambda). */
export interface LambdaContext {
  callbackWaitsForEmptyEventLoop: boolean
  awsRequestId: string
  functionName: string
  functionVersion: string
  invokedFunctionArn: string
  memoryLimitInMB: string
  logGroupName: string
  logStreamName: string
  getRemainingTimeInMillis(): number
  /** Lambda's legacy ways to answer, as the callback does. */
  done(error?: Error, result?: unknown): void
  fail(error: Error | string): void
  succeed(result: unknown): void
}

/** A stored record, as `aws.firehose.records()` returns it. */
export interface FirehoseRecord {
  recordId: string
  data: Uint8Array
  encrypted: boolean
  /** epoch ms at which the mock accepted the record */
  receivedAt: number
  /** the customer managed key that encrypted the record, if any */
  keyArn?: string
}

export interface ScopeOptions {
  /** default 'us-east-1' */
  region?: string
  /** default: the mock's accountId */
  accountId?: string
}

/** An object Firehose delivered to S3, as `aws.firehose.deliveries()` returns it. */
export interface DeliveredObject {
  bucketArn: string
  key: string
  /** the object's bytes (GZIP-compressed when the stream compresses with GZIP) */
  data: Uint8Array
  /** how many records it holds */
  records: number
  /** epoch ms */
  deliveredAt: number
  compression: string
  encrypted: boolean
  keyArn?: string
  /** set when the configured compression is not simulated */
  note?: string
}

/** A KMS key, as `aws.kms.keys()` returns it. */
export interface KmsKeyInfo {
  keyId: string
  arn: string
  state: 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport'
  keyManager: 'CUSTOMER' | 'AWS'
  keySpec: string
  keyUsage: string
  description: string
  /** epoch ms, while PendingDeletion */
  deletionDate?: number
  aliases: string[]
  policy: string
  tags: Record<string, string>
}

/** A KMS grant, as `aws.kms.grants()` returns it. */
export interface KmsGrantInfo {
  grantId: string
  keyArn: string
  name?: string
  granteePrincipal: string
  retiringPrincipal?: string
  operations: string[]
  constraints?: Record<string, unknown>
  /** epoch ms */
  createdAt: number
  /** epoch ms at which a scheduled retirement happens */
  retireAt?: number
}

export interface FirehoseMock {
  /** Request handlers for `setupServer`, `setupWorker` or msw-storybook-addon. */
  readonly handlers: HttpHandler[]
  /** Back to the seeded state: streams, records, keys and fault rules are dropped and the seeds loaded again. */
  reset(): void
  /**
   * Loads a fixture on top of the current state (it is not kept for `reset()`; use `seed` for that).
   * Throws FirehoseMswError, naming the field, for a bad fixture.
   */
  load(fixture: Fixture): void
  /** The resolved timing in use. */
  readonly timing: Readonly<Timing>
  /** Inspection of Firehose state for assertions. */
  readonly firehose: FirehoseInspection
  /** Fault injection, usable at runtime (tests, stories, the dev app). */
  readonly faults: {
    /** Adds a rule; see FaultRule. */
    add(rule: FaultRule): FaultHandle
    /** Removes every rule. */
    clear(): void
  }
  /** Inspection of KMS state for assertions. */
  readonly kms: KmsInspection
  /** Inspection of Cognito Identity state for assertions. */
  readonly cognito: CognitoInspection
  /** Inspection of the CloudWatch metrics the simulation published. */
  readonly cloudwatch: CloudWatchInspection
}

/** `aws.firehose`: inspection of Firehose state for assertions. */
export interface FirehoseInspection {
  /** Records stored in a stream, in arrival order. Throws if the stream does not exist. */
  records(streamName: string, options?: ScopeOptions): FirehoseRecord[]
  /** Objects the stream delivered to S3, oldest first (after applying any flush that is due). */
  deliveries(streamName: string, options?: ScopeOptions): Promise<DeliveredObject[]>
  /**
   * Delivers buffered records now: of one stream, or of every stream. Records waiting for a Lambda
   * processor are invoked first; await the promise for them (without one, delivery is immediate).
   */
  flush(streamName?: string, options?: ScopeOptions): Promise<void>
  /** The invocations of a stream's Lambda processor so far, oldest first (run when Firehose last settled). */
  invocations(streamName: string, options?: ScopeOptions): LambdaInvocation[]
  /** The requests to a stream's HTTP endpoint so far, with their attempts (after sending what is due). */
  httpDeliveries(streamName: string, options?: ScopeOptions): Promise<HttpDelivery[]>
  /** How many records the retention cap has dropped from a stream. */
  droppedRecords(streamName: string, options?: ScopeOptions): number
  /** Names of the streams that exist now, sorted. */
  streamNames(options?: ScopeOptions): string[]
}

/** `aws.kms`: inspection of KMS state for assertions. */
export interface KmsInspection {
  /** Keys that exist now in a region (default us-east-1) and account, in creation order. */
  keys(options?: ScopeOptions): KmsKeyInfo[]
  /** Grants that exist now, of one key (id or ARN) or of all keys in the scope. */
  grants(keyId?: string, options?: ScopeOptions): KmsGrantInfo[]
}

/** An identity pool, as `aws.cognito.pools()` returns it. */
export interface IdentityPoolInfo {
  /** `<region>:<uuid>` */
  identityPoolId: string
  name: string
  allowUnauthenticatedIdentities: boolean
  /** The login providers the pool trusts: public providers, user pools, OpenID Connect and SAML provider ARNs. */
  loginProviders: string[]
  /** `authenticated` / `unauthenticated` → role ARN */
  roles: Record<string, string>
  tags: Record<string, string>
  /** epoch ms */
  createdAt: number
}

/** An identity of a pool, as `aws.cognito.identities()` returns it. */
export interface CognitoIdentityInfo {
  /** `<region>:<uuid>` */
  identityId: string
  identityPoolId: string
  /** The providers of the logins linked to it; empty for a guest identity. */
  logins: string[]
  /** epoch ms */
  createdAt: number
  lastModifiedAt: number
  /** The temporary credentials issued to it in the last 24 hours, oldest first (epoch ms). */
  credentials: Array<{ accessKeyId: string; roleArn: string; issuedAt: number; expiresAt: number }>
}

/** `aws.cognito`: inspection of Cognito Identity state for assertions. */
export interface CognitoInspection {
  /** Identity pools that exist now in a region (default us-east-1) and account, in creation order. */
  pools(options?: ScopeOptions): IdentityPoolInfo[]
  /** The identities of a pool, in creation order. Throws if the pool does not exist in the account. */
  identities(identityPoolId: string, options?: Pick<ScopeOptions, 'accountId'>): CognitoIdentityInfo[]
}

/** One minute of a metric, as `aws.cloudwatch.datapoints()` returns it: its start (epoch ms), unit (`Count`, `Bytes`, …) and statistics. */
export interface MetricMinute {
  timestamp: number
  unit: string
  sum: number
  sampleCount: number
  minimum: number
  maximum: number
}

/** Which metric `aws.cloudwatch.datapoints()` reads, and where; the namespace defaults to 'AWS/Firehose'. */
export interface MetricSelector extends ScopeOptions {
  namespace?: string
  /** The metric's dimensions, all of them (default none); `stream` is short for `{ DeliveryStreamName: stream }`. */
  dimensions?: Record<string, string>
  stream?: string
}

/** `aws.cloudwatch`: the metrics the simulation published, for assertions without the SDK. */
export interface CloudWatchInspection {
  /** The one-minute data of a metric now, oldest first: what every statistic CloudWatch answers is computed from. */
  datapoints(metricName: string, options?: MetricSelector): MetricMinute[]
}

/** The public types of `createFirehoseMock()`: its options and what the mock object offers. */
import type { HttpHandler } from 'msw'
import type { Timing, TimingOption } from './clock'
import type { FaultHandle, FaultRule } from './faults'
import type { QuotasOption } from './firehose/quotas'
import type { AuthOptions } from './protocol/sigv4'
import type { Fixture } from './fixture-types'
import type { HttpDelivery, LambdaInvocation } from './firehose/types'
import type { CallFilter, RecordedCall } from './calls'
import type { CloudWatchInspection, CognitoInspection, FirehoseInspection, KmsInspection } from './inspection-types'

export type { CallFilter, RecordedCall }
export type {
  FirehoseRecord,
  ScopeOptions,
  DeliveredObject,
  KmsKeyInfo,
  KmsGrantInfo,
  StreamView,
  FirehoseInspection,
  KmsInspection,
  IdentityPoolInfo,
  CognitoIdentityInfo,
  CognitoInspection,
  MetricMinute,
  MetricSelector,
  CloudWatchInspection,
} from './inspection-types'

export type { DeliveryStreamFixture, Fixture, IdentityPoolFixture, KeyFixture, MockState, RecordFixture } from './fixture-types'
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
   * the oldest objects a stream delivered (S3 reads and `deliveries()` no longer see them), beyond
   * `maxCalls` the oldest entries of the call log (`calls()`; 0 keeps none — the log holds every
   * call's input and output, e.g. ~160 B per record of a PutRecordBatch). Default: keep everything.
   */
  retention?: { maxRecordsPerStream?: number; maxObjectsPerStream?: number; maxCalls?: number }
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
  /**
   * Every request the handlers answered, oldest first: its input as read, and the output or the AWS
   * error the client received (throttles and injected faults included), with time, region and
   * account. Only calls matching every given field of `filter` are listed. Cleared by `reset()`.
   */
  calls(filter?: CallFilter): RecordedCall[]
  /**
   * The whole state — streams, records, keys (their key material too), aliases, grants, identity
   * pools, identities, metrics, delivered objects — as a fixture that `seed` and `load()` accept,
   * JSON-ready: save it, and load it in a story or another test. It is read once what is due
   * (Lambda invocations included) has settled: await it before changing the mock. (The call log,
   * fault rules and options are not state.)
   */
  snapshot(): Promise<Fixture>
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

/**
 * `createFirehoseMock()`: one in-memory AWS (state, clock, handlers) per call. Nothing lives in
 * module scope, so separate mocks — one per test file — never share state.
 */
import { delay, type HttpHandler } from 'msw'
import { instantTiming, systemNow, type Timing, type TimingOption } from './clock'
import { firehoseOperations, firehoseProtocol } from './firehose'
import { limitExceeded } from './firehose/errors'
import { SlidingWindow, resolveQuotas, type Quotas, type QuotasOption } from './firehose/quotas'
import { FaultRegistry, type FaultHandle, type FaultRule } from './faults'
import { kmsProtocol, loadKms } from './kms'
import { KmsStore, type KmsContext } from './kms/store'
import { FirehoseStore, type FirehoseContext } from './firehose/store'
import { retained } from './firehose/puts'
import { flushBuffer, settleDelivery } from './firehose/delivery'
import { S3Store } from './s3/store'
import { createS3Handlers } from './s3/handlers'
import { s3Target } from './firehose/delivery'
import { loadFixture, type Fixture } from './fixtures'
import { resolveOptions } from './options'
import { AwsError, FirehoseMswError } from './protocol/aws-error'
import { partitionOf } from './protocol/endpoints'
import { createAwsHandlers, type AwsCall } from './protocol/handler'
import { randomBytes, toHex } from './protocol/ids'
import type { AuthOptions } from './protocol/sigv4'

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
   * Verify every request's SigV4 signature against these credentials. Each access key acts as its
   * `accountId` (default: the mock's): streams, keys and ARNs are per account. Without `auth`,
   * any well-formed request is accepted and acts as `accountId`.
   */
  auth?: AuthOptions
  /**
   * Caps what the mock keeps, so week-long dev sessions do not grow without bound: beyond
   * `maxRecordsPerStream` the oldest records are dropped (and counted). Default: keep everything.
   */
  retention?: { maxRecordsPerStream?: number }
  /** Firehose quotas: AWS's defaults (by region), some of them overridden, or `false` for none. */
  quotas?: QuotasOption
  /** The random source of fault probabilities, in [0, 1). Default Math.random; pass a seeded one for repeatable runs. */
  random?: () => number
  /**
   * Temporary credentials the mock should treat as issued at a given time: session token →
   * epoch ms. A request signed with such a token more than 6 hours after its issue cannot make
   * Firehose create a KMS grant (StartDeliveryStreamEncryption ends ENABLING_FAILED with
   * CREATE_KMS_GRANT_FAILED), as AWS documents.
   */
  temporaryCredentialsIssuedAt?: Record<string, number>
  /** Called with errors the mock did not expect (answered as InternalFailure). Default: console.error. */
  onUnexpectedError?: (error: unknown) => void
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
  readonly firehose: {
    /** Records stored in a stream, in arrival order. Throws if the stream does not exist. */
    records(streamName: string, options?: ScopeOptions): FirehoseRecord[]
    /** Objects the stream delivered to S3, oldest first (after applying any flush that is due). */
    deliveries(streamName: string, options?: ScopeOptions): Promise<DeliveredObject[]>
    /** Delivers buffered records now: of one stream, or of every stream. */
    flush(streamName?: string, options?: ScopeOptions): void
    /** How many records the retention cap has dropped from a stream. */
    droppedRecords(streamName: string, options?: ScopeOptions): number
    /** Names of the streams that exist now, sorted. */
    streamNames(options?: ScopeOptions): string[]
  }
  /** Fault injection, usable at runtime (tests, stories, the dev app). */
  readonly faults: {
    /** Adds a rule; see FaultRule. */
    add(rule: FaultRule): FaultHandle
    /** Removes every rule. */
    clear(): void
  }
  /** Inspection of KMS state for assertions. */
  readonly kms: {
    /** Keys that exist now in a region (default us-east-1) and account, in creation order. */
    keys(options?: ScopeOptions): KmsKeyInfo[]
    /** Grants that exist now, of one key (id or ARN) or of all keys in the scope. */
    grants(keyId?: string, options?: ScopeOptions): KmsGrantInfo[]
  }
}

const DEFAULT_REGION = 'us-east-1'

/**
 * Creates an in-memory Firehose that the real AWS SDK talks to through MSW.
 * @example
 * const aws = createFirehoseMock({ timing: 'instant' })
 * const server = setupServer(...aws.handlers)
 * server.listen()
 * await new FirehoseClient({ region: 'us-east-1' }).send(new PutRecordCommand({ ... }))
 * aws.firehose.records('my-stream')
 */
export function createFirehoseMock(options: FirehoseMockOptions = {}): FirehoseMock {
  const { accountId, timing, maxRecordsPerStream } = resolveOptions(options)
  const now = options.now ?? systemNow
  const seeds = options.seed === undefined ? [] : Array.isArray(options.seed) ? options.seed : [options.seed]
  // Resolved per request: regions come from callers (the SigV4 scope), so nothing is cached per region.
  const quotasFor = (region: string): Quotas => resolveQuotas(options.quotas, region)
  const controlPlane = new Map<string, SlidingWindow>()
  const faults = new FaultRegistry(options.random ?? Math.random)
  const store = new FirehoseStore()
  const kms = new KmsStore()
  const s3 = new S3Store()
  /** Applies every interval flush that has come due (deliveries are lazy, like every transition). */
  const settleDeliveries = (at: number): void => {
    for (const stream of store.all()) settleDelivery(stream, s3, at)
  }
  const recordIdPrefix = toHex(randomBytes(12))
  let recordCounter = 0
  const nextRecordSeq = (): number => recordCounter++
  const recordId = (seq: number): string => recordIdPrefix + seq.toString(16).padStart(12, '0')

  const firehoseContext = (region: string, account: string, at: number, t: Timing, sessionToken?: string | null): FirehoseContext => ({
    accountId: account,
    region,
    partition: partitionOf(region),
    now: at,
    timing: t,
    store,
    nextRecordSeq,
    recordId,
    kms,
    sessionIssuedAt: sessionToken ? options.temporaryCredentialsIssuedAt?.[sessionToken] : undefined,
    quotas: quotasFor(region),
    maxRecordsPerStream,
    s3,
  })
  const kmsContext = (region: string, account: string, at: number): KmsContext => ({
    accountId: account,
    region,
    partition: partitionOf(region),
    now: at,
    store: kms,
  })

  const loadOne = (fixture: Fixture, index: number): void => {
    const at = now()
    loadFixture(fixture, index, {
      firehose: (region, account, instant) => firehoseContext(region, account ?? accountId, at, instant ? instantTiming : timing),
      kms: (region, account) => kmsContext(region, account ?? accountId, at),
    })
  }
  const loadSeeds = (): void => seeds.forEach(loadOne)

  /** Opt-in control-plane TPS: a sliding one-second window per account, region and operation. */
  const checkControlPlane = (call: AwsCall, at: number): void => {
    const tps = quotasFor(call.region).controlPlaneTps[call.operation]
    if (tps === undefined) return
    const key = `${call.accountId ?? accountId}/${call.region}/${call.operation}`
    let window = controlPlane.get(key)
    if (!window) controlPlane.set(key, (window = new SlidingWindow()))
    if (window.totals(at, 1)[0]! + 1 > tps) throw limitExceeded(`Rate exceeded for ${call.operation}: at most ${tps} calls per second.`)
    window.add(at, [1])
  }

  const dispatch = async (call: AwsCall): Promise<unknown> => {
    const fault =
      faults.active.length > 0
        ? (await import('./fault-decision')).decideFaults(faults, call.service, call.operation, call.input)
        : undefined
    if (fault?.delayMs) await delay(fault.delayMs)
    if (fault?.error) throw fault.error
    const at = now()
    const account = call.accountId ?? accountId
    if (call.service === 'firehose') {
      const operation = firehoseOperations[call.operation]!
      checkControlPlane(call, at)
      const sessionToken = call.request.headers.get('x-amz-security-token')
      const ctx = firehoseContext(call.region, account, at, timing, sessionToken)
      if (fault?.failRecord) ctx.failRecord = fault.failRecord
      return operation(call.input as never, ctx)
    }
    const operation = (await loadKms()).operations[call.operation]
    if (!operation) {
      throw new AwsError('UnsupportedOperationException', `${call.operation} is not simulated by firehose-msw.`)
    }
    // A failed call changes nothing: undo what it created on the way (AWS managed keys).
    const ctx = { ...kmsContext(call.region, account, at), rollback: [] as Array<() => void> }
    try {
      return operation(call.input as never, ctx)
    } catch (error) {
      for (const undo of ctx.rollback.reverse()) undo()
      throw error
    }
  }

  /** One place for errors the mock did not expect (answered as AWS's internal error). */
  const reportUnexpected =
    options.onUnexpectedError ??
    ((error: unknown) => console.error('[firehose-msw] unexpected error, answered as an internal error:', error))

  /** Each console hint (src/hints.ts) once per mock. */
  const hinted = new Set<string>()
  const handlers = createAwsHandlers({
    services: [firehoseProtocol, kmsProtocol],
    endpoints: options.endpoints,
    dispatch,
    ...(options.auth
      ? {
          authenticate: async (request: Request, body: Uint8Array, service: string, hostRegion: string | undefined) => {
            // Loaded on first use: suites without `auth` never pay for the signer.
            const { verifySignature } = await import('./protocol/sigv4')
            const { credential } = await verifySignature(request, body, { auth: options.auth!, service, hostRegion, now: now() })
            return credential.accountId ?? accountId
          },
        }
      : {}),
    onHint: async (hint) => {
      if (hinted.has(hint)) return
      hinted.add(hint)
      // Best effort: a hint that fails to load must not change the answer.
      await import('./hints').then(
        ({ hints }) => console.warn(hints[hint]),
        () => {},
      )
    },
    onUnexpectedError: reportUnexpected,
  })

  handlers.push(
    ...createS3Handlers({
      s3,
      settle: () => settleDeliveries(now()),
      bucketExists: (name) => s3.bucket(name) !== undefined || store.all().some((s) => s3Target(s)?.bucket === name),
      onUnexpectedError: reportUnexpected,
    }),
  )

  const scopeOf = (scope: ScopeOptions = {}) => ({ region: scope.region ?? DEFAULT_REGION, account: scope.accountId ?? accountId })
  const streamOrThrow = (streamName: string, scope: ScopeOptions | undefined, what: string) => {
    const { region, account } = scopeOf(scope)
    const stream = store.get(account, region, streamName, now())
    if (!stream) throw new FirehoseMswError(`Failed to ${what} "${streamName}": no such stream in ${region} of account ${account}`)
    return stream
  }

  loadSeeds()

  return {
    handlers,
    timing,
    load: (fixture) => loadOne(fixture, 0),
    faults: {
      add: (rule) => faults.add(rule),
      clear: () => faults.clear(),
    },
    reset() {
      store.clear()
      kms.clear()
      s3.clear()
      controlPlane.clear()
      faults.clear()
      recordCounter = 0
      loadSeeds()
    },
    firehose: {
      records(streamName, scope) {
        const { records } = retained(streamOrThrow(streamName, scope, 'read records of'), maxRecordsPerStream)
        // Copies: the stored views may share one buffer per request.
        return records.map(({ seq, data, ...rest }) => ({ recordId: recordId(seq), data: data.slice(), ...rest }))
      },
      async deliveries(streamName, scope) {
        const { region, account } = scopeOf(scope)
        settleDeliveries(now())
        const objects = s3
          .all()
          .filter((o) => o.streamName === streamName && o.region === region && o.accountId === account)
          .sort((a, b) => a.deliveredAt - b.deliveredAt)
        const { describeObject } = await import('./s3/describe-object')
        return (await Promise.all(objects.map(describeObject))) as unknown as DeliveredObject[]
      },
      flush(streamName, scope) {
        const at = now()
        settleDeliveries(at)
        const streams = streamName === undefined ? store.all() : [streamOrThrow(streamName, scope, 'flush')]
        for (const stream of streams) flushBuffer(stream, s3, at)
      },
      droppedRecords(streamName, scope) {
        return retained(streamOrThrow(streamName, scope, 'count dropped records of'), maxRecordsPerStream).dropped
      },
      streamNames(scope) {
        const { region, account } = scopeOf(scope)
        return store.list(account, region, now()).map((s) => s.name)
      },
    },
    kms: {
      keys(scope) {
        const { region, account } = scopeOf(scope)
        const { keys: all, aliases } = kms.scope(account, region, now())
        // The record minus what stays inside the mock (its secret and bookkeeping).
        return [...all.values()].map(
          ({
            secret: _secret,
            tags,
            accountId: _a,
            region: _r,
            createdAt: _c,
            origin: _o,
            multiRegion: _m,
            pendingWindowInDays: _p,
            ...key
          }) => ({
            ...key,
            aliases: [...aliases.values()].filter((a) => a.targetKeyId === key.keyId).map((a) => a.name),
            tags: Object.fromEntries(tags),
          }),
        )
      },
      grants(keyId, scope) {
        const { region, account } = scopeOf(scope)
        const id = keyId?.includes(':key/') ? keyId.slice(keyId.indexOf(':key/') + 5) : keyId
        return [...kms.scope(account, region, now()).grants.values()]
          .filter((g) => id === undefined || g.keyId === id)
          .map(({ tokens: _tokens, keyId: _keyId, issuingAccount: _issuer, operations, ...grant }) => ({
            ...grant,
            operations: [...operations],
          }))
      },
    },
  }
}

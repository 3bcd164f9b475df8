/**
 * `createFirehoseMock()`: one in-memory AWS (state, clock, handlers) per call. Nothing lives in
 * module scope, so separate mocks — one per test file — never share state.
 */
import type { HttpHandler } from 'msw'
import { instantTiming, resolveTiming, systemNow, type Timing, type TimingOption } from './clock'
import { firehoseOperations, firehoseProtocol } from './firehose'
import { FirehoseStore, type FirehoseContext } from './firehose/store'
import { loadStreams, type Fixture } from './fixtures'
import { FirehoseMswError, unknownOperationError } from './protocol/aws-error'
import { partitionOf } from './protocol/endpoints'
import { createAwsHandlers, type AwsCall } from './protocol/handler'
import { randomBytes, toHex } from './protocol/ids'

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

export interface FirehoseMock {
  /** Request handlers for `setupServer`, `setupWorker` or msw-storybook-addon. */
  readonly handlers: HttpHandler[]
  /** Back to the seeded state: all streams and records are dropped and the seeds loaded again. */
  reset(): void
  /** The resolved timing in use. */
  readonly timing: Readonly<Timing>
  /** Inspection of Firehose state for assertions. */
  readonly firehose: {
    /** Records stored in a stream, in arrival order. Throws if the stream does not exist. */
    records(streamName: string, options?: ScopeOptions): FirehoseRecord[]
    /** Names of the streams that exist now, sorted. */
    streamNames(options?: ScopeOptions): string[]
  }
}

const DEFAULT_ACCOUNT = '123456789012'
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
  const accountId = options.accountId ?? DEFAULT_ACCOUNT
  if (!/^\d{12}$/.test(accountId)) throw new FirehoseMswError(`Failed to create the mock: accountId must be 12 digits, not "${accountId}"`)
  const now = options.now ?? systemNow
  const timing = resolveTiming(options.timing)
  for (const [key, value] of Object.entries(timing)) {
    if (typeof value !== 'number' || !(value >= 0)) {
      throw new FirehoseMswError(`Failed to create the mock: timing.${key} must be a number of milliseconds ≥ 0`)
    }
  }
  const seeds = options.seed === undefined ? [] : Array.isArray(options.seed) ? options.seed : [options.seed]
  const store = new FirehoseStore()
  const recordIdPrefix = toHex(randomBytes(12))
  let recordCounter = 0
  const newRecordId = (): string => recordIdPrefix + (recordCounter++).toString(16).padStart(12, '0')

  const firehoseContext = (region: string, account: string, at: number, t: Timing): FirehoseContext => ({
    accountId: account,
    region,
    partition: partitionOf(region),
    now: at,
    timing: t,
    store,
    newRecordId,
  })

  const loadSeeds = (): void => {
    const at = now()
    const streams = seeds.flatMap((fixture, i) =>
      loadStreams(fixture, i, (region, account, instant) =>
        firehoseContext(region, account ?? accountId, at, instant ? instantTiming : timing),
      ),
    )
    for (const stream of streams) {
      if (store.get(stream.accountId, stream.region, stream.name, at)) {
        throw new FirehoseMswError(`Failed to load fixtures: stream "${stream.name}" is defined twice in ${stream.region}`)
      }
      store.add(stream)
    }
  }

  const dispatch = (call: AwsCall): unknown => {
    if (call.service === 'firehose') {
      const operation = firehoseOperations[call.operation]!
      return operation(call.input as never, firehoseContext(call.region, accountId, now(), timing))
    }
    throw unknownOperationError()
  }

  const handlers = createAwsHandlers({
    services: [firehoseProtocol],
    endpoints: options.endpoints,
    dispatch,
    onUnexpectedError: (error) =>
      (options.onUnexpectedError ?? ((e: unknown) => console.error('[firehose-msw] unexpected error, answered as InternalFailure:', e)))(error),
  })

  const scopeOf = (scope: ScopeOptions = {}) => ({ region: scope.region ?? DEFAULT_REGION, account: scope.accountId ?? accountId })

  loadSeeds()

  return {
    handlers,
    timing,
    reset() {
      store.clear()
      recordCounter = 0
      loadSeeds()
    },
    firehose: {
      records(streamName, scope) {
        const { region, account } = scopeOf(scope)
        const stream = store.get(account, region, streamName, now())
        if (!stream) {
          throw new FirehoseMswError(`Failed to read records of "${streamName}": no such stream in ${region} of account ${account}`)
        }
        return stream.records.map((r) => ({ ...r }))
      },
      streamNames(scope) {
        const { region, account } = scopeOf(scope)
        return store.list(account, region, now()).map((s) => s.name)
      },
    },
  }
}

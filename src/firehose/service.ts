/**
 * The Firehose service as the composition root sees it: its protocol, its dispatch with the
 * policies that are Firehose's own (control-plane TPS, the session behind a request, records a
 * fault rule fails), its inspection and its seeding. It reaches KMS and S3 through their ports, and
 * publishes its metrics to CloudWatch through CloudWatch's.
 */
import type { MetricsPublisher } from '../cloudwatch/port'
import { instantTiming } from '../clock'
import type { FaultDecision } from '../faults'
import type { KmsForFirehose } from '../kms/port'
import { randomBytes, toHex } from '../protocol/ids'
import type { S3ForFirehose } from '../s3/port'
import { inspectionScope, operationOf, type JsonService, type MockEnv, type RequestScope, type Stateful } from '../service'
import { FirehoseMswError } from '../protocol/aws-error'
import type { FirehoseInspection, LambdaRegistration, ScopeOptions } from '../types'
import { bucketOf, flushBuffer, s3Target, settleDelivery } from './delivery'
import { heldRecords, retained } from './delivery-stream'
import { streamView } from './inspect-stream'
import { firehoseErrors } from './errors'
import { firehoseProtocol, loadFirehose } from './index'
import { ControlPlaneRate, resolveQuotas, type QuotasOption } from './quotas'
import { seedStream, type StreamSeed } from './seed'
import { FirehoseStore, waitsAsync, type FirehoseContext, type FirehoseEnv } from './store'
import type { DeliveryStream } from './types'

export interface FirehoseServiceOptions {
  quotas?: QuotasOption
  maxRecordsPerStream: number
  /** When the temporary credentials carrying a session token were issued (epoch ms), if known: the encryption 6-hour rule. */
  sessionIssuedAt: (sessionToken: string) => number | undefined
  /** Lambda processors by function ARN (the `lambdas` option). */
  lambdas?: Record<string, LambdaRegistration>
}

/** Firehose's part of a snapshot: its streams as stored, and the record ids' prefix and counter. */
export interface FirehoseState {
  recordIdPrefix: string
  nextRecordSeq: number
  streams: DeliveryStream[]
  draining: DeliveryStream[]
}

export interface FirehoseService extends JsonService<FirehoseInspection>, Stateful<FirehoseState> {
  seed(scope: RequestScope, seed: StreamSeed): void
  /**
   * Applies what has come due (deliveries are lazy, like every transition): Lambda invocations,
   * HTTP endpoint requests, then interval flushes. Without invocations to run it completes synchronously and returns
   * nothing; otherwise await it. `invocations: false` (the synchronous inspection calls) settles
   * only the streams that wait for no invocation.
   */
  settle(invocations?: boolean): Promise<void> | void
  /** Whether some stream delivers to the bucket. */
  deliversTo(bucket: string): boolean
}

export function createFirehoseService(
  env: MockEnv,
  options: FirehoseServiceOptions,
  ports: { kms: KmsForFirehose; s3: S3ForFirehose; metrics: MetricsPublisher },
): FirehoseService {
  const store = new FirehoseStore()
  const controlPlane = new ControlPlaneRate()
  let recordIdPrefix = toHex(randomBytes(12))
  let recordCounter = 0
  const lifetime: FirehoseEnv = {
    store,
    timing: env.timing,
    nextRecordSeq: () => recordCounter++,
    recordId: (seq) => recordIdPrefix + seq.toString(16).padStart(12, '0'),
    kms: ports.kms,
    s3: ports.s3,
    metrics: ports.metrics,
    maxRecordsPerStream: options.maxRecordsPerStream,
  }
  // Quotas resolve per request: regions come from callers (the SigV4 scope), so nothing is cached per region.
  // (Object.assign, not a spread followed by properties: Node 20 takes microseconds to build that.)
  const context = (scope: RequestScope, extra?: Partial<FirehoseContext>): FirehoseContext =>
    Object.assign({}, scope, lifetime, { quotas: resolveQuotas(options.quotas, scope.region) }, extra)
  const settleDeliveries = (at: number): void => {
    for (const stream of store.all()) settleDelivery(stream, lifetime, at)
  }
  // Streams whose records wait for a Lambda processor or an HTTP endpoint settle asynchronously, one
  // settle at a time (so two reads never invoke or send the same batch); the others at once.
  let invoking: Promise<void> = Promise.resolve()
  const settle = (at: number, cut: DeliveryStream[] = [], invocations = true): Promise<void> | void => {
    for (const stream of store.all()) if (!waitsAsync(stream)) settleDelivery(stream, lifetime, at)
    if (!invocations || !store.all().some(waitsAsync)) return
    const run = invoking.then(async () => {
      await (await loadFirehose()).settle(store.all(), cut, lifetime, options.lambdas ?? {}, at, env.now)
      settleDeliveries(at)
    })
    // A settle that failed fails its caller only; the next one runs.
    invoking = run.catch(() => {})
    return run
  }
  const streamOrThrow = (streamName: string, scopeOptions: ScopeOptions | undefined, what: string) => {
    const { accountId, region, now } = inspectionScope(env, scopeOptions)
    const stream = store.get(accountId, region, streamName, now)
    if (!stream) throw new FirehoseMswError(`Failed to ${what} "${streamName}": no such stream in ${region} of account ${accountId}`)
    return stream
  }

  return {
    protocol: firehoseProtocol,
    errors: firehoseErrors,
    async dispatch(call, scope, fault?: FaultDecision) {
      const operation = operationOf((await loadFirehose()).operations, call.operation)
      const ctx = context(scope)
      controlPlane.admit(ctx.quotas, scope.accountId, scope.region, call.operation, scope.now)
      const sessionToken = call.request.headers.get('x-amz-security-token')
      if (sessionToken) ctx.sessionIssuedAt = options.sessionIssuedAt(sessionToken)
      if (fault?.failRecord) ctx.failRecord = fault.failRecord
      if (fault?.delayMs) ctx.latencyMs = fault.delayMs
      ctx.principal = call.principal
      return operation(call.input as never, ctx)
    },
    seed(scope, seed) {
      seedStream(context(scope, seed.creating ? {} : { timing: instantTiming }), context(scope), seed)
    },
    settle: (invocations) => settle(env.now(), [], invocations),
    // An S3 destination's bucket, or another destination's S3 backup (its error outputs).
    deliversTo: (bucket) =>
      store.all().some((stream) => {
        const backup = (stream.destination.config.S3Configuration as { BucketARN?: string } | undefined)?.BucketARN
        return s3Target(stream)?.bucket === bucket || (backup !== undefined && bucketOf(backup) === bucket)
      }),
    inspect: {
      stream(streamName, scope) {
        const stream = streamOrThrow(streamName, scope, 'inspect')
        settle(env.now(), [], false)
        const { records, dropped } = retained(stream, options.maxRecordsPerStream)
        return streamView(stream, context(inspectionScope(env, scope)), { records: records.length, dropped })
      },
      records(streamName, scope) {
        const { records } = retained(streamOrThrow(streamName, scope, 'read records of'), options.maxRecordsPerStream)
        // Copies: the stored views may share one buffer per request.
        return records.map(({ seq, data, encrypted, receivedAt, keyArn }) => ({
          recordId: lifetime.recordId(seq),
          data: data.slice(),
          encrypted,
          receivedAt,
          ...(keyArn !== undefined ? { keyArn } : {}),
        }))
      },
      async deliveries(streamName, scope) {
        await settle(env.now())
        return ports.s3.deliveredBy(inspectionScope(env, scope), streamName)
      },
      flush(streamName, scope) {
        const at = env.now()
        const streams = streamName === undefined ? store.all() : [streamOrThrow(streamName, scope, 'flush')]
        const deliver = () => {
          for (const stream of streams) flushBuffer(stream, lifetime, at)
        }
        // Without invocations to run, the flush is done when this returns.
        const settling = settle(at, streams)
        if (!settling) return Promise.resolve(deliver())
        return settling.then(deliver)
      },
      async httpDeliveries(streamName, scope) {
        const stream = streamOrThrow(streamName, scope, 'read HTTP deliveries of')
        await settle(env.now())
        return structuredClone(stream.http?.log ?? [])
      },
      invocations(streamName, scope) {
        return [...(streamOrThrow(streamName, scope, 'read invocations of').processing?.invocations ?? [])]
      },
      droppedRecords(streamName, scope) {
        return retained(streamOrThrow(streamName, scope, 'count dropped records of'), options.maxRecordsPerStream).dropped
      },
      streamNames(scope) {
        const { accountId, region, now } = inspectionScope(env, scope)
        return store.list(accountId, region, now).map((stream) => stream.name)
      },
    },
    exportState() {
      settle(env.now(), [], false)
      // Throughput windows cover the last second only: a restored stream starts a new one.
      const bare = (streams: DeliveryStream[]) => streams.map((stream) => Object.assign({}, stream, { throughput: undefined }))
      const { streams, draining } = store.held()
      return { recordIdPrefix, nextRecordSeq: recordCounter, streams: bare(streams), draining: bare(draining) }
    },
    importState(state) {
      // Into a mock without records, the snapshot's ids carry on. Over records, theirs are kept and
      // the snapshot's records are numbered after them (new ids: two sequences cannot share a prefix).
      if (recordCounter === 0 && state.recordIdPrefix) recordIdPrefix = state.recordIdPrefix
      else for (const record of heldRecords([...state.streams, ...state.draining])) record.seq += recordCounter
      recordCounter += state.nextRecordSeq
      store.restore(state)
    },
    reset() {
      store.clear()
      controlPlane.clear()
      recordCounter = 0
    },
  }
}

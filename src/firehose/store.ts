/**
 * Where streams live: one map per (account, region), so streams in one region or account are
 * invisible from another. Reads settle the clock's effects: a deleted stream whose time has
 * passed is removed when it is next looked at — out of sight, but still settled while it has
 * records waiting for its Lambda processor or HTTP endpoint.
 */
import type { Timing } from '../clock'
import type { KmsForFirehose } from '../kms/port'
import type { S3ForFirehose } from '../s3/port'
import type { MetricsPublisher } from '../cloudwatch/port'
import type { RequestScope } from '../service'
import { statusAt } from './delivery-stream'
import { streamNotFound } from './errors'
import type { Quotas } from './quotas'
import type { DeliveryStream } from './types'

/** Whether a stream has records waiting for something asynchronous: its Lambda processor, its HTTP endpoint. */
export const waitsAsync = (stream: DeliveryStream): boolean =>
  [stream.processing, stream.http].some((state) => state && (state.buffer || state.due.length > 0))

/** What lives as long as the mock and every Firehose operation uses. */
export interface FirehoseEnv {
  store: FirehoseStore
  timing: Timing
  /** The next record sequence number. */
  nextRecordSeq: () => number
  /** The opaque RecordId AWS returns, for a sequence number. */
  recordId: (seq: number) => string
  /** The KMS of the same mock, which Firehose asks about customer managed keys. */
  kms: KmsForFirehose
  /** Where S3 and ExtendedS3 destinations deliver. */
  s3: S3ForFirehose
  /** Where Firehose's CloudWatch metrics go (namespace AWS/Firehose). */
  metrics: MetricsPublisher
  /** Keep at most this many records per stream (oldest dropped); Infinity keeps all. */
  maxRecordsPerStream: number
}

/** What every Firehose operation receives besides its input: the request's scope, and the service. */
export interface FirehoseContext extends RequestScope, FirehoseEnv {
  /** The quotas in force for the request's region. */
  quotas: Quotas
  /** When the temporary credentials that signed the request were issued (epoch ms), if known. */
  sessionIssuedAt?: number
  /** Why KMS would refuse the grant Firehose creates on the caller's behalf (checked before Create or Start). */
  grantRefusal?: string
  /** The caller's principal, when the request was signed as one (else the account's root). */
  principal?: string
  /** Set by a fault rule that delays the request: how long it took (PutRecord.Latency). */
  latencyMs?: number
  /** Set by a fault rule: which records of a PutRecordBatch fail, and how. */
  failRecord?: (index: number, data: Uint8Array) => { ErrorCode: string; ErrorMessage: string } | undefined
}

const scopeKey = (accountId: string, region: string): string => `${accountId}/${region}`

export class FirehoseStore {
  private readonly scopes = new Map<string, Map<string, DeliveryStream>>()

  private scope(accountId: string, region: string): Map<string, DeliveryStream> {
    const key = scopeKey(accountId, region)
    let streams = this.scopes.get(key)
    if (!streams) {
      streams = new Map()
      this.scopes.set(key, streams)
    }
    return streams
  }

  /** The stream as it is at `now`, or undefined (never created, or deleted and gone). */
  get(accountId: string, region: string, name: string, now: number): DeliveryStream | undefined {
    const streams = this.scopes.get(scopeKey(accountId, region))
    const stream = streams?.get(name)
    if (stream && statusAt(stream, now) === undefined) {
      this.retire(streams!, stream)
      return undefined
    }
    return stream
  }

  /** The named stream in the request's account and region, or ResourceNotFoundException. */
  getOrThrow(ctx: FirehoseContext, name: string): DeliveryStream {
    const stream = this.get(ctx.accountId, ctx.region, name, ctx.now)
    if (!stream) throw streamNotFound(name, ctx.accountId)
    return stream
  }

  /** Streams of one account and region that still exist at `now`, sorted by name. */
  list(accountId: string, region: string, now: number): DeliveryStream[] {
    const streams = this.scopes.get(scopeKey(accountId, region))
    if (!streams) return []
    const alive: DeliveryStream[] = []
    for (const stream of streams.values()) {
      if (statusAt(stream, now) === undefined) this.retire(streams, stream)
      else alive.push(stream)
    }
    return alive.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  }

  /** Every stream of every account and region, as stored, and the deleted ones still settling. */
  all(): DeliveryStream[] {
    for (const stream of this.draining) if (!waitsAsync(stream)) this.draining.delete(stream)
    return [...this.scopes.values()].flatMap((streams) => [...streams.values()]).concat([...this.draining])
  }

  /** Removes a deleted stream; one with records still waiting keeps settling until they are done. */
  private retire(streams: Map<string, DeliveryStream>, stream: DeliveryStream): void {
    streams.delete(stream.name)
    if (waitsAsync(stream)) this.draining.add(stream)
  }

  private draining = new Set<DeliveryStream>()

  add(stream: DeliveryStream): void {
    this.scope(stream.accountId, stream.region).set(stream.name, stream)
  }

  /** The streams as stored, for a snapshot: those that exist, and the deleted ones still settling. */
  held(): { streams: DeliveryStream[]; draining: DeliveryStream[] } {
    const draining = [...this.draining].filter(waitsAsync)
    return { streams: [...this.scopes.values()].flatMap((streams) => [...streams.values()]), draining }
  }

  /** Takes in the streams of a snapshot (see `held`). */
  restore({ streams, draining }: { streams: DeliveryStream[]; draining: DeliveryStream[] }): void {
    for (const stream of streams) this.add(stream)
    for (const stream of draining) this.draining.add(stream)
  }

  /** Takes a stream out (a seed that failed half way). */
  remove(stream: DeliveryStream): void {
    this.scopes.get(scopeKey(stream.accountId, stream.region))?.delete(stream.name)
  }

  clear(): void {
    this.scopes.clear()
    this.draining.clear()
  }
}

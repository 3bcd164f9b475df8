/**
 * Delivery to S3, as Firehose buffers it: accepted records of an S3/ExtendedS3 stream gather in a
 * buffer that is written as one object when BufferingHints.SizeInMBs is reached or
 * IntervalInSeconds has passed since the buffer's first record (whichever comes first), and when
 * the stream is deleted. Records are concatenated as they are — Firehose adds no delimiter.
 * Interval flushes are lazy like every other transition: they are applied, at the time they were
 * due, when anything next reads the stream or the bucket.
 */
import type { MetricsPublisher } from '../cloudwatch/port'
import type { S3ForFirehose } from '../s3/port'
import type { DeliveryBuffer, DeliveryStream, StoredRecord } from './types'
import { objectKey } from './s3-keys'
import { publishStreamMetric } from './stream-metric'

const MIB = 1024 * 1024
const MINUTE = 60_000

interface S3Target {
  bucket: string
  prefix: string
  sizeBytes: number
  intervalMs: number
  compression: string
  fileExtension?: string
}

/** Where and how a stream delivers, or undefined for destinations the mock does not deliver to. */
export function s3Target(stream: DeliveryStream): S3Target | undefined {
  const { kind, config } = stream.destination
  if (kind !== 'S3' && kind !== 'ExtendedS3') return undefined
  const hints = (config.BufferingHints ?? {}) as { SizeInMBs?: number; IntervalInSeconds?: number }
  return {
    bucket: bucketOf(String(config.BucketARN)),
    prefix: (config.Prefix as string | undefined) ?? '',
    sizeBytes: (hints.SizeInMBs ?? 5) * MIB,
    intervalMs: (hints.IntervalInSeconds ?? 300) * 1000,
    compression: (config.CompressionFormat as string | undefined) ?? 'UNCOMPRESSED',
    ...(config.FileExtension ? { fileExtension: config.FileExtension as string } : {}),
  }
}

/** The bucket name of an S3 bucket ARN. */
export const bucketOf = (bucketArn: string): string => bucketArn.replace(/^arn:[^:]*:s3:::/, '')

/** The records' bytes, one after another. */
export function concat(records: StoredRecord[], bytes: number): Uint8Array {
  const out = new Uint8Array(bytes)
  let at = 0
  for (const r of records) {
    out.set(r.data, at)
    at += r.data.length
  }
  return out
}

/** Where a delivery goes: the S3 object, and the metrics it makes. */
export interface DeliverySinks {
  s3: S3ForFirehose
  metrics: MetricsPublisher
}

/**
 * Writes the stream's buffers as one object each, delivered at `at`: every buffer, or only the
 * partition `only` (a dynamic-partitioning stream has one buffer per evaluated prefix).
 */
export function flushBuffer(stream: DeliveryStream, sinks: DeliverySinks, at: number, only?: string): void {
  const target = s3Target(stream)
  const buffers = stream.delivery
  if (!target || !buffers) return
  for (const partition of only === undefined ? [...buffers.keys()] : [only]) {
    const buffer = buffers.get(partition)
    if (!buffer) continue
    buffers.delete(partition)
    deliver(stream, sinks, target, buffer, at)
  }
}

function deliver(stream: DeliveryStream, sinks: DeliverySinks, target: S3Target, buffer: DeliveryBuffer, at: number): void {
  // The object refers to the records' bytes; they are joined (and compressed) only when read, so a
  // delivered record does not cost its size twice.
  const { records, bytes: size } = buffer
  const encrypted = records.every((r) => r.encrypted)
  const keyArns = new Set(records.map((r) => r.keyArn))
  const keyArn = encrypted && keyArns.size === 1 ? [...keyArns][0] : undefined
  const { compression } = target
  let cached: Promise<Uint8Array> | undefined
  sinks.s3.put({
    bucket: target.bucket,
    key: objectKey({
      // A partition's prefix is the one it was made under, evaluated with its keys.
      prefix: buffer.partition?.prefix ?? target.prefix,
      keys: buffer.partition?.keys,
      streamName: stream.name,
      versionId: stream.versionId,
      // The oldest record's arrival, as Firehose stamps objects (after a Lambda, earlier than the buffer).
      firstArrival: records[0]!.receivedAt,
      compression,
      ...(target.fileExtension ? { fileExtension: target.fileExtension } : {}),
    }),
    compression,
    deliveredAt: at,
    records: records.length,
    encrypted,
    ...(keyArn ? { keyArn } : {}),
    streamName: stream.name,
    streamArn: stream.arn,
    accountId: stream.accountId,
    region: stream.region,
    ...(compression !== 'UNCOMPRESSED' && compression !== 'GZIP'
      ? { note: `${compression} compression is not simulated: the object holds the uncompressed records.` }
      : {}),
    bytes: () =>
      compression === 'GZIP'
        ? (cached ??= import('./gzip').then(({ gzip }) => gzip(concat(records, size))))
        : Promise.resolve(concat(records, size)),
  })
  publishDelivery(sinks.metrics, stream, at, records.length, size, at - records[0]!.receivedAt)
}

/**
 * Applies the interval flushes that have come due by `now`, in time order. Before them, each minute
 * mark that records waited through publishes the age of the oldest record waiting then, as Firehose
 * reports DataFreshness every minute while records wait.
 */
export function settleDelivery(stream: DeliveryStream, sinks: DeliverySinks, now: number): void {
  const target = s3Target(stream)
  const buffers = [...(stream.delivery ?? [])]
  if (!target || buffers.length === 0) return
  const dueAt = (buffer: DeliveryBuffer) => buffer.startedAt + target.intervalMs
  let start = Infinity
  let end = -Infinity
  for (const [, buffer] of buffers) {
    start = Math.min(start, buffer.startedAt)
    end = Math.max(end, dueAt(buffer))
  }
  const until = Math.min(now, end - 1)
  for (let m = Math.max(stream.freshUntil ?? 0, start) + MINUTE; m <= until; m += MINUTE) {
    m -= m % MINUTE
    let oldest = Infinity
    for (const [, buffer] of buffers)
      if (buffer.startedAt < m && m < dueAt(buffer)) oldest = Math.min(oldest, buffer.records[0]!.receivedAt)
    if (oldest < Infinity) publishFreshness(sinks.metrics, stream, m, m - oldest)
    stream.freshUntil = m
  }
  // Buffers are kept in the order they started, so this is the order they come due.
  for (const [partition, buffer] of buffers) if (now >= dueAt(buffer)) flushBuffer(stream, sinks, dueAt(buffer), partition)
}

/**
 * Adds accepted records to a buffer (after any due flush), flushing it when its size is reached:
 * the stream's one buffer, or with dynamic partitioning the buffer of the partition `partition`
 * (its caller has settled the stream already).
 */
export function bufferRecords(
  stream: DeliveryStream,
  sinks: DeliverySinks,
  records: StoredRecord[],
  now: number,
  partition?: { key: string } & NonNullable<DeliveryBuffer['partition']>,
): void {
  const target = s3Target(stream)
  if (!target || records.length === 0) return
  if (!partition) settleDelivery(stream, sinks, now)
  const buffers = (stream.delivery ??= new Map())
  const key = partition?.key ?? ''
  for (const record of records) {
    let buffer = buffers.get(key)
    if (!buffer) buffers.set(key, (buffer = { records: [], bytes: 0, startedAt: now, partition }))
    buffer.records.push(record)
    buffer.bytes += record.data.length
    if (buffer.bytes >= target.sizeBytes) flushBuffer(stream, sinks, now, key)
  }
  // Zero buffering (IntervalInSeconds 0) delivers each call at once; so does a stream being deleted.
  if (target.intervalMs === 0 || stream.deleting) flushBuffer(stream, sinks, now, key)
}

/**
 * A delivery to S3 at `at`: its records, their bytes (before compression), one successful S3 put,
 * and how old its oldest record was (DataFreshness, seconds).
 */
function publishDelivery(
  metrics: MetricsPublisher,
  stream: DeliveryStream,
  at: number,
  records: number,
  bytes: number,
  oldestAgeMs: number,
): void {
  publishStreamMetric(metrics, stream, at, 'DeliveryToS3.Records', 'Count', records)
  publishStreamMetric(metrics, stream, at, 'DeliveryToS3.Bytes', 'Bytes', bytes)
  publishStreamMetric(metrics, stream, at, 'DeliveryToS3.Success', 'Count', 1)
  publishFreshness(metrics, stream, at, oldestAgeMs)
}

/** DeliveryToS3.DataFreshness at `at`: how long the oldest record not yet delivered had waited (seconds). */
const publishFreshness = (metrics: MetricsPublisher, stream: DeliveryStream, at: number, ageMs: number): void =>
  publishStreamMetric(metrics, stream, at, 'DeliveryToS3.DataFreshness', 'Seconds', ageMs / 1000)

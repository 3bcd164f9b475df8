/**
 * What PutRecord and PutRecordBatch share: which streams take records, the key a put is encrypted
 * with, throughput quotas, how a record is stored. Loaded with the put operations.
 */
import { statusAt, type DeliveryStream, type StoredRecord } from './delivery-stream'
import { effectiveConfig, grantFor } from './encryption-state'
import { FIREHOSE_PRINCIPAL, keyFailure, USE_ACTIONS } from './encryption'
import { invalidArgument, invalidKmsResource, serviceUnavailable, streamNotFound } from './errors'
import { SlidingWindow } from './quotas'
import { deaggregate, deliverRecords } from './partitioning'
import { lambdaProcessor, stageRecords } from './processing'
import { publishKmsError, publishThrottled } from './metrics'
import type { FirehoseContext } from './store'

/** The stream to put into, or the error AWS gives: only ACTIVE (or still DELETING) DirectPut streams accept records. */
export function getPutTargetOrThrow(ctx: FirehoseContext, name: string): DeliveryStream {
  const stream = ctx.store.getOrThrow(ctx, name)
  if (stream.type !== 'DirectPut') {
    throw invalidArgument(`This operation is not permitted on ${stream.type} delivery stream type.`)
  }
  const status = statusAt(stream, ctx.now)
  if (status === 'CREATING' || status === 'CREATING_FAILED') throw streamNotFound(name, ctx.accountId)
  return stream
}

const MIB = 1024 * 1024

/**
 * Applies the stream's per-second quotas to one put request of `sizes` record sizes. A request over
 * the request rate fails whole (ServiceUnavailableException, "Slow down."); records over the record
 * or byte rate are refused one by one, as Firehose does in a PutRecordBatch answer. Returns how many
 * leading records fit; the caller records what it accepted with `commitThroughput`.
 */
export function admitRecords(stream: DeliveryStream, ctx: FirehoseContext, sizes: number[]): number {
  const { putRequestsPerSecond, putRecordsPerSecond, putMiBPerSecond } = ctx.quotas
  if (!Number.isFinite(putRequestsPerSecond) && !Number.isFinite(putRecordsPerSecond) && !Number.isFinite(putMiBPerSecond)) {
    return sizes.length
  }
  stream.throughput ??= new SlidingWindow()
  const [requests, records, bytes] = stream.throughput.totals(ctx.now, 3) as [number, number, number]
  if (requests + 1 > putRequestsPerSecond) {
    publishThrottled(ctx, stream, sizes.length)
    throw serviceUnavailable()
  }
  let fit = 0
  let used = bytes
  while (fit < sizes.length && records + fit + 1 <= putRecordsPerSecond && used + sizes[fit]! <= putMiBPerSecond * MIB) {
    used += sizes[fit]!
    fit++
  }
  return fit
}

/** Counts an accepted request against the stream's per-second quotas. */
export function commitThroughput(stream: DeliveryStream, ctx: FirehoseContext, records: StoredRecord[]): void {
  if (!stream.throughput) return
  let bytes = 0
  for (const r of records) bytes += r.data.length
  stream.throughput.add(ctx.now, [1, records.length, bytes])
}

/** Appends accepted records and passes them on (to a Lambda processor's buffer, else the destination's), then drops the oldest beyond the retention cap (in chunks, so puts stay O(1)). */
export function storeRecords(stream: DeliveryStream, ctx: FirehoseContext, records: StoredRecord[]): void {
  for (const record of records) stream.records.push(record)
  const processed = deaggregate(stream, records, ctx.nextRecordSeq)
  const processor = lambdaProcessor(stream)
  if (processor) stageRecords(stream, processor, processed, ctx.now)
  else deliverRecords(stream, ctx, processed, ctx.now)
  const cap = ctx.maxRecordsPerStream
  if (stream.records.length > cap + Math.max(64, cap >> 3)) {
    const excess = stream.records.length - cap
    stream.records.splice(0, excess)
    stream.dropped = (stream.dropped ?? 0) + excess
  }
}

/** Builds the stored form of an accepted record (the caller appends it). */
export function acceptRecord(
  data: Uint8Array,
  ctx: FirehoseContext,
  { encrypted, keyArn }: { encrypted: boolean; keyArn?: string },
): StoredRecord {
  const record: StoredRecord = { seq: ctx.nextRecordSeq(), data, encrypted, receivedAt: ctx.now }
  if (keyArn !== undefined) record.keyArn = keyArn
  return record
}

/**
 * Whether a put at `now` is encrypted, and with which customer managed key. A customer managed
 * key that is no longer usable (disabled, deleted, grant revoked) fails the put with
 * InvalidKMSResourceException, as Firehose does.
 */
export function putEncryption(stream: DeliveryStream, ctx: FirehoseContext): { encrypted: boolean; keyArn?: string } {
  const state = stream.encryption
  const effective = effectiveConfig(state, ctx.now, ctx.timing.encryptionPropagation)
  if (!effective) return { encrypted: false }
  if (!effective.keyArn) return { encrypted: true }
  const checked = ctx.kms.checkKey(ctx, effective.keyArn, { principal: FIREHOSE_PRINCIPAL, actions: USE_ACTIONS })
  if (checked.refusal) {
    publishKmsError(ctx, stream, checked.refusal)
    throw invalidKmsResource(
      `Firehose could not use the KMS key ${effective.keyArn}: ${keyFailure(checked.refusal, checked.keyArn).Details}`,
    )
  }
  const grant = grantFor(state, effective)
  if (grant && !ctx.kms.grantExists(grant, ctx.now)) {
    publishKmsError(ctx, stream, 'grant-gone')
    throw invalidKmsResource(
      'The grant for the CMK to this delivery stream might have been revoked or caller might not have sufficient permissions for the CMK.',
    )
  }
  return { encrypted: true, keyArn: checked.keyArn }
}

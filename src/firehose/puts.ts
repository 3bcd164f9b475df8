/** What PutRecord and PutRecordBatch share: which streams take records, and how a record is stored. */
import { statusAt, type DeliveryStream, type StoredRecord } from './delivery-stream'
import { putEncryption } from './encryption'
import { invalidArgument, streamNotFound } from './errors'
import type { FirehoseContext } from './store'

/** The stream to put into, or the error AWS gives: only ACTIVE (or still DELETING) DirectPut streams accept records. */
export function getPutTargetOrThrow(ctx: FirehoseContext, name: string): DeliveryStream {
  const stream = ctx.store.getOrThrow(ctx, name)
  if (stream.type !== 'DirectPut') {
    throw invalidArgument(`This operation is not permitted on ${stream.type} delivery stream type.`)
  }
  if (statusAt(stream, ctx.now) === 'CREATING') throw streamNotFound(name, ctx.accountId)
  return stream
}

/** Builds the stored form of an accepted record (the caller appends it). */
export function acceptRecord(stream: DeliveryStream, data: Uint8Array, ctx: FirehoseContext): StoredRecord {
  const { encrypted, keyArn } = putEncryption(stream, ctx.now)
  const record: StoredRecord = { recordId: ctx.newRecordId(), data, encrypted, receivedAt: ctx.now }
  if (keyArn !== undefined) record.keyArn = keyArn
  return record
}

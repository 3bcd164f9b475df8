/** What PutRecord and PutRecordBatch share: which streams take records, and how a record is stored. */
import { statusAt, type DeliveryStream, type StoredRecord } from './delivery-stream'
import { invalidArgument, streamNotFound } from './errors'
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

/** Builds the stored form of an accepted record (the caller appends it). */
export function acceptRecord(
  data: Uint8Array,
  ctx: FirehoseContext,
  { encrypted, keyArn }: { encrypted: boolean; keyArn?: string },
): StoredRecord {
  const record: StoredRecord = { recordId: ctx.newRecordId(), data, encrypted, receivedAt: ctx.now }
  if (keyArn !== undefined) record.keyArn = keyArn
  return record
}

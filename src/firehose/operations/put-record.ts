import type { WireObject } from '../delivery-stream'
import { putEncryption } from '../encryption'
import { serviceUnavailable } from '../errors'
import { acceptRecord, admitRecords, commitThroughput, getPutTargetOrThrow, storeRecords } from '../puts'
import type { FirehoseContext } from '../store'

export interface PutRecordInput {
  DeliveryStreamName: string
  Record: { Data: Uint8Array }
}

export function putRecord(input: PutRecordInput, ctx: FirehoseContext): WireObject {
  const stream = getPutTargetOrThrow(ctx, input.DeliveryStreamName)
  const encryption = putEncryption(stream, ctx)
  if (admitRecords(stream, ctx, [input.Record.Data.length]) < 1) throw serviceUnavailable()
  const record = acceptRecord(input.Record.Data, ctx, encryption)
  storeRecords(stream, ctx, [record])
  commitThroughput(stream, ctx, [record])
  return { RecordId: ctx.recordId(record.seq), Encrypted: record.encrypted }
}

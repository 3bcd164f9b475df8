import type { WireObject } from '../delivery-stream'
import { putEncryption } from '../encryption'
import { acceptRecord, getPutTargetOrThrow } from '../puts'
import type { FirehoseContext } from '../store'

export interface PutRecordInput {
  DeliveryStreamName: string
  Record: { Data: Uint8Array }
}

export function putRecord(input: PutRecordInput, ctx: FirehoseContext): WireObject {
  const stream = getPutTargetOrThrow(ctx, input.DeliveryStreamName)
  const record = acceptRecord(input.Record.Data, ctx, putEncryption(stream, ctx))
  stream.records.push(record)
  return { RecordId: record.recordId, Encrypted: record.encrypted }
}

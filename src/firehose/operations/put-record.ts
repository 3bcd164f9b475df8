import { serviceUnavailable } from '../errors'
import { publishPut, publishThrottled } from '../metrics'
import { acceptRecord, admitRecords, commitThroughput, getPutTargetOrThrow, putEncryption, storeRecords } from '../puts'
import type { FirehoseContext } from '../store'
import type { PutRecordInput, PutRecordOutput } from '../wire.gen'

export function putRecord(input: PutRecordInput, ctx: FirehoseContext): PutRecordOutput {
  const stream = getPutTargetOrThrow(ctx, input.DeliveryStreamName)
  const encryption = putEncryption(stream, ctx)
  if (admitRecords(stream, ctx, [input.Record.Data.length]) < 1) {
    publishThrottled(ctx, stream, 1)
    throw serviceUnavailable()
  }
  const record = acceptRecord(input.Record.Data, ctx, encryption)
  storeRecords(stream, ctx, [record])
  commitThroughput(stream, ctx, [record])
  publishPut(ctx, stream, 'PutRecord', [record], 0)
  return { RecordId: ctx.recordId(record.seq), Encrypted: record.encrypted }
}

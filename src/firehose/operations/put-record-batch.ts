import type { StoredRecord, WireObject } from '../delivery-stream'
import { invalidArgument } from '../errors'
import { putEncryption } from '../encryption'
import { acceptRecord, getPutTargetOrThrow } from '../puts'
import type { FirehoseContext } from '../store'

export interface PutRecordBatchInput {
  DeliveryStreamName: string
  Records: { Data: Uint8Array }[]
}

/** PutRecordBatch: at most 500 records (model) and 4 MiB of data per call (service limit). */
export const MAX_BATCH_BYTES = 4 * 1024 * 1024

export function putRecordBatch(input: PutRecordBatchInput, ctx: FirehoseContext): WireObject {
  const stream = getPutTargetOrThrow(ctx, input.DeliveryStreamName)
  let bytes = 0
  for (const r of input.Records) bytes += r.Data.length
  if (bytes > MAX_BATCH_BYTES) {
    throw invalidArgument(`Records size exceeds 4 MB limit: the batch holds ${bytes} bytes of data.`)
  }
  const encryption = putEncryption(stream, ctx)
  const accepted: StoredRecord[] = input.Records.map((r) => acceptRecord(r.Data, ctx, encryption))
  for (const record of accepted) stream.records.push(record)
  return {
    FailedPutCount: 0,
    Encrypted: encryption.encrypted,
    RequestResponses: accepted.map((r) => ({ RecordId: r.recordId })),
  }
}

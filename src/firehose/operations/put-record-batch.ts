import type { StoredRecord } from '../delivery-stream'
import { invalidArgument } from '../errors'
import { publishPut } from '../metrics'
import { acceptRecord, admitRecords, commitThroughput, getPutTargetOrThrow, putEncryption, storeRecords } from '../puts'
import type { FirehoseContext } from '../store'
import type { PutRecordBatchInput, PutRecordBatchOutput } from '../wire.gen'

/** PutRecordBatch: at most 500 records (model) and 4 MiB of data per call (service limit). */
export const MAX_BATCH_BYTES = 4 * 1024 * 1024

const SLOW_DOWN = { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'Slow down.' }

/**
 * Stores the records that are accepted, in order; the others come back as failed entries
 * (ErrorCode + ErrorMessage, no RecordId). The call itself succeeds, as in AWS.
 */
export function putRecordBatch(input: PutRecordBatchInput, ctx: FirehoseContext): PutRecordBatchOutput {
  const stream = getPutTargetOrThrow(ctx, input.DeliveryStreamName)
  let bytes = 0
  for (const r of input.Records) bytes += r.Data.length
  if (bytes > MAX_BATCH_BYTES) {
    throw invalidArgument(`Records size exceeds 4 MB limit: the batch holds ${bytes} bytes of data.`)
  }
  const encryption = putEncryption(stream, ctx)
  const injected = input.Records.map((r, i) => ctx.failRecord?.(i, r.Data))
  const candidates = input.Records.filter((_, i) => !injected[i])
  const fit = admitRecords(
    stream,
    ctx,
    candidates.map((r) => r.Data.length),
  )
  const accepted: StoredRecord[] = []
  let seen = 0
  const responses = input.Records.map((r, i) => {
    const failure = injected[i]
    if (failure) return failure
    if (seen++ >= fit) return SLOW_DOWN
    const record = acceptRecord(r.Data, ctx, encryption)
    accepted.push(record)
    return { RecordId: ctx.recordId(record.seq) }
  })
  storeRecords(stream, ctx, accepted)
  commitThroughput(stream, ctx, accepted)
  publishPut(ctx, stream, 'PutRecordBatch', accepted, Math.max(0, candidates.length - fit))
  return {
    FailedPutCount: input.Records.length - accepted.length,
    Encrypted: encryption.encrypted,
    RequestResponses: responses,
  }
}

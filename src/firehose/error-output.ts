/**
 * Firehose's error output in S3: one object per invocation for the records a Lambda processor did
 * not return Ok (error output type `processing-failed`), one per put or invocation for records
 * dynamic partitioning could not place (`metadata-extraction-failed`, `activePartitionExceeded`).
 * and one per request for an HTTP endpoint's records whose retries ran out (`http-endpoint-failed`,
 * in the S3 backup). The object goes under the ErrorOutputPrefix (its `!{firehose:error-output-type}`
 * evaluated) or, without one, `<Prefix><type>/yyyy/MM/dd/HH/`. Each line of the object is one failed record as
 * Firehose documents it, the data that failed in `rawData`.
 */
import { encodeBase64 } from '../protocol/base64'
import { bucketOf, concat, type DeliverySinks } from './delivery'
import { evaluatePrefix, formatTimestamp, objectKey, objectName } from './s3-keys'
import type { DeliveryStream, StoredRecord, WireObject } from './types'

export interface FailedRecord {
  record: StoredRecord
  errorCode: string
  errorMessage: string
}

/** How the records failed: the error output type, and the attempts (a Lambda's, an endpoint's, or the one of partitioning). */
export interface Failure {
  type: 'processing-failed' | 'metadata-extraction-failed' | 'activePartitionExceeded' | 'http-endpoint-failed'
  attempts: number
  /** epoch ms: when the records failed, and when the attempts ended */
  at: number
  endedAt: number
  lambdaArn?: string
  /** For an HTTP endpoint's records: their ids (an error record's `dataId`). */
  recordId?: (seq: number) => string
}

/**
 * Where a stream's own objects go: an S3 destination's bucket and prefixes, or for another kind
 * of destination (an HTTP endpoint) its S3 backup configuration's.
 */
function backupOf(stream: DeliveryStream): { bucket: string; Prefix?: string; ErrorOutputPrefix?: string } | undefined {
  const { kind, config } = stream.destination
  const s3 = (kind === 'S3' || kind === 'ExtendedS3' ? config : config.S3Configuration) as WireObject | undefined
  if (typeof s3?.BucketARN !== 'string') return undefined
  return { ...(s3 as { Prefix?: string; ErrorOutputPrefix?: string }), bucket: bucketOf(s3.BucketARN) }
}

/** Where a stream's failed records go, for a batch whose first record arrived at `firstArrival`. */
function errorPrefix(config: { Prefix?: string; ErrorOutputPrefix?: string }, type: string, firstArrival: number): string {
  if (config.ErrorOutputPrefix) {
    // As AWS's examples show, a given error prefix gets no time appended unless it asks for one.
    return evaluatePrefix(config.ErrorOutputPrefix, firstArrival, type, false)
  }
  return `${config.Prefix ?? ''}${type}/${formatTimestamp('yyyy/MM/dd/HH/', firstArrival)}`
}

/** The fields of an S3 object a stream writes. */
const objectOf = (stream: DeliveryStream, bucket: string, key: string, records: StoredRecord[], at: number, bytes: Uint8Array) => ({
  bucket,
  key,
  compression: 'UNCOMPRESSED',
  deliveredAt: at,
  records: records.length,
  encrypted: records.every((r) => r.encrypted),
  streamName: stream.name,
  streamArn: stream.arn,
  accountId: stream.accountId,
  region: stream.region,
  bytes: () => Promise.resolve(bytes),
})

/** Writes failed records as one S3 object. */
export function writeErrorOutput(stream: DeliveryStream, sinks: DeliverySinks, failed: FailedRecord[], failure: Failure): void {
  const { attempts, at, endedAt, lambdaArn, recordId } = failure
  const backup = backupOf(stream)
  if (!backup || failed.length === 0) return
  let firstArrival = Infinity
  for (const f of failed) firstArrival = Math.min(firstArrival, f.record.receivedAt)
  const lines = failed.map(({ record, errorCode, errorMessage }) =>
    JSON.stringify({
      attemptsMade: attempts,
      arrivalTimestamp: record.receivedAt,
      errorCode,
      errorMessage,
      attemptEndingTimestamp: endedAt,
      rawData: encodeBase64(record.data),
      ...(lambdaArn ? { lambdaArn } : {}),
      ...(recordId ? { subsequenceNumber: 0, dataId: recordId(record.seq) } : {}),
    }),
  )
  const key = `${errorPrefix(backup, failure.type, firstArrival)}${objectName(stream.name, stream.versionId, firstArrival)}`
  sinks.s3.put(
    objectOf(
      stream,
      backup.bucket,
      key,
      failed.map((f) => f.record),
      at,
      new TextEncoder().encode(`${lines.join('\n')}\n`),
    ),
  )
}

/** S3BackupMode AllData: the records as they were sent, as one object under the backup's Prefix. */
export function writeBackup(stream: DeliveryStream, sinks: DeliverySinks, records: StoredRecord[], at: number): void {
  const backup = backupOf(stream)
  if (!backup || records.length === 0) return
  const firstArrival = records[0]!.receivedAt
  const key = objectKey({
    prefix: backup.Prefix ?? '',
    streamName: stream.name,
    versionId: stream.versionId,
    firstArrival,
    compression: 'UNCOMPRESSED',
  })
  const bytes = concat(
    records,
    records.reduce((sum, r) => sum + r.data.length, 0),
  )
  sinks.s3.put(objectOf(stream, backup.bucket, key, records, at, bytes))
}

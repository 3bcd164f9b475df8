/**
 * Firehose's error output in S3: one object per invocation for the records a Lambda processor did
 * not return Ok (error output type `processing-failed`), one per put or invocation for records
 * dynamic partitioning could not place (`metadata-extraction-failed`, `activePartitionExceeded`).
 * The object goes under the ErrorOutputPrefix (its `!{firehose:error-output-type}` evaluated) or,
 * without one, `<Prefix><type>/yyyy/MM/dd/HH/`. Each line of the object is one failed record as
 * Firehose documents it, the data that failed in `rawData`.
 */
import { encodeBase64 } from '../protocol/base64'
import { s3Target, type DeliverySinks } from './delivery'
import { evaluatePrefix, formatTimestamp, objectName } from './s3-keys'
import type { DeliveryStream, StoredRecord } from './types'

export interface FailedRecord {
  record: StoredRecord
  errorCode: string
  errorMessage: string
}

/** How the records failed: the error output type, and the attempts (a Lambda's, or the one of partitioning). */
export interface Failure {
  type: 'processing-failed' | 'metadata-extraction-failed' | 'activePartitionExceeded'
  attempts: number
  /** epoch ms: when the records failed, and when the attempts ended */
  at: number
  endedAt: number
  lambdaArn?: string
}

/** Where a stream's failed records go, for a batch whose first record arrived at `firstArrival`. */
function errorPrefix(stream: DeliveryStream, type: string, firstArrival: number): string {
  const config = stream.destination.config as { ErrorOutputPrefix?: string; Prefix?: string }
  if (config.ErrorOutputPrefix) {
    // As AWS's examples show, a given error prefix gets no time appended unless it asks for one.
    return evaluatePrefix(config.ErrorOutputPrefix, firstArrival, type, false)
  }
  return `${config.Prefix ?? ''}${type}/${formatTimestamp('yyyy/MM/dd/HH/', firstArrival)}`
}

/** Writes failed records as one S3 object. */
export function writeErrorOutput(stream: DeliveryStream, sinks: DeliverySinks, failed: FailedRecord[], failure: Failure): void {
  const { attempts, at, endedAt, lambdaArn } = failure
  const target = s3Target(stream)
  if (!target || failed.length === 0) return
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
    }),
  )
  const bytes = new TextEncoder().encode(`${lines.join('\n')}\n`)
  sinks.s3.put({
    bucket: target.bucket,
    key: `${errorPrefix(stream, failure.type, firstArrival)}${objectName(stream.name, stream.versionId, firstArrival)}`,
    compression: 'UNCOMPRESSED',
    deliveredAt: at,
    records: failed.length,
    encrypted: failed.every((f) => f.record.encrypted),
    streamName: stream.name,
    streamArn: stream.arn,
    accountId: stream.accountId,
    region: stream.region,
    bytes: () => Promise.resolve(bytes),
  })
}

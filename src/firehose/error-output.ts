/**
 * Firehose's error output in S3 for records a Lambda processor did not return Ok: one object per
 * invocation, under the ErrorOutputPrefix (its `!{firehose:error-output-type}` evaluated to
 * `processing-failed`) or, without one, `<Prefix>processing-failed/yyyy/MM/dd/HH/`. Each line of
 * the object is one failed record as Firehose documents it, the original data in `rawData`.
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

const ERROR_TYPE = 'processing-failed'

/** Where a stream's failed records go, for a batch whose first record arrived at `firstArrival`. */
function errorPrefix(stream: DeliveryStream, firstArrival: number): string {
  const config = stream.destination.config as { ErrorOutputPrefix?: string; Prefix?: string }
  if (config.ErrorOutputPrefix) {
    // As AWS's examples show, a given error prefix gets no time appended unless it asks for one.
    return evaluatePrefix(config.ErrorOutputPrefix, firstArrival, ERROR_TYPE, false)
  }
  return `${config.Prefix ?? ''}${ERROR_TYPE}/${formatTimestamp('yyyy/MM/dd/HH/', firstArrival)}`
}

/** Writes the failed records of one invocation made at `at`, its `attempts` ended at `endedAt`, as one S3 object. */
export function writeErrorOutput(
  stream: DeliveryStream,
  sinks: DeliverySinks,
  failed: FailedRecord[],
  lambdaArn: string,
  attempts: number,
  at: number,
  endedAt: number,
): void {
  const target = s3Target(stream)
  if (!target || failed.length === 0) return
  const firstArrival = Math.min(...failed.map((f) => f.record.receivedAt))
  const lines = failed.map(({ record, errorCode, errorMessage }) =>
    JSON.stringify({
      attemptsMade: attempts,
      arrivalTimestamp: record.receivedAt,
      errorCode,
      errorMessage,
      attemptEndingTimestamp: endedAt,
      rawData: encodeBase64(record.data),
      lambdaArn,
    }),
  )
  const bytes = new TextEncoder().encode(`${lines.join('\n')}\n`)
  sinks.s3.put({
    bucket: target.bucket,
    key: `${errorPrefix(stream, firstArrival)}${objectName(stream.name, stream.versionId, firstArrival)}`,
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

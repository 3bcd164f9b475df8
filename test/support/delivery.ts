/**
 * Shared steps for the delivery tests: S3/ExtendedS3 streams with buffering hints, puts through the
 * real Firehose client, a real S3 client for the read side, and the object keys Firehose writes.
 */
import {
  PutRecordBatchCommand,
  PutRecordCommand,
  UpdateDestinationCommand,
  type FirehoseClient,
  type UpdateDestinationCommandInput,
} from '@aws-sdk/client-firehose'
import { S3Client } from '@aws-sdk/client-s3'
import { BUCKET_ARN, DESTINATION_ID, ROLE_ARN } from './aws'
import { bytes } from './bytes'
import { oneAttempt } from './clients'
import { createStream, deleteStream, describeStream } from './firehose'

/** The random part of a Firehose object name (the mock writes a UUID there). */
export const RANDOM = '[A-Za-z0-9-]+'

export interface StreamOptions {
  sizeInMBs?: number
  intervalInSeconds?: number
  prefix?: string
  errorOutputPrefix?: string
  compression?: string
  bucketArn?: string
  fileExtension?: string
  /** Extra top-level members of the CreateDeliveryStream input. */
  extra?: Record<string, unknown>
}

/** A DirectPut → ExtendedS3 CreateDeliveryStream input with the given buffering and key options. */
export function bufferedStream(name: string, options: StreamOptions = {}): Record<string, unknown> {
  const hints =
    options.sizeInMBs !== undefined || options.intervalInSeconds !== undefined
      ? {
          BufferingHints: {
            ...(options.sizeInMBs !== undefined ? { SizeInMBs: options.sizeInMBs } : {}),
            ...(options.intervalInSeconds !== undefined ? { IntervalInSeconds: options.intervalInSeconds } : {}),
          },
        }
      : {}
  return {
    DeliveryStreamName: name,
    ExtendedS3DestinationConfiguration: {
      RoleARN: ROLE_ARN,
      BucketARN: options.bucketArn ?? BUCKET_ARN,
      ...hints,
      ...(options.prefix !== undefined ? { Prefix: options.prefix } : {}),
      ...(options.errorOutputPrefix !== undefined ? { ErrorOutputPrefix: options.errorOutputPrefix } : {}),
      ...(options.compression !== undefined ? { CompressionFormat: options.compression } : {}),
      ...(options.fileExtension !== undefined ? { FileExtension: options.fileExtension } : {}),
    },
    ...options.extra,
  }
}

/** A real S3 client that makes exactly one attempt per call. */
export function s3Client(extra: Record<string, unknown> = {}): S3Client {
  return new S3Client(oneAttempt('us-east-1', extra))
}

/** The Firehose steps every delivery test needs, bound to a client. */
export function deliveryKit(firehose: FirehoseClient) {
  const create = (input: Record<string, unknown>, client: FirehoseClient = firehose) => createStream(client, input)

  const put = (name: string, data: Uint8Array | string, client: FirehoseClient = firehose) =>
    client.send(new PutRecordCommand({ DeliveryStreamName: name, Record: { Data: typeof data === 'string' ? bytes(data) : data } }))

  const putBatch = async (name: string, records: (Uint8Array | string)[], client: FirehoseClient = firehose) => {
    const out = await client.send(
      new PutRecordBatchCommand({
        DeliveryStreamName: name,
        Records: records.map((r) => ({ Data: typeof r === 'string' ? bytes(r) : r })),
      }),
    )
    if (out.FailedPutCount !== 0) throw new Error(`PutRecordBatch failed ${out.FailedPutCount} records`)
    return out
  }

  const del = (name: string) => deleteStream(firehose, name)

  const describe = (name: string) => describeStream(firehose, name)

  const update = (name: string, version: string, input: Record<string, unknown>) =>
    firehose.send(
      new UpdateDestinationCommand({
        DeliveryStreamName: name,
        CurrentDeliveryStreamVersionId: version,
        DestinationId: DESTINATION_ID,
        ...input,
      } as UpdateDestinationCommandInput),
    )

  return { create, put, putBatch, del, describe, update }
}

/**
 * A record of `size` bytes that carries its own sequence number (first 4 bytes, big-endian) and is
 * filled with a pattern derived from it, so a lost, duplicated or reordered record shows.
 */
export function numbered(seq: number, size: number): Uint8Array {
  const out = new Uint8Array(Math.max(4, size))
  new DataView(out.buffer).setUint32(0, seq)
  for (let i = 4; i < out.length; i++) out[i] = (seq * 31 + i) % 251
  return out
}

/** ISO-8601 key stamp pieces at a given instant, e.g. `2026/11/25/12/` and `2026-11-25-12-00-00`. */
export function utcFolder(at: number): string {
  const d = new Date(at).toISOString()
  return `${d.slice(0, 4)}/${d.slice(5, 7)}/${d.slice(8, 10)}/${d.slice(11, 13)}/`
}
export function utcStamp(at: number): string {
  const d = new Date(at).toISOString()
  return `${d.slice(0, 10)}-${d.slice(11, 13)}-${d.slice(14, 16)}-${d.slice(17, 19)}`
}

export const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The default Firehose key for a stream's object whose first record arrived at `firstArrival`. */
export function defaultKeyPattern(stream: string, version: number, firstArrival: number, prefix = '', extension = ''): RegExp {
  return new RegExp(
    `^${escapeRegExp(prefix + utcFolder(firstArrival))}${escapeRegExp(stream)}-${version}-${utcStamp(firstArrival)}-${RANDOM}${escapeRegExp(extension)}$`,
  )
}

/**
 * The domain record of a Firehose stream and the pure functions that derive its state from the
 * clock. Nothing here mutates on a timer: `statusAt(stream, now)` says what AWS would show.
 */
import type { DestinationKind } from './destinations'
import type { EncryptionState, FailureDescription } from './encryption'
import type { SlidingWindow } from './quotas'
import type { DeliveryBuffer } from './delivery'

export type DeliveryStreamType = 'DirectPut' | 'KinesisStreamAsSource' | 'MSKAsSource' | 'DatabaseAsSource'
export type DeliveryStreamStatus = 'CREATING' | 'CREATING_FAILED' | 'DELETING' | 'DELETING_FAILED' | 'ACTIVE'

/** A record as the mock stored it. */
export interface StoredRecord {
  /** The mock-wide sequence number the RecordId is made from (see FirehoseContext.recordId). */
  seq: number
  /** A view of the bytes (it may share its ArrayBuffer with the other records of the request). */
  data: Uint8Array
  /** Whether the put answered `Encrypted: true`. */
  encrypted: boolean
  /** epoch ms */
  receivedAt: number
  /** The KMS key ARN that encrypted the record, when `encrypted` and a customer managed key was in use. */
  keyArn?: string
}

export type WireObject = Record<string, unknown>

export interface DeliveryStream {
  name: string
  arn: string
  accountId: string
  region: string
  type: DeliveryStreamType
  /** epoch ms of CreateDeliveryStream */
  createdAt: number
  /** epoch ms at which CREATING becomes ACTIVE */
  activeAt: number
  /** epoch ms of DeleteDeliveryStream, and when the stream disappears */
  deleting?: { since: number; goneAt: number }
  /** epoch ms of the last UpdateDestination/Tag change visible in Describe */
  lastUpdatedAt?: number
  versionId: number
  /** The source configuration as given (wire member names), with its kind. */
  source?: { kind: 'DirectPut' | 'KinesisStream' | 'MSK' | 'Database'; config: WireObject }
  destination: { kind: DestinationKind; config: WireObject }
  tags: Map<string, string>
  /** Accepted records in arrival order (with a retention cap, up to a little slack beyond it). */
  records: StoredRecord[]
  /** Records dropped from the front by the retention cap. */
  dropped?: number
  encryption: EncryptionState
  /** Records accepted but not yet delivered to S3. */
  delivery?: DeliveryBuffer
  /** Put requests, records and bytes of the last second, for the throughput quotas. */
  throughput?: SlidingWindow
  /** Why creation fails: the stream becomes CREATING_FAILED instead of ACTIVE. */
  createFailure?: FailureDescription
}

/** The status AWS would report at `now`, or `undefined` once a deleted stream is gone. */
export function statusAt(stream: DeliveryStream, now: number): DeliveryStreamStatus | undefined {
  if (stream.deleting) return now >= stream.deleting.goneAt ? undefined : 'DELETING'
  if (now < stream.activeAt) return 'CREATING'
  return stream.createFailure ? 'CREATING_FAILED' : 'ACTIVE'
}

export function streamArn(partition: string, region: string, accountId: string, name: string): string {
  return `arn:${partition}:firehose:${region}:${accountId}:deliverystream/${name}`
}

/** Firehose's only destination id: one destination per stream. */
export const DESTINATION_ID = 'destinationId-000000000001'

/**
 * The data of the Firehose simulation: a stream and what it holds. Only types (and the list of
 * destination kinds they are keyed by); the functions over them live in the modules that own each
 * part, which all import from here, so the record and its satellites never import each other.
 */
import type { ServiceGrantRef } from '../kms/port'
import type { SlidingWindow } from './quotas'

export const DESTINATION_KINDS = [
  'S3',
  'ExtendedS3',
  'Redshift',
  'Elasticsearch',
  'Amazonopensearchservice',
  'Splunk',
  'HttpEndpoint',
  'AmazonOpenSearchServerless',
  'Snowflake',
  'Iceberg',
] as const
export type DestinationKind = (typeof DESTINATION_KINDS)[number]

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
  /** Records accepted but not yet delivered to S3, by partition (one buffer, keyed '', without dynamic partitioning). */
  delivery?: Map<string, DeliveryBuffer>
  /** The last minute mark up to which the age of the waiting records was published (DataFreshness). */
  freshUntil?: number
  /** With a Lambda processor: records waiting for their invocation, and the invocations made. */
  processing?: ProcessingState
  /** An HTTP endpoint destination's buffer, the requests waiting to be sent or retried, and the requests made. */
  http?: HttpState
  /** Put requests, records and bytes of the last second, for the throughput quotas. */
  throughput?: SlidingWindow
  /** Why creation fails: the stream becomes CREATING_FAILED instead of ACTIVE. */
  createFailure?: FailureDescription
}

export type KeyType = 'AWS_OWNED_CMK' | 'CUSTOMER_MANAGED_CMK'
export interface EncryptionConfig {
  keyType: KeyType
  keyArn?: string
}
export interface FailureDescription {
  Type: string
  Details: string
}

export interface EncryptionState {
  /** Completed changes in time order; each applies to puts from `at + propagation`. `null` is off. */
  history: Array<{ at: number; config: EncryptionConfig | null }>
  pending?:
    | { kind: 'enable'; config: EncryptionConfig; completesAt: number; failure?: FailureDescription; grant?: ServiceGrantRef }
    | { kind: 'disable'; completesAt: number }
  /** The last change that failed (ENABLING_FAILED), until the next Start or Stop. */
  failed?: { config: EncryptionConfig; failure: FailureDescription }
  /** The grant Firehose holds on the key in use. */
  grant?: ServiceGrantRef
  /** Times of accepted Start/Stop calls, for the rolling 24-hour limit. */
  calls: number[]
}

export interface DeliveryBuffer {
  records: StoredRecord[]
  bytes: number
  /** arrival of the buffer's first record (epoch ms) */
  startedAt: number
  /** With dynamic partitioning: the Prefix the partition was made under, and its keys (by `Query:key`, `Lambda:key`). */
  partition?: { prefix: string; keys: Record<string, string> } | undefined
}

/** A stream's Lambda processor, from its ProcessingConfiguration, with the documented defaults filled in. */
export interface LambdaProcessor {
  lambdaArn: string
  retries: number
  sizeBytes: number
  intervalMs: number
}

export interface ProcessingState {
  /** Records gathering for the next invocation (the processor's own buffering hints). */
  buffer?: DeliveryBuffer
  /**
   * Buffers whose time came, each with the time it came and the processor it was staged for, oldest
   * first: invoked when Firehose next settles (under that processor, even if the stream changed since).
   */
  due: Array<{ at: number; records: StoredRecord[]; processor: LambdaProcessor }>
  /** What `aws.firehose.invocations()` shows, oldest first. */
  invocations: LambdaInvocation[]
}

/** One invocation of a stream's Lambda processor, as `aws.firehose.invocations()` returns it. */
export interface LambdaInvocation {
  invocationId: string
  lambdaArn: string
  /** epoch ms: when the buffer was due (the invocation's time on the mock's clock) */
  invokedAt: number
  /** The event the function received (on its last attempt). */
  event: {
    invocationId: string
    deliveryStreamArn: string
    region: string
    records: Array<{ recordId: string; approximateArrivalTimestamp: number; data: string }>
  }
  /** Attempts made: 1, plus the retries of a failed invocation. */
  attempts: number
  /** What the function returned on its last attempt, if it returned. */
  response?: unknown
  /** Why the invocation failed as a whole, after its retries: its records went to the error output. */
  error?: { errorCode: string; errorMessage: string }
  /** How many records came back Ok, Dropped and ProcessingFailed (all failed when `error` is set). */
  ok: number
  dropped: number
  failed: number
}

/** An HTTP endpoint destination's delivery state: like a processor's, a buffer and what is due. */
export interface HttpState {
  buffer?: DeliveryBuffer
  /** Requests to send (or send again) when their `nextAt` comes, oldest first. */
  due: HttpRequestState[]
  /** What `aws.firehose.httpDeliveries()` shows, in the order the requests were made. */
  log: HttpDelivery[]
}

export interface HttpRequestState {
  records: StoredRecord[]
  /** epoch ms: when the next attempt is made */
  nextAt: number
  /** epoch ms: when the first attempt failed (the retry duration counts from there) */
  failedSince?: number
  /** ms spent waiting for answers since then (not counted in the retry duration) */
  waited?: number
  entry: HttpDelivery
  /** The endpoint and settings the request was made for (used if the stream no longer has an endpoint). */
  target: HttpTarget
}

/** An HTTP endpoint and how the stream delivers to it, with the documented defaults filled in. */
export interface HttpTarget {
  url: string
  headers: Record<string, string>
  gzip: boolean
  sizeBytes: number
  intervalMs: number
  retryMs: number
  backupAll: boolean
}

/** One request to a stream's HTTP endpoint and its attempts, as `aws.firehose.httpDeliveries()` returns it. */
export interface HttpDelivery {
  requestId: string
  url: string
  /** The request as sent: its headers and its JSON body (before any GZIP). */
  request: { headers: Record<string, string>; body: { requestId: string; timestamp: number; records: Array<{ data: string }> } }
  records: number
  /** Each attempt: when it was made (epoch ms), the response's status if one came, and why it failed. */
  attempts: Array<{ at: number; status?: number; errorCode?: string; errorMessage?: string }>
  /**
   * `pending` while attempts remain; `delivered` (a valid 200); `failed` (retries exhausted: the
   * records went to the S3 backup's error output); `rejected` (413: Firehose drops the batch).
   */
  outcome: 'pending' | 'delivered' | 'failed' | 'rejected'
}

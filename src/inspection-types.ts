/** The public types of the inspection calls (`aws.firehose`, `aws.kms`, `aws.cognito`, `aws.cloudwatch`): what they return. */
import type { HttpDelivery, LambdaInvocation } from './firehose/types'

/** A stored record, as `aws.firehose.records()` returns it. */
export interface FirehoseRecord {
  recordId: string
  data: Uint8Array
  encrypted: boolean
  /** epoch ms at which the mock accepted the record */
  receivedAt: number
  /** the customer managed key that encrypted the record, if any */
  keyArn?: string
}

export interface ScopeOptions {
  /** default 'us-east-1' */
  region?: string
  /** default: the mock's accountId */
  accountId?: string
}

/** An object Firehose delivered to S3, as `aws.firehose.deliveries()` returns it. */
export interface DeliveredObject {
  bucketArn: string
  key: string
  /** the object's bytes (GZIP-compressed when the stream compresses with GZIP) */
  data: Uint8Array
  /** how many records it holds */
  records: number
  /** epoch ms */
  deliveredAt: number
  compression: string
  encrypted: boolean
  keyArn?: string
  /** set when the configured compression is not simulated */
  note?: string
}

/** A KMS key, as `aws.kms.keys()` returns it. */
export interface KmsKeyInfo {
  keyId: string
  arn: string
  state: 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport' | 'PendingReplicaDeletion'
  keyManager: 'CUSTOMER' | 'AWS'
  keySpec: string
  keyUsage: string
  description: string
  /** epoch ms, while PendingDeletion */
  deletionDate?: number
  aliases: string[]
  policy: string
  tags: Record<string, string>
}

/** A KMS grant, as `aws.kms.grants()` returns it. */
export interface KmsGrantInfo {
  grantId: string
  keyArn: string
  name?: string
  granteePrincipal: string
  retiringPrincipal?: string
  operations: string[]
  constraints?: Record<string, unknown>
  /** epoch ms */
  createdAt: number
  /** epoch ms at which a scheduled retirement happens */
  retireAt?: number
}

/** A delivery stream, as `aws.firehose.stream()` returns it: what DescribeDeliveryStream would answer now, in inspection terms. */
export interface StreamView {
  name: string
  arn: string
  status: 'CREATING' | 'CREATING_FAILED' | 'DELETING' | 'DELETING_FAILED' | 'ACTIVE'
  type: 'DirectPut' | 'KinesisStreamAsSource' | 'MSKAsSource' | 'DatabaseAsSource'
  /** Why the stream failed (creation, or encryption as the stream-level FailureDescription shows it). */
  failure?: { type: string; details: string }
  encryption: {
    status: 'ENABLING' | 'ENABLED' | 'ENABLING_FAILED' | 'DISABLING' | 'DISABLED'
    keyType?: 'AWS_OWNED_CMK' | 'CUSTOMER_MANAGED_CMK'
    keyArn?: string
    failure?: { type: string; details: string }
  }
  /** The destination as configured (CreateDeliveryStream's member names, with updates applied). */
  destinations: Array<{ destinationId: string; kind: string; configuration: Record<string, unknown> }>
  /** The source as configured (Kinesis, MSK, database sources). */
  source?: { kind: string; configuration: Record<string, unknown> }
  tags: Record<string, string>
  versionId: string
  /** epoch ms */
  createdAt: number
  lastUpdatedAt?: number
  /** Records the stream holds now, and those the retention cap dropped. */
  records: number
  droppedRecords: number
}

/** `aws.firehose`: inspection of Firehose state for assertions. */
export interface FirehoseInspection {
  /**
   * A stream as the simulation sees it now (status, encryption, destinations, tags…), without the
   * SDK. Throws if the stream does not exist.
   */
  stream(streamName: string, options?: ScopeOptions): StreamView
  /** Records stored in a stream, in arrival order. Throws if the stream does not exist. */
  records(streamName: string, options?: ScopeOptions): FirehoseRecord[]
  /** Objects the stream delivered to S3, oldest first (after applying any flush that is due). */
  deliveries(streamName: string, options?: ScopeOptions): Promise<DeliveredObject[]>
  /**
   * Delivers buffered records now: of one stream, or of every stream. Records waiting for a Lambda
   * processor are invoked first; await the promise for them (without one, delivery is immediate).
   */
  flush(streamName?: string, options?: ScopeOptions): Promise<void>
  /** The invocations of a stream's Lambda processor so far, oldest first (run when Firehose last settled). */
  invocations(streamName: string, options?: ScopeOptions): LambdaInvocation[]
  /** The requests to a stream's HTTP endpoint so far, with their attempts (after sending what is due). */
  httpDeliveries(streamName: string, options?: ScopeOptions): Promise<HttpDelivery[]>
  /** How many records the retention cap has dropped from a stream. */
  droppedRecords(streamName: string, options?: ScopeOptions): number
  /** Names of the streams that exist now, sorted. */
  streamNames(options?: ScopeOptions): string[]
}

/** `aws.kms`: inspection of KMS state for assertions. */
export interface KmsInspection {
  /** Keys that exist now in a region (default us-east-1) and account, in creation order. */
  keys(options?: ScopeOptions): KmsKeyInfo[]
  /** Grants that exist now, of one key (id or ARN) or of all keys in the scope. */
  grants(keyId?: string, options?: ScopeOptions): KmsGrantInfo[]
}

/** An identity pool, as `aws.cognito.pools()` returns it. */
export interface IdentityPoolInfo {
  /** `<region>:<uuid>` */
  identityPoolId: string
  name: string
  allowUnauthenticatedIdentities: boolean
  /** The login providers the pool trusts: public providers, user pools, OpenID Connect and SAML provider ARNs. */
  loginProviders: string[]
  /** `authenticated` / `unauthenticated` → role ARN */
  roles: Record<string, string>
  tags: Record<string, string>
  /** epoch ms */
  createdAt: number
}

/** An identity of a pool, as `aws.cognito.identities()` returns it. */
export interface CognitoIdentityInfo {
  /** `<region>:<uuid>` */
  identityId: string
  identityPoolId: string
  /** The providers of the logins linked to it; empty for a guest identity. */
  logins: string[]
  /** epoch ms */
  createdAt: number
  lastModifiedAt: number
  /** The temporary credentials issued to it in the last 24 hours, oldest first (epoch ms). */
  credentials: Array<{ accessKeyId: string; roleArn: string; issuedAt: number; expiresAt: number }>
}

/** `aws.cognito`: inspection of Cognito Identity state for assertions. */
export interface CognitoInspection {
  /** Identity pools that exist now in a region (default us-east-1) and account, in creation order. */
  pools(options?: ScopeOptions): IdentityPoolInfo[]
  /** The identities of a pool, in creation order. Throws if the pool does not exist in the account. */
  identities(identityPoolId: string, options?: Pick<ScopeOptions, 'accountId'>): CognitoIdentityInfo[]
}

/** One minute of a metric, as `aws.cloudwatch.datapoints()` returns it: its start (epoch ms), unit (`Count`, `Bytes`, …) and statistics. */
export interface MetricMinute {
  timestamp: number
  unit: string
  sum: number
  sampleCount: number
  minimum: number
  maximum: number
}

/** Which metric `aws.cloudwatch.datapoints()` reads, and where; the namespace defaults to 'AWS/Firehose'. */
export interface MetricSelector extends ScopeOptions {
  namespace?: string
  /** The metric's dimensions, all of them (default none); `stream` is short for `{ DeliveryStreamName: stream }`. */
  dimensions?: Record<string, string>
  stream?: string
}

/** `aws.cloudwatch`: the metrics the simulation published, for assertions without the SDK. */
export interface CloudWatchInspection {
  /** The one-minute data of a metric now, oldest first: what every statistic CloudWatch answers is computed from. */
  datapoints(metricName: string, options?: MetricSelector): MetricMinute[]
}

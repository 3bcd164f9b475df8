/**
 * How a stored destination configuration reads back in DescribeDeliveryStream: defaults filled
 * in, secrets left out, member names of the Description shapes from the API model. Loaded with
 * the Describe operation.
 */
import { notDescribedMembers, s3DescriptionMembers } from './model.gen'
import { isPlainObject, mergeConfig, setOwn } from './destinations'
import type { DestinationKind, WireObject } from './types'

const LOGGING_OFF = { CloudWatchLoggingOptions: { Enabled: false } }
const BUFFER_5_MIB_300_S = { BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 300 } }
const retry = (seconds: number) => ({ RetryOptions: { DurationInSeconds: seconds } })

const S3_DEFAULTS: WireObject = {
  ...BUFFER_5_MIB_300_S,
  CompressionFormat: 'UNCOMPRESSED',
  EncryptionConfiguration: { NoEncryptionConfig: 'NoEncryption' },
  ...LOGGING_OFF,
}
const OPENSEARCH_DEFAULTS: WireObject = {
  ...BUFFER_5_MIB_300_S,
  ...retry(300),
  S3BackupMode: 'FailedDocumentsOnly',
  IndexRotationPeriod: 'OneDay',
  ...LOGGING_OFF,
}

/** Defaults AWS fills in for each destination kind (documented defaults of the configuration shapes). */
const KIND_DEFAULTS: Partial<Record<DestinationKind, WireObject>> = {
  S3: S3_DEFAULTS,
  ExtendedS3: { ...S3_DEFAULTS, Prefix: '', S3BackupMode: 'Disabled' },
  Redshift: { ...retry(3600), S3BackupMode: 'Disabled', ...LOGGING_OFF },
  Elasticsearch: OPENSEARCH_DEFAULTS,
  Amazonopensearchservice: OPENSEARCH_DEFAULTS,
  Splunk: { HECAcknowledgmentTimeoutInSeconds: 180, ...retry(3600), S3BackupMode: 'FailedEventsOnly', ...LOGGING_OFF },
  HttpEndpoint: { ...BUFFER_5_MIB_300_S, ...retry(300), S3BackupMode: 'FailedDataOnly', ...LOGGING_OFF },
}

const withDefaults = (defaults: WireObject | undefined, config: WireObject): WireObject =>
  defaults ? mergeConfig(defaults, config) : config

function s3Description(config: WireObject): WireObject {
  return pick(withDefaults(S3_DEFAULTS, config), s3DescriptionMembers)
}

function pick(config: WireObject, members: string[]): WireObject {
  const out: WireObject = {}
  for (const member of members) if (Object.prototype.hasOwnProperty.call(config, member)) setOwn(out, member, config[member])
  return out
}

function omit(config: WireObject, members: string[]): WireObject {
  const out: WireObject = {}
  for (const [member, value] of Object.entries(config)) if (!members.includes(member)) setOwn(out, member, value)
  return out
}

/**
 * The `Destinations[0]` members for a stored configuration. S3-backed streams read back with both
 * `S3DestinationDescription` and `ExtendedS3DestinationDescription`, as real Firehose answers.
 */
export function describeDestination(kind: DestinationKind, config: WireObject): WireObject {
  const full = withDefaults(KIND_DEFAULTS[kind], config)
  const described: WireObject = { ...full }
  if (isPlainObject(full.S3Configuration)) described.S3DestinationDescription = s3Description(full.S3Configuration)
  if (isPlainObject(full.S3BackupConfiguration)) described.S3BackupDescription = s3Description(full.S3BackupConfiguration)
  if (isPlainObject(full.VpcConfiguration)) {
    described.VpcConfigurationDescription = { ...full.VpcConfiguration, VpcId: 'vpc-0123456789abcdef0' }
  }
  if (isPlainObject(full.EndpointConfiguration)) {
    // The access key is a secret: Describe returns only the endpoint's URL and name.
    described.EndpointConfiguration = pick(full.EndpointConfiguration, ['Url', 'Name'])
  }
  const result: WireObject = { [`${kind}DestinationDescription`]: omit(described, notDescribedMembers) }
  if (kind === 'ExtendedS3') result.S3DestinationDescription = s3Description(config)
  if (kind === 'S3') result.ExtendedS3DestinationDescription = omit(withDefaults(KIND_DEFAULTS.ExtendedS3, config), notDescribedMembers)
  return result
}

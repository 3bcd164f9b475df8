import { streamArn, type DeliveryStream, type WireObject } from '../delivery-stream'
import { onlyDestinationIn } from '../destinations'
import { encryptionForCreate, newEncryptionState } from '../encryption'
import { checkPartitioning } from '../partitioning-config'
import { hasExpressions } from '../s3-keys'
import { invalidArgument, limitExceeded, resourceInUse } from '../errors'
import type { FirehoseContext } from '../store'
import { tagsFromList } from '../tags'
import type { CreateDeliveryStreamInput, CreateDeliveryStreamOutput } from '../wire.gen'

export type { CreateDeliveryStreamInput }

const SOURCE_FOR_TYPE = {
  DirectPut: ['DirectPut', 'DirectPutSourceConfiguration'],
  KinesisStreamAsSource: ['KinesisStream', 'KinesisStreamSourceConfiguration'],
  MSKAsSource: ['MSK', 'MSKSourceConfiguration'],
  DatabaseAsSource: ['Database', 'DatabaseSourceConfiguration'],
} as const

/** Firehose's rules for custom prefixes: expressions in Prefix need an ErrorOutputPrefix; dynamic partitioning's. */
export function checkS3Prefixes(config: WireObject | undefined): void {
  if (config) checkPartitioning(config)
  const prefix = config?.Prefix
  if (typeof prefix === 'string' && hasExpressions(prefix) && !config?.ErrorOutputPrefix) {
    throw invalidArgument('ErrorOutputPrefix cannot be null or empty when Prefix contains expressions.')
  }
}

/** Checks a create request and builds the stream it describes (nothing is stored here). */
export function buildDeliveryStream(input: CreateDeliveryStreamInput, ctx: FirehoseContext): DeliveryStream {
  const type = input.DeliveryStreamType ?? 'DirectPut'
  const [sourceKind, sourceMember] = SOURCE_FOR_TYPE[type]
  for (const [otherType, [, member]] of Object.entries(SOURCE_FOR_TYPE)) {
    if (member !== sourceMember && input[member] !== undefined) {
      throw invalidArgument(`${member} can only be specified when DeliveryStreamType is ${otherType}.`)
    }
  }
  if (type !== 'DirectPut' && input[sourceMember] === undefined) {
    throw invalidArgument(`${sourceMember} is required when DeliveryStreamType is ${type}.`)
  }
  const kind = onlyDestinationIn(input, 'DestinationConfiguration')
  if (input.DeliveryStreamEncryptionConfigurationInput !== undefined && type !== 'DirectPut') {
    throw invalidArgument(`Server-side encryption can only be configured for DirectPut Firehose streams; this stream's type is ${type}.`)
  }
  checkS3Prefixes(input[`${kind}DestinationConfiguration`])
  const activeAt = ctx.now + ctx.timing.streamCreating
  const source = input[sourceMember]
  const stream: DeliveryStream = {
    name: input.DeliveryStreamName,
    arn: streamArn(ctx.partition, ctx.region, ctx.accountId, input.DeliveryStreamName),
    accountId: ctx.accountId,
    region: ctx.region,
    type,
    createdAt: ctx.now,
    activeAt,
    versionId: 1,
    ...(source ? { source: { kind: sourceKind, config: source } } : {}),
    destination: { kind, config: input[`${kind}DestinationConfiguration`] as WireObject },
    tags: tagsFromList(input.Tags ?? []),
    records: [],
    encryption: newEncryptionState(),
  }
  const sse = input.DeliveryStreamEncryptionConfigurationInput
  if (sse) {
    stream.encryption = encryptionForCreate(stream, sse, ctx)
    const pending = stream.encryption.pending
    if (pending?.kind === 'enable' && pending.failure) stream.createFailure = pending.failure
  }
  return stream
}

export function createDeliveryStream(input: CreateDeliveryStreamInput, ctx: FirehoseContext): CreateDeliveryStreamOutput {
  if (ctx.store.get(ctx.accountId, ctx.region, input.DeliveryStreamName, ctx.now)) {
    throw resourceInUse(`Firehose ${input.DeliveryStreamName} under accountId ${ctx.accountId} already exists`)
  }
  const existing = ctx.store.list(ctx.accountId, ctx.region, ctx.now)
  if (existing.length >= ctx.quotas.deliveryStreamsPerRegion) {
    throw limitExceeded(
      `You have already consumed your firehose quota of ${ctx.quotas.deliveryStreamsPerRegion} hoses. Firehose names: [${existing.map((s) => s.name).join(', ')}]`,
    )
  }
  const stream = buildDeliveryStream(input, ctx)
  ctx.store.add(stream)
  return { DeliveryStreamARN: stream.arn }
}

/** Stream record → the `DeliveryStreamDescription` wire shape. */
import { DESTINATION_ID, statusAt } from './delivery-stream'
import { describeDestination } from './describe-destination'
import { describeEncryption, encryptionFailure } from './encryption'
import type { FirehoseContext } from './store'
import type { DeliveryStream, WireObject } from './types'
import type { DeliveryStreamDescription } from './wire.gen'

const seconds = (ms: number): number => ms / 1000

function describeSource(stream: DeliveryStream): WireObject | undefined {
  const source = stream.source
  if (!source) return undefined
  const started = { DeliveryStartTimestamp: seconds(Math.max(stream.activeAt, stream.createdAt)) }
  switch (source.kind) {
    case 'DirectPut':
      return { DirectPutSourceDescription: source.config }
    case 'KinesisStream':
      return { KinesisStreamSourceDescription: { ...source.config, ...started } }
    case 'MSK':
      return { MSKSourceDescription: { ...source.config, ...started } }
    case 'Database':
      return { DatabaseSourceDescription: source.config }
  }
}

export function describeStream(
  stream: DeliveryStream,
  ctx: FirehoseContext,
  page: { limit?: number; exclusiveStartDestinationId?: string } = {},
): DeliveryStreamDescription {
  const destinations =
    page.exclusiveStartDestinationId === DESTINATION_ID || page.limit === 0
      ? []
      : [{ DestinationId: DESTINATION_ID, ...describeDestination(stream.destination.kind, stream.destination.config) }]
  const description: WireObject = {
    DeliveryStreamName: stream.name,
    DeliveryStreamARN: stream.arn,
    DeliveryStreamStatus: statusAt(stream, ctx.now),

    DeliveryStreamType: stream.type,
    VersionId: String(stream.versionId),
    CreateTimestamp: seconds(stream.createdAt),
    Destinations: destinations,
    HasMoreDestinations: false,
  }
  // AWS's descriptions of Kinesis-source streams have no encryption member: SSE is for DirectPut streams, and a
  // Kinesis-source stream's data rests in the Kinesis stream.
  if (stream.type !== 'KinesisStreamAsSource') description.DeliveryStreamEncryptionConfiguration = describeEncryption(stream, ctx)
  if (stream.lastUpdatedAt !== undefined) description.LastUpdateTimestamp = seconds(stream.lastUpdatedAt)
  const failure = stream.createFailure ?? encryptionFailure(stream, ctx)
  if (failure && statusAt(stream, ctx.now) !== 'CREATING') description.FailureDescription = failure
  const source = describeSource(stream)
  if (source) description.Source = source
  // Built from the stored configurations (inputs the model validated, kept as WireObjects) under their
  // Description member names, so the type is asserted here rather than checked member by member.
  return description as DeliveryStreamDescription
}

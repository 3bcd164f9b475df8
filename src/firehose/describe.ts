/** Stream record → the `DeliveryStreamDescription` wire shape. */
import { DESTINATION_ID, statusAt, type DeliveryStream, type WireObject } from './delivery-stream'
import { describeDestination } from './destinations'
import { describeEncryption } from './encryption'

const seconds = (ms: number): number => ms / 1000

function describeSource(stream: DeliveryStream): WireObject | undefined {
  const source = stream.source
  if (!source) return undefined
  const started = { DeliveryStartTimestamp: seconds(stream.activeAt) }
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
  now: number,
  page: { limit?: number; exclusiveStartDestinationId?: string } = {},
): WireObject {
  const destinations =
    page.exclusiveStartDestinationId === DESTINATION_ID || page.limit === 0
      ? []
      : [{ DestinationId: DESTINATION_ID, ...describeDestination(stream.destination.kind, stream.destination.config) }]
  const description: WireObject = {
    DeliveryStreamName: stream.name,
    DeliveryStreamARN: stream.arn,
    DeliveryStreamStatus: statusAt(stream, now),
    DeliveryStreamEncryptionConfiguration: describeEncryption(stream, now),
    DeliveryStreamType: stream.type,
    VersionId: String(stream.versionId),
    CreateTimestamp: seconds(stream.createdAt),
    Destinations: destinations,
    HasMoreDestinations: false,
  }
  if (stream.lastUpdatedAt !== undefined) description.LastUpdateTimestamp = seconds(stream.lastUpdatedAt)
  const source = describeSource(stream)
  if (source) description.Source = source
  return description
}

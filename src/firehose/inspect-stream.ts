/** `aws.firehose.stream()`: a stream as the simulation sees it now, without the SDK. */
import type { StreamView } from '../types'
import { DESTINATION_ID, statusAt } from './delivery-stream'
import { describeEncryption, encryptionFailure } from './encryption'
import type { FirehoseContext } from './store'
import type { DeliveryStream } from './types'

export function streamView(stream: DeliveryStream, ctx: FirehoseContext, held: { records: number; dropped: number }): StreamView {
  const status = statusAt(stream, ctx.now)!
  const encryption = describeEncryption(stream, ctx) as {
    Status: StreamView['encryption']['status']
    KeyType?: 'AWS_OWNED_CMK' | 'CUSTOMER_MANAGED_CMK'
    KeyARN?: string
    FailureDescription?: { Type: string; Details: string }
  }
  const failure = stream.createFailure ?? encryptionFailure(stream, ctx)
  const keyFailure = encryption.FailureDescription
  const view: StreamView = {
    name: stream.name,
    arn: stream.arn,
    status,
    type: stream.type,
    encryption: Object.assign(
      { status: encryption.Status },
      encryption.KeyType && { keyType: encryption.KeyType },
      encryption.KeyARN && { keyArn: encryption.KeyARN },
      keyFailure && { failure: { type: keyFailure.Type, details: keyFailure.Details } },
    ),
    destinations: [
      { destinationId: DESTINATION_ID, kind: stream.destination.kind, configuration: structuredClone(stream.destination.config) },
    ],
    tags: Object.fromEntries(stream.tags),
    versionId: String(stream.versionId),
    createdAt: stream.createdAt,
    records: held.records,
    droppedRecords: held.dropped,
  }
  if (stream.source) view.source = { kind: stream.source.kind, configuration: structuredClone(stream.source.config) }
  if (stream.lastUpdatedAt !== undefined) view.lastUpdatedAt = stream.lastUpdatedAt
  if (failure && status !== 'CREATING') view.failure = { type: failure.Type, details: failure.Details }
  return view
}

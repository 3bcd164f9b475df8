/**
 * The pure functions that derive a stream's state from the clock. Nothing here mutates on a
 * timer: `statusAt(stream, now)` says what AWS would show.
 */
import type { DeliveryStream, DeliveryStreamStatus } from './types'

export type { DeliveryStream, DeliveryStreamStatus, DeliveryStreamType, StoredRecord, WireObject } from './types'

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

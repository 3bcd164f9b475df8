/**
 * The pure functions that derive a stream's state from the clock, and what retention keeps of its
 * records. Nothing here mutates on a timer: `statusAt(stream, now)` says what AWS would show.
 */
import type { DeliveryStream, DeliveryStreamStatus, StoredRecord } from './types'

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

/** The records retention keeps, and how many it has dropped. */
export function retained(stream: DeliveryStream, cap: number): { records: StoredRecord[]; dropped: number } {
  const over = Math.max(0, stream.records.length - cap)
  return { records: over > 0 ? stream.records.slice(over) : stream.records, dropped: (stream.dropped ?? 0) + over }
}

/** Every stored record the streams hold — accepted, buffered, waiting for a processor or an endpoint — once each. */
export function heldRecords(streams: DeliveryStream[]): Set<StoredRecord> {
  const held = new Set<StoredRecord>()
  const add = (records: StoredRecord[] | undefined) => records?.forEach((record) => held.add(record))
  for (const stream of streams) {
    add(stream.records)
    for (const buffer of stream.delivery?.values() ?? []) add(buffer.records)
    for (const state of [stream.processing, stream.http]) {
      add(state?.buffer?.records)
      for (const due of state?.due ?? []) add(due.records)
    }
  }
  return held
}

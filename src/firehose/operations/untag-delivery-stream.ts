import { statusAt, type WireObject } from '../delivery-stream'
import { resourceInUse } from '../errors'
import type { FirehoseContext } from '../store'

export interface UntagDeliveryStreamInput {
  DeliveryStreamName: string
  TagKeys: string[]
}

/** Removes the given keys; keys the stream does not have are ignored. */
export function untagDeliveryStream(input: UntagDeliveryStreamInput, ctx: FirehoseContext): WireObject {
  const stream = ctx.store.getOrThrow(ctx, input.DeliveryStreamName)
  if (statusAt(stream, ctx.now) === 'DELETING') {
    throw resourceInUse(`Firehose ${stream.name} under account ${ctx.accountId} is being deleted.`)
  }
  for (const key of input.TagKeys) stream.tags.delete(key)
  return {}
}

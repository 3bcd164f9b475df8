import type { WireObject } from '../delivery-stream'
import type { FirehoseContext } from '../store'
import { getTaggableStreamOrThrow } from '../tags'

export interface UntagDeliveryStreamInput {
  DeliveryStreamName: string
  TagKeys: string[]
}

/** Removes the given keys; keys the stream does not have are ignored. */
export function untagDeliveryStream(input: UntagDeliveryStreamInput, ctx: FirehoseContext): WireObject {
  const stream = getTaggableStreamOrThrow(ctx, input.DeliveryStreamName)
  for (const key of input.TagKeys) stream.tags.delete(key)
  return {}
}

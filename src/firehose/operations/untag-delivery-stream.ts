import type { FirehoseContext } from '../store'
import { getTaggableStreamOrThrow } from '../tags'
import type { UntagDeliveryStreamInput, UntagDeliveryStreamOutput } from '../wire.gen'

/** Removes the given keys; keys the stream does not have are ignored. */
export function untagDeliveryStream(input: UntagDeliveryStreamInput, ctx: FirehoseContext): UntagDeliveryStreamOutput {
  const stream = getTaggableStreamOrThrow(ctx, input.DeliveryStreamName)
  for (const key of input.TagKeys) stream.tags.delete(key)
  return {}
}

import type { WireObject } from '../delivery-stream'
import type { FirehoseContext } from '../store'
import { getTaggableStreamOrThrow, MAX_TAGS, tooManyTags, type WireTag } from '../tags'

export interface TagDeliveryStreamInput {
  DeliveryStreamName: string
  Tags: WireTag[]
}

export function tagDeliveryStream(input: TagDeliveryStreamInput, ctx: FirehoseContext): WireObject {
  const stream = getTaggableStreamOrThrow(ctx, input.DeliveryStreamName)
  const next = new Map(stream.tags)
  for (const tag of input.Tags) next.set(tag.Key, tag.Value ?? '')
  if (next.size > MAX_TAGS) throw tooManyTags()
  stream.tags = next
  return {}
}

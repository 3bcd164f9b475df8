import type { FirehoseContext } from '../store'
import { getTaggableStreamOrThrow, MAX_TAGS, tooManyTags } from '../tags'
import type { TagDeliveryStreamInput, TagDeliveryStreamOutput } from '../wire.gen'

export function tagDeliveryStream(input: TagDeliveryStreamInput, ctx: FirehoseContext): TagDeliveryStreamOutput {
  const stream = getTaggableStreamOrThrow(ctx, input.DeliveryStreamName)
  const next = new Map(stream.tags)
  for (const tag of input.Tags) next.set(tag.Key, tag.Value ?? '')
  if (next.size > MAX_TAGS) throw tooManyTags()
  stream.tags = next
  return {}
}

import type { FirehoseContext } from '../store'
import { tagsToList } from '../tags'
import type { ListTagsForDeliveryStreamInput, ListTagsForDeliveryStreamOutput } from '../wire.gen'

const DEFAULT_LIMIT = 50

/** Tags in the order they were added; paging starts after `ExclusiveStartTagKey`. */
export function listTagsForDeliveryStream(input: ListTagsForDeliveryStreamInput, ctx: FirehoseContext): ListTagsForDeliveryStreamOutput {
  const stream = ctx.store.getOrThrow(ctx, input.DeliveryStreamName)
  let tags = tagsToList(stream.tags)
  if (input.ExclusiveStartTagKey !== undefined) {
    const at = tags.findIndex((t) => t.Key === input.ExclusiveStartTagKey)
    tags = at < 0 ? tags : tags.slice(at + 1)
  }
  const limit = input.Limit ?? DEFAULT_LIMIT
  return { Tags: tags.slice(0, limit), HasMoreTags: tags.length > limit }
}

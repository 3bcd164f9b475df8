/** Key tags: TagResource, UntagResource, ListResourceTags. */
import { checkTags } from '../build-key'
import { assertNotPending } from '../key-state'
import { paginate } from '../paging'
import { resolveKey, type KmsContext } from '../store'
import type { ListResourceTagsRequest, ListResourceTagsResponse, TagResourceRequest, Unit, UntagResourceRequest } from '../wire.gen'

export function tagResource(input: TagResourceRequest, ctx: KmsContext): Unit {
  const { key } = resolveKey(ctx, input.KeyId, { aliases: false })
  assertNotPending(key)
  key.tags = checkTags(key.tags, input.Tags)
  return {}
}

export function untagResource(input: UntagResourceRequest, ctx: KmsContext): Unit {
  const { key } = resolveKey(ctx, input.KeyId, { aliases: false })
  assertNotPending(key)
  for (const tagKey of input.TagKeys) key.tags.delete(tagKey)
  return {}
}

export function listResourceTags(input: ListResourceTagsRequest, ctx: KmsContext): ListResourceTagsResponse {
  const { key } = resolveKey(ctx, input.KeyId, { aliases: false })
  const tags = Array.from(key.tags, ([TagKey, TagValue]) => ({ TagKey, TagValue }))
  const { page, ...rest } = paginate(tags, input, 50, 50)
  return { Tags: page, ...rest }
}

/** Key tags: TagResource, UntagResource, ListResourceTags. */
import { tagError } from '../errors'
import { assertNotPending } from '../key-state'
import { paginate } from '../paging'
import { resolveKey, type KmsContext } from '../store'

export interface KmsTag {
  TagKey: string
  TagValue: string
}

/** Tags per key (KMS quota). */
export const MAX_KEY_TAGS = 50

/** The tags after adding `tags`, or TagException. Values of existing keys are replaced. */
export function checkTags(current: Map<string, string>, tags: KmsTag[]): Map<string, string> {
  const next = new Map(current)
  for (const tag of tags) {
    if (tag.TagKey.startsWith('aws:')) throw tagError('Tags beginning with aws: are reserved')
    next.set(tag.TagKey, tag.TagValue)
  }
  if (next.size > MAX_KEY_TAGS) throw tagError(`Too many tags: a key can have at most ${MAX_KEY_TAGS} tags`)
  return next
}

export function tagResource(input: { KeyId: string; Tags: KmsTag[] }, ctx: KmsContext): Record<string, unknown> {
  const { key } = resolveKey(ctx, input.KeyId, { aliases: false })
  assertNotPending(key)
  if (key.keyManager === 'AWS') throw tagError('AWS managed keys cannot be tagged')
  key.tags = checkTags(key.tags, input.Tags)
  return {}
}

export function untagResource(input: { KeyId: string; TagKeys: string[] }, ctx: KmsContext): Record<string, unknown> {
  const { key } = resolveKey(ctx, input.KeyId, { aliases: false })
  assertNotPending(key)
  for (const tagKey of input.TagKeys) key.tags.delete(tagKey)
  return {}
}

export function listResourceTags(input: { KeyId: string; Limit?: number; Marker?: string }, ctx: KmsContext): Record<string, unknown> {
  const { key } = resolveKey(ctx, input.KeyId, { aliases: false })
  const tags = Array.from(key.tags, ([TagKey, TagValue]) => ({ TagKey, TagValue }))
  const { page, ...rest } = paginate(tags, input, 50, 50)
  return { Tags: page, ...rest }
}

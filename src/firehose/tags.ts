/** Firehose tags: `{Key, Value}` on the wire, an insertion-ordered map in the model. */
import { statusAt, type DeliveryStream } from './delivery-stream'
import { limitExceeded, resourceInUse } from './errors'
import type { FirehoseContext } from './store'
import type { Tag } from './wire.gen'

export type WireTag = Tag

export const MAX_TAGS = 50

export function tagsFromList(list: WireTag[]): Map<string, string> {
  const tags = new Map<string, string>()
  for (const tag of list) tags.set(tag.Key, tag.Value ?? '')
  if (tags.size > MAX_TAGS) throw tooManyTags()
  return tags
}

export const tooManyTags = (): Error => limitExceeded(`A Firehose stream can have at most ${MAX_TAGS} tags.`)

export function tagsToList(tags: Map<string, string>): WireTag[] {
  return Array.from(tags, ([Key, Value]) => ({ Key, Value }))
}

/** The named stream, if its tags may change now (not while it is being deleted). */
export function getTaggableStreamOrThrow(ctx: FirehoseContext, name: string): DeliveryStream {
  const stream = ctx.store.getOrThrow(ctx, name)
  if (statusAt(stream, ctx.now) === 'DELETING') {
    throw resourceInUse(`Firehose ${stream.name} under account ${ctx.accountId} is being deleted.`)
  }
  return stream
}

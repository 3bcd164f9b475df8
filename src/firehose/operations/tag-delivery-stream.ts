import { statusAt, type WireObject } from '../delivery-stream'
import { resourceInUse } from '../errors'
import type { FirehoseContext } from '../store'
import { MAX_TAGS, tooManyTags, type WireTag } from '../tags'

export interface TagDeliveryStreamInput {
  DeliveryStreamName: string
  Tags: WireTag[]
}

export function tagDeliveryStream(input: TagDeliveryStreamInput, ctx: FirehoseContext): WireObject {
  const stream = ctx.store.getOrThrow(ctx, input.DeliveryStreamName)
  if (statusAt(stream, ctx.now) === 'DELETING') {
    throw resourceInUse(`Firehose ${stream.name} under account ${ctx.accountId} is being deleted.`)
  }
  const next = new Map(stream.tags)
  for (const tag of input.Tags) next.set(tag.Key, tag.Value ?? '')
  if (next.size > MAX_TAGS) throw tooManyTags()
  stream.tags = next
  return {}
}

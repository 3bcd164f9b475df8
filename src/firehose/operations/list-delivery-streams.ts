import type { FirehoseContext } from '../store'
import type { ListDeliveryStreamsInput, ListDeliveryStreamsOutput } from '../wire.gen'

const DEFAULT_LIMIT = 10

export function listDeliveryStreams(input: ListDeliveryStreamsInput, ctx: FirehoseContext): ListDeliveryStreamsOutput {
  const start = input.ExclusiveStartDeliveryStreamName
  const matching = ctx.store
    .list(ctx.accountId, ctx.region, ctx.now)
    .filter((s) => input.DeliveryStreamType === undefined || s.type === input.DeliveryStreamType)
    .filter((s) => start === undefined || s.name > start)
  const limit = input.Limit ?? DEFAULT_LIMIT
  return {
    DeliveryStreamNames: matching.slice(0, limit).map((s) => s.name),
    HasMoreDeliveryStreams: matching.length > limit,
  }
}

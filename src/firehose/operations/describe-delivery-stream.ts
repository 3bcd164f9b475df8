import type { WireObject } from '../delivery-stream'
import { describeStream } from '../describe'
import type { FirehoseContext } from '../store'

export interface DescribeDeliveryStreamInput {
  DeliveryStreamName: string
  Limit?: number
  ExclusiveStartDestinationId?: string
}

export function describeDeliveryStream(input: DescribeDeliveryStreamInput, ctx: FirehoseContext): WireObject {
  const stream = ctx.store.getOrThrow(ctx, input.DeliveryStreamName)
  return {
    DeliveryStreamDescription: describeStream(stream, ctx, {
      limit: input.Limit,
      exclusiveStartDestinationId: input.ExclusiveStartDestinationId,
    }),
  }
}

import { describeStream } from '../describe'
import type { FirehoseContext } from '../store'
import type { DescribeDeliveryStreamInput, DescribeDeliveryStreamOutput } from '../wire.gen'

export function describeDeliveryStream(input: DescribeDeliveryStreamInput, ctx: FirehoseContext): DescribeDeliveryStreamOutput {
  const stream = ctx.store.getOrThrow(ctx, input.DeliveryStreamName)
  return {
    DeliveryStreamDescription: describeStream(stream, ctx, {
      limit: input.Limit,
      exclusiveStartDestinationId: input.ExclusiveStartDestinationId,
    }),
  }
}

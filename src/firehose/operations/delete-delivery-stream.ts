import { statusAt } from '../delivery-stream'
import { flushBuffer, settleDelivery } from '../delivery'
import { retireOnDelete } from '../encryption'
import { cutHttpNow } from '../http-delivery'
import { resourceInUse } from '../errors'
import type { FirehoseContext } from '../store'
import type { DeleteDeliveryStreamInput, DeleteDeliveryStreamOutput } from '../wire.gen'

export function deleteDeliveryStream(input: DeleteDeliveryStreamInput, ctx: FirehoseContext): DeleteDeliveryStreamOutput {
  const stream = ctx.store.getOrThrow(ctx, input.DeliveryStreamName)
  const status = statusAt(stream, ctx.now)
  if (status === 'CREATING') {
    throw resourceInUse(`Firehose ${stream.name} under account ${ctx.accountId} is in CREATING state and cannot be deleted.`)
  }
  if (!stream.deleting) {
    stream.deleting = { since: ctx.now, goneAt: ctx.now + ctx.timing.streamDeleting }
    retireOnDelete(stream, ctx, stream.deleting.goneAt)
    // Buffered records are delivered when the stream is deleted.
    settleDelivery(stream, ctx, ctx.now)
    flushBuffer(stream, ctx, ctx.now)
    cutHttpNow(stream, ctx, ctx.now)
  }
  return {}
}

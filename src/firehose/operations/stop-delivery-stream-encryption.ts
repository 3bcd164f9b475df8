import type { WireObject } from '../delivery-stream'
import { invalidArgument } from '../errors'
import type { FirehoseContext } from '../store'

export interface StopDeliveryStreamEncryptionInput {
  DeliveryStreamName: string
}

export function stopDeliveryStreamEncryption(input: StopDeliveryStreamEncryptionInput, ctx: FirehoseContext): WireObject {
  ctx.store.getOrThrow(ctx, input.DeliveryStreamName)
  throw invalidArgument('firehose-msw does not simulate server-side encryption yet.')
}

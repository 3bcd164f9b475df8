import { statusAt, type WireObject } from '../delivery-stream'
import { stopEncryption } from '../encryption'
import type { FirehoseContext } from '../store'

export interface StopDeliveryStreamEncryptionInput {
  DeliveryStreamName: string
}

/** Answers at once; the status moves DISABLING → DISABLED with the clock. */
export function stopDeliveryStreamEncryption(input: StopDeliveryStreamEncryptionInput, ctx: FirehoseContext): WireObject {
  const stream = ctx.store.getOrThrow(ctx, input.DeliveryStreamName)
  stopEncryption(stream, statusAt(stream, ctx.now)!, ctx)
  return {}
}

import { statusAt, type WireObject } from '../delivery-stream'
import { startEncryption } from '../encryption'
import type { FirehoseContext } from '../store'

export interface StartDeliveryStreamEncryptionInput {
  DeliveryStreamName: string
  DeliveryStreamEncryptionConfigurationInput?: { KeyType: string; KeyARN?: string }
}

/** Answers at once; the status moves ENABLING → ENABLED (or ENABLING_FAILED) with the clock. */
export function startDeliveryStreamEncryption(input: StartDeliveryStreamEncryptionInput, ctx: FirehoseContext): WireObject {
  const stream = ctx.store.getOrThrow(ctx, input.DeliveryStreamName)
  startEncryption(stream, statusAt(stream, ctx.now)!, input.DeliveryStreamEncryptionConfigurationInput, ctx)
  return {}
}

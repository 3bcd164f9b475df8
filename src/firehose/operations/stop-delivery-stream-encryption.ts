import { statusAt } from '../delivery-stream'
import { stopEncryption } from '../encryption'
import type { FirehoseContext } from '../store'
import type { StopDeliveryStreamEncryptionInput, StopDeliveryStreamEncryptionOutput } from '../wire.gen'

/** Answers at once; the status moves DISABLING → DISABLED with the clock. */
export function stopDeliveryStreamEncryption(
  input: StopDeliveryStreamEncryptionInput,
  ctx: FirehoseContext,
): StopDeliveryStreamEncryptionOutput {
  const stream = ctx.store.getOrThrow(ctx, input.DeliveryStreamName)
  stopEncryption(stream, statusAt(stream, ctx.now)!, ctx)
  return {}
}

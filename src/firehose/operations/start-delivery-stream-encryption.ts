import { statusAt } from '../delivery-stream'
import { startEncryption } from '../encryption'
import type { FirehoseContext } from '../store'
import type { StartDeliveryStreamEncryptionInput, StartDeliveryStreamEncryptionOutput } from '../wire.gen'

/** Answers at once; the status moves ENABLING → ENABLED (or ENABLING_FAILED) with the clock. */
export function startDeliveryStreamEncryption(
  input: StartDeliveryStreamEncryptionInput,
  ctx: FirehoseContext,
): StartDeliveryStreamEncryptionOutput {
  const stream = ctx.store.getOrThrow(ctx, input.DeliveryStreamName)
  startEncryption(stream, statusAt(stream, ctx.now)!, input.DeliveryStreamEncryptionConfigurationInput, ctx)
  return {}
}

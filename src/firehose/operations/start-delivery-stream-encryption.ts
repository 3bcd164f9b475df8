import type { WireObject } from '../delivery-stream'
import { invalidArgument } from '../errors'
import type { FirehoseContext } from '../store'

export interface StartDeliveryStreamEncryptionInput {
  DeliveryStreamName: string
  DeliveryStreamEncryptionConfigurationInput?: { KeyType: string; KeyARN?: string }
}

export function startDeliveryStreamEncryption(input: StartDeliveryStreamEncryptionInput, ctx: FirehoseContext): WireObject {
  ctx.store.getOrThrow(ctx, input.DeliveryStreamName)
  throw invalidArgument('firehose-msw does not simulate server-side encryption yet.')
}

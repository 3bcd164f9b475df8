/**
 * The simulated Firehose operations: every operation of the model; and the Lambda processing their
 * puts stage records for, which settling runs (one chunk with the operations that need it).
 */
import { createDeliveryStream } from './operations/create-delivery-stream'
import { deleteDeliveryStream } from './operations/delete-delivery-stream'
import { describeDeliveryStream } from './operations/describe-delivery-stream'
import { listDeliveryStreams } from './operations/list-delivery-streams'
import { listTagsForDeliveryStream } from './operations/list-tags-for-delivery-stream'
import { putRecord } from './operations/put-record'
import { putRecordBatch } from './operations/put-record-batch'
import { startDeliveryStreamEncryption } from './operations/start-delivery-stream-encryption'
import { stopDeliveryStreamEncryption } from './operations/stop-delivery-stream-encryption'
import { tagDeliveryStream } from './operations/tag-delivery-stream'
import { untagDeliveryStream } from './operations/untag-delivery-stream'
import { updateDestination } from './operations/update-destination'
import type { OperationTable } from '../service'
import type { FirehoseContext } from './store'
import type { FirehoseInputs, FirehoseOutputs } from './wire.gen'

export { settleAsync } from './settle-async'

/**
 * Create and Start with a customer managed key: Firehose creates its grant as the caller, so KMS
 * first decides, from the key's policy, whether that caller may (the outcome shows as
 * ENABLING_FAILED / CREATE_KMS_GRANT_FAILED when it may not).
 */
function checkingTheGrant<I extends { DeliveryStreamEncryptionConfigurationInput?: { KeyARN?: string } }, O>(
  operation: (input: I, ctx: FirehoseContext) => O,
) {
  return async (input: I, ctx: FirehoseContext): Promise<O> => {
    const keyArn = input.DeliveryStreamEncryptionConfigurationInput?.KeyARN
    if (keyArn) {
      const principal = ctx.principal ?? `arn:${ctx.partition}:iam::${ctx.accountId}:root`
      ctx.grantRefusal = await ctx.kms.grantRefusal(ctx, keyArn, principal, 'firehose')
    }
    return operation(input, ctx)
  }
}

export const firehoseOperations: OperationTable<FirehoseInputs, FirehoseOutputs, FirehoseContext> = {
  CreateDeliveryStream: checkingTheGrant(createDeliveryStream),
  DeleteDeliveryStream: deleteDeliveryStream,
  DescribeDeliveryStream: describeDeliveryStream,
  ListDeliveryStreams: listDeliveryStreams,
  ListTagsForDeliveryStream: listTagsForDeliveryStream,
  PutRecord: putRecord,
  PutRecordBatch: putRecordBatch,
  StartDeliveryStreamEncryption: checkingTheGrant(startDeliveryStreamEncryption),
  StopDeliveryStreamEncryption: stopDeliveryStreamEncryption,
  TagDeliveryStream: tagDeliveryStream,
  UntagDeliveryStream: untagDeliveryStream,
  UpdateDestination: updateDestination,
}

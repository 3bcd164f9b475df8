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

export const firehoseOperations: OperationTable<FirehoseInputs, FirehoseOutputs, FirehoseContext> = {
  CreateDeliveryStream: createDeliveryStream,
  DeleteDeliveryStream: deleteDeliveryStream,
  DescribeDeliveryStream: describeDeliveryStream,
  ListDeliveryStreams: listDeliveryStreams,
  ListTagsForDeliveryStream: listTagsForDeliveryStream,
  PutRecord: putRecord,
  PutRecordBatch: putRecordBatch,
  StartDeliveryStreamEncryption: startDeliveryStreamEncryption,
  StopDeliveryStreamEncryption: stopDeliveryStreamEncryption,
  TagDeliveryStream: tagDeliveryStream,
  UntagDeliveryStream: untagDeliveryStream,
  UpdateDestination: updateDestination,
}

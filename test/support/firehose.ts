/** One-line Firehose steps through the real SDK client that many test files take. */
import {
  CreateDeliveryStreamCommand,
  DeleteDeliveryStreamCommand,
  DescribeDeliveryStreamCommand,
  type CreateDeliveryStreamCommandInput,
  type FirehoseClient,
} from '@aws-sdk/client-firehose'
import type { FirehoseMock, ManualClock } from '../../src'
import { s3Stream } from './aws'

/** CreateDeliveryStream with a plain-object input (tests also send inputs the SDK's types would refuse). */
export const createStream = (client: FirehoseClient, input: Record<string, unknown>) =>
  client.send(new CreateDeliveryStreamCommand(input as unknown as CreateDeliveryStreamCommandInput))

/** The DeliveryStreamDescription that DescribeDeliveryStream answers; `extra` adds request members. */
export const describeStream = async (client: FirehoseClient, name: string, extra: Record<string, unknown> = {}) =>
  (await client.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name, ...extra }))).DeliveryStreamDescription!

/** DeleteDeliveryStream; `extra` adds request members. */
export const deleteStream = (client: FirehoseClient, name: string, extra: Record<string, unknown> = {}) =>
  client.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: name, ...extra }))

/** Creates a stream (by default a plain S3 one) and moves the mock's clock until it is ACTIVE. */
export async function activeStream(
  { aws, clock, firehose }: { aws: FirehoseMock; clock: ManualClock; firehose: FirehoseClient },
  name: string,
  input: Record<string, unknown> = s3Stream(name),
): Promise<void> {
  await createStream(firehose, input)
  clock.advance(aws.timing.streamCreating)
}

/** One-line Firehose steps through the real SDK client that many test files take. */
import {
  CreateDeliveryStreamCommand,
  DeleteDeliveryStreamCommand,
  DescribeDeliveryStreamCommand,
  PutRecordCommand,
  type CreateDeliveryStreamCommandInput,
  type FirehoseClient,
} from '@aws-sdk/client-firehose'
import type { FirehoseMock, ManualClock } from '../../src'
import { s3Stream } from './aws'
import { bytes, decode } from './bytes'

/** CreateDeliveryStream with a plain-object input (tests also send inputs the SDK's types would refuse). */
export const createStream = (client: FirehoseClient, input: Record<string, unknown>) =>
  client.send(new CreateDeliveryStreamCommand(input as unknown as CreateDeliveryStreamCommandInput))

/** The DeliveryStreamDescription that DescribeDeliveryStream answers; `extra` adds request members. */
export const describeStream = async (client: FirehoseClient, name: string, extra: Record<string, unknown> = {}) =>
  (await client.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name, ...extra }))).DeliveryStreamDescription!

/** DeleteDeliveryStream; `extra` adds request members. */
export const deleteStream = (client: FirehoseClient, name: string, extra: Record<string, unknown> = {}) =>
  client.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: name, ...extra }))

/** PutRecord of `text` as UTF-8. */
export const putText = (client: FirehoseClient, name: string, text: string) =>
  client.send(new PutRecordCommand({ DeliveryStreamName: name, Record: { Data: bytes(text) } }))

/** The records the mock stored for a stream, as text, oldest first. */
export const storedTexts = (aws: FirehoseMock, name: string, scope?: Parameters<FirehoseMock['firehose']['records']>[1]): string[] =>
  aws.firehose.records(name, scope).map((r) => decode(r.data))

/** Creates a stream (by default a plain S3 one) and moves the mock's clock until it is ACTIVE. */
export async function activeStream(
  { aws, clock, firehose }: { aws: FirehoseMock; clock: ManualClock; firehose: FirehoseClient },
  name: string,
  input: Record<string, unknown> = s3Stream(name),
): Promise<void> {
  await createStream(firehose, input)
  clock.advance(aws.timing.streamCreating)
}

import {
  CreateDeliveryStreamCommand,
  ListDeliveryStreamsCommand,
  ListTagsForDeliveryStreamCommand,
  PutRecordBatchCommand,
  PutRecordCommand,
  TagDeliveryStreamCommand,
  UntagDeliveryStreamCommand,
  UpdateDestinationCommand,
  type CreateDeliveryStreamCommandInput,
} from '@aws-sdk/client-firehose'
import { describe, expect, it } from 'vitest'
import { ACCOUNT, BUCKET_ARN, ROLE_ARN, s3Stream } from '../../support/aws'
import { bytes } from '../../support/bytes'
import { expectAwsError, failureOf } from '../../support/errors'
import { describeStream, storedTexts } from '../../support/firehose'
import { useMock } from '../../support/mock'
import type { Fixture } from '../../../src'

const seed: Fixture = {
  name: 'atomicity',
  firehose: {
    deliveryStreams: [
      {
        definition: s3Stream('seeded', { Tags: [{ Key: 'team', Value: 'data' }] }),
        records: [{ text: 'first' }, { text: 'second' }],
      },
    ],
  },
}

const { aws, firehose } = useMock({ timing: 'instant', seed })

const texts = (stream: string) => storedTexts(aws, stream)
const tagsOf = async (name: string) =>
  Object.fromEntries(
    ((await firehose.send(new ListTagsForDeliveryStreamCommand({ DeliveryStreamName: name }))).Tags ?? []).map((t) => [t.Key, t.Value]),
  )

describe('a failed call changes no state', () => {
  it('stores no record of a batch that holds one oversize record', async () => {
    await expectAwsError(
      firehose.send(
        new PutRecordBatchCommand({
          DeliveryStreamName: 'seeded',
          Records: [{ Data: bytes('ok-1') }, { Data: bytes('ok-2') }, { Data: new Uint8Array(1_024_001) }],
        }),
      ),
      {
        name: 'ValidationException',
        message:
          "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1024001 cap=1024001]' at 'records.3.member.data' failed to satisfy constraint: Member must have length less than or equal to 1024000",
        status: 400,
      },
    )
    expect(texts('seeded')).toEqual(['first', 'second'])
  })

  it('stores no record of a batch above 4 MiB', async () => {
    const Records = Array.from({ length: 5 }, () => ({ Data: new Uint8Array(900_000) }))
    await expectAwsError(firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'seeded', Records })), {
      name: 'InvalidArgumentException',
      status: 400,
    })
    expect(texts('seeded')).toEqual(['first', 'second'])
  })

  it('stores nothing for an oversize PutRecord', async () => {
    await failureOf(firehose.send(new PutRecordCommand({ DeliveryStreamName: 'seeded', Record: { Data: new Uint8Array(1_024_001) } })))
    expect(texts('seeded')).toEqual(['first', 'second'])
  })

  it('leaves no stream behind when a create with two destinations fails', async () => {
    await expectAwsError(
      firehose.send(
        new CreateDeliveryStreamCommand(
          s3Stream('broken', {
            S3DestinationConfiguration: { RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN },
          }) as CreateDeliveryStreamCommandInput,
        ),
      ),
      { name: 'InvalidArgumentException', status: 400 },
    )
    expect(aws.firehose.streamNames()).toEqual(['seeded'])
    const out = await firehose.send(new CreateDeliveryStreamCommand(s3Stream('broken')))
    expect(out.DeliveryStreamARN).toBe(`arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/broken`)
  })

  it('leaves no stream behind when a create fails validation on its tags', async () => {
    await expectAwsError(firehose.send(new CreateDeliveryStreamCommand(s3Stream('broken', { Tags: [{ Key: 'aws:x', Value: 'y' }] }))), {
      name: 'ValidationException',
      status: 400,
    })
    expect(aws.firehose.streamNames()).toEqual(['seeded'])
    expect((await firehose.send(new ListDeliveryStreamsCommand({}))).DeliveryStreamNames).toEqual(['seeded'])
  })

  it('leaves the existing stream untouched when a create with the same name fails', async () => {
    const before = await describeStream(firehose, 'seeded')
    await expectAwsError(
      firehose.send(
        new CreateDeliveryStreamCommand({
          DeliveryStreamName: 'seeded',
          ExtendedS3DestinationConfiguration: { RoleARN: ROLE_ARN, BucketARN: 'arn:aws:s3:::other-bucket' },
          Tags: [{ Key: 'team', Value: 'other' }],
        }),
      ),
      { name: 'ResourceInUseException', status: 400 },
    )
    expect(await describeStream(firehose, 'seeded')).toEqual(before)
    expect(await tagsOf('seeded')).toEqual({ team: 'data' })
    expect(texts('seeded')).toEqual(['first', 'second'])
  })

  it('adds none of the tags when a TagDeliveryStream would exceed 50 tags', async () => {
    const Tags = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }))
    await expectAwsError(firehose.send(new TagDeliveryStreamCommand({ DeliveryStreamName: 'seeded', Tags })), {
      name: 'LimitExceededException',
      status: 400,
    })
    expect(await tagsOf('seeded')).toEqual({ team: 'data' })
  })

  it('adds none of the tags when one tag in the call is invalid', async () => {
    await expectAwsError(
      firehose.send(
        new TagDeliveryStreamCommand({
          DeliveryStreamName: 'seeded',
          Tags: [
            { Key: 'fine', Value: 'v' },
            { Key: 'aws:reserved', Value: 'v' },
          ],
        }),
      ),
      { name: 'ValidationException', status: 400 },
    )
    expect(await tagsOf('seeded')).toEqual({ team: 'data' })
  })

  it('removes no tag when an UntagDeliveryStream call is invalid', async () => {
    await failureOf(firehose.send(new UntagDeliveryStreamCommand({ DeliveryStreamName: 'seeded', TagKeys: ['team', 'aws:reserved'] })))
    expect(await tagsOf('seeded')).toEqual({ team: 'data' })
  })

  it('changes neither VersionId nor destination when UpdateDestination fails on the version', async () => {
    const before = await describeStream(firehose, 'seeded')
    await expectAwsError(
      firehose.send(
        new UpdateDestinationCommand({
          DeliveryStreamName: 'seeded',
          CurrentDeliveryStreamVersionId: '9',
          DestinationId: 'destinationId-000000000001',
          ExtendedS3DestinationUpdate: { Prefix: 'changed/' },
        }),
      ),
      { name: 'ConcurrentModificationException', status: 400 },
    )
    expect(await describeStream(firehose, 'seeded')).toEqual(before)
  })

  it('changes nothing when UpdateDestination switches type with an incomplete configuration', async () => {
    const before = await describeStream(firehose, 'seeded')
    await failureOf(
      firehose.send(
        new UpdateDestinationCommand({
          DeliveryStreamName: 'seeded',
          CurrentDeliveryStreamVersionId: '1',
          DestinationId: 'destinationId-000000000001',
          HttpEndpointDestinationUpdate: { RoleARN: ROLE_ARN },
        }),
      ),
    )
    expect(await describeStream(firehose, 'seeded')).toEqual(before)
  })
})

describe('reset()', () => {
  it('returns to the seeded state: created streams gone, seeded records and tags restored', async () => {
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('extra')))
    await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'seeded', Record: { Data: bytes('third') } }))
    await firehose.send(new TagDeliveryStreamCommand({ DeliveryStreamName: 'seeded', Tags: [{ Key: 'team', Value: 'changed' }] }))
    await firehose.send(
      new UpdateDestinationCommand({
        DeliveryStreamName: 'seeded',
        CurrentDeliveryStreamVersionId: '1',
        DestinationId: 'destinationId-000000000001',
        ExtendedS3DestinationUpdate: { Prefix: 'changed/' },
      }),
    )
    expect(aws.firehose.streamNames()).toEqual(['extra', 'seeded'])

    aws.reset()

    expect(aws.firehose.streamNames()).toEqual(['seeded'])
    expect(texts('seeded')).toEqual(['first', 'second'])
    expect(await tagsOf('seeded')).toEqual({ team: 'data' })
    const d = await describeStream(firehose, 'seeded')
    expect(d.DeliveryStreamStatus).toBe('ACTIVE')
    expect(d.VersionId).toBe('1')
    expect(d.Destinations![0]!.ExtendedS3DestinationDescription!.Prefix).toBe('')
    expect((await firehose.send(new ListDeliveryStreamsCommand({}))).DeliveryStreamNames).toEqual(['seeded'])
  })

  it('serves the seeded stream to the SDK like any created stream', async () => {
    const d = await describeStream(firehose, 'seeded')
    expect(d.DeliveryStreamARN).toBe(`arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/seeded`)
    const out = await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'seeded', Record: { Data: bytes('third') } }))
    expect(aws.firehose.records('seeded').at(-1)!.recordId).toBe(out.RecordId)
  })
})

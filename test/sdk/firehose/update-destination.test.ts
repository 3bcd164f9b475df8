import { CreateDeliveryStreamCommand, UpdateDestinationCommand, type UpdateDestinationCommandInput } from '@aws-sdk/client-firehose'
import { describe, expect, it } from 'vitest'
import { BUCKET_ARN, DESTINATION_ID, ROLE_ARN } from '../../support/aws'
import { expectAwsError, notFound } from '../../support/errors'
import { describeStream } from '../../support/firehose'
import { useMock } from '../../support/mock'

const { clock, firehose } = useMock({ timing: 'instant' })

const update = (input: Partial<UpdateDestinationCommandInput> & Record<string, unknown>) =>
  firehose.send(
    new UpdateDestinationCommand({
      DeliveryStreamName: 'orders',
      CurrentDeliveryStreamVersionId: '1',
      DestinationId: DESTINATION_ID,
      ...input,
    } as UpdateDestinationCommandInput),
  )

async function stream() {
  await firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'orders',
      ExtendedS3DestinationConfiguration: {
        RoleARN: ROLE_ARN,
        BucketARN: BUCKET_ARN,
        Prefix: 'logs/',
        CompressionFormat: 'GZIP',
        BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 300 },
      },
    }),
  )
}

describe('UpdateDestination', () => {
  it('bumps VersionId from "1" to "2" and sets LastUpdateTimestamp to the time of the update', async () => {
    await stream()
    clock.advance(60_000)
    const out = await update({ ExtendedS3DestinationUpdate: { Prefix: 'new/' } })
    expect(out.$metadata.httpStatusCode).toBe(200)
    const d = await describeStream(firehose, 'orders')
    expect(d.VersionId).toBe('2')
    expect(d.LastUpdateTimestamp).toBeInstanceOf(Date)
    expect(d.LastUpdateTimestamp).toEqual(new Date(clock.now()))
    expect(d.DeliveryStreamStatus).toBe('ACTIVE')
  })

  it('bumps VersionId on every successful update', async () => {
    await stream()
    await update({ ExtendedS3DestinationUpdate: { Prefix: 'a/' } })
    await update({ CurrentDeliveryStreamVersionId: '2', ExtendedS3DestinationUpdate: { Prefix: 'b/' } })
    const d = await describeStream(firehose, 'orders')
    expect(d.VersionId).toBe('3')
    expect(d.Destinations![0]!.ExtendedS3DestinationDescription!.Prefix).toBe('b/')
  })

  it('merges an update of the same destination type: omitted members keep their values', async () => {
    await stream()
    await update({ ExtendedS3DestinationUpdate: { BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 60 } } })
    const s3 = (await describeStream(firehose, 'orders')).Destinations![0]!.ExtendedS3DestinationDescription!
    expect(s3).toMatchObject({
      RoleARN: ROLE_ARN,
      BucketARN: BUCKET_ARN,
      Prefix: 'logs/',
      CompressionFormat: 'GZIP',
      BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 60 },
      EncryptionConfiguration: { NoEncryptionConfig: 'NoEncryption' },
    })
  })

  it('replaces EncryptionConfiguration as a whole: switching NoEncryption to a KMS key leaves only KMSEncryptionConfig', async () => {
    const keyArn = 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555'
    await firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: 'plain',
        ExtendedS3DestinationConfiguration: {
          RoleARN: ROLE_ARN,
          BucketARN: BUCKET_ARN,
          EncryptionConfiguration: { NoEncryptionConfig: 'NoEncryption' },
        },
      }),
    )
    await update({
      DeliveryStreamName: 'plain',
      ExtendedS3DestinationUpdate: { EncryptionConfiguration: { KMSEncryptionConfig: { AWSKMSKeyARN: keyArn } } },
    })
    const s3 = (await describeStream(firehose, 'plain')).Destinations![0]!.ExtendedS3DestinationDescription!
    expect(s3.EncryptionConfiguration).toEqual({ KMSEncryptionConfig: { AWSKMSKeyARN: keyArn } })
  })

  it('refuses to disable S3 backup once it is enabled, with InvalidArgumentException', async () => {
    await firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: 'backed-up',
        ExtendedS3DestinationConfiguration: {
          RoleARN: ROLE_ARN,
          BucketARN: BUCKET_ARN,
          S3BackupMode: 'Enabled',
          S3BackupConfiguration: { RoleARN: ROLE_ARN, BucketARN: 'arn:aws:s3:::backup-bucket' },
        },
      }),
    )
    await expectAwsError(update({ DeliveryStreamName: 'backed-up', ExtendedS3DestinationUpdate: { S3BackupMode: 'Disabled' } }), {
      name: 'InvalidArgumentException',
      status: 400,
    })
    const d = await describeStream(firehose, 'backed-up')
    expect(d.VersionId).toBe('1')
    expect(d.Destinations![0]!.ExtendedS3DestinationDescription!.S3BackupMode).toBe('Enabled')
  })

  it('keeps the DestinationId after an update', async () => {
    await stream()
    await update({ ExtendedS3DestinationUpdate: { CompressionFormat: 'Snappy' } })
    const destination = (await describeStream(firehose, 'orders')).Destinations![0]!
    expect(destination.DestinationId).toBe(DESTINATION_ID)
    expect(destination.ExtendedS3DestinationDescription!.CompressionFormat).toBe('Snappy')
  })

  it('replaces the destination when the update names another type with a complete configuration', async () => {
    await stream()
    await update({
      HttpEndpointDestinationUpdate: {
        EndpointConfiguration: { Url: 'https://collector.example.com', Name: 'collector', AccessKey: 'secret-key' },
        S3Update: { RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN },
      },
    })
    const d = await describeStream(firehose, 'orders')
    const destination = d.Destinations![0]!
    expect(destination.ExtendedS3DestinationDescription).toBeUndefined()
    expect(destination.HttpEndpointDestinationDescription?.EndpointConfiguration).toEqual({
      Url: 'https://collector.example.com',
      Name: 'collector',
    })
    expect(JSON.stringify(d)).not.toContain('secret-key')
    expect(d.VersionId).toBe('2')
  })

  it('returns ConcurrentModificationException for a CurrentDeliveryStreamVersionId that is not the current one', async () => {
    await stream()
    await expectAwsError(update({ CurrentDeliveryStreamVersionId: '7', ExtendedS3DestinationUpdate: { Prefix: 'x/' } }), {
      name: 'ConcurrentModificationException',
      status: 400,
    })
    const d = await describeStream(firehose, 'orders')
    expect(d.VersionId).toBe('1')
    expect(d.Destinations![0]!.ExtendedS3DestinationDescription!.Prefix).toBe('logs/')
  })

  it('returns ConcurrentModificationException for a stale VersionId after another update', async () => {
    await stream()
    await update({ ExtendedS3DestinationUpdate: { Prefix: 'first/' } })
    await expectAwsError(update({ CurrentDeliveryStreamVersionId: '1', ExtendedS3DestinationUpdate: { Prefix: 'second/' } }), {
      name: 'ConcurrentModificationException',
      status: 400,
    })
    const d = await describeStream(firehose, 'orders')
    expect(d.VersionId).toBe('2')
    expect(d.Destinations![0]!.ExtendedS3DestinationDescription!.Prefix).toBe('first/')
  })

  it('returns InvalidArgumentException for a DestinationId the stream does not have', async () => {
    await stream()
    await expectAwsError(update({ DestinationId: 'destinationId-000000000002', ExtendedS3DestinationUpdate: { Prefix: 'x/' } }), {
      name: 'InvalidArgumentException',
      status: 400,
    })
    expect((await describeStream(firehose, 'orders')).VersionId).toBe('1')
  })

  it('returns ValidationException for a CurrentDeliveryStreamVersionId that is not a digit string', async () => {
    await stream()
    await expectAwsError(update({ CurrentDeliveryStreamVersionId: 'v1', ExtendedS3DestinationUpdate: { Prefix: 'x/' } }), {
      name: 'ValidationException',
      message:
        /^1 validation error detected: Value 'v1' at 'currentDeliveryStreamVersionId' failed to satisfy constraint: Member must satisfy regular expression pattern: /,
      status: 400,
    })
  })

  it('returns ResourceNotFoundException for an unknown stream', async () => {
    await expectAwsError(update({ DeliveryStreamName: 'missing', ExtendedS3DestinationUpdate: { Prefix: 'x/' } }), notFound('missing'))
  })
})

import { CreateDeliveryStreamCommand, DescribeDeliveryStreamCommand } from '@aws-sdk/client-firehose'
import { describe, expect, it } from 'vitest'
import { ACCOUNT, BUCKET_ARN, ROLE_ARN, s3Stream } from '../../support/aws'
import { expectAwsError, notFound } from '../../support/errors'
import { describeStream } from '../../support/firehose'
import { useMock } from '../../support/mock'

const { clock, firehose } = useMock({ timing: 'instant' })

describe('DescribeDeliveryStream', () => {
  it('describes a DirectPut → ExtendedS3 stream with the AWS shape and defaults', async () => {
    const createdAt = clock.now()
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('orders')))
    const d = await describeStream(firehose, 'orders')
    expect(d).toMatchObject({
      DeliveryStreamName: 'orders',
      DeliveryStreamARN: `arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/orders`,
      DeliveryStreamStatus: 'ACTIVE',
      DeliveryStreamType: 'DirectPut',
      VersionId: '1',
      DeliveryStreamEncryptionConfiguration: { Status: 'DISABLED' },
      HasMoreDestinations: false,
    })
    expect(d.CreateTimestamp).toBeInstanceOf(Date)
    expect(d.CreateTimestamp).toEqual(new Date(createdAt))
    expect(d.DeliveryStreamEncryptionConfiguration?.KeyType).toBeUndefined()
    expect(d.DeliveryStreamEncryptionConfiguration?.KeyARN).toBeUndefined()
    expect(d.Destinations).toHaveLength(1)
    const destination = d.Destinations![0]!
    expect(destination.DestinationId).toBe('destinationId-000000000001')
    expect(destination.ExtendedS3DestinationDescription).toMatchObject({
      RoleARN: ROLE_ARN,
      BucketARN: BUCKET_ARN,
      Prefix: '',
      BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 300 },
      CompressionFormat: 'UNCOMPRESSED',
      EncryptionConfiguration: { NoEncryptionConfig: 'NoEncryption' },
      CloudWatchLoggingOptions: { Enabled: false },
      S3BackupMode: 'Disabled',
    })
  })

  it('also returns S3DestinationDescription for an S3-backed stream, as real Firehose does', async () => {
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('orders')))
    const destination = (await describeStream(firehose, 'orders')).Destinations![0]!
    expect(destination.S3DestinationDescription).toMatchObject({
      RoleARN: ROLE_ARN,
      BucketARN: BUCKET_ARN,
      BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 300 },
      CompressionFormat: 'UNCOMPRESSED',
      EncryptionConfiguration: { NoEncryptionConfig: 'NoEncryption' },
    })
  })

  it('echoes the ExtendedS3 settings given at creation instead of the defaults', async () => {
    const keyArn = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`
    await firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: 'custom',
        ExtendedS3DestinationConfiguration: {
          RoleARN: ROLE_ARN,
          BucketARN: BUCKET_ARN,
          Prefix: 'logs/',
          ErrorOutputPrefix: 'errors/',
          BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 60 },
          CompressionFormat: 'GZIP',
          EncryptionConfiguration: { KMSEncryptionConfig: { AWSKMSKeyARN: keyArn } },
        },
      }),
    )
    const s3 = (await describeStream(firehose, 'custom')).Destinations![0]!.ExtendedS3DestinationDescription
    expect(s3).toMatchObject({
      Prefix: 'logs/',
      ErrorOutputPrefix: 'errors/',
      BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 60 },
      CompressionFormat: 'GZIP',
      EncryptionConfiguration: { KMSEncryptionConfig: { AWSKMSKeyARN: keyArn } },
    })
    // EncryptionConfiguration is a choice: KMSEncryptionConfig replaces the NoEncryption default.
    expect(s3?.EncryptionConfiguration).toEqual({ KMSEncryptionConfig: { AWSKMSKeyARN: keyArn } })
  })

  it('describes a stream created with the deprecated S3DestinationConfiguration with filled-in S3 defaults', async () => {
    await firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: 'legacy',
        S3DestinationConfiguration: { RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN },
      }),
    )
    const destination = (await describeStream(firehose, 'legacy')).Destinations![0]!
    expect(destination.DestinationId).toBe('destinationId-000000000001')
    expect(destination.S3DestinationDescription).toMatchObject({
      RoleARN: ROLE_ARN,
      BucketARN: BUCKET_ARN,
      BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 300 },
      CompressionFormat: 'UNCOMPRESSED',
      EncryptionConfiguration: { NoEncryptionConfig: 'NoEncryption' },
    })
  })

  it('returns ResourceNotFoundException for an unknown stream', async () => {
    await expectAwsError(firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'missing' })), notFound('missing'))
  })

  it('returns ValidationException for a Limit above 10000', async () => {
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('orders')))
    await expectAwsError(firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'orders', Limit: 10001 })), {
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000",
      status: 400,
    })
  })

  it('returns no more destinations after the only DestinationId', async () => {
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('orders')))
    const d = await describeStream(firehose, 'orders', { ExclusiveStartDestinationId: 'destinationId-000000000001' })
    expect(d.Destinations).toEqual([])
    expect(d.HasMoreDestinations).toBe(false)
  })
})

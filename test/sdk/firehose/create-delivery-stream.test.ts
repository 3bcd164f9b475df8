import { ListTagsForDeliveryStreamCommand } from '@aws-sdk/client-firehose'
import { describe, expect, it } from 'vitest'
import { ACCOUNT, BUCKET_ARN, ROLE_ARN, s3Stream } from '../../support/aws'
import { expectAwsError } from '../../support/errors'
import { createStream, describeStream } from '../../support/firehose'
import { useMock } from '../../support/mock'

const { aws, clock, firehose } = useMock()

const KINESIS_ARN = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/source-stream`
const S3_CONFIG = { RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN }

describe('CreateDeliveryStream', () => {
  it('returns the ARN of the new stream built from partition, region, account and name', async () => {
    const out = await createStream(firehose, s3Stream('orders'))
    expect(out.DeliveryStreamARN).toBe(`arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/orders`)
    expect(out.$metadata.httpStatusCode).toBe(200)
  })

  it('creates the stream in CREATING and makes it ACTIVE once the creation time has passed', async () => {
    await createStream(firehose, s3Stream('orders'))
    expect((await describeStream(firehose, 'orders')).DeliveryStreamStatus).toBe('CREATING')
    clock.advance(aws.timing.streamCreating - 1)
    expect((await describeStream(firehose, 'orders')).DeliveryStreamStatus).toBe('CREATING')
    clock.advance(1)
    expect((await describeStream(firehose, 'orders')).DeliveryStreamStatus).toBe('ACTIVE')
  })

  it('keeps the CreateTimestamp of the create call after the stream becomes ACTIVE', async () => {
    const createdAt = clock.now()
    await createStream(firehose, s3Stream('orders'))
    clock.advance(aws.timing.streamCreating)
    const d = await describeStream(firehose, 'orders')
    expect(d.DeliveryStreamStatus).toBe('ACTIVE')
    expect(d.CreateTimestamp).toEqual(new Date(createdAt))
  })

  it('defaults DeliveryStreamType to DirectPut when it is omitted', async () => {
    await createStream(firehose, s3Stream('orders'))
    expect((await describeStream(firehose, 'orders')).DeliveryStreamType).toBe('DirectPut')
  })

  it('accepts a name of exactly 64 characters from the allowed alphabet', async () => {
    const name = `a.b_c-${'x'.repeat(58)}`
    expect(name).toHaveLength(64)
    const out = await createStream(firehose, s3Stream(name))
    expect(out.DeliveryStreamARN).toBe(`arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/${name}`)
  })

  it('returns ResourceInUseException when a stream with the same name already exists', async () => {
    await createStream(firehose, s3Stream('orders'))
    clock.advance(aws.timing.streamCreating)
    await expectAwsError(createStream(firehose, s3Stream('orders')), { name: 'ResourceInUseException', message: /orders/, status: 400 })
  })

  it('returns ResourceInUseException for a duplicate name while the first stream is still CREATING', async () => {
    await createStream(firehose, s3Stream('orders'))
    await expectAwsError(createStream(firehose, s3Stream('orders')), { name: 'ResourceInUseException', message: /orders/, status: 400 })
  })

  it('returns InvalidArgumentException when no destination configuration is given', async () => {
    await expectAwsError(createStream(firehose, { DeliveryStreamName: 'orders' }), { name: 'InvalidArgumentException', status: 400 })
    expect(aws.firehose.streamNames()).toEqual([])
  })

  it('returns InvalidArgumentException when two destination configurations are given', async () => {
    await expectAwsError(
      createStream(
        firehose,
        s3Stream('orders', {
          HttpEndpointDestinationConfiguration: { EndpointConfiguration: { Url: 'https://example.com' }, S3Configuration: S3_CONFIG },
        }),
      ),
      { name: 'InvalidArgumentException', status: 400 },
    )
    expect(aws.firehose.streamNames()).toEqual([])
  })

  it('returns ValidationException in the AWS form for a name outside the allowed pattern', async () => {
    await expectAwsError(createStream(firehose, s3Stream('bad name!')), {
      name: 'ValidationException',
      message:
        /^1 validation error detected: Value 'bad name!' at 'deliveryStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: /,
      status: 400,
    })
  })

  it('returns ValidationException in the AWS form for a name of 65 characters', async () => {
    const name = 'n'.repeat(65)
    await expectAwsError(createStream(firehose, s3Stream(name)), {
      name: 'ValidationException',
      message: `1 validation error detected: Value '${name}' at 'deliveryStreamName' failed to satisfy constraint: Member must have length less than or equal to 64`,
      status: 400,
    })
  })

  it('returns ValidationException when the required DeliveryStreamName is missing', async () => {
    await expectAwsError(createStream(firehose, { ExtendedS3DestinationConfiguration: S3_CONFIG }), {
      name: 'ValidationException',
      message: "1 validation error detected: Value null at 'deliveryStreamName' failed to satisfy constraint: Member must not be null",
      status: 400,
    })
  })

  it('returns ValidationException when a required destination member such as BucketARN is missing', async () => {
    await expectAwsError(
      createStream(firehose, { DeliveryStreamName: 'orders', ExtendedS3DestinationConfiguration: { RoleARN: ROLE_ARN } }),
      {
        name: 'ValidationException',
        message:
          "1 validation error detected: Value null at 'extendedS3DestinationConfiguration.bucketARN' failed to satisfy constraint: Member must not be null",
        status: 400,
      },
    )
  })

  it('stores the tags given at creation', async () => {
    await createStream(
      firehose,
      s3Stream('orders', {
        Tags: [
          { Key: 'team', Value: 'data' },
          { Key: 'env', Value: 'test' },
        ],
      }),
    )
    const out = await firehose.send(new ListTagsForDeliveryStreamCommand({ DeliveryStreamName: 'orders' }))
    expect(out.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'team', Value: 'data' },
        { Key: 'env', Value: 'test' },
      ]),
    )
    expect(out.Tags).toHaveLength(2)
    expect(out.HasMoreTags).toBe(false)
  })

  it('returns ValidationException for more than 50 tags at creation and creates nothing', async () => {
    const Tags = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }))
    await expectAwsError(createStream(firehose, s3Stream('orders', { Tags })), {
      name: 'ValidationException',
      message: /at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50/,
      status: 400,
    })
    expect(aws.firehose.streamNames()).toEqual([])
  })

  describe('KinesisStreamAsSource', () => {
    const kinesisStream = (name: string) => ({
      DeliveryStreamName: name,
      DeliveryStreamType: 'KinesisStreamAsSource',
      KinesisStreamSourceConfiguration: { KinesisStreamARN: KINESIS_ARN, RoleARN: ROLE_ARN },
      ExtendedS3DestinationConfiguration: S3_CONFIG,
    })

    it('creates a Kinesis-sourced stream and describes its source with the delivery start time', async () => {
      await createStream(firehose, kinesisStream('from-kinesis'))
      clock.advance(aws.timing.streamCreating)
      const d = await describeStream(firehose, 'from-kinesis')
      expect(d.DeliveryStreamType).toBe('KinesisStreamAsSource')
      expect(d.DeliveryStreamStatus).toBe('ACTIVE')
      expect(d.Source?.KinesisStreamSourceDescription).toMatchObject({ KinesisStreamARN: KINESIS_ARN, RoleARN: ROLE_ARN })
      expect(d.Source?.KinesisStreamSourceDescription?.DeliveryStartTimestamp).toBeInstanceOf(Date)
    })

    it('returns InvalidArgumentException for KinesisStreamAsSource without a KinesisStreamSourceConfiguration', async () => {
      const { KinesisStreamSourceConfiguration: _, ...input } = kinesisStream('from-kinesis')
      await expectAwsError(createStream(firehose, input), { name: 'InvalidArgumentException', status: 400 })
      expect(aws.firehose.streamNames()).toEqual([])
    })

    it('returns InvalidArgumentException for a KinesisStreamSourceConfiguration on a DirectPut stream', async () => {
      await expectAwsError(
        createStream(
          firehose,
          s3Stream('orders', { KinesisStreamSourceConfiguration: { KinesisStreamARN: KINESIS_ARN, RoleARN: ROLE_ARN } }),
        ),
        { name: 'InvalidArgumentException', status: 400 },
      )
      expect(aws.firehose.streamNames()).toEqual([])
    })
  })

  describe('other destination types', () => {
    it('accepts an HttpEndpoint destination and describes it without the access key', async () => {
      await createStream(firehose, {
        DeliveryStreamName: 'http',
        HttpEndpointDestinationConfiguration: {
          EndpointConfiguration: { Url: 'https://collector.example.com/ingest', Name: 'collector', AccessKey: 's3cr3t-access-key' },
          RoleARN: ROLE_ARN,
          S3Configuration: S3_CONFIG,
        },
      })
      const d = await describeStream(firehose, 'http')
      const http = d.Destinations?.[0]?.HttpEndpointDestinationDescription
      expect(d.Destinations?.[0]?.DestinationId).toBe('destinationId-000000000001')
      expect(http?.EndpointConfiguration).toEqual({ Url: 'https://collector.example.com/ingest', Name: 'collector' })
      expect(http?.RoleARN).toBe(ROLE_ARN)
      expect(http?.S3DestinationDescription).toMatchObject({
        RoleARN: ROLE_ARN,
        BucketARN: BUCKET_ARN,
        BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 300 },
        CompressionFormat: 'UNCOMPRESSED',
        EncryptionConfiguration: { NoEncryptionConfig: 'NoEncryption' },
      })
      expect(JSON.stringify(d)).not.toContain('s3cr3t-access-key')
    })

    it('accepts a Splunk destination and echoes it in SplunkDestinationDescription', async () => {
      await createStream(firehose, {
        DeliveryStreamName: 'splunk',
        SplunkDestinationConfiguration: {
          HECEndpoint: 'https://splunk.example.com:8088',
          HECEndpointType: 'Event',
          HECToken: '11111111-2222-3333-4444-555555555555',
          S3Configuration: S3_CONFIG,
        },
      })
      const splunk = (await describeStream(firehose, 'splunk')).Destinations?.[0]?.SplunkDestinationDescription
      expect(splunk).toMatchObject({
        HECEndpoint: 'https://splunk.example.com:8088',
        HECEndpointType: 'Event',
        S3DestinationDescription: { RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN },
      })
    })

    it('accepts a Redshift destination and describes it without the password', async () => {
      await createStream(firehose, {
        DeliveryStreamName: 'redshift',
        RedshiftDestinationConfiguration: {
          RoleARN: ROLE_ARN,
          ClusterJDBCURL: 'jdbc:redshift://my-cluster.abc123xyz.us-east-1.redshift.amazonaws.com:5439/dev',
          CopyCommand: { DataTableName: 'events' },
          Username: 'loader',
          Password: 'hunter2-very-secret',
          S3Configuration: S3_CONFIG,
        },
      })
      const d = await describeStream(firehose, 'redshift')
      const redshift = d.Destinations?.[0]?.RedshiftDestinationDescription
      expect(redshift).toMatchObject({
        RoleARN: ROLE_ARN,
        ClusterJDBCURL: 'jdbc:redshift://my-cluster.abc123xyz.us-east-1.redshift.amazonaws.com:5439/dev',
        CopyCommand: { DataTableName: 'events' },
        Username: 'loader',
        S3DestinationDescription: { RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN, CompressionFormat: 'UNCOMPRESSED' },
      })
      expect(redshift).not.toHaveProperty('Password')
      expect(JSON.stringify(d)).not.toContain('hunter2-very-secret')
    })
  })
})

/** The account, credentials and resource names the tests use, and the request inputs built from them. */

/** The account the mock answers for unless told otherwise. */
export const ACCOUNT = '123456789012'
/** A second account, for the tests of what one account cannot see of another's. */
export const OTHER_ACCOUNT = '210987654321'

/** The access key the clients sign with (the mock checks signatures only when given `auth`). */
export const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }

export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/firehose-role`
export const BUCKET = 'my-bucket'
export const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`

/** The service principal Firehose's KMS grants and key policies name. */
export const FIREHOSE_PRINCIPAL = 'firehose.amazonaws.com'
/** The id of a stream's one destination. */
export const DESTINATION_ID = 'destinationId-000000000001'

export const keyArnOf = (keyId: string, region = 'us-east-1', account = ACCOUNT) => `arn:aws:kms:${region}:${account}:key/${keyId}`
export const aliasArnOf = (aliasName: string, region = 'us-east-1', account = ACCOUNT) => `arn:aws:kms:${region}:${account}:${aliasName}`

/** A minimal DirectPut → ExtendedS3 CreateDeliveryStream input. */
export function s3Stream(name: string, extra: Record<string, unknown> = {}) {
  return {
    DeliveryStreamName: name,
    ExtendedS3DestinationConfiguration: { RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN },
    ...extra,
  }
}

/** A KinesisStreamAsSource → ExtendedS3 CreateDeliveryStream input. */
export const kinesisStream = (name: string) => ({
  DeliveryStreamName: name,
  DeliveryStreamType: 'KinesisStreamAsSource',
  KinesisStreamSourceConfiguration: { KinesisStreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/src`, RoleARN: ROLE_ARN },
  ExtendedS3DestinationConfiguration: { RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN },
})

/** A delivered object as `aws.firehose.deliveries()` shows it (loaded with the first call). */
import type { DeliveredObject } from '../types'
import type { S3Object } from './store'

export async function describeObject(object: S3Object): Promise<DeliveredObject> {
  return {
    bucketArn: `arn:aws:s3:::${object.bucket}`,
    key: object.key,
    data: await object.bytes(),
    records: object.records,
    deliveredAt: object.deliveredAt,
    compression: object.compression,
    encrypted: object.encrypted,
    ...(object.keyArn ? { keyArn: object.keyArn } : {}),
    ...(object.note ? { note: object.note } : {}),
  }
}

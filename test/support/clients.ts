/**
 * Real AWS SDK clients that make exactly one attempt per call: the SDK retries throttling and 5xx
 * answers, and the tests must see the first answer. (The S3 client is in ./delivery, the only
 * tests that read S3, so the other files do not load @aws-sdk/client-s3.)
 */
import { FirehoseClient } from '@aws-sdk/client-firehose'
import { KMSClient } from '@aws-sdk/client-kms'
import { credentials } from './aws'

/** The configuration every one-attempt client starts from; `extra` adds to it or overrides it. */
export const oneAttempt = (region = 'us-east-1', extra: Record<string, unknown> = {}) => ({ region, credentials, maxAttempts: 1, ...extra })

export function firehoseClient(region = 'us-east-1', extra: Record<string, unknown> = {}): FirehoseClient {
  return new FirehoseClient(oneAttempt(region, extra))
}

export function kmsClient(region = 'us-east-1', extra: Record<string, unknown> = {}): KMSClient {
  return new KMSClient(oneAttempt(region, extra))
}

/**
 * The app's AWS clients, configured as a real browser app would configure them. Nothing here
 * knows about the mock: the requests go to https://firehose.us-east-1.amazonaws.com/ and
 * https://kms.us-east-1.amazonaws.com/, and MSW's service worker answers them.
 */
import { FirehoseClient } from '@aws-sdk/client-firehose'
import { KMSClient } from '@aws-sdk/client-kms'

const config = {
  region: 'us-east-1',
  // Fake static credentials: requests are signed (SigV4) but never leave the browser.
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  // One attempt, so a throttled put shows its error at once instead of after the SDK's retries.
  maxAttempts: 1,
}

export const firehose = new FirehoseClient(config)
export const kms = new KMSClient(config)

/** `name: message (HTTP status)` of an SDK error. */
export function describeError(error: unknown): { name: string; message: string; status?: number } {
  if (error instanceof Error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode
    return { name: error.name, message: error.message, ...(status !== undefined ? { status } : {}) }
  }
  return { name: 'Error', message: String(error) }
}

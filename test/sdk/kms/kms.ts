/** Shared helpers for the KMS SDK tests: a one-attempt client, ARNs, and an AWS error assertion. */
import { CreateKeyCommand, KMSClient, type CreateKeyCommandInput } from '@aws-sdk/client-kms'
import { ACCOUNT, credentials } from '../../helpers'

/** maxAttempts 1: the SDK retries LimitExceededException and 5xx, error tests must see the first answer. */
export const kmsClient = (region = 'us-east-1'): KMSClient => new KMSClient({ region, credentials, maxAttempts: 1 })

export const keyArnOf = (keyId: string, region = 'us-east-1', account = ACCOUNT) => `arn:aws:kms:${region}:${account}:key/${keyId}`
export const aliasArnOf = (aliasName: string, region = 'us-east-1', account = ACCOUNT) => `arn:aws:kms:${region}:${account}:${aliasName}`

export const KEY_ARN = /^arn:aws:kms:us-east-1:123456789012:key\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
export const DAY = 24 * 60 * 60 * 1000
/** The time useMock's manual clock starts at (and returns to after each test). */
export const START = Date.UTC(2026, 10, 25, 12, 0, 0)

export { expectAwsError, failureOf, type SdkError } from '../firehose/aws-error'

/** Creates a key and returns its id and ARN. */
export async function createKey(kms: KMSClient, input: CreateKeyCommandInput = {}): Promise<{ keyId: string; arn: string }> {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand(input))
  return { keyId: KeyMetadata!.KeyId!, arn: KeyMetadata!.Arn! }
}

export const notFoundKey = (keyId: string, region = 'us-east-1') => ({
  name: 'NotFoundException',
  message: `Key '${keyArnOf(keyId, region)}' does not exist`,
  status: 400,
})

export const notFoundAlias = (aliasName: string, region = 'us-east-1') => ({
  name: 'NotFoundException',
  message: `Alias ${aliasArnOf(aliasName, region)} is not found.`,
  status: 400,
})

export const pendingDeletion = (arn: string) => ({ name: 'KMSInvalidStateException', message: `${arn} is pending deletion.`, status: 400 })
export const disabled = (arn: string) => ({ name: 'DisabledException', message: `${arn} is disabled.`, status: 400 })

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text)
export const text = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes)

/** Whether `needle` occurs as a contiguous byte run in `haystack`. */
export function containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return true
  }
  return false
}

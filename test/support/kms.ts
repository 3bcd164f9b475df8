/** Shared steps for the KMS tests: creating a key, and KMS's error answers for keys and aliases. */
import { CreateKeyCommand, type CreateKeyCommandInput, type KMSClient } from '@aws-sdk/client-kms'
import { aliasArnOf, keyArnOf } from './aws'

/** The ARN of a key the mock created in us-east-1 of the default account. */
export const KEY_ARN = /^arn:aws:kms:us-east-1:123456789012:key\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

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

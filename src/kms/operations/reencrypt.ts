/**
 * ReEncrypt: Decrypt's checks and decryption of the source ciphertext, then Encrypt's checks and
 * encryption under the destination key (crypto.ts), either of them symmetric or RSA. The source key
 * is checked before the destination key, the ciphertext opened after both, DryRun answered last.
 */
import { dryRunOperation } from '../errors'
import type { KmsContext } from '../store'
import type { ReEncryptRequest, ReEncryptResponse } from '../wire.gen'
import { checkPlaintextSize, decryptingKey, encryptingKey, sealWith } from './crypto'

export async function reEncrypt(input: ReEncryptRequest, ctx: KmsContext): Promise<ReEncryptResponse> {
  // The caller needs kms:ReEncryptFrom on the source key, kms:ReEncryptTo on the destination key.
  const from = Object.assign({}, ctx, { action: 'kms:ReEncryptFrom', encryptionContext: input.SourceEncryptionContext ?? {} })
  const to = Object.assign({}, ctx, { action: 'kms:ReEncryptTo', encryptionContext: input.DestinationEncryptionContext ?? {} })
  const source = decryptingKey(
    from,
    {
      blob: input.CiphertextBlob,
      keyId: input.SourceKeyId,
      algorithm: input.SourceEncryptionAlgorithm,
      context: input.SourceEncryptionContext,
    },
    'ReEncrypt',
  )
  const algorithm = input.DestinationEncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT'
  const destination = encryptingKey(to, input.DestinationKeyId, algorithm, 'ReEncrypt')
  const plaintext = await source.open()
  checkPlaintextSize(destination, algorithm, plaintext)
  if (input.DryRun) throw dryRunOperation()
  return {
    CiphertextBlob: await sealWith(destination, algorithm, plaintext, input.DestinationEncryptionContext),
    SourceKeyId: source.key.arn,
    KeyId: destination.arn,
    SourceEncryptionAlgorithm: source.algorithm,
    DestinationEncryptionAlgorithm: algorithm,
  }
}

/**
 * GenerateDataKeyPair and GenerateDataKeyPairWithoutPlaintext: a new key pair per call (made in
 * ../asymmetric/data-key-pair.ts, loaded on the first such call), its private key sealed under a
 * symmetric encryption key as GenerateDataKey seals a data key, so Decrypt of PrivateKeyCiphertextBlob
 * (with the same EncryptionContext) returns the DER PKCS #8 private key.
 */
import { sealCiphertext } from '../ciphertext'
import { dryRunOperation } from '../errors'
import { assertSymmetric } from '../key-state'
import type { KmsContext } from '../store'
import type {
  GenerateDataKeyPairRequest,
  GenerateDataKeyPairResponse,
  GenerateDataKeyPairWithoutPlaintextRequest,
  GenerateDataKeyPairWithoutPlaintextResponse,
} from '../wire.gen'
import { sm2Unsupported, usableKey } from './crypto'

async function keyPair(input: GenerateDataKeyPairRequest | GenerateDataKeyPairWithoutPlaintextRequest, ctx: KmsContext, operation: string) {
  const key = usableKey(ctx, input.KeyId)
  assertSymmetric(key, operation)
  if (input.KeyPairSpec === 'SM2') throw sm2Unsupported()
  if (input.DryRun) throw dryRunOperation()
  const { privateKey, publicKey } = await (await import('../asymmetric/data-key-pair')).generateDataKeyPair(input.KeyPairSpec)
  return {
    PrivateKeyCiphertextBlob: sealCiphertext(key, privateKey, input.EncryptionContext),
    privateKey,
    PublicKey: publicKey,
    KeyId: key.arn,
    KeyPairSpec: input.KeyPairSpec,
  }
}

export async function generateDataKeyPair(input: GenerateDataKeyPairRequest, ctx: KmsContext): Promise<GenerateDataKeyPairResponse> {
  const { privateKey, ...out } = await keyPair(input, ctx, 'GenerateDataKeyPair')
  return { ...out, PrivateKeyPlaintext: privateKey }
}

export async function generateDataKeyPairWithoutPlaintext(
  input: GenerateDataKeyPairWithoutPlaintextRequest,
  ctx: KmsContext,
): Promise<GenerateDataKeyPairWithoutPlaintextResponse> {
  const { privateKey: _, ...out } = await keyPair(input, ctx, 'GenerateDataKeyPairWithoutPlaintext')
  return out
}

/** Encrypt, Decrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext, GenerateRandom (see ciphertext.ts for the blob). */
import { randomBytes } from '../../protocol/ids'
import { createAwsManagedKey } from '../aws-managed'
import { ciphertextKeyArn, openCiphertext, sealCiphertext } from '../ciphertext'
import { dryRunOperation, incorrectKey, invalidCiphertext, invalidKeyUsage, validation } from '../errors'
import type { KmsKey } from '../key'
import { assertSymmetric, assertUsable } from '../key-state'
import { resolveKey, type KmsContext } from '../store'
import type {
  DecryptRequest,
  DecryptResponse,
  EncryptRequest,
  EncryptResponse,
  GenerateDataKeyRequest,
  GenerateDataKeyResponse,
  GenerateDataKeyWithoutPlaintextRequest,
  GenerateDataKeyWithoutPlaintextResponse,
  GenerateRandomRequest,
  GenerateRandomResponse,
} from '../wire.gen'

function usableKey(ctx: KmsContext, keyId: string): KmsKey {
  const { key } = resolveKey(ctx, keyId, { aliases: true, createAwsManaged: createAwsManagedKey(ctx) })
  assertUsable(key)
  return key
}

function checkAlgorithm(key: KmsKey, algorithm: string, operation: string): void {
  if (key.keyUsage !== 'ENCRYPT_DECRYPT') {
    throw invalidKeyUsage(`${key.arn} key usage is ${key.keyUsage} which is not valid for ${operation}.`)
  }
  const symmetric = key.keySpec === 'SYMMETRIC_DEFAULT'
  if (symmetric !== (algorithm === 'SYMMETRIC_DEFAULT')) {
    throw invalidKeyUsage(`The encryption algorithm ${algorithm} is not valid for ${key.arn} with key spec ${key.keySpec}.`)
  }
}

export function encrypt(input: EncryptRequest, ctx: KmsContext): EncryptResponse {
  const key = usableKey(ctx, input.KeyId)
  const algorithm = input.EncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT'
  checkAlgorithm(key, algorithm, 'Encrypt')
  if (input.DryRun) throw dryRunOperation()
  return {
    CiphertextBlob: sealCiphertext(key.arn, key.secret, input.Plaintext, input.EncryptionContext),
    KeyId: key.arn,
    EncryptionAlgorithm: algorithm,
  }
}

export function decrypt(input: DecryptRequest, ctx: KmsContext): DecryptResponse {
  const arn = ciphertextKeyArn(input.CiphertextBlob)
  if (arn === undefined) throw invalidCiphertext()
  let key: KmsKey
  try {
    key = resolveKey(ctx, arn, { aliases: false }).key
  } catch {
    throw invalidCiphertext(
      'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
    )
  }
  if (input.KeyId !== undefined) {
    const named = resolveKey(ctx, input.KeyId, { aliases: true, createAwsManaged: createAwsManagedKey(ctx) }).key
    if (named.arn !== key.arn) {
      throw incorrectKey('The key ID in the request does not identify a CMK that can perform this operation.')
    }
  }
  assertUsable(key)
  const algorithm = input.EncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT'
  checkAlgorithm(key, algorithm, 'Decrypt')
  const plaintext = openCiphertext(input.CiphertextBlob, key.secret, input.EncryptionContext)
  if (plaintext === undefined) throw invalidCiphertext()
  if (input.DryRun) throw dryRunOperation()
  return { KeyId: key.arn, Plaintext: plaintext, EncryptionAlgorithm: algorithm }
}

function dataKey(
  input: GenerateDataKeyRequest | GenerateDataKeyWithoutPlaintextRequest,
  ctx: KmsContext,
  operation: string,
): { key: KmsKey; plaintext: Uint8Array; blob: Uint8Array } {
  const key = usableKey(ctx, input.KeyId)
  assertSymmetric(key, operation)
  if ((input.NumberOfBytes === undefined) === (input.KeySpec === undefined)) {
    throw validation('Please specify either number of bytes or key spec.')
  }
  if (input.DryRun) throw dryRunOperation()
  const length = input.NumberOfBytes ?? (input.KeySpec === 'AES_128' ? 16 : 32)
  const plaintext = randomBytes(length)
  return { key, plaintext, blob: sealCiphertext(key.arn, key.secret, plaintext, input.EncryptionContext) }
}

export function generateDataKey(input: GenerateDataKeyRequest, ctx: KmsContext): GenerateDataKeyResponse {
  const { key, plaintext, blob } = dataKey(input, ctx, 'GenerateDataKey')
  return { CiphertextBlob: blob, Plaintext: plaintext, KeyId: key.arn }
}

export function generateDataKeyWithoutPlaintext(
  input: GenerateDataKeyWithoutPlaintextRequest,
  ctx: KmsContext,
): GenerateDataKeyWithoutPlaintextResponse {
  const { key, blob } = dataKey(input, ctx, 'GenerateDataKeyWithoutPlaintext')
  return { CiphertextBlob: blob, KeyId: key.arn }
}

export function generateRandom(input: GenerateRandomRequest): GenerateRandomResponse {
  if (input.NumberOfBytes === undefined) throw validation('NumberOfBytes is required.')
  return { Plaintext: randomBytes(input.NumberOfBytes) }
}

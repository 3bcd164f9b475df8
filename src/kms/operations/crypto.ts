/**
 * Encrypt, Decrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext, GenerateRandom, and the
 * checks and steps ReEncrypt shares with them. Symmetric keys use the mock's blob (ciphertext.ts);
 * RSA ENCRYPT_DECRYPT keys real RSAES-OAEP (../asymmetric/oaep.ts, loaded on the first such call).
 * An RSA ciphertext does not name its key, so Decrypt of one needs KeyId and EncryptionAlgorithm.
 * KMS does not bind an encryption context to an RSA ciphertext: one given with an RSA key is ignored.
 */
import { randomBytes } from '../../protocol/ids'
import { createAwsManagedKey } from '../aws-managed'
import { ciphertextKeyArn, openCiphertext, sealCiphertext } from '../ciphertext'
import { dryRunOperation, incorrectKey, invalidCiphertext, invalidKeyUsage, unsupportedOperation, validation } from '../errors'
import type { KmsKey } from '../key'
import { algorithmsOf } from '../key-metadata'
import { assertSymmetric, assertUsable } from '../key-state'
import { resolveKey, type KmsContext } from '../store'
import type {
  DecryptRequest,
  DecryptResponse,
  EncryptionAlgorithmSpec,
  EncryptRequest,
  EncryptResponse,
  GenerateDataKeyRequest,
  GenerateDataKeyResponse,
  GenerateDataKeyWithoutPlaintextRequest,
  GenerateDataKeyWithoutPlaintextResponse,
  GenerateRandomRequest,
  GenerateRandomResponse,
} from '../wire.gen'

const oaep = () => import('../asymmetric/oaep')

type EncryptionContext = EncryptRequest['EncryptionContext']

/** The key a call names (AWS managed aliases are made on first use), usable now. */
export function usableKey(ctx: KmsContext, keyId: string): KmsKey {
  const { key } = resolveKey(ctx, keyId, { aliases: true, createAwsManaged: createAwsManagedKey(ctx) })
  assertUsable(key)
  return key
}

/** KMS's refusal of a key made for another use than `operation`'s. */
export function checkUsage(key: KmsKey, usage: KmsKey['keyUsage'], operation: string): void {
  if (key.keyUsage !== usage) throw invalidKeyUsage(`${key.arn} key usage is ${key.keyUsage} which is not valid for ${operation}.`)
}

/** SM2 keys (China's Regions) can be created, not used. */
export const sm2Unsupported = () => unsupportedOperation('SM2 keys are not simulated by firehose-msw.')

/** KMS's checks that a key encrypts and decrypts with an algorithm. */
function checkAlgorithm(key: KmsKey, algorithm: string, operation: string): void {
  checkUsage(key, 'ENCRYPT_DECRYPT', operation)
  if (!(algorithmsOf(key.keySpec, key.keyUsage).EncryptionAlgorithms ?? []).includes(algorithm)) {
    throw invalidKeyUsage(`Algorithm ${algorithm} is incompatible with key spec ${key.keySpec}.`)
  }
  if (key.keySpec === 'SM2') throw sm2Unsupported()
}

/** The key Encrypt (or ReEncrypt's destination) names, checked for state, usage and algorithm. */
export function encryptingKey(ctx: KmsContext, keyId: string, algorithm: string, operation: string): KmsKey {
  const key = usableKey(ctx, keyId)
  checkAlgorithm(key, algorithm, operation)
  return key
}

/** RSAES-OAEP's limit on the plaintext: modulus bytes − 2 × hash bytes − 2 (RSA_2048 with SHA-256: 190). */
export function checkPlaintextSize(key: KmsKey, algorithm: string, plaintext: Uint8Array): void {
  if (!key.keySpec.startsWith('RSA_')) return
  const limit = Number(key.keySpec.slice('RSA_'.length)) / 8 - 2 * (algorithm === 'RSAES_OAEP_SHA_1' ? 20 : 32) - 2
  if (plaintext.length > limit) {
    throw validation(`Algorithm ${algorithm} and key spec ${key.keySpec} cannot encrypt data larger than ${limit} bytes.`)
  }
}

/** The ciphertext of a plaintext under a key `encryptingKey` accepted. */
export async function sealWith(key: KmsKey, algorithm: string, plaintext: Uint8Array, context: EncryptionContext): Promise<Uint8Array> {
  if (key.keySpec === 'SYMMETRIC_DEFAULT') return sealCiphertext(key, plaintext, context)
  return (await oaep()).rsaEncrypt(key, algorithm, plaintext)
}

/** A ciphertext whose key and algorithm passed KMS's checks, and the way to its plaintext. */
export interface Source {
  key: KmsKey
  algorithm: EncryptionAlgorithmSpec
  /** The plaintext; InvalidCiphertextException when the ciphertext is not one of this key, algorithm and context. */
  open(): Promise<Uint8Array>
}

/**
 * The key that decrypts a ciphertext, checked as Decrypt checks it. A symmetric blob names its key:
 * a `keyId` naming another key is IncorrectKeyException. Any other ciphertext is taken to be an RSA
 * one, of the key `keyId` names (none named: InvalidCiphertextException, as for an unreadable blob).
 */
export function decryptingKey(
  ctx: KmsContext,
  request: { blob: Uint8Array; keyId?: string; algorithm?: EncryptionAlgorithmSpec; context?: EncryptionContext },
  operation: string,
): Source {
  const { blob, context } = request
  const algorithm = request.algorithm ?? 'SYMMETRIC_DEFAULT'
  const arn = ciphertextKeyArn(blob)
  if (arn === undefined) {
    if (request.keyId === undefined) throw invalidCiphertext()
    const key = usableKey(ctx, request.keyId)
    checkAlgorithm(key, algorithm, operation)
    return {
      key,
      algorithm,
      open: async () => {
        const plaintext = key.keySpec === 'SYMMETRIC_DEFAULT' ? undefined : await (await oaep()).rsaDecrypt(key, algorithm, blob)
        if (plaintext === undefined) throw invalidCiphertext()
        return plaintext
      },
    }
  }
  let key: KmsKey
  try {
    // A multi-Region key's ciphertext decrypts with the related key of this Region (same id and material).
    const local = /:key\/mrk-/.test(arn) ? arn.replace(/^(arn:[^:]+:kms:)[^:]+/, `$1${ctx.region}`) : arn
    key = resolveKey(ctx, local, { aliases: false }).key
  } catch (error) {
    // The key's policy refusing the caller is answered as such; a key that is not there, as the blob's fault.
    if ((error as { code?: string }).code === 'AccessDeniedException') throw error
    throw invalidCiphertext(
      'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
    )
  }
  if (request.keyId !== undefined) {
    const named = resolveKey(ctx, request.keyId, { aliases: true, createAwsManaged: createAwsManagedKey(ctx) }).key
    if (named.arn !== key.arn) {
      throw incorrectKey('The key ID in the request does not identify a CMK that can perform this operation.')
    }
  }
  assertUsable(key)
  checkAlgorithm(key, algorithm, operation)
  return {
    key,
    algorithm,
    open: async () => {
      const plaintext = openCiphertext(blob, key, context)
      if (plaintext === undefined) throw invalidCiphertext()
      return plaintext
    },
  }
}

export async function encrypt(input: EncryptRequest, ctx: KmsContext): Promise<EncryptResponse> {
  const algorithm = input.EncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT'
  const key = encryptingKey(ctx, input.KeyId, algorithm, 'Encrypt')
  checkPlaintextSize(key, algorithm, input.Plaintext)
  if (input.DryRun) throw dryRunOperation()
  return {
    CiphertextBlob: await sealWith(key, algorithm, input.Plaintext, input.EncryptionContext),
    KeyId: key.arn,
    EncryptionAlgorithm: algorithm,
  }
}

export async function decrypt(input: DecryptRequest, ctx: KmsContext): Promise<DecryptResponse> {
  const source = decryptingKey(
    ctx,
    { blob: input.CiphertextBlob, keyId: input.KeyId, algorithm: input.EncryptionAlgorithm, context: input.EncryptionContext },
    'Decrypt',
  )
  const plaintext = await source.open()
  if (input.DryRun) throw dryRunOperation()
  return { KeyId: source.key.arn, Plaintext: plaintext, EncryptionAlgorithm: source.algorithm }
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
  return { key, plaintext, blob: sealCiphertext(key, plaintext, input.EncryptionContext) }
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

/**
 * Sign, Verify and GetPublicKey (asymmetric SIGN_VERIFY keys), GenerateMac and VerifyMac (HMAC
 * keys): KMS's checks here, the cryptography in ../asymmetric, loaded on the first such call.
 */
import { dryRunOperation, invalidKeyUsage, kmsErrors, validation } from '../errors'
import type { KmsKey } from '../key'
import { algorithmsOf } from '../key-metadata'
import { assertUsable } from '../key-state'
import { resolveKey, type KmsContext } from '../store'
import { checkUsage, sm2Unsupported } from './crypto'
import type {
  GenerateMacRequest,
  GenerateMacResponse,
  GetPublicKeyRequest,
  GetPublicKeyResponse,
  SignRequest,
  SignResponse,
  VerifyMacRequest,
  VerifyMacResponse,
  VerifyRequest,
  VerifyResponse,
} from '../wire.gen'

const crypto = () => import('../asymmetric/sign')

/** The key a call names, usable now and made for `usage`. */
function keyFor(ctx: KmsContext, keyId: string, operation: string, usage: KmsKey['keyUsage']): KmsKey {
  const { key } = resolveKey(ctx, keyId, { aliases: true })
  assertUsable(key)
  checkUsage(key, usage, operation)
  return key
}

const incompatible = (algorithm: string, key: KmsKey) =>
  invalidKeyUsage(`Algorithm ${algorithm} is incompatible with key spec ${key.keySpec}.`)

/** KMS's checks of a signing algorithm and, for DIGEST, the digest's length. */
function checkSigning(key: KmsKey, input: SignRequest | VerifyRequest): boolean {
  const { SigningAlgorithm: algorithm } = input
  if (!(algorithmsOf(key.keySpec, key.keyUsage).SigningAlgorithms ?? []).includes(algorithm)) throw incompatible(algorithm, key)
  if (key.keySpec === 'SM2') throw sm2Unsupported()
  const digest = input.MessageType === 'DIGEST'
  if (digest && input.Message.length !== Number(algorithm.slice(-3)) / 8) {
    throw validation(`Digest is invalid length for algorithm ${algorithm}.`)
  }
  if (input.DryRun) throw dryRunOperation()
  return digest
}

export async function sign(input: SignRequest, ctx: KmsContext): Promise<SignResponse> {
  const key = keyFor(ctx, input.KeyId, 'Sign', 'SIGN_VERIFY')
  const digest = checkSigning(key, input)
  const Signature = await (await crypto()).sign(key, input.SigningAlgorithm, digest, input.Message)
  return { KeyId: key.arn, Signature, SigningAlgorithm: input.SigningAlgorithm }
}

export async function verify(input: VerifyRequest, ctx: KmsContext): Promise<VerifyResponse> {
  const key = keyFor(ctx, input.KeyId, 'Verify', 'SIGN_VERIFY')
  const digest = checkSigning(key, input)
  // KMS answers an invalid signature with an error (and no message), never SignatureValid: false.
  if (!(await (await crypto()).verify(key, input.SigningAlgorithm, digest, input.Message, input.Signature))) {
    throw kmsErrors.error('KMSInvalidSignatureException')
  }
  return { KeyId: key.arn, SignatureValid: true, SigningAlgorithm: input.SigningAlgorithm }
}

export async function getPublicKey(input: GetPublicKeyRequest, ctx: KmsContext): Promise<GetPublicKeyResponse> {
  const { key } = resolveKey(ctx, input.KeyId, { aliases: true })
  assertUsable(key)
  if (key.keySpec === 'SYMMETRIC_DEFAULT' || key.keySpec.startsWith('HMAC_')) throw kmsErrors.error('UnsupportedOperationException')
  if (key.keySpec === 'SM2') throw sm2Unsupported()
  return {
    KeyId: key.arn,
    PublicKey: await (await crypto()).publicKey(key),
    CustomerMasterKeySpec: key.keySpec as GetPublicKeyResponse['CustomerMasterKeySpec'],
    KeySpec: key.keySpec,
    KeyUsage: key.keyUsage,
    ...(algorithmsOf(key.keySpec, key.keyUsage) as Pick<GetPublicKeyResponse, 'SigningAlgorithms' | 'EncryptionAlgorithms'>),
  }
}

function macKey(ctx: KmsContext, input: GenerateMacRequest | VerifyMacRequest, operation: string): KmsKey {
  const key = keyFor(ctx, input.KeyId, operation, 'GENERATE_VERIFY_MAC')
  if (input.MacAlgorithm !== `HMAC_SHA_${key.keySpec.slice('HMAC_'.length)}`) throw incompatible(input.MacAlgorithm, key)
  if (input.DryRun) throw dryRunOperation()
  return key
}

export async function generateMac(input: GenerateMacRequest, ctx: KmsContext): Promise<GenerateMacResponse> {
  const key = macKey(ctx, input, 'GenerateMac')
  return { Mac: await (await crypto()).mac(key, input.MacAlgorithm, input.Message), MacAlgorithm: input.MacAlgorithm, KeyId: key.arn }
}

export async function verifyMac(input: VerifyMacRequest, ctx: KmsContext): Promise<VerifyMacResponse> {
  const key = macKey(ctx, input, 'VerifyMac')
  const expected = await (await crypto()).mac(key, input.MacAlgorithm, input.Message)
  let difference = expected.length ^ input.Mac.length
  for (let i = 0; i < expected.length; i++) difference |= expected[i]! ^ (input.Mac[i] ?? 0)
  if (difference !== 0) throw kmsErrors.error('KMSInvalidMacException')
  return { KeyId: key.arn, MacValid: true, MacAlgorithm: input.MacAlgorithm }
}

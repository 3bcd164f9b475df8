/**
 * RSA encryption of KMS's RSA ENCRYPT_DECRYPT keys: RSAES-OAEP (RFC 8017) with SHA-1 or SHA-256
 * (MGF1 with the same hash, no label) through WebCrypto, over the key's material (material.ts).
 * The ciphertext is the bare RSA ciphertext, as long as the modulus, like KMS's: anyone holding
 * the public key from GetPublicKey can make one that Decrypt opens. Loaded on the first such call.
 */
import type { KeyMaterial, KmsKey } from '../types'
import { materialOf } from './material'
import { oaepDecrypt, oaepEncrypt } from './rsa-digest'

type RsaMaterial = Extract<KeyMaterial, { kind: 'rsa' }>

/** RSAES_OAEP_SHA_1 → SHA-1, RSAES_OAEP_SHA_256 → SHA-256. */
const hashOf = (algorithm: string): string => (algorithm === 'RSAES_OAEP_SHA_1' ? 'SHA-1' : 'SHA-256')

async function rsaMaterial(key: KmsKey): Promise<RsaMaterial> {
  const material = await materialOf(key)
  if (material.kind !== 'rsa') throw new Error(`no RSA encryption with ${key.keySpec}`)
  return material
}

/** The RSA-OAEP ciphertext of a plaintext KMS's limit for the key spec and algorithm allows. */
export async function rsaEncrypt(key: KmsKey, algorithm: string, plaintext: Uint8Array): Promise<Uint8Array> {
  return oaepEncrypt((await rsaMaterial(key)).jwk, hashOf(algorithm) === 'SHA-1' ? 20 : 32, plaintext)
}

/** The plaintext of an RSA-OAEP ciphertext, or undefined when it is not one under this key and algorithm. */
export async function rsaDecrypt(key: KmsKey, algorithm: string, ciphertext: Uint8Array): Promise<Uint8Array | undefined> {
  return oaepDecrypt((await rsaMaterial(key)).jwk, hashOf(algorithm) === 'SHA-1' ? 20 : 32, ciphertext)
}

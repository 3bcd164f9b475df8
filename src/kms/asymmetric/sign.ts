/**
 * Sign, Verify, GenerateMac and VerifyMac over a key's material (material.ts), loaded on the first
 * such call. Messages (RAW) are hashed and signed by WebCrypto for RSA; digests (DIGEST) with
 * rsa-digest.ts; ECDSA (every curve, both message types) with @noble/curves, DER-encoded as KMS
 * returns it and without normalising S (KMS does not). MACs with @noble/hashes (WebCrypto has no
 * SHA-224).
 */
import { hmac } from '@noble/hashes/hmac.js'
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js'
import type { KeyMaterial, KmsKey } from '../types'
import { CURVES, materialOf, rsaCryptoKey, type CurveSpec } from './material'
import { HASHES, signDigest, verifyDigest } from './rsa-digest'

/** What a signing algorithm is: its family and its hash's length in bytes. */
export function signingAlgorithm(name: string): { family: 'pss' | 'pkcs1' | 'ecdsa'; bytes: number } {
  const bytes = Number(name.slice(-3)) / 8
  return { family: name.startsWith('RSASSA_PSS') ? 'pss' : name.startsWith('RSASSA_PKCS1') ? 'pkcs1' : 'ecdsa', bytes }
}

const rsaKey = (material: Extract<KeyMaterial, { kind: 'rsa' }>, family: 'pss' | 'pkcs1', bytes: number, use: 'sign' | 'verify') =>
  rsaCryptoKey(material, { name: family === 'pss' ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5', hash: `SHA-${bytes * 8}` }, use)

const rsaParams = (family: 'pss' | 'pkcs1', bytes: number) =>
  family === 'pss' ? { name: 'RSA-PSS', saltLength: bytes } : { name: 'RSASSA-PKCS1-v1_5' }

/** The signature of a message or digest, as KMS's Sign returns it. */
export async function sign(key: KmsKey, algorithmName: string, digest: boolean, message: Uint8Array): Promise<Uint8Array> {
  const material = await materialOf(key)
  const { family, bytes } = signingAlgorithm(algorithmName)
  if (material.kind === 'ec') {
    const hashed = digest ? message : HASHES[bytes]!(message)
    return CURVES[key.keySpec as CurveSpec].curve.sign(hashed, material.secret, { prehash: false, lowS: false, format: 'der' })
  }
  if (material.kind !== 'rsa' || family === 'ecdsa') throw new Error(`no signing with ${algorithmName} on ${key.keySpec}`)
  if (digest) return signDigest(material.jwk, family, message)
  const signer = await rsaKey(material, family, bytes, 'sign')
  return new Uint8Array(await crypto.subtle.sign(rsaParams(family, bytes), signer, message as BufferSource))
}

/** Whether `signature` is a valid signature of the message or digest. */
export async function verify(
  key: KmsKey,
  algorithmName: string,
  digest: boolean,
  message: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  const material = await materialOf(key)
  const { family, bytes } = signingAlgorithm(algorithmName)
  if (material.kind === 'ec') {
    const { curve } = CURVES[key.keySpec as CurveSpec]
    const hashed = digest ? message : HASHES[bytes]!(message)
    try {
      return curve.verify(signature, hashed, curve.getPublicKey(material.secret, false), { prehash: false, lowS: false, format: 'der' })
    } catch {
      return false // not a DER signature
    }
  }
  if (material.kind !== 'rsa' || family === 'ecdsa') return false
  if (digest) return verifyDigest(material.jwk, family, message, signature)
  const verifier = await rsaKey(material, family, bytes, 'verify')
  return crypto.subtle.verify(rsaParams(family, bytes), verifier, signature as BufferSource, message as BufferSource)
}

const MAC_HASHES = { HMAC_SHA_224: sha224, HMAC_SHA_256: sha256, HMAC_SHA_384: sha384, HMAC_SHA_512: sha512 }

/** The HMAC of a message with the key's secret. */
export async function mac(key: KmsKey, algorithm: keyof typeof MAC_HASHES, message: Uint8Array): Promise<Uint8Array> {
  const material = await materialOf(key)
  if (material.kind !== 'hmac') throw new Error(`no MAC with ${key.keySpec}`)
  return hmac(MAC_HASHES[algorithm], material.secret, message)
}

/** The DER SubjectPublicKeyInfo of an asymmetric key. */
export async function publicKey(key: KmsKey): Promise<Uint8Array> {
  const material = await materialOf(key)
  if (material.kind === 'hmac') throw new Error('an HMAC key has no public key')
  return material.spki
}

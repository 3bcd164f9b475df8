/**
 * Key material of asymmetric and HMAC keys, made on a key's first use and kept on the key (plain
 * data, so snapshots carry it): RSA keys through WebCrypto (`crypto.subtle`), elliptic-curve keys
 * and HMAC secrets with @noble (the curves WebCrypto lacks, and signing of a given digest, which
 * WebCrypto cannot do). Public keys are DER SubjectPublicKeyInfo, as GetPublicKey returns them.
 */
import { p256, p384, p521 } from '@noble/curves/nist.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { randomBytes } from '../../protocol/ids'
import { concat } from './rsa-digest'
import type { KeyMaterial, KmsKey } from '../types'

/** ECDSA per key spec: the curve, its OID (dotted) and its hash's length in bytes. */
export const CURVES = {
  ECC_NIST_P256: { curve: p256, oid: [1, 2, 840, 10045, 3, 1, 7], hashBytes: 32 },
  ECC_NIST_P384: { curve: p384, oid: [1, 3, 132, 0, 34], hashBytes: 48 },
  ECC_NIST_P521: { curve: p521, oid: [1, 3, 132, 0, 35], hashBytes: 64 },
  ECC_SECG_P256K1: { curve: secp256k1, oid: [1, 3, 132, 0, 10], hashBytes: 32 },
} as const
export type CurveSpec = keyof typeof CURVES

/** id-ecPublicKey, the algorithm of EC keys in SubjectPublicKeyInfo and PKCS #8. */
export const EC_PUBLIC_KEY = [1, 2, 840, 10045, 2, 1]

/** A DER element: tag, length, content. */
export function der(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const length = parts.reduce((n, part) => n + part.length, 0)
  const head = length < 0x80 ? [tag, length] : length < 0x100 ? [tag, 0x81, length] : [tag, 0x82, length >> 8, length & 0xff]
  return concat(new Uint8Array(head), ...parts)
}

/** A DER OBJECT IDENTIFIER. */
export function oid(arcs: readonly number[]): Uint8Array {
  const bytes = [40 * arcs[0]! + arcs[1]!]
  for (const arc of arcs.slice(2)) {
    const base128 = [arc & 0x7f]
    for (let rest = arc >> 7; rest > 0; rest >>= 7) base128.unshift((rest & 0x7f) | 0x80)
    bytes.push(...base128)
  }
  return der(0x06, new Uint8Array(bytes))
}

/** SubjectPublicKeyInfo of an uncompressed EC point. */
export function ecSpki(spec: CurveSpec, point: Uint8Array): Uint8Array {
  const algorithm = der(0x30, oid(EC_PUBLIC_KEY), oid(CURVES[spec].oid))
  return der(0x30, algorithm, der(0x03, new Uint8Array([0]), point))
}

const HMAC_BYTES: Record<string, number> = { HMAC_224: 28, HMAC_256: 32, HMAC_384: 48, HMAC_512: 64 }

/** Makes material of a key of this spec (RSA asynchronously, through WebCrypto). */
async function makeMaterial(keySpec: string): Promise<KeyMaterial> {
  if (keySpec in CURVES) {
    const { curve } = CURVES[keySpec as CurveSpec]
    const secret = curve.utils.randomSecretKey()
    return { kind: 'ec', secret, spki: ecSpki(keySpec as CurveSpec, curve.getPublicKey(secret, false)) }
  }
  if (keySpec.startsWith('HMAC_')) return { kind: 'hmac', secret: randomBytes(HMAC_BYTES[keySpec] ?? 32) }
  const bits = Number(keySpec.slice('RSA_'.length))
  const pair = (await crypto.subtle.generateKey(
    { name: 'RSA-PSS', modulusLength: bits, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair
  const jwk = await crypto.subtle.exportKey('jwk', pair.privateKey)
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey))
  const { n, e, d, p, q, dp, dq, qi } = jwk as Record<string, string>
  return { kind: 'rsa', jwk: { n: n!, e: e!, d: d!, p: p!, q: q!, dp: dp!, dq: dq!, qi: qi! }, spki }
}

/** Keys whose material is being made: two first uses at once make it once. */
const making = new WeakMap<KmsKey, Promise<KeyMaterial>>()

/** The key's material, made and kept on first use. */
export function materialOf(key: KmsKey): Promise<KeyMaterial> {
  if (key.material) return Promise.resolve(key.material)
  let pending = making.get(key)
  if (!pending) {
    pending = makeMaterial(key.keySpec).then(
      (material) => (key.material ??= material),
      (error: unknown) => {
        making.delete(key) // the next use tries again
        throw error
      },
    )
    making.set(key, pending)
  }
  return pending
}

/** WebCrypto keys imported from a material, by algorithm and use. */
const imported = new WeakMap<KeyMaterial, Map<string, Promise<CryptoKey>>>()

/**
 * An RSA material's key for WebCrypto (`algorithm` names its scheme and hash), imported once:
 * the private key from its JWK members to sign, the public key from its SPKI to verify.
 */
export function rsaCryptoKey(
  material: Extract<KeyMaterial, { kind: 'rsa' }>,
  algorithm: { name: string; hash: string },
  use: 'sign' | 'verify',
): Promise<CryptoKey> {
  let keys = imported.get(material)
  if (!keys) imported.set(material, (keys = new Map()))
  const id = `${algorithm.name}/${algorithm.hash}/${use}`
  let key = keys.get(id)
  if (!key) {
    key =
      use === 'sign'
        ? crypto.subtle.importKey('jwk', { kty: 'RSA', ...material.jwk }, algorithm, false, [use])
        : crypto.subtle.importKey('spki', material.spki as BufferSource, algorithm, false, [use])
    keys.set(id, key)
  }
  return key
}

/**
 * RSA signatures over a digest the caller computed (Sign and Verify with MessageType DIGEST):
 * WebCrypto always hashes the message itself, so these encode the digest as PKCS #1 (RFC 8017,
 * EMSA-PKCS1-v1_5 and EMSA-PSS with MGF1 and a salt as long as the hash) and apply the key with
 * BigInt arithmetic. Signatures of a message (RAW) go through WebCrypto (sign.ts).
 */
import { sha1 } from '@noble/hashes/legacy.js'
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js'
import { randomBytes } from '../../protocol/ids'

type Hash = (data: Uint8Array) => Uint8Array
export const HASHES: Record<number, Hash> = { 32: sha256, 48: sha384, 64: sha512 }

/** DigestInfo's DER prefix before the digest, by digest length (SHA-256, SHA-384, SHA-512). */
const DIGEST_INFO: Record<number, string> = {
  32: '3031300d060960864801650304020105000420',
  48: '3041300d060960864801650304020205000430',
  64: '3051300d060960864801650304020305000440',
}

const fromBase64Url = (text: string): bigint => {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
  let hex = ''
  for (let i = 0; i < binary.length; i++) hex += binary.charCodeAt(i).toString(16).padStart(2, '0')
  return BigInt(`0x${hex || '0'}`)
}
const toBytes = (value: bigint, length: number): Uint8Array => {
  const hex = value.toString(16).padStart(length * 2, '0')
  const out = new Uint8Array(length)
  for (let i = 0; i < length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return out
}
const toBigInt = (bytes: Uint8Array): bigint => BigInt(`0x${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('') || '0'}`)

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n
  let b = base % modulus
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus
    b = (b * b) % modulus
  }
  return result
}

/** The bytes of `parts`, one after another. */
export const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

function mgf1(hash: Hash, seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length)
  for (let counter = 0, at = 0; at < length; counter++) {
    const block = hash(concat(seed, toBytes(BigInt(counter), 4)))
    out.set(block.subarray(0, Math.min(block.length, length - at)), at)
    at += block.length
  }
  return out
}

export interface RsaJwk {
  n: string
  e: string
  d: string
  p: string
  q: string
  dp: string
  dq: string
  qi: string
}

const modulusBits = (n: bigint): number => n.toString(2).length

/** EMSA-PKCS1-v1_5 of a digest, `k` bytes long. */
function pkcs1Encoding(digest: Uint8Array, k: number): Uint8Array {
  const info = Uint8Array.from(DIGEST_INFO[digest.length]!.match(/../g)!.map((h) => Number.parseInt(h, 16)))
  const padding = new Uint8Array(k - info.length - digest.length - 3).fill(0xff)
  return concat(new Uint8Array([0, 1]), padding, new Uint8Array([0]), info, digest)
}

/** EMSA-PSS of a digest with a salt of the hash's length, for a modulus of `bits`. */
function pssEncoding(digest: Uint8Array, bits: number, salt: Uint8Array): Uint8Array {
  const hash = HASHES[digest.length]!
  const emBits = bits - 1
  const emLen = Math.ceil(emBits / 8)
  const h = hash(concat(new Uint8Array(8), digest, salt))
  const db = concat(new Uint8Array(emLen - salt.length - h.length - 2), new Uint8Array([1]), salt)
  const masked = mgf1(hash, h, db.length).map((m, i) => m ^ db[i]!)
  masked[0]! &= 0xff >> (8 * emLen - emBits)
  return concat(masked, h, new Uint8Array([0xbc]))
}

/** Whether `em` is the EMSA-PSS encoding of `digest` (any salt of the hash's length). */
function pssMatches(em: Uint8Array, digest: Uint8Array, bits: number): boolean {
  const hash = HASHES[digest.length]!
  const emBits = bits - 1
  if (em.length !== Math.ceil(emBits / 8) || em[em.length - 1] !== 0xbc) return false
  const masked = em.subarray(0, em.length - digest.length - 1)
  const h = em.subarray(masked.length, em.length - 1)
  if ((masked[0]! & ~(0xff >> (8 * em.length - emBits))) !== 0) return false
  const db = mgf1(hash, h, masked.length).map((m, i) => m ^ masked[i]!)
  db[0]! &= 0xff >> (8 * em.length - emBits)
  const saltAt = db.length - digest.length
  if (db[saltAt - 1] !== 1 || db.subarray(0, saltAt - 1).some((b) => b !== 0)) return false
  const expected = hash(concat(new Uint8Array(8), digest, db.subarray(saltAt)))
  return expected.every((b, i) => b === h[i])
}

/** A PKCS #1 v1.5 or PSS signature of a digest with the private key. */
/** The RSA private-key operation on `input` (CRT: two half-size exponentiations), `k` bytes long. */
function privateOp(jwk: RsaJwk, input: bigint): { out: Uint8Array; bits: number } {
  const [n, p, q, dp, dq, qi] = [jwk.n, jwk.p, jwk.q, jwk.dp, jwk.dq, jwk.qi].map(fromBase64Url) as [
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
  ]
  const bits = modulusBits(n)
  const m1 = modPow(input, dp, p)
  const m2 = modPow(input, dq, q)
  const h = (qi * (((m1 - m2) % p) + p)) % p
  return { out: toBytes(m2 + h * q, Math.ceil(bits / 8)), bits }
}

/** A PKCS #1 v1.5 or PSS signature of a digest with the private key. */
export function signDigest(jwk: RsaJwk, scheme: 'pkcs1' | 'pss', digest: Uint8Array): Uint8Array {
  const bits = modulusBits(fromBase64Url(jwk.n))
  const k = Math.ceil(bits / 8)
  const em = scheme === 'pkcs1' ? pkcs1Encoding(digest, k) : pssEncoding(digest, bits, randomBytes(digest.length))
  return privateOp(jwk, toBigInt(em)).out
}

/** RSAES-OAEP encryption (RFC 8017 §7.1.1, empty label, MGF1 with the same hash); the caller checks the size. */
export function oaepEncrypt(jwk: Pick<RsaJwk, 'n' | 'e'>, hashBytes: 20 | 32, message: Uint8Array): Uint8Array {
  const hash = hashBytes === 20 ? sha1 : sha256
  const n = fromBase64Url(jwk.n)
  const k = Math.ceil(modulusBits(n) / 8)
  const db = concat(hash(new Uint8Array(0)), new Uint8Array(k - message.length - 2 * hashBytes - 2), new Uint8Array([1]), message)
  const seed = randomBytes(hashBytes)
  const maskedDb = mgf1(hash, seed, db.length).map((m, i) => m ^ db[i]!)
  const maskedSeed = mgf1(hash, maskedDb, hashBytes).map((m, i) => m ^ seed[i]!)
  const em = concat(new Uint8Array([0]), maskedSeed, maskedDb)
  return toBytes(modPow(toBigInt(em), fromBase64Url(jwk.e), n), k)
}

/**
 * RSAES-OAEP decryption (RFC 8017 §7.1.2, empty label, MGF1 with the same hash): the plaintext, or
 * undefined for anything that is not a ciphertext of this key. Both directions are done here rather
 * than through WebCrypto, whose RSA-OAEP aborts Node 22's process in some runs.
 */
export function oaepDecrypt(jwk: RsaJwk, hashBytes: 20 | 32, ciphertext: Uint8Array): Uint8Array | undefined {
  const hash = hashBytes === 20 ? sha1 : sha256
  const n = fromBase64Url(jwk.n)
  const k = Math.ceil(modulusBits(n) / 8)
  const c = toBigInt(ciphertext)
  if (ciphertext.length !== k || c >= n || k < 2 * hashBytes + 2) return undefined
  const em = privateOp(jwk, c).out
  const maskedSeed = em.subarray(1, 1 + hashBytes)
  const maskedDb = em.subarray(1 + hashBytes)
  const seed = mgf1(hash, maskedDb, hashBytes).map((m, i) => m ^ maskedSeed[i]!)
  const db = mgf1(hash, seed, maskedDb.length).map((m, i) => m ^ maskedDb[i]!)
  const labelHash = hash(new Uint8Array(0))
  let at = hashBytes
  while (at < db.length && db[at] === 0) at++
  const ok = em[0] === 0 && labelHash.every((b, i) => b === db[i]) && db[at] === 1
  return ok ? db.slice(at + 1) : undefined
}

/** Whether `signature` is a PKCS #1 v1.5 or PSS signature of `digest` under the public key. */
export function verifyDigest(jwk: Pick<RsaJwk, 'n' | 'e'>, scheme: 'pkcs1' | 'pss', digest: Uint8Array, signature: Uint8Array): boolean {
  const n = fromBase64Url(jwk.n)
  const bits = modulusBits(n)
  const k = Math.ceil(bits / 8)
  if (signature.length !== k) return false
  const s = toBigInt(signature)
  if (s >= n) return false
  const m = modPow(s, fromBase64Url(jwk.e), n)
  if (scheme === 'pkcs1') {
    const expected = pkcs1Encoding(digest, k)
    return toBytes(m, k).every((b, i) => b === expected[i])
  }
  const emLen = Math.ceil((bits - 1) / 8)
  return m < 1n << BigInt(8 * emLen) && pssMatches(toBytes(m, emLen), digest, bits)
}

/**
 * The mock's ciphertext blob, and the key materials it is made with. Not real cryptography — a
 * stand-in with the properties tests rely on: the blob names its key (Decrypt needs no KeyId), the
 * plaintext is not readable in it, and an HMAC-SHA-256 tag over the blob and the encryption context
 * makes any tampering or a different context fail with InvalidCiphertextException.
 *
 * Layout: 01 02 02 00 | arn length (1 byte) | key ARN (ASCII) | material (4 bytes) | nonce (12) | masked plaintext | tag (32)
 * The first bytes make blobs start with "AQICA" in base64, like real symmetric KMS ciphertexts.
 * `material` is the number of the key material the blob was made with (big-endian): a key gets new
 * material when it rotates and keeps the earlier ones (KeyRotation), so older blobs still decrypt.
 */
import { Sha256 } from '@aws-crypto/sha256-js'
import { randomBytes } from '../protocol/ids'
import type { KmsKey } from './types'

const HEADER = [0x01, 0x02, 0x02, 0x00]
const MATERIAL = 4
const NONCE = 12
const TAG = 32

function hmac(secret: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  const h = new Sha256(secret)
  for (const part of parts) h.update(part)
  return h.digestSync()
}

const utf8 = new TextEncoder()

/** An encryption context as a request carries it (a null value is kept, as readInput keeps it). */
type EncryptionContext = Record<string, string | null>

/** A canonical byte form of an encryption context: sorted keys, as JSON. */
function contextBytes(context: EncryptionContext | undefined): Uint8Array {
  const entries = Object.entries(context ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return utf8.encode(JSON.stringify(entries))
}

function mask(secret: Uint8Array, nonce: Uint8Array, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length)
  const counter = new Uint8Array(4)
  for (let block = 0; block * 32 < data.length; block++) {
    new DataView(counter.buffer).setUint32(0, block)
    const stream = hmac(secret, nonce, counter)
    for (let i = 0; i < 32 && block * 32 + i < data.length; i++) out[block * 32 + i] = data[block * 32 + i]! ^ stream[i]!
  }
  return out
}

/** Material number `index` of the key, or undefined when it has no such material. */
function materialOf(key: KmsKey, index: number): Uint8Array | undefined {
  const rotations = key.rotation?.rotations ?? []
  return index === rotations.length ? key.secret : rotations[index]?.retired
}

/** A blob of the plaintext under the key's current material. */
export function sealCiphertext(key: KmsKey, plaintext: Uint8Array, context: EncryptionContext | undefined): Uint8Array {
  const arn = utf8.encode(key.arn)
  const nonce = randomBytes(NONCE)
  const nonceAt = HEADER.length + 1 + arn.length + MATERIAL
  const body = new Uint8Array(nonceAt + NONCE + plaintext.length)
  body.set(HEADER, 0)
  body[HEADER.length] = arn.length
  body.set(arn, HEADER.length + 1)
  new DataView(body.buffer).setUint32(nonceAt - MATERIAL, key.rotation?.rotations.length ?? 0)
  body.set(nonce, nonceAt)
  body.set(mask(key.secret, nonce, plaintext), nonceAt + NONCE)
  const tag = hmac(key.secret, body, contextBytes(context))
  const blob = new Uint8Array(body.length + TAG)
  blob.set(body)
  blob.set(tag, body.length)
  return blob
}

/** The key ARN a blob names, or undefined when the blob is not one of ours. */
export function ciphertextKeyArn(blob: Uint8Array): string | undefined {
  if (blob.length < HEADER.length + 1 + MATERIAL + NONCE + TAG) return undefined
  if (HEADER.some((b, i) => blob[i] !== b)) return undefined
  const length = blob[HEADER.length]!
  if (blob.length < HEADER.length + 1 + length + MATERIAL + NONCE + TAG) return undefined
  return new TextDecoder().decode(blob.subarray(HEADER.length + 1, HEADER.length + 1 + length))
}

/**
 * The plaintext of a blob `ciphertextKeyArn` accepted, made with one of the key's materials; undefined
 * when the material is not the key's or the tag does not verify (tampered blob or other context).
 */
export function openCiphertext(blob: Uint8Array, key: KmsKey, context: EncryptionContext | undefined): Uint8Array | undefined {
  const nonceAt = HEADER.length + 1 + blob[HEADER.length]! + MATERIAL
  const secret = materialOf(key, new DataView(blob.buffer, blob.byteOffset, blob.byteLength).getUint32(nonceAt - MATERIAL))
  if (!secret) return undefined
  const body = blob.subarray(0, blob.length - TAG)
  const expected = hmac(secret, body, contextBytes(context))
  const tag = blob.subarray(blob.length - TAG)
  let diff = 0
  for (let i = 0; i < TAG; i++) diff |= expected[i]! ^ tag[i]!
  if (diff !== 0) return undefined
  return mask(secret, blob.subarray(nonceAt, nonceAt + NONCE), body.subarray(nonceAt + NONCE))
}

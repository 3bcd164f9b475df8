/** Identifiers without Node built-ins: `crypto.getRandomValues` exists in browsers, workers and Node ≥ 19. */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/** Fills `bytes` with random values (Web Crypto when present, otherwise Math.random). */
function fill(bytes: Uint8Array): Uint8Array {
  const webCrypto = (globalThis as { crypto?: { getRandomValues?: (b: Uint8Array) => Uint8Array } }).crypto
  if (webCrypto?.getRandomValues) return webCrypto.getRandomValues(bytes)
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256)
  return bytes
}

/**
 * Random bytes are drawn 4 KiB at a time and handed out in slices: a Web Crypto call costs
 * microseconds whatever its size, and every answer needs a request id.
 */
const POOL_SIZE = 4096
let pool: Uint8Array = new Uint8Array(0)
let taken = 0

/** `length` random bytes, in a new array. */
export function randomBytes(length: number): Uint8Array {
  if (length > POOL_SIZE) return fill(new Uint8Array(length))
  if (taken + length > pool.length) {
    pool = fill(new Uint8Array(POOL_SIZE))
    taken = 0
  }
  taken += length
  return pool.slice(taken - length, taken)
}

export function toHex(bytes: Uint8Array): string {
  let out = ''
  for (const b of bytes) out += HEX[b]
  return out
}

/** A version 4 UUID string. */
export function randomUuid(): string {
  const b = randomBytes(16)
  b[6] = (b[6]! & 0x0f) | 0x40
  b[8] = (b[8]! & 0x3f) | 0x80
  const h = toHex(b)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

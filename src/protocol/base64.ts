/** Strict base64 (RFC 4648 standard alphabet, padded) without Node's Buffer: the core runs in browsers. */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const DECODE = new Int16Array(128).fill(-1)
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i

/** Why a string is not canonical base64, in the words AWS's deserializer uses; undefined when it is. */
export function base64Problem(text: string): string | undefined {
  if (text.length % 4 !== 0) {
    return `Base64 encoded length is expected a multiple of 4 bytes but found: ${text.length}`
  }
  const n = text.length
  const pad = n === 0 ? 0 : text.charCodeAt(n - 1) !== 61 ? 0 : text.charCodeAt(n - 2) !== 61 ? 1 : 2
  for (let i = 0; i < n - pad; i++) {
    const c = text.charCodeAt(i)
    if (c >= 128 || DECODE[c]! < 0) return `Invalid Base64 character: '${text[i]}'`
  }
  if (pad > 0) {
    // The bits a padded group leaves unused must be zero, as in a canonical encoding.
    const last = DECODE[text.charCodeAt(n - pad - 1)]!
    if ((pad === 1 && (last & 0x03) !== 0) || (pad === 2 && (last & 0x0f) !== 0)) {
      return 'Invalid last non-pad Base64 character dectected'
    }
  }
  return undefined
}

/** Decodes canonical base64 (call `base64Problem` first). */
export function decodeBase64(text: string): Uint8Array {
  const n = text.length
  if (n === 0) return new Uint8Array(0)
  const pad = text.charCodeAt(n - 1) !== 61 ? 0 : text.charCodeAt(n - 2) !== 61 ? 1 : 2
  const out = new Uint8Array((n / 4) * 3 - pad)
  let o = 0
  let i = 0
  const full = n - (pad ? 4 : 0)
  for (; i < full; i += 4) {
    const v =
      (DECODE[text.charCodeAt(i)]! << 18) |
      (DECODE[text.charCodeAt(i + 1)]! << 12) |
      (DECODE[text.charCodeAt(i + 2)]! << 6) |
      DECODE[text.charCodeAt(i + 3)]!
    out[o++] = v >> 16
    out[o++] = (v >> 8) & 0xff
    out[o++] = v & 0xff
  }
  if (pad) {
    const v =
      (DECODE[text.charCodeAt(i)]! << 18) |
      (DECODE[text.charCodeAt(i + 1)]! << 12) |
      (pad === 1 ? DECODE[text.charCodeAt(i + 2)]! << 6 : 0)
    out[o++] = v >> 16
    if (pad === 1) out[o++] = (v >> 8) & 0xff
  }
  return out
}

/** Encodes bytes as padded standard base64. */
export function encodeBase64(bytes: Uint8Array): string {
  let out = ''
  const n = bytes.length
  let i = 0
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    out += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63]! + ALPHABET[(v >> 6) & 63]! + ALPHABET[v & 63]!
  }
  if (i < n) {
    const v = (bytes[i]! << 16) | ((i + 1 < n ? bytes[i + 1]! : 0) << 8)
    out += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63]!
    out += i + 1 < n ? ALPHABET[(v >> 6) & 63]! + '=' : '=='
  }
  return out
}

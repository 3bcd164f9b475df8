/** Strict base64 (RFC 4648 standard alphabet, padded) without Node's Buffer: the core runs in browsers. */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const DECODE = new Int16Array(128).fill(-1)
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i

/** Two characters at a time: PAIRS[(c1 << 7) | c2] is their 12 bits, or -1 when either is not base64. */
let PAIRS: Int16Array | undefined
function pairs(): Int16Array {
  if (!PAIRS) {
    PAIRS = new Int16Array(128 * 128).fill(-1)
    for (let a = 0; a < 64; a++) {
      for (let b = 0; b < 64; b++) PAIRS[(ALPHABET.charCodeAt(a) << 7) | ALPHABET.charCodeAt(b)] = (a << 6) | b
    }
  }
  return PAIRS
}

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

/** Decoded size of a base64 text of the right length (a multiple of 4), from its padding. */
export function decodedLength(text: string): number {
  const n = text.length
  if (n === 0) return 0
  const pad = text.charCodeAt(n - 1) !== 61 ? 0 : text.charCodeAt(n - 2) !== 61 ? 1 : 2
  return (n / 4) * 3 - pad
}

/**
 * Decodes base64 into `out` (which must hold `decodedLength(text)` bytes) in one pass, checking
 * it as it goes; returns false when the text is not canonical base64 (ask `base64Problem` why).
 */
export function decodeBase64Into(text: string, out: Uint8Array): boolean {
  const n = text.length
  if (n % 4 !== 0) return false
  if (n === 0) return true
  const pad = text.charCodeAt(n - 1) !== 61 ? 0 : text.charCodeAt(n - 2) !== 61 ? 1 : 2
  const full = n - (pad ? 4 : 0)
  const table = pairs()
  let o = 0
  let i = 0
  for (; i < full; i += 4) {
    const a = text.charCodeAt(i)
    const b = text.charCodeAt(i + 1)
    const c = text.charCodeAt(i + 2)
    const d = text.charCodeAt(i + 3)
    if ((a | b | c | d) >= 128) return false
    const hi = table[(a << 7) | b]!
    const lo = table[(c << 7) | d]!
    if ((hi | lo) < 0) return false
    out[o++] = hi >> 4
    out[o++] = ((hi & 0x0f) << 4) | (lo >> 8)
    out[o++] = lo & 0xff
  }
  if (pad) {
    const a = DECODE[text.charCodeAt(i) & 127]!
    const b = DECODE[text.charCodeAt(i + 1) & 127]!
    const c = pad === 1 ? DECODE[text.charCodeAt(i + 2) & 127]! : 0
    if ((text.charCodeAt(i) | text.charCodeAt(i + 1) | text.charCodeAt(i + 2)) >= 128 || a < 0 || b < 0 || c < 0) return false
    if ((pad === 1 && (c & 0x03) !== 0) || (pad === 2 && (b & 0x0f) !== 0)) return false
    const v = (a << 18) | (b << 12) | (c << 6)
    out[o++] = v >> 16
    if (pad === 1) out[o++] = (v >> 8) & 0xff
  }
  return true
}

/** Decodes canonical base64 (call `base64Problem` first). */
export function decodeBase64(text: string): Uint8Array {
  const out = new Uint8Array(decodedLength(text))
  decodeBase64Into(text, out)
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

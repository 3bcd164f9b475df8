/**
 * Strict base64 (RFC 4648 standard alphabet, padded). The core runs in browsers, so it imports no
 * Node module: the portable decoder and encoder below are plain JavaScript, and a faster one the
 * platform offers is used when it is there — `Uint8Array#setFromBase64`/`#toBase64` (current
 * browsers), or Node's global `Buffer` reached through `globalThis`. The strictness is the same on
 * every path: what a native decoder accepts must encode back to the same text.
 */

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

/** A way to decode canonical base64 into a buffer of the right size, and to encode. */
export interface Base64Path {
  decodeInto(text: string, out: Uint8Array): boolean
  encode(bytes: Uint8Array): string
}

type NodeBuffer = Uint8Array & {
  write(text: string, offset: number, length: number, encoding: 'base64'): number
  toString(encoding: 'base64'): string
}
type BufferClass = { from(buffer: ArrayBufferLike, offset: number, length: number): NodeBuffer }
type Native = Uint8Array & { setFromBase64?(text: string): unknown; toBase64?(): string }

/**
 * A native decoder, made as strict as the portable one: whatever it accepts (they skip whitespace,
 * take base64url, ignore padding bits) must encode back to the very same text.
 */
function strict(decode: (text: string, out: Uint8Array) => void, encode: (bytes: Uint8Array) => string): Base64Path {
  return {
    decodeInto(text, out) {
      if (text.length % 4 !== 0) return false
      try {
        decode(text, out)
      } catch {
        return false
      }
      return encode(out) === text
    },
    encode,
  }
}

/** The decoders and encoders this platform offers, fastest first; the portable one is always last. */
export function base64Paths(): Record<string, Base64Path> {
  const paths: Record<string, Base64Path> = {}
  if (typeof (Uint8Array.prototype as Native).setFromBase64 === 'function') {
    paths.uint8array = strict(
      (text, out) => (out as Native).setFromBase64!(text),
      (bytes) => (bytes as Native).toBase64!(),
    )
  }
  const buffer = (globalThis as { Buffer?: BufferClass }).Buffer
  if (typeof buffer?.from === 'function') {
    const view = (bytes: Uint8Array) => buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    paths.buffer = strict(
      (text, out) => view(out).write(text, 0, out.byteLength, 'base64'),
      (bytes) => view(bytes).toString('base64'),
    )
  }
  paths.portable = { decodeInto: decodePortable, encode: encodePortable }
  return paths
}

const fastest = Object.values(base64Paths())[0]!

/**
 * Decodes base64 into `out` (which must hold `decodedLength(text)` bytes), checking it; returns
 * false when the text is not canonical base64 (ask `base64Problem` why).
 */
export const decodeBase64Into = (text: string, out: Uint8Array): boolean => fastest.decodeInto(text, out)

/** Encodes bytes as padded standard base64. */
export const encodeBase64 = (bytes: Uint8Array): string => fastest.encode(bytes)

/** The portable decoder: one pass, two characters per table lookup, checking as it goes. */
function decodePortable(text: string, out: Uint8Array): boolean {
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

/** The portable encoder. */
function encodePortable(bytes: Uint8Array): string {
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

/**
 * UTF-8 to text as `TextDecoder` decodes it (invalid sequences become U+FFFD, a leading BOM is
 * dropped): the portable decoder, and Node's `Buffer` (through `globalThis`), several times faster
 * on a request body — the paths tests compare.
 */
export function utf8Paths(): Record<string, (bytes: Uint8Array) => string> {
  const paths: Record<string, (bytes: Uint8Array) => string> = {}
  const buffer = (globalThis as { Buffer?: { from(b: ArrayBufferLike, o: number, n: number): { toString(e: 'utf8'): string } } }).Buffer
  if (typeof buffer?.from === 'function') {
    paths.buffer = (bytes) => {
      const text = buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
    }
  }
  const portable = new TextDecoder()
  paths.portable = (bytes) => portable.decode(bytes)
  return paths
}

/** Decodes UTF-8 with the fastest of `utf8Paths()`. */
export const decodeUtf8 = Object.values(utf8Paths())[0]!

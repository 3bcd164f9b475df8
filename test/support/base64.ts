/**
 * Base64 vectors every decoding path must answer alike, and a check of the paths a platform
 * offers against the portable one — runnable without Node (the Chromium page runs it too).
 */
import type { Base64Path } from '../../src/protocol/base64'

export const BASE64_VECTORS = {
  canonical: ['', 'QQ==', 'QUI=', 'QUJD', '////', '+/8=', 'aGVsbG8gd29ybGQ='],
  refused: ['a', 'QQ=', 'ab!=', 'ab-_', 'ab c', 'abé=', 'QQ==QQ==', '====', 'A===', 'ab\nc', 'QR==', 'QUJ=', 'AB==', 'AAB='],
}

/** Where each path differs from the portable one: on the vectors, and on bytes of every length 0..300. */
export function base64Mismatches(paths: Record<string, Base64Path>): string[] {
  const reference = paths.portable!
  const out: string[] = []
  for (const [name, path] of Object.entries(paths)) {
    for (const text of BASE64_VECTORS.refused)
      if (path.decodeInto(text, new Uint8Array(8))) out.push(`${name} accepted ${JSON.stringify(text)}`)
    for (let n = 0; n <= 300; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 131 + n * 7) & 0xff)
      const text = reference.encode(bytes)
      if (path.encode(bytes) !== text) out.push(`${name} encoded ${n} bytes differently`)
      const decoded = new Uint8Array(n)
      if (!path.decodeInto(text, decoded) || decoded.some((b, i) => b !== bytes[i])) out.push(`${name} decoded ${n} bytes differently`)
    }
  }
  return out
}

/** UTF-8 inputs every decoder must turn into the same text: valid, invalid and truncated sequences, a BOM. */
export const UTF8_VECTORS: number[][] = [
  [],
  [0x7b, 0x7d],
  [0xef, 0xbb, 0xbf, 0x7b, 0x7d],
  [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf],
  [0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x99, 0x82],
  [0xff, 0xfe, 0x41],
  [0xc3],
  [0xe2, 0x82],
  [0xf0, 0x9f, 0x99],
  [0xed, 0xa0, 0x80],
  [0xc0, 0xaf],
  [0xf4, 0x90, 0x80, 0x80],
  [0x80, 0x41, 0xbf],
  [0xe2, 0x28, 0xa1],
]

/** Where each UTF-8 decoder differs from the portable one. */
export function utf8Mismatches(paths: Record<string, (bytes: Uint8Array) => string>): string[] {
  const out: string[] = []
  const inputs = [...UTF8_VECTORS.map((v) => Uint8Array.from(v)), Uint8Array.from({ length: 4096 }, (_, i) => (i * 97) & 0xff)]
  for (const [name, decode] of Object.entries(paths)) {
    for (const bytes of inputs)
      if (decode(bytes) !== paths.portable!(bytes)) out.push(`${name} decoded [${Array.from(bytes.slice(0, 8)).join(',')}…] differently`)
    // A view into a larger buffer (the body arena).
    const big = Uint8Array.from([0x41, 0x7b, 0x7d, 0x42])
    if (decode(big.subarray(1, 3)) !== '{}') out.push(`${name} decoded a view wrongly`)
  }
  return out
}

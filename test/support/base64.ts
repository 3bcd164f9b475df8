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

/** Record data: text to bytes and back, and byte comparisons that keep failure messages short. */
import { gunzipSync } from 'node:zlib'

export const MIB = 1024 * 1024

/** UTF-8 bytes of `text`, made by the environment's TextEncoder. */
export const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)
/** The UTF-8 text of `data` ('' for undefined). */
export const decode = (data: Uint8Array | undefined): string => new TextDecoder().decode(data)

export function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0))
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.length
  }
  return out
}

export const gunzip = (data: Uint8Array): Uint8Array => new Uint8Array(gunzipSync(data))

/** Byte-for-byte equality with a short message instead of a megabyte-long diff. */
export function sameBytes(actual: Uint8Array, expected: Uint8Array): boolean {
  return actual.length === expected.length && Buffer.from(actual).equals(Buffer.from(expected))
}

/** Whether `needle` occurs as a contiguous byte run in `haystack`. */
export function containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return true
  }
  return false
}

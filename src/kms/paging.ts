/** KMS paging: `Limit` + opaque `Marker` in, `NextMarker` + `Truncated` out. */
import { base64Problem, decodeBase64, encodeBase64 } from '../protocol/base64'
import { invalidMarker } from './errors'

const PREFIX = 'fhmsw:'

function offsetOf(marker: string | undefined): number {
  if (marker === undefined) return 0
  if (base64Problem(marker) === undefined) {
    const text = new TextDecoder().decode(decodeBase64(marker))
    const n = Number(text.slice(PREFIX.length))
    if (text.startsWith(PREFIX) && Number.isInteger(n) && n >= 0) return n
  }
  throw invalidMarker('Invalid marker')
}

/** One page of `items` and the members that describe where it ends. */
export function paginate<T>(
  items: T[],
  input: { Limit?: number; Marker?: string },
  defaultLimit: number,
  maxLimit: number = Number.MAX_SAFE_INTEGER,
): { page: T[]; Truncated: boolean; NextMarker?: string } {
  const start = offsetOf(input.Marker)
  const limit = Math.min(input.Limit ?? defaultLimit, maxLimit)
  const page = items.slice(start, start + limit)
  const end = start + page.length
  if (end >= items.length) return { page, Truncated: false }
  return { page, Truncated: true, NextMarker: encodeBase64(new TextEncoder().encode(`${PREFIX}${end}`)) }
}

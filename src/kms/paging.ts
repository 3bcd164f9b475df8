/** KMS paging: `Limit` + opaque `Marker` in, `NextMarker` + `Truncated` out. */
import { pageOffset, pageToken } from '../protocol/page-token'
import { invalidMarker } from './errors'

const PREFIX = 'fhmsw:'

function offsetOf(marker: string | undefined): number {
  if (marker === undefined) return 0
  const offset = pageOffset(PREFIX, marker)
  if (offset === undefined) throw invalidMarker('Invalid marker')
  return offset
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
  return { page, Truncated: true, NextMarker: pageToken(PREFIX, end) }
}

/** KMS paging: `Limit` + opaque `Marker` in, `NextMarker` + `Truncated` out. */
import { pageOffset, pageToken } from '../protocol/page-token'
import { invalidMarker } from './errors'

const PREFIX = 'fhmsw:'

/** One page of `items` and the members that describe where it ends. */
export function paginate<T>(
  items: T[],
  input: { Limit?: number; Marker?: string },
  defaultLimit: number,
  maxLimit: number = Number.MAX_SAFE_INTEGER,
): { page: T[]; Truncated: boolean; NextMarker?: string } {
  const start = pageOffset(PREFIX, input.Marker, () => invalidMarker('Invalid marker'))
  const limit = Math.min(input.Limit ?? defaultLimit, maxLimit)
  const page = items.slice(start, start + limit)
  const end = start + page.length
  if (end >= items.length) return { page, Truncated: false }
  return { page, Truncated: true, NextMarker: pageToken(PREFIX, end) }
}

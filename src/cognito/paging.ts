/** Cognito Identity paging: `MaxResults` (1–60, required) + opaque `NextToken` in, `NextToken` out. */
import { pageOffset, pageToken } from '../protocol/page-token'
import { invalidParameter } from './errors'

const PREFIX = 'fhmsw-cognito:'

function offsetOf(token: string | undefined): number {
  if (token === undefined) return 0
  const offset = pageOffset(PREFIX, token)
  if (offset === undefined) throw invalidParameter('Invalid NextToken.')
  return offset
}

/** One page of `items`, and the token of the next one when there is more. */
export function page<T>(items: T[], input: { MaxResults: number; NextToken?: string }): { items: T[]; NextToken?: string } {
  const start = offsetOf(input.NextToken)
  const end = Math.min(start + input.MaxResults, items.length)
  const slice = items.slice(start, end)
  return end < items.length ? { items: slice, NextToken: pageToken(PREFIX, end) } : { items: slice }
}

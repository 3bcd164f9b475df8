/** Cognito Identity paging: `MaxResults` (1–60, required) + opaque `NextToken` in, `NextToken` out. */
import { pageOffset, pageToken } from '../protocol/page-token'
import { invalidParameter } from './errors'

const PREFIX = 'fhmsw-cognito:'

/** One page of `items`, and the token of the next one when there is more. */
export function page<T>(items: T[], input: { MaxResults: number; NextToken?: string }): { items: T[]; NextToken?: string } {
  const start = pageOffset(PREFIX, input.NextToken, () => invalidParameter('Invalid NextToken.'))
  const end = Math.min(start + input.MaxResults, items.length)
  const slice = items.slice(start, end)
  return end < items.length ? { items: slice, NextToken: pageToken(PREFIX, end) } : { items: slice }
}

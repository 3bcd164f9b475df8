/** Cognito Identity paging: `MaxResults` (1–60, required) + opaque `NextToken` in, `NextToken` out. */
import { base64Problem, decodeBase64, encodeBase64 } from '../protocol/base64'
import { invalidParameter } from './errors'

const PREFIX = 'fhmsw-cognito:'

function offsetOf(token: string | undefined): number {
  if (token === undefined) return 0
  if (base64Problem(token) === undefined) {
    const text = new TextDecoder().decode(decodeBase64(token))
    const digits = text.slice(PREFIX.length)
    if (text.startsWith(PREFIX) && /^\d{1,9}$/.test(digits)) return Number(digits)
  }
  throw invalidParameter('Invalid NextToken.')
}

/** One page of `items`, and the token of the next one when there is more. */
export function page<T>(items: T[], input: { MaxResults: number; NextToken?: string }): { items: T[]; NextToken?: string } {
  const start = offsetOf(input.NextToken)
  const end = Math.min(start + input.MaxResults, items.length)
  const slice = items.slice(start, end)
  return end < items.length ? { items: slice, NextToken: encodeBase64(new TextEncoder().encode(`${PREFIX}${end}`)) } : { items: slice }
}

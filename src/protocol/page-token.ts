/**
 * The opaque paging tokens the mock hands out (KMS markers, Cognito and CloudWatch NextTokens):
 * base64 of a service prefix and an offset into the listing. A token the mock did not make is
 * answered with the service's own error.
 */
import type { AwsError } from './aws-error'
import { base64Problem, decodeBase64, encodeBase64 } from './base64'

export const pageToken = (prefix: string, offset: number): string => encodeBase64(new TextEncoder().encode(`${prefix}${offset}`))

/** The offset a token holds (0 without a token); throws `refuse()` when it is not one of the mock's tokens for `prefix`. */
export function pageOffset(prefix: string, token: string | undefined, refuse: () => AwsError): number {
  if (token === undefined) return 0
  const text = base64Problem(token) === undefined ? new TextDecoder().decode(decodeBase64(token)) : ''
  const digits = text.slice(prefix.length)
  if (!text.startsWith(prefix) || !/^\d{1,9}$/.test(digits)) throw refuse()
  return Number(digits)
}

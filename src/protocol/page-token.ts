/**
 * The opaque paging tokens the mock hands out (KMS markers, Cognito and CloudWatch NextTokens):
 * base64 of a service prefix and an offset into the listing. A token the mock did not make reads
 * as undefined, and each service answers it with its own error.
 */
import { base64Problem, decodeBase64, encodeBase64 } from './base64'

export const pageToken = (prefix: string, offset: number): string => encodeBase64(new TextEncoder().encode(`${prefix}${offset}`))

/** The offset a token holds, or undefined when it is not one of the mock's tokens for `prefix`. */
export function pageOffset(prefix: string, token: string): number | undefined {
  if (base64Problem(token) !== undefined) return undefined
  const text = new TextDecoder().decode(decodeBase64(token))
  const digits = text.slice(prefix.length)
  return text.startsWith(prefix) && /^\d{1,9}$/.test(digits) ? Number(digits) : undefined
}

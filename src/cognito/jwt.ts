/**
 * JSON Web Tokens as far as the mock needs them: reading the claims of a login token (signatures
 * are not verified: the mock has no provider keys), and writing the OpenID token GetOpenIdToken
 * returns (signed with random bytes: it has Cognito's form and claims, not a verifiable signature).
 */
import { base64Problem, decodeBase64, encodeBase64 } from '../protocol/base64'
import { randomBytes } from '../protocol/ids'
import { isObject } from '../checks'

const toBase64Url = (bytes: Uint8Array): string => encodeBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

function fromBase64Url(text: string): Uint8Array | undefined {
  const standard = text.replace(/-/g, '+').replace(/_/g, '/')
  const padded = standard + '='.repeat((4 - (standard.length % 4)) % 4)
  return base64Problem(padded) === undefined ? decodeBase64(padded) : undefined
}

/** The claims of a token of the form `header.payload.signature`, or undefined when it is not one. */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  const payload = fromBase64Url(parts[1]!)
  if (!payload) return undefined
  try {
    const claims: unknown = JSON.parse(new TextDecoder().decode(payload))
    return isObject(claims) ? claims : undefined
  } catch {
    return undefined
  }
}

const segment = (value: object): string => toBase64Url(new TextEncoder().encode(JSON.stringify(value)))

/** A token with Cognito's header and the given claims, signed with random bytes: no key verifies it. */
export function unverifiableJwt(claims: Record<string, unknown>, keyId: string): string {
  return `${segment({ kid: keyId, typ: 'JWS', alg: 'RS512' })}.${segment(claims)}.${toBase64Url(randomBytes(256))}`
}

/**
 * Small policies of the composition root: SigV4 verification (opt-in with `auth`, the signer
 * loaded on first use), console hints (each shown once per mock, loaded when first needed), and
 * where errors the mock did not expect are told by default.
 */
import type { AwsHandlersOptions } from './protocol/handler'
import type { AuthOptions, ExpiringCredential } from './protocol/sigv4'

/** Checks each request's signature against `auth` and the credentials issued since; answers the caller's account. */
export function authenticator(
  auth: AuthOptions,
  issued: (accessKeyId: string) => ExpiringCredential | undefined,
  accountId: string,
  now: () => number,
): NonNullable<AwsHandlersOptions['authenticate']> {
  return async (request, body, service, hostRegion) => {
    // Loaded on first use: suites without `auth` never pay for the signer.
    const { verifySignature } = await import('./protocol/sigv4')
    const { credential } = await verifySignature(request, body, { auth, issued, service, hostRegion, now: now() })
    return { accountId: credential.accountId ?? accountId, principal: credential.principal }
  }
}

/** Shows each console hint (src/hints.ts) once. */
export function hintOnce(): NonNullable<AwsHandlersOptions['onHint']> {
  const hinted = new Set<string>()
  return async (hint) => {
    if (hinted.has(hint)) return
    hinted.add(hint)
    // Best effort: a hint that fails to load must not change the answer.
    await import('./hints').then(({ hints }) => console.warn(hints[hint])).catch(() => {})
  }
}

/** The default `onUnexpectedError`: one place for errors the mock did not expect (answered as AWS's internal error). */
export const consoleUnexpected = (error: unknown): void =>
  console.error('[firehose-msw] unexpected error, answered as an internal error:', error)

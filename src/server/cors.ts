/**
 * CORS for browser apps on other origins. AWS's own endpoints take any origin; a server on a
 * developer's machine takes loopback origins unless told otherwise (`corsOrigins`, `--cors-origin`),
 * so a page from elsewhere cannot drive it through a visitor's browser.
 */
import type { IncomingMessage } from 'node:http'
import { serverErrors } from '../protocol/catalog'
import { randomUuid } from '../protocol/ids'
import type { WireAnswer } from '../protocol/handler'
import { xmlError } from './http'

const LOOPBACK = /^https?:\/\/(?:localhost|127\.0\.0\.1|\[::1\])(?::\d+)?$/

/** What every browser-side AWS SDK call may send (the preflight echoes the requested list; this is the list when none is asked). */
const SDK_HEADERS =
  'authorization,content-type,x-amz-date,x-amz-target,x-amz-user-agent,x-amz-security-token,x-amz-content-sha256,' +
  'amz-sdk-invocation-id,amz-sdk-request,x-amzn-query-mode,smithy-protocol,accept,range,if-match,x-amz-checksum-mode'

/** The answer headers a page's script may read: request ids, error names, and S3's object headers. */
const EXPOSED =
  'x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,x-amzn-query-error,Date,ETag,Content-Length,Content-Range,' +
  'Last-Modified,x-amz-request-id,x-amz-id-2,x-amz-server-side-encryption'

/** Which origins may call: the value of Access-Control-Allow-Origin for a request's Origin, or undefined. */
export type CorsPolicy = (origin: string | undefined) => string | undefined

/** `undefined`: loopback origins on any port; `['*']`: any origin; otherwise exactly the listed origins. */
export function corsPolicy(origins: readonly string[] | undefined): CorsPolicy {
  if (origins?.includes('*')) return (origin) => (origin ? '*' : undefined)
  const allowed = origins?.map((origin) => origin.replace(/\/+$/, ''))
  return (origin) => (origin && (allowed ? allowed.includes(origin) : LOOPBACK.test(origin)) ? origin : undefined)
}

/** Puts the server's CORS headers on an answer in place of the protocol layer's (which, like AWS, allow any origin). */
export function withCors(answer: WireAnswer, allowOrigin: string | undefined): WireAnswer {
  for (const name of Object.keys(answer.headers)) {
    const lower = name.toLowerCase()
    if (lower === 'access-control-allow-origin' || lower === 'access-control-expose-headers') delete answer.headers[name]
  }
  if (allowOrigin) {
    answer.headers['access-control-allow-origin'] = allowOrigin
    answer.headers['access-control-expose-headers'] = EXPOSED
    if (allowOrigin !== '*') answer.headers.vary = 'Origin'
  }
  return answer
}

/** The answer to a preflight: allowed, for two days, with the headers asked for; or S3's refusals (no Origin, an origin not allowed). */
export function preflightAnswer(req: IncomingMessage, allowOrigin: string | undefined): WireAnswer {
  if (req.headers.origin === undefined) {
    return xmlError(serverErrors.error('BadRequest', 'Insufficient information. Origin request header needed.'))
  }
  if (!allowOrigin) {
    const refused = `CORSResponse: This CORS request is not allowed. Start the server with --cors-origin ${String(req.headers.origin)} to allow it.`
    return xmlError(serverErrors.error('AccessForbidden', refused))
  }
  const asked = req.headers['access-control-request-headers']
  return withCors(
    {
      status: 200,
      body: null,
      headers: {
        'access-control-allow-methods': 'POST, GET, HEAD',
        'access-control-allow-headers': typeof asked === 'string' && asked ? asked : SDK_HEADERS,
        'access-control-max-age': '172800',
        'x-amzn-RequestId': randomUuid(),
      },
    },
    allowOrigin,
  )
}

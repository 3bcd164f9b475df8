import type { AwsError } from './aws-error'
import { encodeBase64 } from './base64'
import type { JsonDialect } from './codec'
import { CORS, errorSender } from './wire'
import { randomUuid } from './ids'

function headers(dialect: JsonDialect, extra?: Record<string, string>): Headers {
  const contentType = `application/x-amz-json-${dialect.jsonVersion ?? '1.1'}`
  const h = new Headers({ 'content-type': contentType, 'x-amzn-RequestId': randomUuid(), ...CORS })
  if (extra) for (const [k, v] of Object.entries(extra)) h.set(k, v)
  return h
}

/** Blobs travel as base64 strings in AWS JSON. */
const blobsAsBase64 = (_key: string, value: unknown): unknown => (value instanceof Uint8Array ? encodeBase64(value) : value)

/** A successful AWS JSON 1.1 answer: HTTP 200 with the output as a JSON object. */
export function toResultResponse(output: unknown, dialect: JsonDialect = {}): Response {
  return new Response(JSON.stringify(output ?? {}, blobsAsBase64), { status: 200, headers: headers(dialect) })
}

/**
 * An AWS JSON 1.1 error answer. The `x-amzn-ErrorType` header always names the error, so a
 * modeled `code` member in the body can never be mistaken for the error name by the SDK.
 */
export function toErrorResponse(error: AwsError, dialect: JsonDialect = {}): Response {
  const body: Record<string, string> = { __type: error.code }
  if (error.hasMessage) body[error.messageKey] = error.message
  const queryCode = dialect.queryErrorCode?.(error.code)
  const query: Record<string, string> = queryCode ? { 'x-amzn-query-error': `${queryCode};${errorSender(error)}` } : {}
  return new Response(JSON.stringify(body), {
    status: error.status,
    headers: headers(dialect, { 'x-amzn-ErrorType': error.code, ...query }),
  })
}

/**
 * The answer to a browser's CORS preflight (`OPTIONS`) for a POST, or undefined when it asks for
 * another method: AWS's JSON endpoints take POSTs from any origin, with the headers the SDK sends,
 * and let browsers cache that for two days.
 */
export function toPreflightResponse(request: Request): Response | undefined {
  const method = request.headers.get('access-control-request-method')
  if (method !== null && method.toUpperCase() !== 'POST') return undefined
  const allowHeaders = request.headers.get('access-control-request-headers')
  return new Response(null, {
    status: 200,
    headers: {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'POST',
      ...(allowHeaders ? { 'access-control-allow-headers': allowHeaders } : {}),
      'access-control-max-age': '172800',
      'x-amzn-RequestId': randomUuid(),
    },
  })
}

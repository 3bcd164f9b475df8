import type { AwsError } from './aws-error'
import { encodeBase64 } from './base64'
import type { JsonDialect, WireAnswer, WireRequest } from './codec'
import { CORS, errorSender } from './wire'
import { randomUuid } from './ids'

const headers = (dialect: JsonDialect, extra?: Record<string, string>): Record<string, string> => ({
  'content-type': `application/x-amz-json-${dialect.jsonVersion ?? '1.1'}`,
  'x-amzn-RequestId': randomUuid(),
  ...CORS,
  ...extra,
})

/** Blobs travel as base64 strings in AWS JSON. */
const blobsAsBase64 = (_key: string, value: unknown): unknown => (value instanceof Uint8Array ? encodeBase64(value) : value)

/** A successful AWS JSON 1.1 answer: HTTP 200 with the output as a JSON object. */
export function jsonResult(output: unknown, dialect: JsonDialect = {}): WireAnswer {
  return { status: 200, headers: headers(dialect), body: JSON.stringify(output ?? {}, blobsAsBase64) }
}

/**
 * An AWS JSON 1.1 error answer. The `x-amzn-ErrorType` header always names the error, so a
 * modeled `code` member in the body can never be mistaken for the error name by the SDK.
 */
export function jsonError(error: AwsError, dialect: JsonDialect = {}): WireAnswer {
  const body: Record<string, string> = { __type: error.code }
  if (error.hasMessage) body[error.messageKey] = error.message
  const queryCode = dialect.queryErrorCode?.(error.code)
  const query: Record<string, string> = queryCode ? { 'x-amzn-query-error': `${queryCode};${errorSender(error)}` } : {}
  return { status: error.status, headers: headers(dialect, { 'x-amzn-ErrorType': error.code, ...query }), body: JSON.stringify(body) }
}

/**
 * The answer to a browser's CORS preflight (`OPTIONS`) for a POST, or undefined when it asks for
 * another method: AWS's JSON endpoints take POSTs from any origin, with the headers the SDK sends,
 * and let browsers cache that for two days.
 */
export function preflight(request: WireRequest): WireAnswer | undefined {
  const method = request.headers.get('access-control-request-method')
  if (method !== null && method.toUpperCase() !== 'POST') return undefined
  const allowHeaders = request.headers.get('access-control-request-headers')
  return {
    status: 200,
    body: null,
    headers: {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'POST',
      ...(allowHeaders ? { 'access-control-allow-headers': allowHeaders } : {}),
      'access-control-max-age': '172800',
      'x-amzn-RequestId': randomUuid(),
    },
  }
}

/** An answer as MSW's handlers return it. */
export const toResponse = ({ status, headers, body }: WireAnswer): Response => new Response(body, { status, headers })

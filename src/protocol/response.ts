import type { AwsError } from './aws-error'
import { encodeBase64 } from './base64'
import { randomUuid } from './ids'

const CONTENT_TYPE = 'application/x-amz-json-1.1'

/** What AWS's JSON endpoints let a page's script read: any origin, and the request id and error headers. */
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date',
}

function headers(extra?: Record<string, string>): Headers {
  const h = new Headers({ 'content-type': CONTENT_TYPE, 'x-amzn-RequestId': randomUuid(), ...CORS })
  if (extra) for (const [k, v] of Object.entries(extra)) h.set(k, v)
  return h
}

/** Blobs travel as base64 strings in AWS JSON. */
const blobsAsBase64 = (_key: string, value: unknown): unknown => (value instanceof Uint8Array ? encodeBase64(value) : value)

/** A successful AWS JSON 1.1 answer: HTTP 200 with the output as a JSON object. */
export function toResultResponse(output: unknown): Response {
  return new Response(JSON.stringify(output ?? {}, blobsAsBase64), { status: 200, headers: headers() })
}

/**
 * An AWS JSON 1.1 error answer. The `x-amzn-ErrorType` header always names the error, so a
 * modeled `code` member in the body can never be mistaken for the error name by the SDK.
 */
export function toErrorResponse(error: AwsError): Response {
  const body: Record<string, string> = { __type: error.code }
  if (error.hasMessage) body[error.messageKey] = error.message
  return new Response(JSON.stringify(body), {
    status: error.status,
    headers: headers({ 'x-amzn-ErrorType': error.code }),
  })
}

/**
 * The answer to a browser's CORS preflight (`OPTIONS`): AWS's endpoints allow any origin and the
 * method and headers asked for (POST when the request does not say), cached for two days.
 */
export function toPreflightResponse(request: Request): Response {
  const asked = (name: string) => request.headers.get(name) ?? ''
  return new Response(null, {
    status: 200,
    headers: {
      'access-control-allow-origin': asked('origin') || '*',
      'access-control-allow-methods': asked('access-control-request-method') || 'POST',
      'access-control-allow-headers': asked('access-control-request-headers'),
      'access-control-max-age': '172800',
      'x-amzn-RequestId': randomUuid(),
    },
  })
}

/**
 * The server's side of HTTP: bodies read up to a limit (the rest is never buffered), Node's
 * messages adapted to the protocol layer's `WireRequest`, and answers written back.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { jsonError } from '../protocol/response'
import { serverErrors } from '../protocol/catalog'
import type { AwsError } from '../protocol/aws-error'
import { xmlEscape } from '../s3/s3-api'
import type { WireAnswer, WireRequest } from '../protocol/handler'

/**
 * 16 MiB: well above AWS's largest legal call (a PutRecordBatch of 4 MiB is about 5.5 MiB of JSON),
 * far below what a shared dev server should hold in memory for one request.
 */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024

/** A body that passed the limit: its declared size (Content-Length), or how far it got before reading stopped. */
export interface TooLarge {
  tooLarge: number
}

/** The body, or TooLarge as soon as Content-Length or the bytes received pass `limit`. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | TooLarge> {
  const declared = Number(req.headers['content-length'])
  if (declared > limit) return Promise.resolve({ tooLarge: declared })
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer): void => {
      size += chunk.length
      if (size <= limit) return void chunks.push(chunk)
      req.off('data', onData)
      chunks.length = 0
      resolve({ tooLarge: size })
    }
    req.on('data', onData)
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** A request as the protocol layer reads it, straight from Node's message (no Fetch objects per call). */
export function wireRequest(req: IncomingMessage, url: string, body: Buffer): WireRequest {
  const get = (name: string): string | null => {
    const value = req.headers[name.toLowerCase()]
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value
  }
  return {
    method: req.method ?? 'GET',
    url,
    headers: { get, has: (name) => get(name) !== null },
    bytes: async () => body,
    peekText: async () => body.toString('utf8'),
  }
}

/** The answer to a body over the limit, in AWS's JSON error form. */
export const tooLargeAnswer = (size: number, limit: number): WireAnswer =>
  jsonError(
    serverErrors.error(
      'RequestEntityTooLargeException',
      `Request body of ${size} bytes exceeds this server's limit of ${limit} bytes (firehose-msw serve --max-body).`,
    ),
  )

/** A request that is no AWS call here (wrong method or path): AWS's front door answers 404 `<UnknownOperationException/>`. */
export const notACallAnswer = (): WireAnswer => xmlError(serverErrors.error('UnknownOperationException'), '<UnknownOperationException/>')

/** An error as a small XML document (the form AWS's front door and S3 use). */
export function xmlError(
  error: AwsError,
  body = `<Error><Code>${error.code}</Code><Message>${xmlEscape(error.message)}</Message></Error>`,
): WireAnswer {
  return { status: error.status, headers: { 'content-type': 'text/xml', 'x-amzn-ErrorType': error.code }, body }
}

/** Writes an answer with its Content-Length; `close` ends the connection after it. */
export function writeAnswer(res: ServerResponse, { status, headers, body }: WireAnswer, close = false): void {
  // A HEAD answer has no body but keeps the length of what a GET would send.
  if (body !== null || headers['content-length'] === undefined) {
    headers['content-length'] = String(body === null ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.length)
  }
  if (close) headers.connection = 'close'
  res.writeHead(status, headers)
  res.end(body ?? undefined)
}

/** A Fetch answer (S3's handlers make them) as a WireAnswer. */
export async function fromResponse(response: Response): Promise<WireAnswer> {
  const headers: Record<string, string> = {}
  response.headers.forEach((value, name) => (headers[name] = value))
  const body = new Uint8Array(await response.arrayBuffer())
  return { status: response.status, headers, body: body.length > 0 ? body : null }
}

/** The raw HTTP answer to a request Node's parser refused (`clientError`): 431, 408 or 400, then the connection closes. */
export function rawErrorAnswer(code: string | undefined): string {
  const [status, reason, message] =
    code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'The request headers are larger than 16 KiB.']
      : code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'The request was not received in time.']
        : [400, 'Bad Request', `The request is not valid HTTP/1.1 (${code ?? 'unknown error'}).`]
  const body = `<Error><Code>BadRequest</Code><Message>${message}</Message></Error>`
  return (
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: text/xml\r\nx-amzn-ErrorType: BadRequest\r\n` +
    `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`
  )
}

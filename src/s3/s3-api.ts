/**
 * S3's REST-XML answers over the delivered objects: ListObjectsV2, GetObject and HeadObject, and
 * their errors — NoSuchKey (404) for a GetObject of a missing key (HeadObject gets a bare 404),
 * InvalidArgument (400) for a continuation token that is not valid base64. In-process there is no
 * NoSuchBucket: a bucket that no stream delivers to and that holds no objects is not answered at
 * all (handlers.ts passes the request on); the standalone server, an S3 endpoint itself, answers
 * NoSuchBucket. Loaded on the first S3 request (see handlers.ts).
 */
import { Sha256 } from '@aws-crypto/sha256-js'
import { encodeBase64 } from '../protocol/base64'
import { randomUuid, toHex } from '../protocol/ids'
import type { AwsError } from '../protocol/aws-error'
import { s3Errors } from './errors'
import type { S3Object } from './store'

/** Text for an XML element or attribute. */
export const xmlEscape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')

export function s3Headers(extra: Record<string, string> = {}): Headers {
  const id = randomUuid().replace(/-/g, '').slice(0, 16).toUpperCase()
  return new Headers({ 'x-amz-request-id': id, 'x-amz-id-2': encodeBase64(new TextEncoder().encode(id)), ...extra })
}

function xmlResponse(status: number, body: string): Response {
  return new Response(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`, {
    status,
    headers: s3Headers({ 'content-type': 'application/xml' }),
  })
}

/** The REST-XML serializer of an error (the same AwsError the JSON services answer), with S3's extra elements such as `Key`. */
export function errorResponse(error: AwsError, detail: Record<string, string> = {}): Response {
  const extra = Object.entries(detail)
    .map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`)
    .join('')
  return xmlResponse(
    error.status,
    `<Error><Code>${error.code}</Code><Message>${xmlEscape(error.message)}</Message>${extra}<RequestId>${randomUuid()}</RequestId></Error>`,
  )
}

/** A content hash in the shape of S3's ETag (S3 uses MD5; the mock uses the first half of SHA-256). */
function etag(bytes: Uint8Array): string {
  const h = new Sha256()
  h.update(bytes)
  return `"${toHex(h.digestSync()).slice(0, 32)}"`
}

/**
 * A GetObject answer for a `Range: bytes=…` header (first-last, first-, or -suffix): 206 with the
 * slice and its Content-Range, InvalidRange (416) when it starts past the end; undefined for a
 * header S3 would ignore (the whole object is then sent).
 */
export function rangeResponse(range: string, bytes: Uint8Array, headers: Headers): Response | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(range.trim())
  if (!match || (match[1] === '' && match[2] === '')) return undefined
  const size = bytes.length
  const [first, last] =
    match[1] === ''
      ? [Math.max(0, size - Number(match[2])), size - 1]
      : [Number(match[1]), Math.min(size - 1, match[2] ? Number(match[2]) : size - 1)]
  if (first >= size || first > last)
    return errorResponse(s3Errors.error('InvalidRange'), { RangeRequested: range, ActualObjectSize: String(size) })
  headers.set('content-range', `bytes ${first}-${last}/${size}`)
  headers.set('content-length', String(last - first + 1))
  return new Response(bytes.slice(first, last + 1) as Uint8Array<ArrayBuffer>, { status: 206, headers })
}

export async function objectHeaders(object: S3Object): Promise<{ headers: Headers; bytes: Uint8Array }> {
  const bytes = await object.bytes()
  const headers = s3Headers({
    'content-type': 'application/octet-stream',
    'content-length': String(bytes.length),
    etag: etag(bytes),
    'last-modified': new Date(object.deliveredAt).toUTCString(),
    'accept-ranges': 'bytes',
    'x-amz-server-side-encryption': 'AES256',
  })
  return { headers, bytes }
}

export async function listObjectsV2(bucketName: string, objects: Map<string, S3Object>, url: URL): Promise<Response> {
  const q = url.searchParams
  const prefix = q.get('prefix') ?? ''
  const delimiter = q.get('delimiter') ?? ''
  const maxKeys = Math.max(0, Math.min(1000, Number(q.get('max-keys') ?? 1000) || 0))
  const token = q.get('continuation-token')
  let startAfter = q.get('start-after') ?? ''
  if (token) {
    try {
      startAfter = new TextDecoder().decode(Uint8Array.from(atob(token), (c) => c.charCodeAt(0)))
    } catch {
      throw s3Errors.error('InvalidArgument', 'The continuation token provided is incorrect')
    }
  }
  // Continuing after a rolled-up common prefix skips every key under it, as S3 does.
  const skipUnder = delimiter && startAfter.endsWith(delimiter) ? startAfter : undefined
  const keys = [...objects.keys()].filter((k) => k.startsWith(prefix) && k > startAfter && !(skipUnder && k.startsWith(skipUnder))).sort()
  const contents: S3Object[] = []
  const common = new Set<string>()
  let last = ''
  let truncated = false
  for (const key of keys) {
    const rest = key.slice(prefix.length)
    const cut = delimiter ? rest.indexOf(delimiter) : -1
    const entry = cut >= 0 ? prefix + rest.slice(0, cut + delimiter.length) : undefined
    if (entry !== undefined && common.has(entry)) continue
    if (contents.length + common.size >= maxKeys) {
      truncated = true
      break
    }
    if (entry !== undefined) common.add(entry)
    else contents.push(objects.get(key)!)
    last = entry ?? key
  }
  const stored = await Promise.all(contents.map((o) => o.bytes()))
  const items = contents
    .map(
      (o, i) =>
        `<Contents><Key>${xmlEscape(o.key)}</Key><LastModified>${new Date(o.deliveredAt).toISOString()}</LastModified><ETag>${xmlEscape(etag(stored[i]!))}</ETag><Size>${stored[i]!.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
    )
    .join('')
  const prefixes = [...common].map((p) => `<CommonPrefixes><Prefix>${xmlEscape(p)}</Prefix></CommonPrefixes>`).join('')
  const next = truncated
    ? `<NextContinuationToken>${btoa(String.fromCharCode(...new TextEncoder().encode(last)))}</NextContinuationToken>`
    : ''
  return xmlResponse(
    200,
    `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xmlEscape(bucketName)}</Name><Prefix>${xmlEscape(prefix)}</Prefix>` +
      `${token ? `<ContinuationToken>${xmlEscape(token)}</ContinuationToken>` : ''}<KeyCount>${contents.length + common.size}</KeyCount><MaxKeys>${maxKeys}</MaxKeys>` +
      `${delimiter ? `<Delimiter>${xmlEscape(delimiter)}</Delimiter>` : ''}<IsTruncated>${truncated}</IsTruncated>${items}${prefixes}${next}</ListBucketResult>`,
  )
}

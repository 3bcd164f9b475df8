/**
 * Read-only S3 (REST-XML) over the delivered objects, so a UI using @aws-sdk/client-s3 can list
 * and open what Firehose delivered: ListObjectsV2, GetObject and HeadObject, virtual-hosted
 * (`https://<bucket>.s3.<region>.amazonaws.com/<key>`) and path style. Everything else that
 * reaches an S3 host is left to other handlers (or the network).
 */
import { http, type HttpHandler } from 'msw'
import { encodeBase64 } from '../protocol/base64'
import { randomUuid, toHex } from '../protocol/ids'
import type { S3Object, S3Store } from './store'
import { Sha256 } from '@aws-crypto/sha256-js'

const VIRTUAL = /^https?:\/\/([a-z0-9][a-z0-9.-]*[a-z0-9])\.s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?\/(.*)$/
const PATH = /^https?:\/\/s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?\/([^/?#]+)\/?(.*)$/

const xmlEscape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')

function s3Headers(extra: Record<string, string> = {}): Headers {
  const id = randomUuid().replace(/-/g, '').slice(0, 16).toUpperCase()
  return new Headers({ 'x-amz-request-id': id, 'x-amz-id-2': encodeBase64(new TextEncoder().encode(id)), ...extra })
}

function xmlResponse(status: number, body: string): Response {
  return new Response(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`, { status, headers: s3Headers({ 'content-type': 'application/xml' }) })
}

function errorResponse(status: number, code: string, message: string, detail: Record<string, string> = {}): Response {
  const extra = Object.entries(detail)
    .map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`)
    .join('')
  return xmlResponse(status, `<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message>${extra}<RequestId>${randomUuid()}</RequestId></Error>`)
}

/** A content hash in the shape of S3's ETag (S3 uses MD5; the mock uses the first half of SHA-256). */
function etag(bytes: Uint8Array): string {
  const h = new Sha256()
  h.update(bytes)
  return `"${toHex(h.digestSync()).slice(0, 32)}"`
}

async function objectHeaders(object: S3Object): Promise<{ headers: Headers; bytes: Uint8Array }> {
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

async function listObjectsV2(bucketName: string, objects: Map<string, S3Object>, url: URL): Promise<Response> {
  const q = url.searchParams
  const prefix = q.get('prefix') ?? ''
  const delimiter = q.get('delimiter') ?? ''
  const maxKeys = Math.max(0, Math.min(1000, Number(q.get('max-keys') ?? 1000) || 0))
  const token = q.get('continuation-token')
  const startAfter = token ? new TextDecoder().decode(Uint8Array.from(atob(token), (c) => c.charCodeAt(0))) : q.get('start-after') ?? ''
  // Continuing after a rolled-up common prefix skips every key under it, as S3 does.
  const skipUnder = delimiter && startAfter.endsWith(delimiter) ? startAfter : undefined
  const keys = [...objects.keys()]
    .filter((k) => k.startsWith(prefix) && k > startAfter && !(skipUnder && k.startsWith(skipUnder)))
    .sort()
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
  const next = truncated ? `<NextContinuationToken>${btoa(String.fromCharCode(...new TextEncoder().encode(last)))}</NextContinuationToken>` : ''
  return xmlResponse(
    200,
    `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xmlEscape(bucketName)}</Name><Prefix>${xmlEscape(prefix)}</Prefix>` +
      `${token ? `<ContinuationToken>${xmlEscape(token)}</ContinuationToken>` : ''}<KeyCount>${contents.length + common.size}</KeyCount><MaxKeys>${maxKeys}</MaxKeys>` +
      `${delimiter ? `<Delimiter>${xmlEscape(delimiter)}</Delimiter>` : ''}<IsTruncated>${truncated}</IsTruncated>${items}${prefixes}${next}</ListBucketResult>`,
  )
}

export interface S3HandlerOptions {
  s3: S3Store
  /** Applies due flushes before reading. */
  settle: () => void
  /** Buckets that exist: the destinations of the streams, plus any with objects. */
  bucketExists: (name: string) => boolean
}

function locate(url: string): { bucket: string; key: string } | undefined {
  const clean = url.split(/[?#]/)[0]!
  const virtual = VIRTUAL.exec(clean)
  if (virtual) return { bucket: virtual[1]!, key: decodeURIComponent(virtual[2] ?? '') }
  const path = PATH.exec(clean)
  if (path) return { bucket: path[1]!, key: decodeURIComponent(path[2] ?? '') }
  return undefined
}

export function createS3Handlers(options: S3HandlerOptions): HttpHandler[] {
  const predicate = ({ request }: { request: Request }): boolean => locate(request.url) !== undefined
  const answer = async (request: Request, head: boolean): Promise<Response | undefined> => {
    const where = locate(request.url)!
    options.settle()
    if (!options.bucketExists(where.bucket)) {
      return head
        ? new Response(null, { status: 404, headers: s3Headers() })
        : errorResponse(404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: where.bucket })
    }
    const objects = options.s3.bucket(where.bucket) ?? new Map<string, S3Object>()
    const url = new URL(request.url)
    if (where.key === '') {
      if (!head && url.searchParams.get('list-type') === '2') return listObjectsV2(where.bucket, objects, url)
      return undefined
    }
    const object = objects.get(where.key)
    if (!object) {
      return head
        ? new Response(null, { status: 404, headers: s3Headers() })
        : errorResponse(404, 'NoSuchKey', 'The specified key does not exist.', { Key: where.key })
    }
    const { headers, bytes } = await objectHeaders(object)
    return new Response(head ? null : (bytes as Uint8Array<ArrayBuffer>), { status: 200, headers })
  }
  return [
    http.get(predicate as never, ({ request }) => answer(request, false)),
    http.head(predicate as never, ({ request }) => answer(request, true)),
  ]
}

/**
 * S3 reads over the server, which is then an S3 endpoint itself: path-style
 * (`GET /<bucket>/<key>`, what the AWS CLI and boto3 send to any custom endpoint) and
 * virtual-hosted style on `localhost` names (`GET /<key>` with `Host: <bucket>.localhost:4566`).
 * The request is handed to the same S3 reads the MSW handlers serve, addressed to S3's own host.
 */
import type { IncomingMessage } from 'node:http'

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/

/** The S3 URL a GET or HEAD to the server stands for, and the object key it names ('' for the bucket). */
export function s3Url(req: IncomingMessage, path: string): { url: string; key: string } | undefined {
  const query = (req.url ?? '').slice(path.length)
  const host = (req.headers.host ?? '').replace(/:\d+$/, '')
  const virtual = /^(.+)\.localhost$/.exec(host)?.[1]
  if (virtual && BUCKET.test(virtual)) return { url: `https://${virtual}.s3.amazonaws.com${path}${query}`, key: path.slice(1) }
  const [, bucket = '', key = ''] = /^\/([^/]+)\/?(.*)$/.exec(path) ?? []
  return BUCKET.test(bucket) ? { url: `https://s3.amazonaws.com${path}${query}`, key } : undefined
}

/** The request's headers for a Fetch Request (repeated ones joined, as Fetch does). */
export function forFetch(req: IncomingMessage): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && name !== 'host') headers.set(name, Array.isArray(value) ? value.join(', ') : value)
  }
  return headers
}

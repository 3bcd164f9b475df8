/**
 * Read-only S3 (REST-XML) over the delivered objects, so a UI using @aws-sdk/client-s3 can list
 * and open what Firehose delivered: ListObjectsV2, GetObject and HeadObject, virtual-hosted
 * (`https://<bucket>.s3.<region>.amazonaws.com/<key>`) and path style. Everything else that
 * reaches an S3 host is left to other handlers (or the network). The XML side loads on the first
 * S3 request, so apps that never read S3 do not carry it.
 */
import { http, type HttpHandler } from 'msw'
import { AwsError } from '../protocol/aws-error'
import { s3Errors } from './errors'
import type { S3Object, S3Store } from './store'

const VIRTUAL = /^https?:\/\/([a-z0-9][a-z0-9.-]*[a-z0-9])\.s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?\/(.*)$/
const PATH = /^https?:\/\/s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?\/([^/?#]+)\/?(.*)$/

export interface S3HandlerOptions {
  s3: S3Store
  /** Applies due flushes before reading. */
  settle: () => Promise<void> | void
  /** Buckets that exist: the destinations of the streams, plus any with objects. */
  bucketExists: (name: string) => boolean
  /** Receives unexpected errors (answered as S3's InternalError). */
  onUnexpectedError: (error: unknown) => void
}

function locate(url: string): { bucket: string; key: string } | undefined {
  const clean = url.split(/[?#]/)[0]!
  const match = VIRTUAL.exec(clean) ?? PATH.exec(clean)
  if (!match) return undefined
  try {
    return { bucket: match[1]!, key: decodeURIComponent(match[2] ?? '') }
  } catch {
    return undefined // a malformed %-escape is no key of ours
  }
}

export interface S3Handlers {
  handlers: HttpHandler[]
  /**
   * Answers a GET or HEAD as an S3 endpoint does (the standalone server is one): what the
   * handlers answer, and for what they leave to the network, NoSuchBucket or NotImplemented.
   * Undefined when the URL names no S3 bucket.
   */
  serve(request: Request): Promise<Response | undefined>
}

export function createS3Handlers(options: S3HandlerOptions): S3Handlers {
  // Only the buckets Firehose delivers to: every other S3 request goes on to other handlers or the network.
  const predicate = ({ request }: { request: Request }): boolean => {
    const where = locate(request.url)
    return where !== undefined && options.bucketExists(where.bucket)
  }
  const answer = async (request: Request, head: boolean): Promise<Response | undefined> => {
    const api = await import('./s3-api')
    try {
      return await answerWith(api, request, head)
    } catch (error) {
      if (error instanceof AwsError) return api.errorResponse(error)
      options.onUnexpectedError(error)
      return api.errorResponse(s3Errors.error('InternalError'))
    }
  }
  const answerWith = async (api: typeof import('./s3-api'), request: Request, head: boolean): Promise<Response | undefined> => {
    const where = locate(request.url)!
    await options.settle()
    const objects = options.s3.bucket(where.bucket) ?? new Map<string, S3Object>()
    const url = new URL(request.url)
    if (where.key === '') {
      if (!head && url.searchParams.get('list-type') === '2') return api.listObjectsV2(where.bucket, objects, url)
      return undefined
    }
    const object = objects.get(where.key)
    if (!object) {
      const missing = s3Errors.error('NoSuchKey')
      // HEAD answers carry no body: the status alone says it.
      return head
        ? new Response(null, { status: missing.status, headers: api.s3Headers() })
        : api.errorResponse(missing, { Key: where.key })
    }
    const { headers, bytes } = await api.objectHeaders(object)
    const range = head ? null : request.headers.get('range')
    const ranged = range ? api.rangeResponse(range, bytes, headers) : undefined
    return ranged ?? new Response(head ? null : (bytes as Uint8Array<ArrayBuffer>), { status: 200, headers })
  }
  const handlers = [
    http.get(predicate, ({ request }) => answer(request, false)),
    http.head(predicate, ({ request }) => answer(request, true)),
  ]
  return {
    handlers,
    async serve(request) {
      const where = locate(request.url)
      if (!where || (request.method !== 'GET' && request.method !== 'HEAD')) return undefined
      const api = await import('./s3-api')
      if (!options.bucketExists(where.bucket)) {
        return api.errorResponse(s3Errors.error('NoSuchBucket'), { BucketName: where.bucket })
      }
      return (await answer(request, request.method === 'HEAD')) ?? api.errorResponse(s3Errors.error('NotImplemented'))
    },
  }
}

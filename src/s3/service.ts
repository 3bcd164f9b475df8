/**
 * Read-only S3 over what Firehose delivered: the objects (written through the port it offers
 * Firehose) and the REST-XML handlers that serve them. Which buckets exist and when due flushes
 * apply are Firehose's to say; the composition root wires those in.
 */
import type { HttpHandler } from 'msw'
import { createS3Handlers } from './handlers'
import type { S3ForFirehose } from './port'
import { S3Store, type S3Object } from './store'
import type { Stateful } from '../service'

export interface S3ReadsOptions {
  /** Applies due flushes (and the Lambda invocations before them) before a read. */
  settle: () => Promise<void> | void
  /** Whether a bucket is a stream's destination. */
  isDestination: (bucket: string) => boolean
  onUnexpectedError: (error: unknown) => void
  /** How many objects each stream's deliveries keep (the oldest go first). */
  maxObjectsPerStream: number
}

/** S3's part of a snapshot: the delivered objects, with their bytes as stored (GZIP-compressed where the stream compresses). */
export type S3State = Array<Omit<S3Object, 'bytes'> & { data: Uint8Array }>

export interface S3Reads extends Stateful<S3Object[], S3State> {
  readonly handlers: HttpHandler[]
  /** The same reads for a server that is an S3 endpoint itself (see S3Handlers.serve). */
  readonly serve: (request: Request) => Promise<Response | undefined>
  readonly forFirehose: S3ForFirehose
  reset(): void
}

export function createS3Reads(options: S3ReadsOptions): S3Reads {
  const store = new S3Store(options.maxObjectsPerStream)
  const { handlers, serve } = createS3Handlers({
    s3: store,
    settle: options.settle,
    bucketExists: (name) => store.bucket(name) !== undefined || options.isDestination(name),
    onUnexpectedError: options.onUnexpectedError,
  })
  return {
    handlers,
    serve,
    forFirehose: {
      put: (object) => store.put(object),
      async deliveredBy(scope, streamName) {
        const objects = store
          .all()
          .filter((o) => o.streamName === streamName && o.region === scope.region && o.accountId === scope.accountId)
          .sort((a, b) => a.deliveredAt - b.deliveredAt)
        const { describeObject } = await import('./describe-object')
        return Promise.all(objects.map(describeObject))
      },
    },
    // Oldest first, so a retention cap keeps the same objects.
    exportState: () => store.all().sort((a, b) => a.deliveredAt - b.deliveredAt),
    importState(state) {
      // A copy on every read, as the delivered objects' own bytes are.
      for (const { data, ...object } of state) store.put(Object.assign(object, { bytes: () => Promise.resolve(data.slice()) }))
    },
    reset: () => store.clear(),
  }
}

/** What S3 offers Firehose: a place for the objects a stream delivers, and a way to read them back. */
import type { RequestScope } from '../service'
import type { DeliveredObject } from '../types'
import type { S3Object } from './store'

export type { S3Object }

export interface S3ForFirehose {
  /** Stores (or replaces) the object at its bucket and key. */
  put(object: S3Object): void
  /** The objects a stream delivered, oldest first, as `aws.firehose.deliveries()` shows them. */
  deliveredBy(scope: RequestScope, streamName: string): Promise<DeliveredObject[]>
}

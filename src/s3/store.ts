/**
 * The objects Firehose delivered, by bucket. Kept apart from the streams: a delivered object
 * outlives the stream that wrote it, as in S3.
 */

export interface S3Object {
  bucket: string
  key: string
  compression: string
  /** epoch ms */
  deliveredAt: number
  records: number
  encrypted: boolean
  keyArn?: string
  /** Who delivered it */
  streamName: string
  streamArn: string
  accountId: string
  region: string
  /** Why the bytes are not in the configured format, when the mock cannot produce it. */
  note?: string
  /** The stored bytes (GZIP is computed on first read, with the platform's CompressionStream). */
  bytes(): Promise<Uint8Array>
}

export class S3Store {
  private readonly buckets = new Map<string, Map<string, S3Object>>()
  /** Each stream's objects, oldest first, while a retention cap applies. */
  private readonly byStream = new Map<string, S3Object[]>()

  constructor(private readonly maxPerStream = Number.POSITIVE_INFINITY) {}

  put(object: S3Object): void {
    let bucket = this.buckets.get(object.bucket)
    if (!bucket) this.buckets.set(object.bucket, (bucket = new Map()))
    bucket.set(object.key, object)
    if (!Number.isFinite(this.maxPerStream)) return
    let own = this.byStream.get(object.streamArn)
    if (!own) this.byStream.set(object.streamArn, (own = []))
    own.push(object)
    for (const old of own.splice(0, own.length - this.maxPerStream)) {
      if (this.buckets.get(old.bucket)?.get(old.key) === old) this.buckets.get(old.bucket)!.delete(old.key)
    }
  }

  bucket(name: string): Map<string, S3Object> | undefined {
    return this.buckets.get(name)
  }

  all(): S3Object[] {
    return [...this.buckets.values()].flatMap((b) => [...b.values()])
  }

  clear(): void {
    this.buckets.clear()
    this.byStream.clear()
  }
}

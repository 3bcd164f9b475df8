import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, type ListObjectsV2CommandInput } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { BUCKET } from '../../support/aws'
import { bytes, decode, gunzip, sameBytes } from '../../support/bytes'
import { START } from '../../support/clock'
import { bufferedStream, deliveryKit, numbered, s3Client } from '../../support/delivery'
import { failureOf } from '../../support/errors'
import { recordRequests, useMock } from '../../support/mock'

const { aws, clock, firehose, server } = useMock({ quotas: false, timing: 'instant' })
const k = deliveryKit(firehose)
const s3 = s3Client()
const pathStyle = s3Client({ forcePathStyle: true })

// Every URL the S3 client sent a request to.
const recorded = recordRequests(server)
const urlsSent = (): string[] => recorded.list.map((r) => r.url)

const list = (input: Partial<ListObjectsV2CommandInput> = {}, client = s3) =>
  client.send(new ListObjectsV2Command({ Bucket: BUCKET, ...input }))
const get = async (key: string, client = s3) => {
  const out = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))
  return { out, body: await out.Body!.transformToByteArray() }
}
const head = (key: string, client = s3) => client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }))

/** Two streams into one bucket (prefixes a/ and b/), objects in two hours; returns deliveries by stream. */
async function deliverSome() {
  await k.create(bufferedStream('alpha', { prefix: 'a/', intervalInSeconds: 0 }))
  await k.create(bufferedStream('beta', { prefix: 'b/', compression: 'GZIP', intervalInSeconds: 0 }))
  await k.put('alpha', 'alpha-1')
  await k.putBatch('beta', ['beta-1', 'beta-2'])
  clock.set(Date.UTC(2026, 10, 25, 13, 0, 0))
  await k.put('alpha', 'alpha-2')
  await k.put('alpha', numbered(3, 70_000))
  await k.put('beta', 'beta-3')
  return { alpha: await aws.firehose.deliveries('alpha'), beta: await aws.firehose.deliveries('beta') }
}

describe('ListObjectsV2', () => {
  it('lists every delivered object of the bucket in key order, with KeyCount, Size, ETag and LastModified', async () => {
    const { alpha, beta } = await deliverSome()
    const all = [...alpha, ...beta]
    const out = await list()
    expect(out.$metadata.httpStatusCode).toBe(200)
    expect(out.Name).toBe(BUCKET)
    expect(out.KeyCount).toBe(5)
    expect(out.IsTruncated).toBe(false)
    expect(out.Contents!.map((c) => c.Key)).toEqual(all.map((o) => o.key).sort())
    for (const entry of out.Contents!) {
      const object = all.find((o) => o.key === entry.Key)!
      expect(entry.Size).toBe(object.data.length)
      expect(entry.ETag).toMatch(/^"[0-9a-f]+"$/)
      expect(entry.LastModified!.getTime()).toBe(object.deliveredAt)
    }
    // The GZIP objects are listed with their compressed size.
    expect(out.Contents!.find((c) => c.Key === beta[0]!.key)!.Size).toBe(beta[0]!.data.length)
    expect(beta[0]!.data.length).not.toBe('beta-1beta-2'.length)
  })

  it('filters by Prefix', async () => {
    const { alpha } = await deliverSome()
    const out = await list({ Prefix: 'a/2026/11/25/13/' })
    expect(out.Contents!.map((c) => c.Key)).toEqual(
      alpha
        .slice(1)
        .map((o) => o.key)
        .sort(),
    )
    expect(out.KeyCount).toBe(2)
    expect(out.Prefix).toBe('a/2026/11/25/13/')
    const none = await list({ Prefix: 'c/' })
    expect(none.KeyCount).toBe(0)
    expect(none.Contents).toBeUndefined()
  })

  it('rolls keys up into CommonPrefixes with a Delimiter', async () => {
    await deliverSome()
    const top = await list({ Delimiter: '/' })
    expect(top.Contents).toBeUndefined()
    expect(top.CommonPrefixes!.map((p) => p.Prefix)).toEqual(['a/', 'b/'])
    expect(top.KeyCount).toBe(2)
    expect(top.Delimiter).toBe('/')

    const hours = await list({ Prefix: 'a/2026/11/25/', Delimiter: '/' })
    expect(hours.CommonPrefixes!.map((p) => p.Prefix)).toEqual(['a/2026/11/25/12/', 'a/2026/11/25/13/'])
    expect(hours.Contents).toBeUndefined()

    const files = await list({ Prefix: 'a/2026/11/25/12/', Delimiter: '/' })
    expect(files.CommonPrefixes).toBeUndefined()
    expect(files.Contents).toHaveLength(1)
  })

  it('pages with MaxKeys and ContinuationToken', async () => {
    const { alpha, beta } = await deliverSome()
    const expectedKeys = [...alpha, ...beta].map((o) => o.key).sort()
    const keys: string[] = []
    const counts: number[] = []
    let token: string | undefined
    for (let page = 0; page < 10; page++) {
      const out = await list({ MaxKeys: 4, ...(token ? { ContinuationToken: token } : {}) })
      expect(out.MaxKeys).toBe(4)
      if (token) expect(out.ContinuationToken).toBe(token)
      counts.push(out.KeyCount!)
      keys.push(...(out.Contents ?? []).map((c) => c.Key!))
      if (!out.IsTruncated) {
        expect(out.NextContinuationToken).toBeUndefined()
        break
      }
      expect(out.NextContinuationToken).toEqual(expect.any(String))
      token = out.NextContinuationToken
    }
    expect(counts).toEqual([4, 1])
    expect(keys).toEqual(expectedKeys)
  })

  it('starts after a given key with StartAfter', async () => {
    const { alpha, beta } = await deliverSome()
    const sorted = [...alpha, ...beta].map((o) => o.key).sort()
    const out = await list({ StartAfter: sorted[1] })
    expect(out.Contents!.map((c) => c.Key)).toEqual(sorted.slice(2))
  })

  it('pages CommonPrefixes with MaxKeys without repeating a prefix', async () => {
    await deliverSome()
    const prefixes: string[] = []
    let token: string | undefined
    let pages = 0
    for (; pages < 6; pages++) {
      const out = await list({ Delimiter: '/', MaxKeys: 1, ...(token ? { ContinuationToken: token } : {}) })
      prefixes.push(...(out.CommonPrefixes ?? []).map((p) => p.Prefix!))
      if (!out.IsTruncated) break
      token = out.NextContinuationToken
    }
    expect(prefixes).toEqual(['a/', 'b/'])
    expect(pages).toBe(1)
  })

  it('answers an empty listing for a bucket that a stream targets but that holds no objects yet', async () => {
    await k.create(bufferedStream('orders', { intervalInSeconds: 60 }))
    const out = await list()
    expect(out.KeyCount).toBe(0)
    expect(out.Contents).toBeUndefined()
    expect(out.IsTruncated).toBe(false)
  })

  it('applies an interval flush that has come due, without any other read first', async () => {
    await k.create(bufferedStream('orders', { intervalInSeconds: 60 }))
    await k.putBatch('orders', ['x', 'y'])
    clock.advance(59_999)
    expect((await list()).KeyCount).toBe(0)
    clock.advance(1)
    const out = await list()
    expect(out.KeyCount).toBe(1)
    expect(out.Contents![0]!.LastModified!.getTime()).toBe(START + 60_000)
    expect(out.Contents![0]!.Size).toBe(2)
    const { body } = await get(out.Contents![0]!.Key!)
    expect(decode(body)).toBe('xy')
  })

  it('leaves a bucket no stream targets to other handlers or the network', async () => {
    await deliverSome()
    const unhandled: string[] = []
    const onUnhandled = ({ request }: { request: Request }) => void unhandled.push(request.url)
    server.events.on('request:unhandled', onUnhandled)
    try {
      const error = await failureOf(s3.send(new ListObjectsV2Command({ Bucket: 'someone-elses-bucket' })))
      expect(error.name).not.toBe('NoSuchBucket')
      expect(unhandled.some((url) => new URL(url).hostname.startsWith('someone-elses-bucket.'))).toBe(true)
    } finally {
      server.events.removeListener('request:unhandled', onUnhandled)
    }
  })

  it('answers InvalidArgument (400) for a continuation token it did not issue', async () => {
    await deliverSome()
    const error = await failureOf(s3.send(new ListObjectsV2Command({ Bucket: 'my-bucket', ContinuationToken: 'not*base64' })))
    expect(error.name).toBe('InvalidArgument')
    expect(error.$metadata?.httpStatusCode).toBe(400)
  })

  it('uses the virtual-hosted bucket address by default', async () => {
    await k.create(bufferedStream('orders', { intervalInSeconds: 60 }))
    recorded.list = []
    await list()
    expect(urlsSent()).toHaveLength(1)
    expect(new URL(urlsSent()[0]!).hostname).toMatch(/^my-bucket\.s3[.-]/)
  })
})

describe('GetObject', () => {
  it('returns the object bytes deliveries() shows, with ContentLength and the listed ETag', async () => {
    const { alpha } = await deliverSome()
    const listed = await list()
    for (const object of alpha) {
      const { out, body } = await get(object.key)
      expect(out.$metadata.httpStatusCode).toBe(200)
      expect(sameBytes(body, object.data)).toBe(true)
      expect(out.ContentLength).toBe(object.data.length)
      expect(out.ETag).toBe(listed.Contents!.find((c) => c.Key === object.key)!.ETag)
      expect(Math.floor(out.LastModified!.getTime() / 1000)).toBe(Math.floor(object.deliveredAt / 1000))
    }
    expect(decode((await get(alpha[0]!.key)).body)).toBe('alpha-1')
  })

  it('returns GZIP objects compressed, as stored, gunzipping to the concatenated records', async () => {
    const { beta } = await deliverSome()
    const { out, body } = await get(beta[0]!.key)
    expect(beta[0]!.key).toMatch(/\.gz$/)
    expect(sameBytes(body, beta[0]!.data)).toBe(true)
    expect(out.ContentLength).toBe(beta[0]!.data.length)
    expect(decode(gunzip(body))).toBe('beta-1beta-2')
  })

  it('reads objects whose keys need URL encoding (custom prefixes with = and expressions)', async () => {
    await k.create(
      bufferedStream('orders', {
        prefix: 'data/dt=!{timestamp:yyyy-MM-dd}/x=a b+c/',
        errorOutputPrefix: 'errors/',
        intervalInSeconds: 0,
      }),
    )
    await k.put('orders', 'encoded')
    const [object] = await aws.firehose.deliveries('orders')
    expect(object!.key.startsWith('data/dt=2026-11-25/x=a b+c/orders-1-')).toBe(true)
    expect(decode((await get(object!.key)).body)).toBe('encoded')
    const listed = await list({ Prefix: 'data/dt=2026-11-25/x=a b+c/' })
    expect(listed.Contents!.map((c) => c.Key)).toEqual([object!.key])
    expect((await head(object!.key)).ContentLength).toBe('encoded'.length)
  })

  it('answers NoSuchKey (404) for a key that does not exist', async () => {
    await deliverSome()
    const error = await failureOf(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'a/nothing-here' })))
    expect(error.name).toBe('NoSuchKey')
    expect(error.$metadata?.httpStatusCode).toBe(404)
  })

  it('does not answer for a bucket no stream targets', async () => {
    await deliverSome()
    const error = await failureOf(s3.send(new GetObjectCommand({ Bucket: 'someone-elses-bucket', Key: 'a/x' })))
    expect(error.name).not.toBe('NoSuchBucket')
    expect(error.$metadata?.httpStatusCode).toBeUndefined()
  })
})

describe('HeadObject', () => {
  it('answers ContentLength, ETag and LastModified consistent with GetObject and the listing', async () => {
    const { alpha, beta } = await deliverSome()
    for (const object of [...alpha, ...beta]) {
      const h = await head(object.key)
      const { out } = await get(object.key)
      expect(h.$metadata.httpStatusCode).toBe(200)
      expect(h.ContentLength).toBe(object.data.length)
      expect(h.ETag).toBe(out.ETag)
      expect(h.LastModified!.getTime()).toBe(out.LastModified!.getTime())
    }
  })

  it('answers 404 NotFound for a key that does not exist', async () => {
    await deliverSome()
    const error = await failureOf(head('a/nothing-here'))
    expect(error.name).toBe('NotFound')
    expect(error.$metadata?.httpStatusCode).toBe(404)
  })
})

describe('path-style addressing (forcePathStyle: true)', () => {
  it('lists, gets and heads the same objects', async () => {
    const { alpha, beta } = await deliverSome()
    recorded.list = []
    const out = await list({}, pathStyle)
    expect(new URL(urlsSent()[0]!).pathname).toMatch(new RegExp(`^/${BUCKET}/?$`))
    expect(new URL(urlsSent()[0]!).hostname).toMatch(/^s3[.-]/)
    expect(out.Contents!.map((c) => c.Key)).toEqual([...alpha, ...beta].map((o) => o.key).sort())
    const { body } = await get(beta[1]!.key, pathStyle)
    expect(decode(gunzip(body))).toBe('beta-3')
    expect((await head(alpha[2]!.key, pathStyle)).ContentLength).toBe(70_000)
    const error = await failureOf(pathStyle.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'missing' })))
    expect(error.name).toBe('NoSuchKey')
  })
})

describe('objects outlive their stream', () => {
  it('still lists and serves objects after the stream is deleted', async () => {
    await k.create(bufferedStream('orders', { intervalInSeconds: 900 }))
    await k.put('orders', bytes('kept'))
    await k.del('orders')
    const out = await list()
    expect(out.KeyCount).toBe(1)
    expect(decode((await get(out.Contents![0]!.Key!)).body)).toBe('kept')
  })
})

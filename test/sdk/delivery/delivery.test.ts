import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { BUCKET_ARN, ROLE_ARN, s3Stream } from '../../support/aws'
import { bytes, concat, decode, gunzip, MIB, sameBytes } from '../../support/bytes'
import { START } from '../../support/clock'
import { bufferedStream, deliveryKit, numbered } from '../../support/delivery'
import { awsOwned, cmk, encryptionKit } from '../../support/encryption'
import { useMock } from '../../support/mock'

const { aws, clock, firehose, server } = useMock({ quotas: false, timing: 'instant' })
const k = deliveryKit(firehose)

const QUARTER_MIB = MIB / 4

describe('size-triggered flush', () => {
  it('writes one object the moment the buffer reaches SizeInMBs and keeps the rest buffered', async () => {
    await k.create(bufferedStream('orders', { sizeInMBs: 1, intervalInSeconds: 900 }))
    clock.advance(5_000)
    // 5 × 256 KiB = 1.25 MiB: the fourth record brings the buffer to exactly 1 MiB.
    const records = Array.from({ length: 5 }, (_, i) => numbered(i, QUARTER_MIB))
    await k.putBatch('orders', records)

    const [first, ...others] = await aws.firehose.deliveries('orders')
    expect(others).toEqual([])
    expect(first!.records).toBe(4)
    expect(first!.deliveredAt).toBe(START + 5_000)
    expect(first!.data.length).toBe(MIB)
    expect(sameBytes(first!.data, concat(records.slice(0, 4)))).toBe(true)

    // The fifth record waits for the interval (or a flush).
    clock.advance(60_000)
    expect(await aws.firehose.deliveries('orders')).toHaveLength(1)
    aws.firehose.flush('orders')
    const all = await aws.firehose.deliveries('orders')
    expect(all).toHaveLength(2)
    expect(all[1]!.records).toBe(1)
    expect(sameBytes(all[1]!.data, records[4]!)).toBe(true)
    expect(all[1]!.deliveredAt).toBe(START + 65_000)
  })

  it('delivers nothing while the buffer is below SizeInMBs and the interval has not passed', async () => {
    await k.create(bufferedStream('orders', { sizeInMBs: 1, intervalInSeconds: 900 }))
    await k.putBatch(
      'orders',
      Array.from({ length: 3 }, (_, i) => numbered(i, QUARTER_MIB)),
    )
    await k.put('orders', numbered(3, QUARTER_MIB - 1))
    clock.advance(899_999)
    expect(await aws.firehose.deliveries('orders')).toEqual([])
  })

  it('flushes when ~1.1 MiB arrives over several calls, at the call that crossed the size, keyed by the first arrival', async () => {
    await k.create(bufferedStream('orders', { sizeInMBs: 1, intervalInSeconds: 900 }))
    const records = Array.from({ length: 12 }, (_, i) => numbered(i, 100 * 1024))
    // 11 × 100 KiB = 1.07 MiB ≥ 1 MiB: the eleventh call flushes; the twelfth starts a new buffer.
    for (const [i, r] of records.entries()) {
      await k.put('orders', r)
      if (i < 10) expect(await aws.firehose.deliveries('orders')).toEqual([])
      clock.advance(1_000)
    }
    const [first, ...rest] = await aws.firehose.deliveries('orders')
    expect(rest).toEqual([])
    expect(first!.records).toBe(11)
    expect(first!.deliveredAt).toBe(START + 10_000)
    expect(first!.key).toContain('-2026-11-25-12-00-00-')
    expect(sameBytes(first!.data, concat(records.slice(0, 11)))).toBe(true)
    expect(aws.firehose.records('orders')).toHaveLength(12)
  })

  it('uses 5 MiB when BufferingHints are omitted', async () => {
    await k.create(bufferedStream('orders'))
    await k.putBatch(
      'orders',
      Array.from({ length: 4 }, (_, i) => numbered(i, 1_000_000)),
    )
    await k.put('orders', numbered(4, 1_000_000))
    await k.put('orders', numbered(5, 5 * MIB - 5_000_000 - 1))
    expect(await aws.firehose.deliveries('orders')).toEqual([])
    await k.put('orders', numbered(6, 4).slice(0, 1))
    const out = await aws.firehose.deliveries('orders')
    expect(out).toHaveLength(1)
    expect(out[0]!.records).toBe(7)
    expect(out[0]!.data.length).toBe(5 * MIB)
  })
})

describe('interval-triggered flush', () => {
  it('delivers nothing at 59.999 s and one object at exactly +60 s', async () => {
    await k.create(bufferedStream('orders', { sizeInMBs: 5, intervalInSeconds: 60 }))
    await k.put('orders', 'a')
    clock.advance(20_000)
    await k.put('orders', 'b')
    clock.advance(39_999)
    expect(await aws.firehose.deliveries('orders')).toEqual([])
    clock.advance(1)
    const out = await aws.firehose.deliveries('orders')
    expect(out).toHaveLength(1)
    expect(decode(out[0]!.data)).toBe('ab')
    expect(out[0]!.records).toBe(2)
    expect(out[0]!.deliveredAt).toBe(START + 60_000)
  })

  it('stamps deliveredAt at first arrival + interval even when read hours later', async () => {
    await k.create(bufferedStream('orders', { sizeInMBs: 5, intervalInSeconds: 60 }))
    clock.advance(1_234)
    await k.put('orders', 'a')
    clock.advance(30_000)
    await k.put('orders', 'b')
    clock.advance(3 * 60 * 60 * 1000)
    const out = await aws.firehose.deliveries('orders')
    expect(out).toHaveLength(1)
    expect(out[0]!.deliveredAt).toBe(START + 1_234 + 60_000)
    expect(decode(out[0]!.data)).toBe('ab')
  })

  it('applies a due flush before buffering a later record, which starts a new buffer', async () => {
    await k.create(bufferedStream('orders', { sizeInMBs: 5, intervalInSeconds: 60 }))
    await k.put('orders', 'a')
    clock.advance(90_000)
    await k.put('orders', 'b')
    expect((await aws.firehose.deliveries('orders')).map((o) => [decode(o.data), o.deliveredAt])).toEqual([['a', START + 60_000]])
    clock.advance(59_999)
    expect(await aws.firehose.deliveries('orders')).toHaveLength(1)
    clock.advance(1)
    expect((await aws.firehose.deliveries('orders')).map((o) => [decode(o.data), o.deliveredAt])).toEqual([
      ['a', START + 60_000],
      ['b', START + 150_000],
    ])
  })

  it('uses 300 s when BufferingHints are omitted', async () => {
    await k.create(bufferedStream('orders'))
    await k.put('orders', 'a')
    clock.advance(299_999)
    expect(await aws.firehose.deliveries('orders')).toEqual([])
    clock.advance(1)
    expect((await aws.firehose.deliveries('orders')).map((o) => o.deliveredAt)).toEqual([START + 300_000])
  })

  it('also buffers for the plain S3 destination (S3DestinationConfiguration)', async () => {
    await k.create({
      DeliveryStreamName: 'plain',
      S3DestinationConfiguration: { RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN, BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 } },
    })
    await k.put('plain', 'x')
    clock.advance(60_000)
    const out = await aws.firehose.deliveries('plain')
    expect(out.map((o) => [decode(o.data), o.deliveredAt, o.bucketArn])).toEqual([['x', START + 60_000, BUCKET_ARN]])
  })
})

describe('IntervalInSeconds 0 (zero buffering)', () => {
  it('delivers the records of each put call as one object at once', async () => {
    await k.create(bufferedStream('orders', { sizeInMBs: 1, intervalInSeconds: 0 }))
    await k.put('orders', 'one')
    clock.advance(10)
    await k.putBatch('orders', ['two', 'three'])
    clock.advance(10)
    await k.put('orders', 'four')
    const out = await aws.firehose.deliveries('orders')
    expect(out.map((o) => [decode(o.data), o.records, o.deliveredAt])).toEqual([
      ['one', 1, START],
      ['twothree', 2, START + 10],
      ['four', 1, START + 20],
    ])
  })
})

describe('flush on DeleteDeliveryStream', () => {
  it('delivers the buffered records when the stream is deleted', async () => {
    await k.create(bufferedStream('orders', { sizeInMBs: 5, intervalInSeconds: 900 }))
    await k.putBatch('orders', ['a', 'b'])
    clock.advance(7_000)
    await k.put('orders', 'c')
    clock.advance(3_000)
    expect(await aws.firehose.deliveries('orders')).toEqual([])
    await k.del('orders')
    const out = await aws.firehose.deliveries('orders')
    expect(out.map((o) => [decode(o.data), o.records, o.deliveredAt])).toEqual([['abc', 3, START + 10_000]])
    // The objects outlive the stream; nothing more is delivered later.
    clock.advance(3_600_000)
    expect(await aws.firehose.deliveries('orders')).toHaveLength(1)
  })

  it('delivers an interval flush that was due before the delete at its due time', async () => {
    await k.create(bufferedStream('orders', { sizeInMBs: 5, intervalInSeconds: 60 }))
    await k.put('orders', 'a')
    clock.advance(70_000)
    await k.del('orders')
    const out = await aws.firehose.deliveries('orders')
    expect(out.map((o) => [decode(o.data), o.deliveredAt])).toEqual([['a', START + 60_000]])
  })

  it('delivers nothing for a deleted stream that had nothing buffered', async () => {
    await k.create(bufferedStream('orders', { sizeInMBs: 1, intervalInSeconds: 0 }))
    await k.put('orders', 'a')
    await k.del('orders')
    expect((await aws.firehose.deliveries('orders')).map((o) => decode(o.data))).toEqual(['a'])
  })
})

describe('aws.firehose.flush()', () => {
  it('flushes one named stream now, leaving the others buffered', async () => {
    await k.create(bufferedStream('a', { intervalInSeconds: 900 }))
    await k.create(bufferedStream('b', { intervalInSeconds: 900 }))
    await k.put('a', 'from-a')
    await k.put('b', 'from-b')
    clock.advance(2_500)
    aws.firehose.flush('a')
    expect((await aws.firehose.deliveries('a')).map((o) => [decode(o.data), o.deliveredAt])).toEqual([['from-a', START + 2_500]])
    expect(await aws.firehose.deliveries('b')).toEqual([])
  })

  it('flushes every stream without a name, and writes no empty objects', async () => {
    await k.create(bufferedStream('a', { intervalInSeconds: 900 }))
    await k.create(bufferedStream('b', { intervalInSeconds: 900 }))
    await k.create(bufferedStream('c', { intervalInSeconds: 900 }))
    await k.put('a', 'from-a')
    await k.put('b', 'from-b')
    aws.firehose.flush()
    expect((await aws.firehose.deliveries('a')).map((o) => decode(o.data))).toEqual(['from-a'])
    expect((await aws.firehose.deliveries('b')).map((o) => decode(o.data))).toEqual(['from-b'])
    expect(await aws.firehose.deliveries('c')).toEqual([])
    aws.firehose.flush()
    aws.firehose.flush('a')
    expect(await aws.firehose.deliveries('a')).toHaveLength(1)
    expect(await aws.firehose.deliveries('b')).toHaveLength(1)
  })

  it('applies a due interval flush at its due time before flushing what came later', async () => {
    await k.create(bufferedStream('a', { intervalInSeconds: 60 }))
    await k.put('a', 'early')
    clock.advance(61_000)
    await k.put('a', 'late')
    clock.advance(1_000)
    aws.firehose.flush('a')
    expect((await aws.firehose.deliveries('a')).map((o) => [decode(o.data), o.deliveredAt])).toEqual([
      ['early', START + 60_000],
      ['late', START + 62_000],
    ])
  })

  it('throws for an unknown stream name', () => {
    expect(() => aws.firehose.flush('missing')).toThrow(/missing/)
  })
})

describe('compression', () => {
  it('GZIP: the object is gzip data that gunzips to the concatenated records, and the key ends .gz', async () => {
    await k.create(bufferedStream('zipped', { compression: 'GZIP', intervalInSeconds: 900 }))
    const records = ['{"id":1}', '{"id":2}\n', 'third record', '']
    await k.putBatch('zipped', records.slice(0, 3))
    await k.put('zipped', numbered(7, 50_000))
    aws.firehose.flush('zipped')
    const [object, ...rest] = await aws.firehose.deliveries('zipped')
    expect(rest).toEqual([])
    expect(object!.compression).toBe('GZIP')
    expect(object!.note).toBeUndefined()
    expect(object!.key).toMatch(/\.gz$/)
    expect(Array.from(object!.data.slice(0, 2))).toEqual([0x1f, 0x8b])
    const expected = concat([...records.slice(0, 3).map(bytes), numbered(7, 50_000)])
    expect(sameBytes(gunzip(object!.data), expected)).toBe(true)
    expect(object!.data.length).toBeLessThan(expected.length)
    expect(object!.records).toBe(4)
  })

  it('UNCOMPRESSED: the object is the exact concatenation of the records, with no delimiter added', async () => {
    await k.create(bufferedStream('plain', { compression: 'UNCOMPRESSED', intervalInSeconds: 900 }))
    const all = Uint8Array.from({ length: 256 }, (_, i) => i)
    const records = [bytes('{"a":1}'), bytes('{"b":2}\n'), all, new Uint8Array([0, 0, 10, 13]), bytes('end')]
    await k.putBatch('plain', records.slice(0, 2))
    await k.put('plain', records[2]!)
    await k.putBatch('plain', records.slice(3))
    aws.firehose.flush('plain')
    const [object] = await aws.firehose.deliveries('plain')
    expect(object!.compression).toBe('UNCOMPRESSED')
    expect(object!.note).toBeUndefined()
    expect(Array.from(object!.data)).toEqual(Array.from(concat(records)))
    expect(object!.key).not.toMatch(/\.[a-z]+$/)
  })

  it('UNCOMPRESSED is the default', async () => {
    await k.create(bufferedStream('plain', { intervalInSeconds: 900 }))
    await k.putBatch('plain', ['x', 'y'])
    aws.firehose.flush()
    const [object] = await aws.firehose.deliveries('plain')
    expect(object!.compression).toBe('UNCOMPRESSED')
    expect(decode(object!.data)).toBe('xy')
  })

  it.each(['ZIP', 'Snappy', 'HADOOP_SNAPPY'])('%s: the object carries a note that the format is not simulated', async (format) => {
    await k.create(bufferedStream('other', { compression: format, intervalInSeconds: 900 }))
    await k.putBatch('other', ['x', 'y'])
    aws.firehose.flush()
    const [object] = await aws.firehose.deliveries('other')
    expect(object!.compression).toBe(format)
    expect(object!.note).toEqual(expect.any(String))
    expect(object!.note).toContain(format)
    expect(object!.note).toMatch(/not (simulated|supported)/i)
  })
})

describe('encryption travels with the objects', () => {
  const e = encryptionKit({ aws, clock, firehose })

  it('marks objects of a stream encrypted with a customer managed key as encrypted, with the key ARN', async () => {
    const key = await e.createKey()
    await k.create(bufferedStream('secure', { intervalInSeconds: 60, extra: { DeliveryStreamEncryptionConfigurationInput: cmk(key.arn) } }))
    clock.advance(aws.timing.streamCreating + aws.timing.encryptionPropagation)
    const out = await k.putBatch('secure', ['a', 'b'])
    expect(out.Encrypted).toBe(true)
    clock.advance(60_000)
    const [object] = await aws.firehose.deliveries('secure')
    expect(object!.encrypted).toBe(true)
    expect(object!.keyArn).toBe(key.arn)
    expect(decode(object!.data)).toBe('ab')
  })

  it('marks objects of a stream encrypted with the AWS owned key as encrypted, without a key ARN', async () => {
    await k.create(bufferedStream('owned', { intervalInSeconds: 60, extra: { DeliveryStreamEncryptionConfigurationInput: awsOwned } }))
    clock.advance(aws.timing.streamCreating + aws.timing.encryptionPropagation)
    await k.put('owned', 'a')
    aws.firehose.flush()
    const [object] = await aws.firehose.deliveries('owned')
    expect(object!.encrypted).toBe(true)
    expect(object!.keyArn).toBeUndefined()
  })

  it('marks objects of an unencrypted stream as not encrypted', async () => {
    await k.create(s3Stream('clear'))
    await k.put('clear', 'a')
    aws.firehose.flush()
    const [object] = await aws.firehose.deliveries('clear')
    expect(object!.encrypted).toBe(false)
    expect(object!.keyArn).toBeUndefined()
  })

  it('switches to encrypted objects once StartDeliveryStreamEncryption has taken effect', async () => {
    await k.create(bufferedStream('later', { intervalInSeconds: 0 }))
    await k.put('later', 'before')
    const key = await e.createKey()
    await e.enabled('later', cmk(key.arn))
    clock.advance(aws.timing.encryptionPropagation)
    await k.put('later', 'after')
    const objects = await aws.firehose.deliveries('later')
    expect(objects.map((o) => [decode(o.data), o.encrypted, o.keyArn])).toEqual([
      ['before', false, undefined],
      ['after', true, key.arn],
    ])
  })
})

describe('destinations that are not S3', () => {
  it('writes nothing to S3 for an HttpEndpoint stream whose endpoint takes its records (S3 is only a backup)', async () => {
    server.use(
      http.post('https://collector.example.com/ingest', async ({ request }) => {
        const { requestId } = (await request.json()) as { requestId: string }
        return HttpResponse.json({ requestId, timestamp: 0 })
      }),
    )
    await k.create({
      DeliveryStreamName: 'http',
      HttpEndpointDestinationConfiguration: {
        EndpointConfiguration: { Url: 'https://collector.example.com/ingest' },
        RoleARN: ROLE_ARN,
        BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 },
        S3Configuration: { RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN, BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 } },
      },
    })
    await k.putBatch('http', ['a', numbered(1, QUARTER_MIB), numbered(2, QUARTER_MIB)])
    await k.putBatch(
      'http',
      Array.from({ length: 4 }, (_, i) => numbered(i, QUARTER_MIB)),
    )
    clock.advance(3_600_000)
    await aws.firehose.flush()
    expect(await aws.firehose.deliveries('http')).toEqual([])
    expect((await aws.firehose.httpDeliveries('http')).map((d) => [d.records, d.outcome])).toEqual([
      [5, 'delivered'],
      [2, 'delivered'],
    ])
    expect(aws.firehose.records('http')).toHaveLength(7)
  })
})

describe('deliveries() inspection', () => {
  it('returns the documented fields for each object, oldest first', async () => {
    await k.create(bufferedStream('orders', { intervalInSeconds: 60 }))
    await k.put('orders', 'first')
    clock.advance(60_000)
    await k.put('orders', 'second')
    clock.advance(60_000)
    const out = await aws.firehose.deliveries('orders')
    expect(out).toHaveLength(2)
    expect(out[0]).toEqual({
      bucketArn: BUCKET_ARN,
      key: expect.any(String),
      data: expect.any(Uint8Array),
      records: 1,
      deliveredAt: START + 60_000,
      compression: 'UNCOMPRESSED',
      encrypted: false,
    })
    expect(out.map((o) => decode(o.data))).toEqual(['first', 'second'])
    expect(out[0]!.deliveredAt).toBeLessThan(out[1]!.deliveredAt)
  })

  it('returns [] for a stream name that never delivered', async () => {
    expect(await aws.firehose.deliveries('nothing-here')).toEqual([])
  })

  it('is emptied by reset()', async () => {
    await k.create(bufferedStream('orders', { intervalInSeconds: 0 }))
    await k.put('orders', 'a')
    expect(await aws.firehose.deliveries('orders')).toHaveLength(1)
    aws.reset()
    expect(await aws.firehose.deliveries('orders')).toEqual([])
  })

  it('delivers the buffered records when UpdateDestination moves the stream off S3', async () => {
    await k.create(bufferedStream('moving', { intervalInSeconds: 900 }))
    await k.put('moving', 'kept')
    await k.update('moving', '1', {
      HttpEndpointDestinationUpdate: {
        EndpointConfiguration: { Url: 'https://example.com/ingest' },
        S3Update: { RoleARN: 'arn:aws:iam::123456789012:role/firehose-role', BucketARN: 'arn:aws:s3:::backup' },
      },
    })
    const objects = await aws.firehose.deliveries('moving')
    expect(objects.map((o) => decode(o.data))).toEqual(['kept'])
  })

  it('applies a flush that came due before an UpdateDestination under the old configuration, at its time', async () => {
    await k.create(bufferedStream('due', { intervalInSeconds: 60, prefix: 'old/' }))
    await k.put('due', 'first')
    clock.advance(120_000)
    await k.update('due', '1', { ExtendedS3DestinationUpdate: { Prefix: 'new/', BufferingHints: { IntervalInSeconds: 900 } } })
    const [object] = await aws.firehose.deliveries('due')
    expect(object!.key.startsWith('old/')).toBe(true)
    expect(object!.key).toContain('/due-1-')
    expect(object!.deliveredAt).toBe(START + 60_000)
  })
})

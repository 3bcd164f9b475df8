import { describe, expect, it } from 'vitest'
import { decode } from '../../support/bytes'
import { START } from '../../support/clock'
import { bufferedStream, defaultKeyPattern, deliveryKit, RANDOM } from '../../support/delivery'
import { expectAwsError } from '../../support/errors'
import { useMock } from '../../support/mock'

const { aws, clock, firehose } = useMock({ quotas: false, timing: 'instant' })
const k = deliveryKit(firehose)

const keysOf = async (name: string) => (await aws.firehose.deliveries(name)).map((o) => o.key)

describe('default object key', () => {
  it('is YYYY/MM/dd/HH/<stream>-<version>-YYYY-MM-dd-HH-mm-ss-<random> in UTC from the first record', async () => {
    await k.create(bufferedStream('orders', { intervalInSeconds: 900 }))
    clock.advance(7_890)
    await k.put('orders', 'a')
    clock.advance(300_000)
    await k.put('orders', 'b')
    aws.firehose.flush('orders')
    const [key] = await keysOf('orders')
    expect(key).toMatch(/^2026\/11\/25\/12\/orders-1-2026-11-25-12-00-07-[A-Za-z0-9-]+$/)
    expect(key).toMatch(defaultKeyPattern('orders', 1, START + 7_890))
  })

  it('keeps the hour of the first record at an hour boundary; a record after the flush goes into the next hour', async () => {
    await k.create(bufferedStream('orders', { intervalInSeconds: 900 }))
    clock.set(Date.UTC(2026, 10, 25, 12, 59, 59, 500))
    await k.put('orders', 'late-in-12')
    clock.set(Date.UTC(2026, 10, 25, 13, 0, 0, 700))
    await k.put('orders', 'early-in-13')
    aws.firehose.flush('orders')
    await k.put('orders', 'after-flush')
    aws.firehose.flush('orders')
    const objects = await aws.firehose.deliveries('orders')
    expect(objects.map((o) => decode(o.data))).toEqual(['late-in-12early-in-13', 'after-flush'])
    expect(objects[0]!.key).toMatch(new RegExp(`^2026/11/25/12/orders-1-2026-11-25-12-59-59-${RANDOM}$`))
    expect(objects[0]!.deliveredAt).toBe(Date.UTC(2026, 10, 25, 13, 0, 0, 700))
    expect(objects[1]!.key).toMatch(new RegExp(`^2026/11/25/13/orders-1-2026-11-25-13-00-00-${RANDOM}$`))
  })

  it('keeps the hour of the first record when an interval flush falls in the next hour', async () => {
    await k.create(bufferedStream('orders', { intervalInSeconds: 60 }))
    clock.set(Date.UTC(2026, 10, 25, 12, 59, 59, 500))
    await k.put('orders', 'a')
    clock.set(Date.UTC(2026, 10, 25, 14, 0, 0))
    const [object] = await aws.firehose.deliveries('orders')
    expect(object!.deliveredAt).toBe(Date.UTC(2026, 10, 25, 13, 0, 59, 500))
    expect(object!.key).toMatch(new RegExp(`^2026/11/25/12/orders-1-2026-11-25-12-59-59-${RANDOM}$`))
  })

  it('rolls day, month and year in UTC', async () => {
    await k.create(bufferedStream('orders', { intervalInSeconds: 60 }))
    clock.set(Date.UTC(2026, 11, 31, 23, 59, 59, 999))
    await k.put('orders', 'a')
    clock.advance(1)
    await k.put('orders', 'b')
    clock.advance(120_000)
    const keys = await keysOf('orders')
    expect(keys).toHaveLength(1)
    expect(keys[0]).toMatch(new RegExp(`^2026/12/31/23/orders-1-2026-12-31-23-59-59-${RANDOM}$`))
    await k.put('orders', 'c')
    aws.firehose.flush()
    expect((await keysOf('orders'))[1]).toMatch(new RegExp(`^2027/01/01/00/orders-1-2027-01-01-00-02-00-${RANDOM}$`))
  })

  it('puts a Prefix without expressions in front of the default time prefix', async () => {
    await k.create(bufferedStream('orders', { prefix: 'logs/app=web/', intervalInSeconds: 900 }))
    await k.put('orders', 'a')
    aws.firehose.flush()
    expect((await keysOf('orders'))[0]).toMatch(defaultKeyPattern('orders', 1, START, 'logs/app=web/'))
  })

  it('gives every object a different random part', async () => {
    await k.create(bufferedStream('orders', { intervalInSeconds: 0 }))
    for (let i = 0; i < 5; i++) await k.put('orders', `r${i}`)
    const keys = await keysOf('orders')
    expect(keys).toHaveLength(5)
    expect(new Set(keys).size).toBe(5)
    for (const key of keys) expect(key).toMatch(defaultKeyPattern('orders', 1, START))
  })

  it('ends with .gz for GZIP objects and with FileExtension when one is configured', async () => {
    await k.create(bufferedStream('zipped', { compression: 'GZIP', intervalInSeconds: 0 }))
    await k.create(bufferedStream('lines', { fileExtension: '.jsonl', intervalInSeconds: 0 }))
    await k.put('zipped', 'a')
    await k.put('lines', 'a')
    expect((await keysOf('zipped'))[0]).toMatch(defaultKeyPattern('zipped', 1, START, '', '.gz'))
    expect((await keysOf('lines'))[0]).toMatch(defaultKeyPattern('lines', 1, START, '', '.jsonl'))
  })
})

describe('custom Prefix with expressions', () => {
  const custom = {
    prefix: 'data/dt=!{timestamp:yyyy-MM-dd}/r=!{firehose:random-string}/',
    errorOutputPrefix: 'errors/!{firehose:error-output-type}/',
  }

  it('evaluates !{timestamp:…} and !{firehose:random-string} and adds no default time prefix', async () => {
    await k.create(bufferedStream('orders', { ...custom, intervalInSeconds: 900 }))
    clock.advance(5_000)
    await k.put('orders', 'a')
    aws.firehose.flush()
    const [key] = await keysOf('orders')
    expect(key).toMatch(new RegExp(`^data/dt=2026-11-25/r=[A-Za-z0-9]{11}/orders-1-2026-11-25-12-00-05-${RANDOM}$`))
    expect(key).not.toContain('2026/11/25/12/')
    expect(key).not.toContain('!{')
  })

  it('appends the default yyyy/MM/dd/HH/ to a prefix that has expressions but no timestamp expression', async () => {
    await k.create(
      bufferedStream('orders', { prefix: 'r=!{firehose:random-string}/', errorOutputPrefix: 'errors/', intervalInSeconds: 900 }),
    )
    await k.put('orders', 'a')
    aws.firehose.flush()
    const [key] = await keysOf('orders')
    expect(key).toMatch(new RegExp(`^r=[a-z0-9]{11}/2026/11/25/12/orders-1-2026-11-25-12-00-00-${RANDOM}$`))
  })

  it('evaluates the timestamp of the first record, not of the flush, and a new random string per object', async () => {
    await k.create(bufferedStream('orders', { ...custom, intervalInSeconds: 900 }))
    clock.set(Date.UTC(2026, 10, 25, 23, 59, 30))
    await k.put('orders', 'a')
    clock.set(Date.UTC(2026, 10, 26, 0, 5, 0))
    aws.firehose.flush()
    await k.put('orders', 'b')
    aws.firehose.flush()
    const keys = await keysOf('orders')
    expect(keys[0]).toMatch(new RegExp(`^data/dt=2026-11-25/r=[A-Za-z0-9]{11}/orders-1-2026-11-25-23-59-30-${RANDOM}$`))
    expect(keys[1]).toMatch(new RegExp(`^data/dt=2026-11-26/r=[A-Za-z0-9]{11}/orders-1-2026-11-26-00-05-00-${RANDOM}$`))
    const random = keys.map((key) => /r=([A-Za-z0-9]+)\//.exec(key)![1])
    expect(random[0]).not.toBe(random[1])
  })

  it('evaluates Hive-style partitions with several timestamp expressions to the same instant', async () => {
    await k.create(
      bufferedStream('orders', {
        prefix: 'year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/',
        errorOutputPrefix: 'errors/',
        intervalInSeconds: 60,
      }),
    )
    clock.set(Date.UTC(2027, 0, 2, 3, 4, 5))
    await k.put('orders', 'a')
    clock.advance(60_000)
    expect((await keysOf('orders'))[0]).toMatch(new RegExp(`^year=2027/month=01/day=02/hour=03/orders-1-2027-01-02-03-04-05-${RANDOM}$`))
  })

  it('refuses a Prefix with expressions but no ErrorOutputPrefix on CreateDeliveryStream (InvalidArgumentException)', async () => {
    await expectAwsError(k.create(bufferedStream('orders', { prefix: custom.prefix })), {
      name: 'InvalidArgumentException',
      message: /ErrorOutputPrefix/,
      status: 400,
    })
    await expectAwsError(k.create(bufferedStream('orders', { prefix: custom.prefix, errorOutputPrefix: '' })), {
      name: 'InvalidArgumentException',
      status: 400,
    })
    expect(aws.firehose.streamNames()).toEqual([])
  })

  it('refuses such a Prefix on UpdateDestination too, leaving the version and the keys as they were', async () => {
    await k.create(bufferedStream('orders', { prefix: 'plain/', intervalInSeconds: 0 }))
    await expectAwsError(k.update('orders', '1', { ExtendedS3DestinationUpdate: { Prefix: custom.prefix } }), {
      name: 'InvalidArgumentException',
      message: /ErrorOutputPrefix/,
      status: 400,
    })
    const d = await k.describe('orders')
    expect(d.VersionId).toBe('1')
    expect(d.Destinations![0]!.ExtendedS3DestinationDescription!.Prefix).toBe('plain/')
    await k.put('orders', 'a')
    expect((await keysOf('orders'))[0]).toMatch(defaultKeyPattern('orders', 1, START, 'plain/'))
  })

  it('accepts the same update with an ErrorOutputPrefix, and later objects use the new Prefix and version', async () => {
    await k.create(bufferedStream('orders', { prefix: 'plain/', intervalInSeconds: 0 }))
    await k.update('orders', '1', { ExtendedS3DestinationUpdate: { Prefix: custom.prefix, ErrorOutputPrefix: custom.errorOutputPrefix } })
    await k.put('orders', 'a')
    expect((await keysOf('orders'))[0]).toMatch(new RegExp(`^data/dt=2026-11-25/r=[A-Za-z0-9]{11}/orders-2-2026-11-25-12-00-00-${RANDOM}$`))
  })
})

describe('DeliveryStreamVersion in the key', () => {
  it('is 1 for a new stream and goes up with every UpdateDestination', async () => {
    await k.create(bufferedStream('orders', { intervalInSeconds: 900 }))
    await k.put('orders', 'v1')
    aws.firehose.flush()
    await k.update('orders', '1', { ExtendedS3DestinationUpdate: { BufferingHints: { SizeInMBs: 2, IntervalInSeconds: 120 } } })
    clock.advance(1_000)
    await k.put('orders', 'v2')
    aws.firehose.flush()
    await k.update('orders', '2', { ExtendedS3DestinationUpdate: { CompressionFormat: 'GZIP' } })
    clock.advance(1_000)
    await k.put('orders', 'v3')
    aws.firehose.flush()
    expect((await k.describe('orders')).VersionId).toBe('3')
    const keys = await keysOf('orders')
    expect(keys).toHaveLength(3)
    expect(keys[0]).toMatch(defaultKeyPattern('orders', 1, START))
    expect(keys[1]).toMatch(defaultKeyPattern('orders', 2, START + 1_000))
    expect(keys[2]).toMatch(defaultKeyPattern('orders', 3, START + 2_000, '', '.gz'))
  })

  it('applies updated BufferingHints to later buffers', async () => {
    await k.create(bufferedStream('orders', { intervalInSeconds: 900 }))
    await k.update('orders', '1', { ExtendedS3DestinationUpdate: { BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 } } })
    await k.put('orders', 'a')
    clock.advance(60_000)
    expect((await aws.firehose.deliveries('orders')).map((o) => o.deliveredAt)).toEqual([START + 60_000])
  })
})

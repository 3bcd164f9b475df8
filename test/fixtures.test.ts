/** The JSON fixtures in /fixtures, loaded through `seed` and read back through the real SDK. */
import {
  CreateDeliveryStreamCommand,
  DescribeDeliveryStreamCommand,
  InvalidArgumentException,
  ListDeliveryStreamsCommand,
  ListTagsForDeliveryStreamCommand,
  PutRecordBatchCommand,
  PutRecordCommand,
} from '@aws-sdk/client-firehose'
import { afterEach, describe, expect, it } from 'vitest'
import { createFirehoseMock, createManualClock, FirehoseMswError, type Fixture } from '../src'
import { OTHER_ACCOUNT, s3Stream } from './support/aws'
import { bytes, decode } from './support/bytes'
import { firehoseClient } from './support/clients'
import { START } from './support/clock'
import { loadFixture } from './support/files'
import { useMock } from './support/mock'

const directPut = loadFixture('direct-put-s3')
const kinesis = loadFixture('kinesis-source')

const { aws, clock, server, firehose } = useMock({ seed: [directPut, kinesis] })

afterEach(() => server.resetHandlers())

describe('the shipped fixtures', () => {
  it('are JSON objects of the Fixture shape', () => {
    for (const fixture of [directPut, kinesis]) {
      expect(Object.keys(fixture).every((k) => ['name', 'description', '$schema', 'firehose'].includes(k))).toBe(true)
      expect(fixture.firehose?.deliveryStreams?.length).toBeGreaterThan(0)
    }
    // Each also loads on its own.
    expect(createFirehoseMock({ seed: directPut }).firehose.streamNames()).toEqual(['clickstream'])
    expect(createFirehoseMock({ seed: kinesis }).firehose.streamNames()).toEqual(['orders-archive'])
  })

  it('list both streams, filtered by type', async () => {
    const all = await firehose.send(new ListDeliveryStreamsCommand({}))
    expect(all.DeliveryStreamNames).toEqual(['clickstream', 'orders-archive'])
    expect(all.HasMoreDeliveryStreams).toBe(false)
    const direct = await firehose.send(new ListDeliveryStreamsCommand({ DeliveryStreamType: 'DirectPut' }))
    expect(direct.DeliveryStreamNames).toEqual(['clickstream'])
    const fromKinesis = await firehose.send(new ListDeliveryStreamsCommand({ DeliveryStreamType: 'KinesisStreamAsSource' }))
    expect(fromKinesis.DeliveryStreamNames).toEqual(['orders-archive'])
  })

  it('direct-put-s3: an ACTIVE DirectPut → ExtendedS3 stream "clickstream"', async () => {
    const { DeliveryStreamDescription: d } = await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'clickstream' }))
    expect(d).toMatchObject({
      DeliveryStreamName: 'clickstream',
      DeliveryStreamARN: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/clickstream',
      DeliveryStreamStatus: 'ACTIVE',
      DeliveryStreamType: 'DirectPut',
      VersionId: '1',
      HasMoreDestinations: false,
      DeliveryStreamEncryptionConfiguration: { Status: 'DISABLED' },
      Source: { DirectPutSourceDescription: { ThroughputHintInMBs: 5 } },
    })
    expect(d!.CreateTimestamp).toEqual(new Date(START))
    expect(d!.Destinations).toHaveLength(1)
    const destination = d!.Destinations![0]!
    expect(destination.DestinationId).toBe('destinationId-000000000001')
    expect(destination.ExtendedS3DestinationDescription).toEqual({
      RoleARN: 'arn:aws:iam::123456789012:role/firehose-clickstream-delivery',
      BucketARN: 'arn:aws:s3:::acme-clickstream-lake',
      Prefix: 'events/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/',
      ErrorOutputPrefix: 'errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/',
      BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 60 },
      CompressionFormat: 'GZIP',
      EncryptionConfiguration: { NoEncryptionConfig: 'NoEncryption' },
      CloudWatchLoggingOptions: { Enabled: true, LogGroupName: '/aws/kinesisfirehose/clickstream', LogStreamName: 'DestinationDelivery' },
      S3BackupMode: 'Disabled',
    })
    expect(destination.S3DestinationDescription).toMatchObject({
      BucketARN: 'arn:aws:s3:::acme-clickstream-lake',
      CompressionFormat: 'GZIP',
      BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 60 },
    })
    const tags = await firehose.send(new ListTagsForDeliveryStreamCommand({ DeliveryStreamName: 'clickstream' }))
    expect(tags.Tags).toEqual([
      { Key: 'team', Value: 'web-analytics' },
      { Key: 'env', Value: 'test' },
    ])
  })

  it('kinesis-source: a KinesisStreamAsSource stream "orders-archive" with an S3 destination', async () => {
    const { DeliveryStreamDescription: d } = await firehose.send(
      new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'orders-archive' }),
    )
    expect(d).toMatchObject({
      DeliveryStreamName: 'orders-archive',
      DeliveryStreamARN: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/orders-archive',
      DeliveryStreamStatus: 'ACTIVE',
      DeliveryStreamType: 'KinesisStreamAsSource',
      VersionId: '1',
    })
    expect(d!.Source?.KinesisStreamSourceDescription).toEqual({
      KinesisStreamARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/orders',
      RoleARN: 'arn:aws:iam::123456789012:role/firehose-orders-reader',
      DeliveryStartTimestamp: new Date(START),
    })
    const destination = d!.Destinations![0]!
    expect(destination.S3DestinationDescription).toEqual({
      RoleARN: 'arn:aws:iam::123456789012:role/firehose-orders-delivery',
      BucketARN: 'arn:aws:s3:::acme-orders-archive',
      Prefix: 'orders/',
      BufferingHints: { SizeInMBs: 128, IntervalInSeconds: 900 },
      CompressionFormat: 'Snappy',
      EncryptionConfiguration: { NoEncryptionConfig: 'NoEncryption' },
      CloudWatchLoggingOptions: { Enabled: false },
    })
    // Real Firehose answers S3-backed streams with both descriptions.
    expect(destination.ExtendedS3DestinationDescription).toMatchObject({
      BucketARN: 'arn:aws:s3:::acme-orders-archive',
      CompressionFormat: 'Snappy',
    })
  })

  it('seeded records read back through aws.firehose.records()', () => {
    const records = aws.firehose.records('clickstream')
    expect(records).toHaveLength(4)
    expect(records.slice(0, 3).map((r) => decode(r.data))).toEqual([
      '{"event":"page_view","path":"/","session":"s-1001"}\n',
      '{"event":"page_view","path":"/pricing","session":"s-1001"}\n',
      '{"event":"click","target":"#signup","session":"s-1001"}\n',
    ])
    expect(Array.from(records[3]!.data)).toEqual([0x00, 0x01, 0x02, 0x03, 0xfe, 0xfd, 0xfc, 0xff])
    for (const record of records) {
      expect(record.recordId).toMatch(/^\S+$/)
      expect(record.encrypted).toBe(false)
      expect(record.receivedAt).toBe(START)
    }
    const ids = [...records, ...aws.firehose.records('orders-archive')].map((r) => r.recordId)
    expect(new Set(ids).size).toBe(ids.length)
    expect(
      aws.firehose
        .records('orders-archive')
        .map((r) => JSON.parse(decode(r.data)) as { orderId: string })
        .map((o) => o.orderId),
    ).toEqual(['o-5001', 'o-5002'])
  })

  it('the Kinesis-sourced stream refuses direct puts, as AWS does', async () => {
    const error = await firehose
      .send(new PutRecordCommand({ DeliveryStreamName: 'orders-archive', Record: { Data: bytes('x') } }))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidArgumentException)
    expect((error as Error).message).toBe('This operation is not permitted on KinesisStreamAsSource delivery stream type.')
    expect(aws.firehose.records('orders-archive')).toHaveLength(2)
  })

  it('reset() restores the seeded records and streams after new puts', async () => {
    const seeded = aws.firehose.records('clickstream')
    const put = await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'clickstream', Record: { Data: bytes('new') } }))
    await firehose.send(
      new PutRecordBatchCommand({ DeliveryStreamName: 'clickstream', Records: [{ Data: bytes('a') }, { Data: bytes('b') }] }),
    )
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('scratch')))
    expect(aws.firehose.records('clickstream')).toHaveLength(7)
    expect(aws.firehose.records('clickstream')[4]!.recordId).toBe(put.RecordId)
    clock.advance(60_000)

    aws.reset()

    const restored = aws.firehose.records('clickstream')
    expect(restored.map((r) => Array.from(r.data))).toEqual(seeded.map((r) => Array.from(r.data)))
    expect(restored).toHaveLength(4)
    expect(aws.firehose.streamNames()).toEqual(['clickstream', 'orders-archive'])
    expect(aws.firehose.records('orders-archive')).toHaveLength(2)
    // The reloaded streams are ACTIVE and take puts again.
    await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'clickstream', Record: { Data: bytes('again') } }))
    expect(aws.firehose.records('clickstream')).toHaveLength(5)
  })

  it('seeded records do not leak between tests (useMock resets after each)', () => {
    expect(aws.firehose.records('clickstream')).toHaveLength(4)
  })
})

describe('fixture options', () => {
  it('keeps a seeded ACTIVE stream ACTIVE when the clock is set before the load time', async () => {
    const early = createManualClock(Date.UTC(2026, 0, 1))
    const mock = createFirehoseMock({ now: early.now, seed: directPut })
    early.set(Date.UTC(2025, 0, 1))
    server.use(...mock.handlers)
    try {
      const out = await firehoseClient().send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'clickstream' }))
      expect(out.DeliveryStreamDescription?.DeliveryStreamStatus).toBe('ACTIVE')
    } finally {
      server.resetHandlers()
    }
  })

  it('status CREATING starts the creation at load time', async () => {
    const clock2 = createManualClock(START)
    const fixture: Fixture = {
      name: 'creating',
      firehose: { deliveryStreams: [{ status: 'CREATING', definition: s3Stream('warming-up') }] },
    }
    const other = createFirehoseMock({ now: clock2.now, seed: fixture })
    server.use(...other.handlers)
    const status = async () =>
      (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'warming-up' }))).DeliveryStreamDescription!
        .DeliveryStreamStatus
    expect(await status()).toBe('CREATING')
    clock2.advance(other.timing.streamCreating)
    expect(await status()).toBe('ACTIVE')
  })

  it('region and accountId scope the stream', async () => {
    const fixture: Fixture = {
      firehose: {
        deliveryStreams: [{ region: 'eu-west-1', accountId: OTHER_ACCOUNT, definition: s3Stream('elsewhere'), records: [{ text: 'x' }] }],
      },
    }
    const other = createFirehoseMock({ seed: fixture })
    expect(other.firehose.streamNames()).toEqual([])
    expect(other.firehose.streamNames({ region: 'eu-west-1', accountId: OTHER_ACCOUNT })).toEqual(['elsewhere'])
    expect(decode(other.firehose.records('elsewhere', { region: 'eu-west-1', accountId: OTHER_ACCOUNT })[0]!.data)).toBe('x')
    server.use(...other.handlers)
    // The SDK calls as the mock's own account, which does not see the other account's stream.
    const listed = await firehoseClient('eu-west-1').send(new ListDeliveryStreamsCommand({}))
    expect(listed.DeliveryStreamNames).toEqual([])
  })
})

describe('bad fixtures', () => {
  const stream = (overrides: Record<string, unknown> = {}) => ({ definition: s3Stream('ok'), ...overrides })
  const fixtureWith = (entry: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    ({ name: 'bad', firehose: { deliveryStreams: [entry] }, ...extra }) as unknown as Fixture

  /** The FirehoseMswError creating a mock with this seed throws. */
  function loadError(seed: Fixture | Fixture[]): FirehoseMswError {
    let caught: unknown
    try {
      createFirehoseMock({ seed })
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(FirehoseMswError)
    return caught as FirehoseMswError
  }

  it('an invalid stream name names the definition field', () => {
    const error = loadError(fixtureWith({ definition: s3Stream('bad name!') }))
    expect(error.message).toContain('Failed to load fixture "bad"')
    expect(error.message).toContain('firehose.deliveryStreams[0].definition')
    expect(error.message).toContain(
      "ValidationException: 1 validation error detected: Value 'bad name!' at 'deliveryStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
    )
  })

  const STREAM_KEYS = 'region, accountId, status, definition, records, startEncryption, settled'
  const failed = (where: string, reason: string) => `[firehose-msw] Failed to load fixture "bad": ${where}: ${reason}`

  it('an unknown key in a stream entry names the entry, the key, a close match and the accepted keys', () => {
    expect(loadError(fixtureWith({ ...stream(), recrods: [] })).message).toBe(
      failed('firehose.deliveryStreams[0]', `unknown key "recrods" (did you mean "records"?). Accepted keys: ${STREAM_KEYS}`),
    )
    expect(loadError(fixtureWith({ ...stream(), colour: 'blue', setled: true })).message).toBe(
      failed('firehose.deliveryStreams[0]', `unknown keys "colour", "setled" (did you mean "settled"?). Accepted keys: ${STREAM_KEYS}`),
    )
  })

  it('an unknown top-level key', () => {
    expect(loadError(fixtureWith(stream(), { deliverystreams: [] })).message).toBe(
      failed('fixture', 'unknown key "deliverystreams". Accepted keys: name, state, firehose, kms, cognito, $schema, description'),
    )
    expect(loadError(fixtureWith(stream(), { firehouse: {} })).message).toBe(
      failed(
        'fixture',
        'unknown key "firehouse" (did you mean "firehose"?). Accepted keys: name, state, firehose, kms, cognito, $schema, description',
      ),
    )
  })

  it('an unknown key under firehose or kms', () => {
    const bad = (extra: Record<string, unknown>) => loadError({ name: 'bad', ...extra } as unknown as Fixture).message
    expect(bad({ firehose: { deliverystreams: [] } })).toBe(
      failed('firehose', 'unknown key "deliverystreams" (did you mean "deliveryStreams"?). Accepted keys: deliveryStreams'),
    )
    expect(bad({ kms: { key: [] } })).toBe(failed('kms', 'unknown key "key" (did you mean "keys"?). Accepted keys: keys'))
  })

  it('a stream whose startEncryption fails is not left half loaded', () => {
    const aws = createFirehoseMock()
    const entry = stream({ startEncryption: { KeyType: 'CUSTOMER_MANAGED_CMK' } })
    expect(() => aws.load(fixtureWith(entry))).toThrow(
      failed(
        'firehose.deliveryStreams[0].startEncryption',
        'InvalidArgumentException: KeyARN is required when KeyType is CUSTOMER_MANAGED_CMK.',
      ),
    )
    expect(aws.firehose.streamNames()).toEqual([])
  })

  it('firehose, kms or startEncryption that is not an object is named as such (not as unknown keys "0", "1", …)', () => {
    const bad = (extra: Record<string, unknown>) => loadError({ name: 'bad', ...extra } as unknown as Fixture).message
    expect(bad({ kms: 'keys' })).toBe(failed('kms', 'must be an object with the keys keys, not "keys"'))
    expect(bad({ firehose: ['s'] })).toBe(failed('firehose', 'must be an object with the keys deliveryStreams, not ["s"]'))
    expect(loadError(fixtureWith({ ...stream(), startEncryption: 'AWS_OWNED_CMK' })).message).toBe(
      failed('firehose.deliveryStreams[0].startEncryption', 'must be an object with the keys KeyType, KeyARN, not "AWS_OWNED_CMK"'),
    )
  })

  it('an unknown key in a KMS key entry', () => {
    const error = loadError({ name: 'bad', kms: { keys: [{}, { alias: ['alias/x'] }] } } as unknown as Fixture)
    expect(error.message).toBe(
      failed(
        'kms.keys[1]',
        'unknown key "alias" (did you mean "aliases"?). Accepted keys: region, accountId, keyId, description, keySpec, keyUsage, state, pendingWindowInDays, policy, aliases, tags',
      ),
    )
  })

  it('an unknown key in a record or in startEncryption', () => {
    expect(loadError(fixtureWith(stream({ records: [{ text: 'ok' }, { txt: 'x' }] }))).message).toBe(
      failed('firehose.deliveryStreams[0].records[1]', 'unknown key "txt" (did you mean "text"?). Accepted keys: data, text'),
    )
    expect(loadError(fixtureWith(stream({ startEncryption: { KeyType: 'AWS_OWNED_CMK', KeyArn: 'x' } }))).message).toBe(
      failed(
        'firehose.deliveryStreams[0].startEncryption',
        'unknown key "KeyArn" (did you mean "KeyARN"?). Accepted keys: KeyType, KeyARN',
      ),
    )
  })

  it('bad base64 in a record names the record', () => {
    const error = loadError(fixtureWith(stream({ records: [{ text: 'fine' }, { data: 'ab!=' }] })))
    expect(error.message).toContain("firehose.deliveryStreams[0].records[1].data: Invalid Base64 character: '!'")
    const short = loadError(fixtureWith(stream({ records: [{ data: 'abc' }] })))
    expect(short.message).toContain(
      'firehose.deliveryStreams[0].records[0].data: Base64 encoded length is expected a multiple of 4 bytes but found: 3',
    )
  })

  it('a record without data or text', () => {
    expect(loadError(fixtureWith(stream({ records: [{}] }))).message).toContain(
      'firehose.deliveryStreams[0].records[0]: needs "data" (base64) or "text"',
    )
    expect(loadError(fixtureWith(stream({ records: [{ body: 'x' }] }))).message).toContain(
      'firehose.deliveryStreams[0].records[0]: unknown key "body". Accepted keys: data, text',
    )
    expect(loadError(fixtureWith(stream({ records: [null] }))).message).toContain('firehose.deliveryStreams[0].records[0]')
  })

  it('a wrong status', () => {
    expect(loadError(fixtureWith(stream({ status: 'DELETING' }))).message).toContain('firehose.deliveryStreams[0].status')
  })

  it('a definition the service would refuse (no destination) names the definition', () => {
    const error = loadError(fixtureWith({ definition: { DeliveryStreamName: 'x' } }))
    expect(error.message).toBe(
      '[firehose-msw] Failed to load fixture "bad": firehose.deliveryStreams[0].definition: InvalidArgumentException: A destination configuration must be specified.',
    )
  })

  it('an HttpEndpoint configuration is checked member by member; a Redshift one is taken as it is (decision 0010)', () => {
    const http = {
      EndpointConfiguration: { Url: 'http://not-https.example.com' },
      S3Configuration: { RoleARN: 'arn:aws:iam::123456789012:role/r', BucketARN: 'arn:aws:s3:::b' },
    }
    expect(
      loadError(fixtureWith({ definition: { DeliveryStreamName: 'h', HttpEndpointDestinationConfiguration: http } })).message,
    ).toContain(
      "Value at 'httpEndpointDestinationConfiguration.endpointConfiguration.url' failed to satisfy constraint: Member must satisfy regular expression pattern: https://.*",
    )
    const aws = createFirehoseMock({
      seed: fixtureWith({ definition: { DeliveryStreamName: 'r', RedshiftDestinationConfiguration: { anything: 1 } } }),
    })
    expect(aws.firehose.streamNames()).toEqual(['r'])
  })

  it('the second stream of a fixture is named by its index', () => {
    const fixture = { name: 'two', firehose: { deliveryStreams: [stream(), { definition: s3Stream('') }] } } as unknown as Fixture
    expect(loadError(fixture).message).toContain('firehose.deliveryStreams[1].definition')
  })

  it('a stream defined twice', () => {
    expect(loadError([directPut, directPut]).message).toContain('"clickstream" is defined twice')
  })

  it('a stream entry without a definition names the definition field', () => {
    expect(loadError(fixtureWith({ records: [] })).message).toContain('firehose.deliveryStreams[0].definition')
  })

  it('records that are not an array name the records field', () => {
    expect(loadError(fixtureWith(stream({ records: 'abc' }))).message).toContain('firehose.deliveryStreams[0].records')
  })

  it('an accountId that is not 12 digits names the accountId field', () => {
    expect(loadError(fixtureWith(stream({ accountId: '1234' }))).message).toContain('firehose.deliveryStreams[0].accountId')
  })
})

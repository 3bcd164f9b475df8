/**
 * firehose-msw/server: the same handlers over real HTTP, driven by the real AWS SDK v3 clients
 * with `endpoint: url`, plus the JSON control API under /_firehose-msw/.
 */
import { Agent, createServer, request as httpRequest } from 'node:http'
import {
  CreateDeliveryStreamCommand,
  DescribeDeliveryStreamCommand,
  ListDeliveryStreamsCommand,
  PutRecordBatchCommand,
  PutRecordCommand,
  StartDeliveryStreamEncryptionCommand,
  type FirehoseClient,
} from '@aws-sdk/client-firehose'
import { CreateKeyCommand, DescribeKeyCommand, ListGrantsCommand } from '@aws-sdk/client-kms'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startServer, type RequestLogEntry, type RunningServer } from '../../src/server'
import { ACCOUNT, BUCKET_ARN, FIREHOSE_PRINCIPAL, ROLE_ARN, s3Stream } from '../support/aws'
import { bytes } from '../support/bytes'
import { firehoseClient, kmsClient } from '../support/clients'
import { expectAwsError, notFound } from '../support/errors'
import { loadFixture } from '../support/files'
import { describeStream } from '../support/firehose'
import { control, recordTexts, refused } from '../support/server'

let server: RunningServer
let url: string
const log: RequestLogEntry[] = []

beforeAll(async () => {
  server = await startServer({ port: 0, timing: 'instant', onRequest: (entry) => log.push(entry) })
  url = server.url
})
afterAll(() => server?.close())
beforeEach(() => {
  server.mock.reset()
  log.length = 0
})

const firehoseAt = (region = 'us-east-1') => firehoseClient(region, { endpoint: url })
const kmsAt = (region = 'us-east-1') => kmsClient(region, { endpoint: url })

const create = (client: FirehoseClient, name: string) => client.send(new CreateDeliveryStreamCommand(s3Stream(name)))

describe('startServer', () => {
  it('listens on a free port of 127.0.0.1 for port 0 and returns its URL and mock', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(Number(new URL(url).port)).toBeGreaterThan(0)
    expect(server.mock.handlers.length).toBeGreaterThan(0)
    expect(server.mock.timing.streamCreating).toBe(0)
  })

  it('rejects when the port is taken, instead of crashing', async () => {
    const port = Number(new URL(url).port)
    await expect(startServer({ port, timing: 'instant' })).rejects.toThrow(/EADDRINUSE/)
    // The running server still answers.
    expect((await control(url, 'GET', 'clock')).status).toBe(200)
  })
})

describe('Firehose through real HTTP with the SDK', () => {
  it('creates, puts, puts a batch and describes a stream', async () => {
    const firehose = firehoseAt()
    const created = await create(firehose, 'orders')
    expect(created.DeliveryStreamARN).toBe(`arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/orders`)
    expect(created.$metadata.httpStatusCode).toBe(200)

    const one = await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'orders', Record: { Data: bytes('{"id":1}\n') } }))
    expect(one.RecordId).toMatch(/.+/)
    expect(one.Encrypted).toBe(false)

    const batch = await firehose.send(
      new PutRecordBatchCommand({
        DeliveryStreamName: 'orders',
        Records: [{ Data: bytes('{"id":2}\n') }, { Data: Uint8Array.of(0, 1, 2, 0xff) }],
      }),
    )
    expect(batch.FailedPutCount).toBe(0)
    expect(batch.RequestResponses).toHaveLength(2)
    expect(batch.RequestResponses!.every((r) => typeof r.RecordId === 'string' && r.ErrorCode === undefined)).toBe(true)

    const description = await describeStream(firehose, 'orders')
    expect(description).toMatchObject({
      DeliveryStreamName: 'orders',
      DeliveryStreamARN: created.DeliveryStreamARN,
      DeliveryStreamStatus: 'ACTIVE',
      DeliveryStreamType: 'DirectPut',
      HasMoreDestinations: false,
    })
    expect(description.CreateTimestamp).toBeInstanceOf(Date)
    expect(description.Destinations![0]!.ExtendedS3DestinationDescription).toMatchObject({ RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN })

    // The server's mock holds the very bytes the SDK sent.
    const stored = server.mock.firehose.records('orders')
    expect(stored.map((r) => r.recordId)).toEqual([one.RecordId, ...batch.RequestResponses!.map((r) => r.RecordId)])
    expect(Array.from(stored[2]!.data)).toEqual([0, 1, 2, 0xff])
  })

  it('takes the region from the SigV4 scope: a client in eu-west-1 sees only eu-west-1', async () => {
    const east = firehoseAt('us-east-1')
    const west = firehoseAt('eu-west-1')
    await create(east, 'in-east')
    const created = await create(west, 'in-west')
    expect(created.DeliveryStreamARN).toBe(`arn:aws:firehose:eu-west-1:${ACCOUNT}:deliverystream/in-west`)
    expect((await describeStream(west, 'in-west')).DeliveryStreamARN).toMatch(/^arn:aws:firehose:eu-west-1:/)

    expect((await west.send(new ListDeliveryStreamsCommand({}))).DeliveryStreamNames).toEqual(['in-west'])
    expect((await east.send(new ListDeliveryStreamsCommand({}))).DeliveryStreamNames).toEqual(['in-east'])
    await expectAwsError(west.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'in-east' })), notFound('in-east'))

    // KMS keys too.
    const { KeyMetadata } = await kmsAt('eu-west-1').send(new CreateKeyCommand({}))
    expect(KeyMetadata!.Arn).toMatch(new RegExp(`^arn:aws:kms:eu-west-1:${ACCOUNT}:key/`))
  })

  it('answers whatever host name the client used: endpoint http://localhost:<port>', async () => {
    const endpoint = url.replace('127.0.0.1', 'localhost')
    const firehose = firehoseClient('us-east-1', { endpoint })
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('via-localhost')))
    expect((await describeStream(firehose, 'via-localhost')).DeliveryStreamStatus).toBe('ACTIVE')
    expect(server.mock.firehose.streamNames()).toEqual(['via-localhost'])
  })

  it('keeps the AWS error shape: ResourceNotFoundException with its message and status 400', async () => {
    const firehose = firehoseAt()
    await expectAwsError(firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'missing' })), notFound('missing'))
    await expectAwsError(
      firehose.send(new PutRecordCommand({ DeliveryStreamName: 'missing', Record: { Data: bytes('x') } })),
      notFound('missing'),
    )
  })

  it('keeps the AWS error shape: ValidationException for a name of 65 characters', async () => {
    const name = 'n'.repeat(65)
    await expectAwsError(create(firehoseAt(), name), {
      name: 'ValidationException',
      message: `1 validation error detected: Value '${name}' at 'deliveryStreamName' failed to satisfy constraint: Member must have length less than or equal to 64`,
      status: 400,
    })
  })

  it('keeps the AWS error shape for KMS: NotFoundException for an unknown key', async () => {
    const keyId = '00000000-0000-4000-8000-000000000000'
    await expectAwsError(kmsAt().send(new DescribeKeyCommand({ KeyId: keyId })), {
      name: 'NotFoundException',
      message: `Key 'arn:aws:kms:us-east-1:${ACCOUNT}:key/${keyId}' does not exist`,
      status: 400,
    })
  })
})

describe('KMS and Firehose encryption on one port', () => {
  it("creates a key, starts encryption with it, and ListGrants shows Firehose's grant", async () => {
    const firehose = firehoseAt()
    const kms = kmsAt()
    await create(firehose, 'payments')
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: 'payments key' }))
    const keyArn = KeyMetadata!.Arn!
    expect(keyArn).toMatch(new RegExp(`^arn:aws:kms:us-east-1:${ACCOUNT}:key/[0-9a-f-]{36}$`))
    expect(KeyMetadata!.KeyState).toBe('Enabled')

    await firehose.send(
      new StartDeliveryStreamEncryptionCommand({
        DeliveryStreamName: 'payments',
        DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: keyArn },
      }),
    )
    expect((await describeStream(firehose, 'payments')).DeliveryStreamEncryptionConfiguration).toEqual({
      KeyType: 'CUSTOMER_MANAGED_CMK',
      KeyARN: keyArn,
      Status: 'ENABLED',
    })

    const { Grants } = await kms.send(new ListGrantsCommand({ KeyId: KeyMetadata!.KeyId! }))
    expect(Grants).toHaveLength(1)
    expect(Grants![0]).toMatchObject({ KeyId: keyArn, GranteePrincipal: FIREHOSE_PRINCIPAL })
    expect(Grants![0]!.Operations).toEqual(expect.arrayContaining(['Encrypt', 'Decrypt', 'GenerateDataKey']))

    const put = await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'payments', Record: { Data: bytes('secret') } }))
    expect(put.Encrypted).toBe(true)
  })
})

describe('requests that are not AWS operations', () => {
  it("answers GET / as AWS's front door does (404 <UnknownOperationException/>) and keeps serving", async () => {
    const response = await fetch(`${url}/`)
    expect(response.status).toBe(404)
    expect(response.headers.get('content-type')).toBe('text/xml')
    expect(await response.text()).toBe('<UnknownOperationException/>')
    await expectAwsError(firehoseAt().send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'nope' })), notFound('nope'))
    expect(log.at(0)).toMatchObject({ service: 'unknown', operation: 'GET /', status: 404, error: 'UnknownOperationException' })
  })

  it('answers a POST to another path, or any other method, with the same 404', async () => {
    for (const [method, path] of [
      ['POST', '/some/where?x=1'],
      ['PUT', '/'],
      ['DELETE', '/'],
      ['PATCH', '/service/x'],
    ] as const) {
      const response = await fetch(`${url}${path}`, { method, body: '{}' })
      expect(response.status, `${method} ${path}`).toBe(404)
      expect(await response.text()).toBe('<UnknownOperationException/>')
    }
  })

  it('answers a POST to / without a known X-Amz-Target with UnknownOperationException in AWS JSON (400)', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { 'x-amz-target': 'Firehose_20150804.NoSuchThing' },
      { 'x-amz-target': 'Nobody.Nothing' },
    ]) {
      const response = await fetch(`${url}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', ...headers },
        body: '{}',
      })
      expect(response.status).toBe(400)
      expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException')
      expect(await response.json()).toEqual({ __type: 'UnknownOperationException' })
    }
  })

  it('answers an unknown control route with a 404 JSON message', async () => {
    const answer = await control(url, 'GET', 'nothing-here')
    expect(answer.status).toBe(404)
    expect(answer.contentType).toMatch(/^application\/json/)
    expect(answer.body.message).toMatch(/nothing-here/)
    expect((await control(url, 'GET', 'reset')).status).toBe(404)
  })

  it('survives a malformed AWS request body and answers with an error, not a crash', async () => {
    const response = await fetch(`${url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Firehose_20150804.DescribeDeliveryStream' },
      body: '{not json',
    })
    expect(response.status).toBeGreaterThanOrEqual(400)
    expect(response.status).toBeLessThan(500)
    expect((await control(url, 'GET', 'clock')).status).toBe(200)
  })
})

describe('control API', () => {
  it('POST reset drops streams, records and keys', async () => {
    await create(firehoseAt(), 'orders')
    await kmsAt().send(new CreateKeyCommand({}))
    const answer = await control(url, 'POST', 'reset')
    expect(answer).toMatchObject({ status: 200, body: { ok: true } })
    expect(answer.contentType).toMatch(/^application\/json/)
    expect((await control(url, 'GET', 'streams')).body).toEqual({ streams: [] })
    expect((await control(url, 'GET', 'keys')).body).toEqual({ keys: [] })
    await expectAwsError(firehoseAt().send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'orders' })), notFound('orders'))
  })

  it('POST fixtures loads a fixture that the SDK then sees', async () => {
    const answer = await control(url, 'POST', 'fixtures', loadFixture('direct-put-s3'))
    expect(answer).toMatchObject({ status: 200, body: { ok: true } })
    const description = await describeStream(firehoseAt(), 'clickstream')
    expect(description.DeliveryStreamStatus).toBe('ACTIVE')
    expect(description.Destinations![0]!.ExtendedS3DestinationDescription!.BucketARN).toBe('arn:aws:s3:::acme-clickstream-lake')
    expect(await recordTexts(url, 'clickstream')).toHaveLength(4)
  })

  it('POST fixtures with an encrypted-CMK fixture loads its key and stream', async () => {
    expect((await control(url, 'POST', 'fixtures', loadFixture('encrypted-cmk'))).status).toBe(200)
    const keys = (await control(url, 'GET', 'keys')).body.keys as { keyId: string; aliases: string[] }[]
    expect(keys.map((k) => [k.keyId, k.aliases])).toEqual([['1234abcd-12ab-34cd-56ef-1234567890ab', ['alias/firehose-payments']]])
    expect((await describeStream(firehoseAt(), 'payments')).DeliveryStreamEncryptionConfiguration!.Status).toBe('ENABLED')
  })

  it('POST fixtures answers 400 with a message naming the bad field', async () => {
    const bad = {
      name: 'bad-status',
      firehose: { deliveryStreams: [{ status: 'PAUSED', definition: s3Stream('broken') }] },
    }
    const answer = await control(url, 'POST', 'fixtures', bad)
    expect(answer.status).toBe(400)
    expect(answer.contentType).toMatch(/^application\/json/)
    expect(answer.body.message).toMatch(/bad-status/)
    expect(answer.body.message).toMatch(/firehose\.deliveryStreams\[0\]\.status/)
    expect((await control(url, 'GET', 'streams')).body).toEqual({ streams: [] })

    const badRecord = {
      name: 'bad-record',
      firehose: { deliveryStreams: [{ definition: s3Stream('r'), records: [{ data: 'not base64!' }] }] },
    }
    const second = await control(url, 'POST', 'fixtures', badRecord)
    expect(second.status).toBe(400)
    expect(second.body.message).toMatch(/firehose\.deliveryStreams\[0\]\.records\[0\]\.data/)

    const unknownKey = await control(url, 'POST', 'fixtures', { name: 'typo', firehose: {}, kmss: {} })
    expect(unknownKey.status).toBe(400)
    expect(unknownKey.body.message).toMatch(/"kmss"/)
  })

  it('POST fixtures keeps the entries before a bad one loaded, as documented', async () => {
    const fixture = {
      name: 'half-good',
      firehose: { deliveryStreams: [{ definition: s3Stream('good') }, { definition: s3Stream('bad name!') }] },
    }
    const answer = await control(url, 'POST', 'fixtures', fixture)
    expect(answer.status).toBe(400)
    expect(answer.body.message).toMatch(/firehose\.deliveryStreams\[1\]\.definition/)
    expect((await control(url, 'GET', 'streams')).body).toEqual({ streams: ['good'] })
  })

  it('POST fixtures answers 400 to a body that is not JSON or not an object', async () => {
    for (const body of ['{"name": ', 'null', '[1, 2]', '"text"']) {
      const answer = await control(url, 'POST', 'fixtures', body)
      expect(answer.status, body).toBe(400)
      expect(typeof answer.body.message, body).toBe('string')
    }
  })

  it('GET clock and POST clock/advance move the server clock', async () => {
    const before = (await control(url, 'GET', 'clock')).body.now as number
    expect(Math.abs(before - Date.now())).toBeLessThan(60_000)
    const advanced = await control(url, 'POST', 'clock/advance', { ms: 3_600_000 })
    expect(advanced.status).toBe(200)
    expect(advanced.body.now).toBeGreaterThanOrEqual(before + 3_600_000)
    expect((await control(url, 'GET', 'clock')).body.now).toBeGreaterThanOrEqual(before + 3_600_000)
  })

  it('POST clock/advance answers 400 to a body that is not {"ms": n ≥ 0}', async () => {
    for (const body of ['{"ms": -1}', '{"ms": "soon"}', '{}', 'not json', 'null']) {
      const answer = await control(url, 'POST', 'clock/advance', body)
      expect(answer.status, body).toBe(400)
      expect(typeof answer.body.message, body).toBe('string')
    }
  })

  it('GET streams lists the stream names of a region, us-east-1 by default', async () => {
    await create(firehoseAt('us-east-1'), 'b-east')
    await create(firehoseAt('us-east-1'), 'a-east')
    await create(firehoseAt('eu-west-1'), 'west')
    expect((await control(url, 'GET', 'streams')).body).toEqual({ streams: ['a-east', 'b-east'] })
    expect((await control(url, 'GET', 'streams?region=eu-west-1')).body).toEqual({ streams: ['west'] })
    expect((await control(url, 'GET', 'streams?region=ap-south-1')).body).toEqual({ streams: [] })
  })

  it('GET records lists stored records with base64 data', async () => {
    const firehose = firehoseAt('eu-west-1')
    await create(firehose, 'orders')
    const binary = Uint8Array.of(0, 0xfe, 0xff, 10)
    const put = await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'orders', Record: { Data: bytes('hello\n') } }))
    await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'orders', Records: [{ Data: binary }] }))

    const answer = await control(url, 'GET', 'records?stream=orders&region=eu-west-1')
    expect(answer.status).toBe(200)
    const records = answer.body.records as { recordId: string; data: string; encrypted: boolean; receivedAt: number }[]
    expect(records).toHaveLength(2)
    expect(records[0]).toMatchObject({ recordId: put.RecordId, data: Buffer.from('hello\n').toString('base64'), encrypted: false })
    expect(typeof records[0]!.receivedAt).toBe('number')
    expect(records[1]!.data).toBe('AP7/Cg==')
    expect(Array.from(Buffer.from(records[1]!.data, 'base64'))).toEqual(Array.from(binary))

    // The same name in us-east-1 does not exist.
    const elsewhere = await control(url, 'GET', 'records?stream=orders')
    expect(elsewhere.status).toBe(400)
    expect(elsewhere.body.message).toMatch(/orders/)
  })

  it('GET metrics gives a metric’s minutes, as aws.cloudwatch.datapoints() does', async () => {
    const firehose = firehoseAt('eu-west-1')
    await create(firehose, 'orders')
    await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'orders', Records: [{ Data: bytes('ab') }, { Data: bytes('c') }] }))
    const answer = await control(url, 'GET', 'metrics?name=IncomingBytes&stream=orders&region=eu-west-1')
    expect(answer.status).toBe(200)
    expect(answer.body.datapoints).toEqual([
      { timestamp: expect.any(Number), unit: 'Bytes', sum: 3, sampleCount: 1, minimum: 3, maximum: 3 },
    ])
    expect(answer.body.datapoints).toEqual(server.mock.cloudwatch.datapoints('IncomingBytes', { stream: 'orders', region: 'eu-west-1' }))
    expect((await control(url, 'GET', 'metrics?name=IncomingBytes&stream=orders')).body).toEqual({ datapoints: [] }) // us-east-1
    const unnamed = await control(url, 'GET', 'metrics?stream=orders')
    expect(unnamed.status).toBe(400)
    expect(unnamed.body.message).toMatch(/name/)
  })

  it('GET records without ?stream= answers 400', async () => {
    const answer = await control(url, 'GET', 'records')
    expect(answer.status).toBe(400)
    expect(answer.body.message).toMatch(/stream/)
  })

  it('GET keys lists the KMS keys of a region', async () => {
    const { KeyMetadata } = await kmsAt().send(new CreateKeyCommand({ Description: 'for the control API' }))
    const { keys } = (await control(url, 'GET', 'keys')).body as {
      keys: { keyId: string; arn: string; state: string; description: string }[]
    }
    expect(keys).toHaveLength(1)
    expect(keys[0]).toMatchObject({
      keyId: KeyMetadata!.KeyId,
      arn: KeyMetadata!.Arn,
      state: 'Enabled',
      description: 'for the control API',
    })
    expect((await control(url, 'GET', 'keys?region=eu-west-1')).body).toEqual({ keys: [] })
  })

  it('control requests are not AWS requests: onRequest does not see them', async () => {
    await control(url, 'GET', 'streams')
    await control(url, 'POST', 'reset')
    expect(log).toEqual([])
  })
})

describe('a realistic-timing server, seeded', () => {
  let slow: RunningServer
  beforeAll(async () => {
    slow = await startServer({ port: 0, seed: loadFixture('direct-put-s3') })
  })
  afterAll(() => slow?.close())

  it('POST clock/advance moves a stream from CREATING to ACTIVE', async () => {
    const firehose = firehoseClient('us-east-1', { endpoint: slow.url })
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('orders')))
    const status = async () =>
      (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'orders' }))).DeliveryStreamDescription!
        .DeliveryStreamStatus
    expect(await status()).toBe('CREATING')
    expect((await control(slow.url, 'POST', 'clock/advance', { ms: 1_000 })).status).toBe(200)
    expect(await status()).toBe('CREATING')
    expect((await control(slow.url, 'POST', 'clock/advance', { ms: slow.mock.timing.streamCreating })).status).toBe(200)
    expect(await status()).toBe('ACTIVE')
  })

  it('advanceClock() does the same in-process', async () => {
    const firehose = firehoseClient('us-east-1', { endpoint: slow.url })
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('in-process')))
    const before = (await control(slow.url, 'GET', 'clock')).body.now as number
    slow.advanceClock(slow.mock.timing.streamCreating)
    expect((await control(slow.url, 'GET', 'clock')).body.now).toBeGreaterThanOrEqual(before + slow.mock.timing.streamCreating)
    const d = await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'in-process' }))
    expect(d.DeliveryStreamDescription!.DeliveryStreamStatus).toBe('ACTIVE')
  })

  it('POST fixtures loads a CREATING stream that becomes ACTIVE after advancing the clock', async () => {
    const fixture = { name: 'creating', firehose: { deliveryStreams: [{ status: 'CREATING', definition: s3Stream('late') }] } }
    expect((await control(slow.url, 'POST', 'fixtures', fixture)).status).toBe(200)
    const firehose = firehoseClient('us-east-1', { endpoint: slow.url })
    const status = async () =>
      (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'late' }))).DeliveryStreamDescription!
        .DeliveryStreamStatus
    expect(await status()).toBe('CREATING')
    await control(slow.url, 'POST', 'clock/advance', { ms: slow.mock.timing.streamCreating })
    expect(await status()).toBe('ACTIVE')
  })

  it('POST reset returns to the seeded state', async () => {
    const firehose = firehoseClient('us-east-1', { endpoint: slow.url })
    await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'clickstream', Record: { Data: bytes('extra\n') } }))
    expect(await recordTexts(slow.url, 'clickstream')).toHaveLength(5)
    expect((await control(slow.url, 'POST', 'reset')).status).toBe(200)
    expect((await control(slow.url, 'GET', 'streams')).body).toEqual({ streams: ['clickstream'] })
    const texts = await recordTexts(slow.url, 'clickstream')
    expect(texts).toHaveLength(4)
    expect(texts[0]).toBe('{"event":"page_view","path":"/","session":"s-1001"}\n')
  })
})

describe('onRequest', () => {
  it('is called once per AWS request with service, operation, stream, status and ms', async () => {
    const firehose = firehoseAt()
    await create(firehose, 'orders')
    await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'orders', Record: { Data: bytes('x') } }))
    await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'missing' })).catch(() => undefined)
    await kmsAt().send(new CreateKeyCommand({}))

    expect(log.map(({ ms: _ms, ...rest }) => rest)).toEqual([
      { service: 'firehose', operation: 'CreateDeliveryStream', streamName: 'orders', status: 200 },
      { service: 'firehose', operation: 'PutRecord', streamName: 'orders', status: 200 },
      { service: 'firehose', operation: 'DescribeDeliveryStream', streamName: 'missing', status: 400, error: 'ResourceNotFoundException' },
      { service: 'kms', operation: 'CreateKey', status: 200 },
    ])
    for (const entry of log) {
      expect(typeof entry.ms).toBe('number')
      expect(entry.ms).toBeGreaterThanOrEqual(0)
      expect(entry.ms).toBeLessThan(10_000)
    }
  })

  it('names the service of every wire protocol, and the stream of a call refused before its input was read', async () => {
    const post = (path: string, headers: Record<string, string>, body: string) =>
      fetch(`${url}${path}`, { method: 'POST', headers, body }).then(async (r) => ({
        status: r.status,
        type: r.headers.get('content-type'),
      }))
    const json = (target: string) => ({ 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target })
    await create(firehoseAt(), 'orders')
    log.length = 0

    // AWS Query and RPC v2 CBOR carry no X-Amz-Target: the log names what the protocol layer routed.
    const form = { 'content-type': 'application/x-www-form-urlencoded' }
    expect(await post('/', form, 'Action=ListMetrics&Version=2010-08-01')).toEqual({ status: 200, type: 'text/xml' })
    const cbor = { 'smithy-protocol': 'rpc-v2-cbor', 'content-type': 'application/cbor', accept: 'application/cbor' }
    expect(await post('/service/GraniteServiceVersion20100801/operation/ListMetrics', cbor, '')).toEqual({
      status: 200,
      type: 'application/cbor',
    })
    // Refused by validation (no Record) and by the JSON parser: the stream still shows when the body names it.
    expect(await post('/', json('Firehose_20150804.PutRecord'), '{"DeliveryStreamName":"orders"}')).toMatchObject({ status: 400 })
    expect(await post('/', json('Firehose_20150804.PutRecord'), '{"DeliveryStreamName":')).toMatchObject({ status: 400 })
    expect(await post('/', json('Firehose_20150804.NoSuchOperation'), '{"DeliveryStreamName":"orders"}')).toMatchObject({ status: 400 })

    expect(log.map(({ ms: _ms, ...rest }) => rest)).toEqual([
      { service: 'cloudwatch', operation: 'ListMetrics', status: 200 },
      { service: 'cloudwatch', operation: 'ListMetrics', status: 200 },
      { service: 'firehose', operation: 'PutRecord', streamName: 'orders', status: 400, error: 'ValidationException' },
      { service: 'firehose', operation: 'PutRecord', status: 400, error: 'SerializationException' },
      { service: 'firehose', operation: 'NoSuchOperation', streamName: 'orders', status: 400, error: 'UnknownOperationException' },
    ])
  })

  it('answers with the content-length of the body it sends, for every outcome', async () => {
    const raw = (headers: Record<string, string>, body: string) =>
      new Promise<{ status: number; length: string | undefined; received: number }>((resolve, reject) => {
        const req = httpRequest(`${url}/`, { method: 'POST', headers }, (res) => {
          let received = 0
          res.on('data', (chunk: Buffer) => (received += chunk.length))
          res.on('end', () => resolve({ status: res.statusCode!, length: res.headers['content-length'], received }))
        })
        req.on('error', reject)
        req.end(body)
      })
    const target = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Firehose_20150804.ListDeliveryStreams' }
    // A 200 with a body, an error with a body (non-ASCII in the message counts in bytes), a preflight without one.
    const ok = await raw(target, '{}')
    expect(ok).toMatchObject({ status: 200 })
    expect(Number(ok.length)).toBe(ok.received)
    const refusedCall = await raw(target, JSON.stringify({ ExclusiveStartDeliveryStreamName: 'é'.repeat(100) }))
    expect(refusedCall.status).toBe(400)
    expect(Number(refusedCall.length)).toBe(refusedCall.received)
    const preflight = await fetch(`${url}/`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST' },
    })
    expect(preflight.status).toBe(200)
    expect(preflight.headers.get('content-length')).toBe('0')
  })
})

describe('onRequest and CORS', () => {
  it('answers a browser preflight for a POST, and logs the Cognito call that follows it but not the preflight', async () => {
    const preflight = await fetch(`${server.url}/`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-amz-target',
      },
    })
    expect(preflight.status).toBe(200)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    const poolId = 'us-east-1:00000000-0000-4000-8000-000000000000'
    const answer = await fetch(`${server.url}/`, {
      method: 'POST',
      headers: {
        origin: 'http://localhost:5173',
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityService.GetId',
      },
      body: JSON.stringify({ IdentityPoolId: poolId }),
    })
    expect(answer.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    expect(answer.headers.get('access-control-expose-headers')).toMatch(/x-amzn-ErrorType/)
    expect(log.map(({ ms: _ms, ...rest }) => rest)).toEqual([
      { service: 'cognito', operation: 'GetId', status: 400, error: 'ResourceNotFoundException' },
    ])
  })
})

describe('close()', () => {
  it('frees the port, even with a keep-alive connection open', async () => {
    const own = await startServer({ port: 0, timing: 'instant' })
    const port = Number(new URL(own.url).port)
    const firehose = firehoseClient('us-east-1', { endpoint: own.url })
    await firehose.send(new ListDeliveryStreamsCommand({}))
    // A raw keep-alive connection that stays idle.
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(`${own.url}/_firehose-msw/clock`, { agent: new Agent({ keepAlive: true }) }, (res) => {
        res.resume()
        res.on('end', () => resolve())
      })
      req.on('error', reject)
      req.end()
    })

    const started = Date.now()
    await own.close()
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(await refused(own.url)).toBe(true)

    // Another server can take the same port at once.
    const other = createServer()
    await new Promise<void>((resolve, reject) => {
      other.once('error', reject)
      other.listen(port, '127.0.0.1', () => resolve())
    })
    await new Promise<void>((resolve) => other.close(() => resolve()))
    firehose.destroy()
  })
})

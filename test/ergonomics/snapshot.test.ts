/**
 * `aws.snapshot()` and loading it (`seed: snapshot`, `aws.load(snapshot)`): state made through the
 * real SDK clients over msw/node, saved as JSON (JSON.stringify, JSON.parse) and loaded into a
 * fresh mock on the same manual clock, must be the same state there —
 * - streams, their records with their recordIds, and `aws.firehose.stream()` views, in every region
 *   and account; KMS keys and grants, and ciphertexts made before still decrypt; transitions in
 *   flight (CREATING, ENABLING, DISABLING, DELETING) and buffered records carry on as the clock
 *   moves; delivered objects and their bytes (GZIP too) read back through S3; Lambda processing that
 *   was waiting runs; HTTP endpoint requests being retried complete; identity pools, identities and
 *   issued credentials (still accepted under `auth`); CloudWatch datapoints;
 * - the recordId sequence continues without repeats; `seed: snapshot` and `reset()` go back to it;
 * - user data that looks like the encoding's tags (`$map`, `$set`, `$bytes`, `$object`) and
 *   unusual keys (`__proto__`) come back as they were;
 * - a state of another version, or one that is not a snapshot's, is refused with FirehoseMswError
 *   naming `state.version` / `state`, and changes nothing.
 */
import { GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch'
import { GetCredentialsForIdentityCommand, GetIdCommand, SetIdentityPoolRolesCommand } from '@aws-sdk/client-cognito-identity'
import { FirehoseClient, PutRecordBatchCommand, TagDeliveryStreamCommand, type PutRecordBatchCommandOutput } from '@aws-sdk/client-firehose'
import {
  CreateAliasCommand,
  CreateGrantCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  TagResourceCommand,
} from '@aws-sdk/client-kms'
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3'
import { http, HttpResponse } from 'msw'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  createFirehoseMock,
  createManualClock,
  type Fixture,
  type FirehoseMock,
  type FirehoseMockOptions,
  type ManualClock,
  type ScopeOptions,
} from '../../src'
import {
  ACCOUNT,
  BUCKET,
  BUCKET_ARN,
  credentials,
  FIREHOSE_PRINCIPAL,
  kinesisStream,
  OTHER_ACCOUNT,
  ROLE_ARN,
  s3Stream,
} from '../support/aws'
import { bytes, decode, gunzip } from '../support/bytes'
import { firehoseClient, kmsClient } from '../support/clients'
import { HOUR, START } from '../support/clock'
import { cloudWatchClient, MINUTE, streamDimensions } from '../support/cloudwatch'
import { cognitoClient, createPool, roleArn } from '../support/cognito'
import { bufferedStream, defaultKeyPattern, deliveryKit, s3Client } from '../support/delivery'
import { awsOwned, cmk, encryptionKit } from '../support/encryption'
import { expectAwsError, failureOf, misuse } from '../support/errors'
import { createStream, deleteStream, putText } from '../support/firehose'
import { createKey } from '../support/kms'
import { useServer } from '../support/mock'
import { functionArn, okResponse, processedStream, type FirehoseEvent } from '../support/processing'

const server = useServer()
const firehose = firehoseClient()
const kms = kmsClient()
const s3 = s3Client()

let clock: ManualClock
beforeEach(() => {
  clock = createManualClock(START)
})

/** A mock on the test's manual clock (instant timing unless `options` says otherwise). */
const mockOn = (options: FirehoseMockOptions = {}): FirehoseMock => createFirehoseMock({ now: clock.now, timing: 'instant', ...options })

/** Sends the clients' requests to `aws` (and no longer to any other mock). */
const serve = (aws: FirehoseMock): void => server.resetHandlers(...aws.handlers)

/** The snapshot as a file would hold it: JSON text, read back. */
const saved = async (aws: FirehoseMock): Promise<Fixture> => JSON.parse(JSON.stringify(await aws.snapshot())) as Fixture

/** A fresh mock on the same clock, seeded with `aws`'s snapshot after a JSON round trip. */
async function restoredFrom(aws: FirehoseMock, options: FirehoseMockOptions = {}) {
  const snapshot = await saved(aws)
  return { snapshot, restored: mockOn({ ...options, seed: snapshot }) }
}

/** What the inspection API shows of a scope: stream names, each stream's view and records, keys, grants, identity pools. */
function inspection(aws: FirehoseMock, scope: ScopeOptions = {}) {
  const names = aws.firehose.streamNames(scope)
  return {
    names,
    streams: names.map((name) => ({ view: aws.firehose.stream(name, scope), records: aws.firehose.records(name, scope) })),
    keys: aws.kms.keys(scope),
    grants: aws.kms.grants(undefined, scope),
    pools: aws.cognito.pools(scope),
  }
}

const putBatch = (name: string, texts: string[], client: FirehoseClient = firehose): Promise<PutRecordBatchCommandOutput> =>
  client.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: texts.map((t) => ({ Data: bytes(t) })) }))

/** A grant for the key to decrypt under exactly this encryption context (stored as the caller sent it). */
const grantDecryptWith = (keyId: string, context: Record<string, string>) =>
  kms.send(
    new CreateGrantCommand({
      KeyId: keyId,
      GranteePrincipal: roleArn('reader'),
      Operations: ['Decrypt'],
      Constraints: { EncryptionContextEquals: context },
    }),
  )

describe('aws.snapshot()', () => {
  it('is a fixture named after the time it was taken, holding state version 1, that JSON keeps exactly', async () => {
    const aws = mockOn()
    serve(aws)
    await createStream(firehose, s3Stream('orders'))
    await putText(firehose, 'orders', 'one')
    await createKey(kms, { Description: 'orders key' })
    clock.advance(1_234)
    const snapshot = await aws.snapshot()
    expect(Object.keys(snapshot).sort()).toEqual(['name', 'state'])
    expect(snapshot.name).toBe(`snapshot at ${new Date(START + 1_234).toISOString()}`)
    expect(snapshot.state).toMatchObject({ version: 1, takenAt: START + 1_234 })
    // Nothing in it that JSON would change: no bytes, Maps, Sets, undefined members or non-finite numbers.
    expect(JSON.parse(JSON.stringify(snapshot))).toStrictEqual(snapshot)
    // Taking it changes nothing.
    expect(await saved(aws)).toEqual(JSON.parse(JSON.stringify(snapshot)))
  })

  it('can be taken of a mock seeded with fixtures, streams with encryption included, and loads as the same state', async () => {
    const KEY_ID = '6a0c5d2e-7b1f-4c3a-9e8d-0123456789ab'
    const seed: Fixture = {
      kms: { keys: [{ keyId: KEY_ID, aliases: ['alias/seeded'] }] },
      firehose: {
        deliveryStreams: [
          { definition: s3Stream('plain'), records: [{ text: 'seeded' }] },
          { definition: s3Stream('owned'), startEncryption: { KeyType: 'AWS_OWNED_CMK' } },
          {
            definition: s3Stream('cmk'),
            startEncryption: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${KEY_ID}` },
          },
        ],
      },
    }
    const aws = mockOn({ seed })
    const { restored } = await restoredFrom(aws)
    expect(inspection(restored)).toEqual(inspection(aws))
    expect(await saved(restored)).toEqual(await saved(aws))
  })
})

describe('loaded into a fresh mock on the same clock', () => {
  it('holds the same streams, records (with their recordIds) and stream views, in every region and account', async () => {
    const aws = mockOn()
    serve(aws)
    const west = firehoseClient('eu-west-1')
    await createStream(firehose, s3Stream('orders', { Tags: [{ Key: 'team', Value: 'data' }] }))
    await createStream(firehose, kinesisStream('from-kinesis'))
    await createStream(west, s3Stream('orders'))
    await putText(firehose, 'orders', 'one')
    clock.advance(250)
    await putBatch('orders', ['two', 'three', ''])
    await putBatch('orders', ['in the west'], west)
    await deliveryKit(firehose).update('orders', '1', { ExtendedS3DestinationUpdate: { Prefix: 'updated/' } })
    await firehose.send(new TagDeliveryStreamCommand({ DeliveryStreamName: 'orders', Tags: [{ Key: 'env', Value: 'prod' }] }))
    aws.load({ firehose: { deliveryStreams: [{ accountId: OTHER_ACCOUNT, definition: s3Stream('theirs'), records: [{ text: 'x' }] }] } })
    clock.advance(1_000)

    const { snapshot, restored } = await restoredFrom(aws)
    for (const scope of [{}, { region: 'eu-west-1' }, { accountId: OTHER_ACCOUNT }]) {
      expect(inspection(restored, scope)).toEqual(inspection(aws, scope))
    }
    const records = restored.firehose.records('orders')
    expect(records.map((r) => decode(r.data))).toEqual(['one', 'two', 'three', ''])
    expect(new Set(records.map((r) => r.recordId)).size).toBe(4)
    expect(restored.firehose.stream('orders')).toMatchObject({ versionId: '2', tags: { team: 'data', env: 'prod' }, records: 4 })
    expect(restored.firehose.stream('from-kinesis').source?.kind).toBe('KinesisStream')
    // Taken again (after the same reads on both), the restored state is the same snapshot.
    expect(await saved(restored)).toEqual(await saved(aws))
    expect((await saved(restored)).state!.firehose).toEqual(snapshot.state!.firehose)
  })

  it('holds the same KMS keys (states, aliases, tags, deletion dates) and grants, and KMS answers the same about them', async () => {
    const aws = mockOn()
    serve(aws)
    const kit = encryptionKit({ aws, clock, firehose })
    const used = await createKey(kms, { Description: 'used by a stream', Tags: [{ TagKey: 'team', TagValue: 'data' }] })
    const disabled = await createKey(kms)
    const doomed = await createKey(kms)
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/used', TargetKeyId: used.keyId }))
    await kms.send(new TagResourceCommand({ KeyId: used.keyId, Tags: [{ TagKey: 'env', TagValue: 'prod' }] }))
    await kit.disableKey(disabled.keyId)
    await kit.scheduleDeletion(doomed.keyId, 7)
    await kms.send(
      new CreateGrantCommand({
        KeyId: used.keyId,
        GranteePrincipal: roleArn('reader'),
        RetiringPrincipal: roleArn('admin'),
        Name: 'reader',
        Operations: ['Decrypt', 'DescribeKey'],
        Constraints: { EncryptionContextSubset: { app: 'orders' } },
      }),
    )
    await kit.activeStream('orders')
    await kit.enabled('orders', cmk(used.arn))

    const { restored } = await restoredFrom(aws)
    expect(restored.kms.keys()).toEqual(aws.kms.keys())
    expect(restored.kms.grants()).toEqual(aws.kms.grants())
    expect(restored.kms.grants().map((g) => g.granteePrincipal)).toEqual([roleArn('reader'), FIREHOSE_PRINCIPAL])
    expect(restored.kms.keys().map((k) => k.state)).toEqual(['Enabled', 'Disabled', 'PendingDeletion'])

    const describeDoomed = async () => (await kms.send(new DescribeKeyCommand({ KeyId: doomed.keyId }))).KeyMetadata
    const before = await describeDoomed()
    serve(restored)
    expect(await describeDoomed()).toEqual(before)
    expect((await kms.send(new DescribeKeyCommand({ KeyId: 'alias/used' }))).KeyMetadata!.KeyId).toBe(used.keyId)
    // The deletion that was scheduled happens on the restored mock when its date comes.
    clock.advance(7 * 24 * HOUR)
    expect(restored.kms.keys().map((k) => k.keyId)).toEqual([used.keyId, disabled.keyId])
    expect(restored.kms.keys()).toEqual(aws.kms.keys())
  })

  it('decrypts the ciphertexts made before the snapshot, and the mock it was taken of decrypts those made after', async () => {
    const aws = mockOn()
    serve(aws)
    const key = await createKey(kms)
    const context = { purpose: 'snapshot-test' }
    const sealed = await kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: bytes('secret'), EncryptionContext: context }))
    const dataKey = await kms.send(new GenerateDataKeyCommand({ KeyId: key.arn, KeySpec: 'AES_256' }))

    const { restored } = await restoredFrom(aws)
    serve(restored)
    const opened = await kms.send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: context }))
    expect(decode(opened.Plaintext)).toBe('secret')
    expect(opened.KeyId).toBe(key.arn)
    const plainKey = await kms.send(new DecryptCommand({ CiphertextBlob: dataKey.CiphertextBlob }))
    expect(plainKey.Plaintext).toEqual(dataKey.Plaintext)
    await expectAwsError(kms.send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob })), {
      name: 'InvalidCiphertextException',
      status: 400,
    })
    const later = await kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: bytes('made after') }))

    serve(aws)
    expect(decode((await kms.send(new DecryptCommand({ CiphertextBlob: later.CiphertextBlob }))).Plaintext)).toBe('made after')
    // A mock without the snapshot does not have the key.
    serve(mockOn())
    const refused = await failureOf(kms.send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: context })))
    expect(refused.name).toMatch(/^(NotFoundException|InvalidCiphertextException)$/)
  })

  it('carries on transitions in flight — CREATING, ENABLING, DISABLING, DELETING — as the clock advances', async () => {
    const aws = mockOn({ timing: 'realistic' })
    serve(aws)
    const kit = encryptionKit({ aws, clock, firehose })
    const key = await kit.createKey()
    await kit.activeStream('enabling')
    await kit.activeStream('disabling')
    await kit.activeStream('deleting')
    await kit.enabled('disabling', awsOwned)
    await createStream(firehose, s3Stream('creating', { DeliveryStreamEncryptionConfigurationInput: cmk(key.arn) }))
    await kit.start('enabling', cmk(key.arn))
    await kit.stop('disabling')
    await kit.del('deleting')
    clock.advance(1_000)
    expect(aws.firehose.stream('creating')).toMatchObject({ status: 'CREATING', encryption: { status: 'ENABLING' } })
    expect(aws.firehose.stream('enabling').encryption.status).toBe('ENABLING')
    expect(aws.firehose.stream('disabling').encryption.status).toBe('DISABLING')
    expect(aws.firehose.stream('deleting').status).toBe('DELETING')

    const { restored } = await restoredFrom(aws, { timing: 'realistic' })
    expect(inspection(restored)).toEqual(inspection(aws))
    for (let step = 0; step < 6; step++) {
      clock.advance(1_000)
      expect(inspection(restored), `${step + 2} s after the changes`).toEqual(inspection(aws))
    }
    expect(restored.firehose.streamNames()).toEqual(['creating', 'disabling', 'enabling'])
    expect(restored.firehose.stream('creating')).toMatchObject({ status: 'ACTIVE', encryption: { status: 'ENABLED', keyArn: key.arn } })
    expect(restored.firehose.stream('enabling').encryption).toEqual({ status: 'ENABLED', keyType: 'CUSTOMER_MANAGED_CMK', keyArn: key.arn })
    expect(restored.firehose.stream('disabling').encryption).toEqual({ status: 'DISABLED' })
    // Once the change has propagated, the restored mock encrypts the puts with the key, as the original does.
    clock.advance(aws.timing.encryptionPropagation)
    serve(restored)
    const put = await putText(firehose, 'enabling', 'after')
    expect(put.Encrypted).toBe(true)
    expect(restored.firehose.records('enabling').at(-1)).toMatchObject({ encrypted: true, keyArn: key.arn })
  })

  it('delivers the records that were buffered once their buffering interval passes, to the object the original delivers', async () => {
    const aws = mockOn()
    serve(aws)
    await createStream(firehose, bufferedStream('orders', { intervalInSeconds: 60 }))
    await putText(firehose, 'orders', 'first,')
    clock.advance(20_000)
    await putText(firehose, 'orders', 'second')
    clock.advance(10_000)

    const { restored } = await restoredFrom(aws)
    expect(await restored.firehose.deliveries('orders')).toEqual([])
    clock.advance(30_000 - 1)
    expect(await restored.firehose.deliveries('orders')).toEqual([])
    clock.advance(1)
    const [object, ...more] = await restored.firehose.deliveries('orders')
    expect(more).toEqual([])
    expect(object!.key).toMatch(defaultKeyPattern('orders', 1, START))
    expect(decode(object!.data)).toBe('first,second')
    const [original] = await aws.firehose.deliveries('orders')
    // The same object but for the random part of its key.
    expect({ ...object, key: '' }).toEqual({ ...original, key: '' })
    serve(restored)
    const read = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: object!.key }))
    expect(decode(await read.Body!.transformToByteArray())).toBe('first,second')
  })

  it('holds the objects delivered before, byte for byte (GZIP-compressed ones too), and S3 lists and reads them the same', async () => {
    const aws = mockOn()
    serve(aws)
    await createStream(firehose, bufferedStream('plain', { prefix: 'plain/' }))
    await createStream(firehose, bufferedStream('zipped', { prefix: 'zipped/', compression: 'GZIP' }))
    await putBatch('plain', ['a', 'b'])
    await putBatch('zipped', ['c', 'd', 'e'])
    await aws.firehose.flush()
    clock.advance(5_000)
    await putBatch('zipped', ['f'])
    await aws.firehose.flush('zipped')

    const { restored } = await restoredFrom(aws)
    for (const name of ['plain', 'zipped']) expect(await restored.firehose.deliveries(name)).toEqual(await aws.firehose.deliveries(name))
    const zipped = await restored.firehose.deliveries('zipped')
    expect(zipped.map((o) => [o.compression, decode(gunzip(o.data))])).toEqual([
      ['GZIP', 'cde'],
      ['GZIP', 'f'],
    ])

    const listed = async () => (await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents!.map((c) => [c.Key, c.Size])
    const read = async (key: string) => (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToByteArray()
    const keys = [...(await aws.firehose.deliveries('plain')), ...zipped].map((o) => o.key)
    const original = { listed: await listed(), bodies: await Promise.all(keys.map(read)) }
    serve(restored)
    expect(await listed()).toEqual(original.listed)
    expect(await Promise.all(keys.map(read))).toEqual(original.bodies)
    expect(original.listed).toHaveLength(3)
  })

  it('invokes the Lambda processor for the records that were waiting, and keeps the invocations made before', async () => {
    const LAMBDA = functionArn('upper')
    const seen: string[][] = []
    const lambdas = {
      [LAMBDA]: (event: FirehoseEvent) => {
        seen.push(event.records.map((r) => r.recordId))
        return okResponse(event, (t) => t.toUpperCase())
      },
    }
    const aws = mockOn({ lambdas })
    serve(aws)
    await createStream(firehose, processedStream('processed', LAMBDA, { parameters: { BufferIntervalInSeconds: '60' } }))
    await putText(firehose, 'processed', 'one')
    clock.advance(60_000)
    await aws.firehose.flush('processed')
    expect(aws.firehose.invocations('processed')).toHaveLength(1)
    const waiting = await putText(firehose, 'processed', 'two')

    const { restored } = await restoredFrom(aws, { lambdas })
    expect(restored.firehose.invocations('processed')).toEqual(aws.firehose.invocations('processed'))
    clock.advance(60_000)
    await restored.firehose.flush('processed')
    const invocations = restored.firehose.invocations('processed')
    expect(invocations).toHaveLength(2)
    expect(invocations[1]!.event.records.map((r) => r.recordId)).toEqual([waiting.RecordId])
    expect(seen).toHaveLength(2)
    expect((await restored.firehose.deliveries('processed')).map((o) => decode(o.data))).toEqual(['ONE', 'TWO'])
  })

  it('retries an HTTP endpoint request that was failing, and shows it delivered', async () => {
    const URL = 'https://receiver.example.com/in'
    let answers = [500]
    const received: string[] = []
    const receiver = http.post(URL, async ({ request }) => {
      const body = (await request.json()) as { requestId: string; records: Array<{ data: string }> }
      received.push(...body.records.map((r) => atob(r.data)))
      const status = answers.shift() ?? 200
      return status === 200 ? HttpResponse.json({ requestId: body.requestId, timestamp: 0 }) : new HttpResponse(null, { status })
    })
    const aws = mockOn()
    server.resetHandlers(...aws.handlers, receiver)
    await createStream(firehose, {
      DeliveryStreamName: 'hose',
      HttpEndpointDestinationConfiguration: {
        EndpointConfiguration: { Url: URL, Name: 'receiver' },
        BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 },
        RetryOptions: { DurationInSeconds: 300 },
        S3Configuration: { RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN },
      },
    })
    await putText(firehose, 'hose', 'payload')
    clock.advance(60_000)
    const [first] = await aws.firehose.httpDeliveries('hose')
    expect(first).toMatchObject({ outcome: 'pending', attempts: [{ status: 500 }] })

    const { restored } = await restoredFrom(aws)
    expect(await restored.firehose.httpDeliveries('hose')).toEqual(await aws.firehose.httpDeliveries('hose'))
    answers = []
    clock.advance(60_000)
    const deliveries = await restored.firehose.httpDeliveries('hose')
    expect(received).toEqual(['payload', 'payload'])
    expect(deliveries).toHaveLength(1)
    expect(deliveries[0]).toMatchObject({ requestId: first!.requestId, outcome: 'delivered', attempts: [{ status: 500 }, { status: 200 }] })
  })

  it('holds identity pools, identities and the credentials issued, which are still accepted under `auth` until they expire', async () => {
    // (A copy of the access key alone: the SDK clients add their own members to the credentials they were given.)
    const auth = { credentials: [{ accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey }] }
    const aws = mockOn({ auth })
    serve(aws)
    /** Clients signing at the mock's (manual) time, with the test's access key unless given others. */
    const signing = (extra: Record<string, unknown> = {}) => ({ systemClockOffset: clock.now() - Date.now(), ...extra })
    const cognito = cognitoClient('us-east-1', signing())
    const pool = await createPool(cognito, 'app_pool', { IdentityPoolTags: { team: 'web' } })
    await cognito.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: pool, Roles: { unauthenticated: roleArn('guest') } }))
    await createStream(firehoseClient('us-east-1', signing()), s3Stream('clicks'))
    const { IdentityId } = await cognito.send(new GetIdCommand({ IdentityPoolId: pool }))
    const { Credentials } = await cognito.send(new GetCredentialsForIdentityCommand({ IdentityId }))
    const issued = {
      accessKeyId: Credentials!.AccessKeyId!,
      secretAccessKey: Credentials!.SecretKey!,
      sessionToken: Credentials!.SessionToken!,
    }
    const asGuest = () => firehoseClient('us-east-1', signing({ credentials: issued }))
    await putText(asGuest(), 'clicks', 'before')
    clock.advance(10 * MINUTE)

    const { restored } = await restoredFrom(aws, { auth })
    expect(restored.cognito.pools()).toEqual(aws.cognito.pools())
    expect(restored.cognito.identities(pool)).toEqual(aws.cognito.identities(pool))
    expect(restored.cognito.identities(pool)[0]!.credentials.map((c) => c.accessKeyId)).toEqual([issued.accessKeyId])
    serve(restored)
    await putText(asGuest(), 'clicks', 'after')
    expect(restored.firehose.records('clicks').map((r) => decode(r.data))).toEqual(['before', 'after'])
    clock.advance(HOUR - 10 * MINUTE)
    await expectAwsError(putText(asGuest(), 'clicks', 'expired'), { name: 'ExpiredTokenException', status: 400 })
    // A mock without the snapshot never issued them.
    serve(mockOn({ auth }))
    clock.set(START + 10 * MINUTE)
    await expectAwsError(putText(asGuest(), 'clicks', 'unknown'), { name: 'UnrecognizedClientException', status: 400 })
  })

  it('holds the CloudWatch datapoints, and GetMetricStatistics answers the same', async () => {
    const aws = mockOn()
    serve(aws)
    await createStream(firehose, s3Stream('clicks'))
    for (let minute = 0; minute < 4; minute++) {
      await putBatch(
        'clicks',
        Array.from({ length: minute + 1 }, (_, i) => `record ${i}`),
      )
      clock.advance(MINUTE)
    }
    const cloudwatch = cloudWatchClient()
    const statistics = () =>
      cloudwatch.send(
        new GetMetricStatisticsCommand({
          Namespace: 'AWS/Firehose',
          MetricName: 'IncomingRecords',
          Dimensions: streamDimensions('clicks'),
          StartTime: new Date(START),
          EndTime: new Date(START + 10 * MINUTE),
          Period: 60,
          Statistics: ['Sum', 'SampleCount', 'Maximum'],
        }),
      )
    const before = (await statistics()).Datapoints

    const { restored } = await restoredFrom(aws)
    for (const metric of ['IncomingRecords', 'IncomingBytes', 'IncomingPutRequests']) {
      expect(restored.cloudwatch.datapoints(metric, { stream: 'clicks' }), metric).toEqual(
        aws.cloudwatch.datapoints(metric, { stream: 'clicks' }),
      )
    }
    expect(restored.cloudwatch.datapoints('IncomingRecords', { stream: 'clicks' }).map((m) => m.sum)).toEqual([1, 2, 3, 4])
    serve(restored)
    expect((await statistics()).Datapoints).toEqual(before)
  })

  it('keeps user data that looks like the encoding’s tags as it was', async () => {
    const aws = mockOn()
    serve(aws)
    const key = await createKey(kms, { Description: '{"$map":[]}', Tags: [{ TagKey: '$map', TagValue: '$set' }] })
    const contexts: Array<Record<string, string>> = [
      { $map: '[["a","b"]]' },
      { $set: 'x' },
      { $bytes: 'AAAA' },
      { $number: 'Infinity' },
      { $object: '{}' },
      { $map: 'a', other: 'b' },
    ]
    for (const context of contexts) await grantDecryptWith(key.keyId, context)
    await createStream(firehose, s3Stream('orders'))
    await putText(firehose, 'orders', '{"$bytes":"AAAA"}')

    const { restored } = await restoredFrom(aws)
    expect(restored.kms.grants().map((g) => g.constraints)).toEqual(contexts.map((context) => ({ EncryptionContextEquals: context })))
    expect(restored.kms.keys()).toEqual(aws.kms.keys())
    expect(restored.kms.keys()[0]).toMatchObject({ description: '{"$map":[]}', tags: { $map: '$set' } })
    expect(decode(restored.firehose.records('orders')[0]!.data)).toBe('{"$bytes":"AAAA"}')
  })

  it('keeps a Lambda response whose partition keys look like a tag, as the invocation recorded it', async () => {
    const LAMBDA = functionArn('tagged')
    const lambdas = {
      [LAMBDA]: (event: FirehoseEvent) => ({
        records: event.records.map((r) => ({
          recordId: r.recordId,
          result: 'Ok',
          data: r.data,
          metadata: { partitionKeys: { $map: 'x' } },
        })),
      }),
    }
    const aws = mockOn({ lambdas })
    serve(aws)
    await createStream(firehose, processedStream('processed', LAMBDA))
    await putText(firehose, 'processed', 'one')
    await aws.firehose.flush('processed')
    const { restored } = await restoredFrom(aws, { lambdas })
    const [invocation] = restored.firehose.invocations('processed')
    expect(invocation!.response).toEqual({
      records: [{ recordId: expect.any(String), result: 'Ok', data: expect.any(String), metadata: { partitionKeys: { $map: 'x' } } }],
    })
    expect(restored.firehose.invocations('processed')).toEqual(aws.firehose.invocations('processed'))
  })

  it('keeps a "__proto__" key of user data (a grant’s encryption context) as an own key', async () => {
    const aws = mockOn()
    serve(aws)
    const key = await createKey(kms)
    const context = JSON.parse('{"__proto__":"x","app":"orders"}') as Record<string, string>
    await grantDecryptWith(key.keyId, context)
    expect(Object.keys(aws.kms.grants()[0]!.constraints!.EncryptionContextEquals as object).sort()).toEqual(['__proto__', 'app'])
    const { restored } = await restoredFrom(aws)
    expect(Object.keys(restored.kms.grants()[0]!.constraints!.EncryptionContextEquals as object).sort()).toEqual(['__proto__', 'app'])
    expect(restored.kms.grants()).toEqual(aws.kms.grants())
  })
})

describe('the recordId sequence and reset()', () => {
  it('continues after a restore: new records get new recordIds, the same as the original mock gives for the same puts', async () => {
    const aws = mockOn()
    serve(aws)
    await createStream(firehose, s3Stream('orders'))
    await createStream(firehose, s3Stream('other'))
    await putBatch('orders', ['a', 'b', 'c'])
    await putText(firehose, 'other', 'd')

    const { restored } = await restoredFrom(aws)
    const answersOf = async (mock: FirehoseMock) => {
      serve(mock)
      const one = await putText(firehose, 'orders', 'e')
      const batch = await putBatch('other', ['f', 'g'])
      return [one.RecordId, ...batch.RequestResponses!.map((r) => r.RecordId)]
    }
    const onRestored = await answersOf(restored)
    const onOriginal = await answersOf(aws)
    expect(onRestored).toEqual(onOriginal)
    const all = ['orders', 'other'].flatMap((name) => restored.firehose.records(name).map((r) => r.recordId))
    expect(all).toHaveLength(7)
    expect(new Set(all).size).toBe(7)
    expect(restored.firehose.records('orders').at(-1)!.recordId).toBe(onRestored[0])
  })

  it('with `seed: snapshot`, reset() goes back to the snapshot', async () => {
    const aws = mockOn()
    serve(aws)
    await createStream(firehose, bufferedStream('orders', { intervalInSeconds: 60 }))
    await putBatch('orders', ['a', 'b'])
    await createKey(kms, { Description: 'kept' })
    clock.advance(5_000)
    const { snapshot, restored } = await restoredFrom(aws)
    const before = inspection(restored)

    serve(restored)
    await putText(firehose, 'orders', 'after the snapshot')
    await createStream(firehose, s3Stream('added'))
    await createKey(kms, { Description: 'added' })
    await deleteStream(firehose, 'orders')
    clock.advance(120_000)
    await restored.firehose.flush()
    restored.reset()
    clock.set(START + 5_000)
    expect(inspection(restored)).toEqual(before)
    expect(await saved(restored)).toEqual(snapshot)
    // The records put after the snapshot got ids that are free again: the next put gets the first of them.
    clock.advance(1_000)
    const again = await putText(firehose, 'orders', 'again')
    serve(aws)
    expect((await putText(firehose, 'orders', 'again')).RecordId).toBe(again.RecordId)
  })

  it('load() after reset() brings the mock the snapshot was taken of back to it', async () => {
    const aws = mockOn()
    serve(aws)
    await createStream(firehose, s3Stream('orders'))
    await putBatch('orders', ['a', 'b'])
    await createKey(kms)
    const before = inspection(aws)
    const snapshot = await saved(aws)
    aws.reset()
    expect(aws.firehose.streamNames()).toEqual([])
    aws.load(snapshot)
    expect(inspection(aws)).toEqual(before)
    const next = await putText(firehose, 'orders', 'c')
    expect(before.streams[0]!.records.map((r) => r.recordId)).not.toContain(next.RecordId)
  })

  it('load() on top of a mock that holds records keeps their recordIds, numbers the snapshot’s after them, and no recordId repeats', async () => {
    const source = mockOn()
    serve(source)
    await createStream(firehose, s3Stream('theirs'))
    await putText(firehose, 'theirs', 'from the snapshot')
    const snapshot = await saved(source)

    const aws = mockOn()
    serve(aws)
    await createStream(firehose, s3Stream('mine'))
    const mine = await putText(firehose, 'mine', 'already here')
    aws.load(snapshot)
    expect(aws.firehose.records('mine').map((r) => r.recordId)).toEqual([mine.RecordId])
    // Two sequences cannot share the mock's prefix: the snapshot's records get ids of this mock's.
    const [theirs] = aws.firehose.records('theirs')
    expect(theirs!.recordId).not.toBe(source.firehose.records('theirs')[0]!.recordId)
    expect(theirs!.recordId.slice(0, -12)).toBe(mine.RecordId!.slice(0, -12))
    expect(new TextDecoder().decode(theirs!.data)).toBe('from the snapshot')
    const next = await putText(firehose, 'mine', 'after the load')
    const ids = [...aws.firehose.records('mine'), ...aws.firehose.records('theirs')].map((r) => r.recordId)
    expect(ids).toContain(next.RecordId)
    expect(new Set(ids).size).toBe(3)
  })

  it('loads the snapshot’s state before the fixture’s other entries: a fixture stream may use a key of the state', async () => {
    const aws = mockOn()
    serve(aws)
    const key = await createKey(kms)
    const snapshot = await saved(aws)
    const restored = mockOn({
      seed: {
        ...snapshot,
        firehose: {
          deliveryStreams: [{ definition: s3Stream('seeded'), startEncryption: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: key.arn } }],
        },
      },
    })
    expect(restored.kms.keys()).toEqual(aws.kms.keys())
    expect(restored.firehose.stream('seeded').encryption).toEqual({ status: 'ENABLED', keyType: 'CUSTOMER_MANAGED_CMK', keyArn: key.arn })
  })
})

describe('a state that cannot be loaded', () => {
  /** A mock with a stream, a record and a key, and its snapshot. */
  async function populated() {
    const aws = mockOn()
    serve(aws)
    await createStream(firehose, s3Stream('orders'))
    await putText(firehose, 'orders', 'kept')
    await createKey(kms)
    return { aws, snapshot: await saved(aws) }
  }

  it('of another version: FirehoseMswError naming state.version, from load() and from `seed`, and nothing changes', async () => {
    const { aws, snapshot } = await populated()
    const other = await saved(mockOn({ seed: { firehose: { deliveryStreams: [{ definition: s3Stream('elsewhere') }] } } }))
    const version2 = { ...other, state: { ...other.state!, version: 2 } } as unknown as Fixture
    expect(misuse(() => aws.load(version2))).toContain('state.version')
    expect(await saved(aws)).toEqual(snapshot)
    expect(misuse(() => mockOn({ seed: version2 }))).toContain('state.version')
    const unversioned = { state: { takenAt: 0 } } as unknown as Fixture
    expect(misuse(() => aws.load(unversioned))).toContain('state.version')
    expect(await saved(aws)).toEqual(snapshot)
  })

  it('whose tagged bytes are not base64 text: FirehoseMswError naming state, and nothing changes', async () => {
    const { aws, snapshot } = await populated()
    const bad = { state: { version: 1, takenAt: 0, kms: { $bytes: 5 } } } as unknown as Fixture
    const message = misuse(() => aws.load(bad))
    expect(message).toContain('state')
    expect(message).not.toContain('state.version')
    expect(await saved(aws)).toEqual(snapshot)
  })

  it('whose other parts are fine but one part does not decode: nothing of it is loaded', async () => {
    const { aws, snapshot } = await populated()
    const other = await saved(mockOn({ seed: { firehose: { deliveryStreams: [{ definition: s3Stream('elsewhere') }] } } }))
    const damaged = { state: { ...other.state!, cloudwatch: { $set: 5 } } } as unknown as Fixture
    expect(misuse(() => aws.load(damaged))).toContain('state')
    expect(aws.firehose.streamNames()).toEqual(['orders'])
    expect(await saved(aws)).toEqual(snapshot)
  })

  it('whose part is not what a snapshot holds (kms: 5): FirehoseMswError naming state, and nothing changes', async () => {
    const { aws, snapshot } = await populated()
    const other = await saved(mockOn({ seed: { firehose: { deliveryStreams: [{ definition: s3Stream('elsewhere') }] } } }))
    const damaged = { state: { ...other.state!, kms: 5 } } as unknown as Fixture
    expect(misuse(() => aws.load(damaged))).toContain('state')
    expect(aws.firehose.streamNames()).toEqual(['orders'])
    expect(await saved(aws)).toEqual(snapshot)
  })

  it('whose bytes are text that is not base64, or whose number is not ±Infinity: nothing changes', async () => {
    const { aws, snapshot } = await populated()
    for (const tagged of [{ $bytes: '!!!!' }, { $bytes: 'abc' }, { $number: 'abc' }]) {
      const bad = { state: { version: 1, takenAt: 0, kms: [['123456789012/us-east-1', { keys: tagged }]] } } as unknown as Fixture
      expect(misuse(() => aws.load(bad))).toContain('state')
    }
    expect(await saved(aws)).toEqual(snapshot)
  })

  it('whose entries lack what the services need (an identity without its logins, a stream without a destination): nothing changes', async () => {
    const { aws, snapshot } = await populated()
    const other = await saved(mockOn({ seed: { firehose: { deliveryStreams: [{ definition: s3Stream('elsewhere') }] } } }))
    const identities = { ...other.state!, cognito: { pools: [], identities: [{ id: 'x', poolId: 'p', logins: 5 }], credentials: [] } }
    expect(misuse(() => aws.load({ state: identities } as unknown as Fixture))).toContain('state.cognito')
    const streams = { ...other.state!, firehose: { recordIdPrefix: 'ab', nextRecordSeq: 1, streams: [{}], draining: [] } }
    expect(misuse(() => aws.load({ state: streams } as unknown as Fixture))).toContain('state.firehose')
    // A grant without its grantee and operations (the key-policy evaluation reads both).
    const grant = { grantId: 'g', keyId: 'k', tokens: { $set: [] } }
    const scope = { keys: { $map: [] }, aliases: { $map: [] }, grants: { $map: [['g', grant]] } }
    const grants = { ...other.state!, kms: [['123456789012/us-east-1', scope]] }
    expect(misuse(() => aws.load({ state: grants } as unknown as Fixture))).toContain('state.kms')
    // A misspelled entry beside the state is refused before the state loads.
    expect(misuse(() => aws.load({ state: other.state, kms: { key: [] } } as unknown as Fixture))).toContain('kms')
    expect(aws.firehose.streamNames()).toEqual(['orders'])
    expect(await saved(aws)).toEqual(snapshot)
  })
})

describe('edges of taking and loading', () => {
  it('a state without a Firehose part leaves the record ids of a fresh mock as they were', async () => {
    const aws = mockOn()
    serve(aws)
    aws.load({ state: { version: 1, takenAt: START } })
    await createStream(firehose, s3Stream('orders'))
    const { RecordId } = await putText(firehose, 'orders', 'x')
    expect(RecordId).toMatch(/^[0-9a-f]{24}000000000000$/)
  })

  it('the objects of a restored mock hand out copies: changing what deliveries() returned changes no later read', async () => {
    const aws = mockOn()
    serve(aws)
    await createStream(firehose, s3Stream('orders'))
    await putText(firehose, 'orders', 'hello')
    clock.advance(300_000) // the default buffering interval
    expect(await aws.firehose.deliveries('orders')).toHaveLength(1)
    const { restored } = await restoredFrom(aws)
    const [first] = await restored.firehose.deliveries('orders')
    first!.data.fill(0x5a)
    expect(decode((await restored.firehose.deliveries('orders'))[0]!.data)).toBe('hello')
  })

  it('a snapshot taken while a Lambda invocation is under way holds its batch once, delivered', async () => {
    const LAMBDA = functionArn('upper')
    const lambdas = { [LAMBDA]: (event: FirehoseEvent) => okResponse(event, (t) => t.toUpperCase()) }
    const aws = mockOn({ lambdas })
    serve(aws)
    await createStream(firehose, processedStream('processed', LAMBDA, { parameters: { BufferIntervalInSeconds: '60' } }))
    await putText(firehose, 'processed', 'one')
    clock.advance(60_000)
    for (let ticks = 0; ticks < 6; ticks++) {
      const flushing = aws.firehose.flush('processed')
      for (let i = 0; i < ticks; i++) await Promise.resolve()
      const snapshot = JSON.parse(JSON.stringify(await aws.snapshot())) as Fixture
      await flushing
      const restored = mockOn({ lambdas, seed: snapshot })
      await restored.firehose.flush('processed')
      expect((await restored.firehose.deliveries('processed')).map((o) => decode(o.data))).toEqual(['ONE'])
    }
  })
})

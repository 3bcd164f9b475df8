/**
 * Property test of `aws.snapshot()` and `aws.load()`: a random sequence of operations, sent through
 * the real @aws-sdk/client-firehose and @aws-sdk/client-kms over msw/node on a manual clock — create
 * streams of a few kinds (plain, buffered, GZIP, Kinesis source, encrypted at creation) in two
 * regions, PutRecord / PutRecordBatch, Start (AWS owned or customer managed key) / Stop encryption,
 * tag, UpdateDestination, delete; CreateKey, DisableKey / EnableKey, ScheduleKeyDeletion / CancelKeyDeletion,
 * CreateGrant, CreateAlias; flushes; clock moves, small and large — and then the snapshot, through
 * JSON, loaded into a fresh mock on the same clock must reproduce the state exactly:
 * - the restored mock's own snapshot deep-equals the one it was loaded from;
 * - the inspections are equal: stream names, views and records (recordIds included) per region,
 *   KMS keys and grants, and the delivered objects (their keys but for the random part);
 * - one more operation, the same on both mocks, gets the same answer from both (RecordIds,
 *   Encrypted, errors…), and leaves them with equal inspections (grant ids aside: a new grant's is random).
 *
 * fast-check prints `{ seed, path }` on failure; replay with
 *   FC_SEED=<seed> [FC_PATH=<path>] npx vitest run test/property/snapshot.property.test.ts
 */
import {
  DeleteDeliveryStreamCommand,
  DescribeDeliveryStreamCommand,
  PutRecordBatchCommand,
  PutRecordCommand,
  StartDeliveryStreamEncryptionCommand,
  StopDeliveryStreamEncryptionCommand,
  TagDeliveryStreamCommand,
  UpdateDestinationCommand,
  type FirehoseClient,
} from '@aws-sdk/client-firehose'
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateGrantCommand,
  CreateKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  ListGrantsCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms'
import fc from 'fast-check'
import { expect, it } from 'vitest'
import { createFirehoseMock, createManualClock, type Fixture, type FirehoseMock, type ManualClock, type TimingOption } from '../../src'
import { DESTINATION_ID, keyArnOf, kinesisStream, ROLE_ARN, s3Stream } from '../support/aws'
import { bytes } from '../support/bytes'
import { firehoseClient, kmsClient } from '../support/clients'
import { DAY, START } from '../support/clock'
import { createStream } from '../support/firehose'
import { bufferedStream } from '../support/delivery'
import { useServer } from '../support/mock'
import { fcParams } from '../support/property'

const server = useServer()
const REGIONS = ['us-east-1', 'eu-west-1'] as const
type Region = (typeof REGIONS)[number]
const firehose: Record<Region, FirehoseClient> = { 'us-east-1': firehoseClient('us-east-1'), 'eu-west-1': firehoseClient('eu-west-1') }
const kms = kmsClient()

/** A key id of no key: what a key choice names while fewer keys exist. */
const MISSING_KEY = '0b0b0b0b-0000-4000-8000-000000000000'
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g

// ---------------------------------------------------------------------------------------------
// Operations.

type Name = 'a' | 'b' | 'c'
type Shape = 'plain' | 'buffered' | 'gzip' | 'kinesis' | 'owned-at-create' | 'cmk-at-create'
type Op =
  | { kind: 'create'; name: Name; region: Region; shape: Shape; key: number }
  | { kind: 'put'; name: Name; region: Region; text: string }
  | { kind: 'putBatch'; name: Name; region: Region; texts: string[] }
  | { kind: 'start'; name: Name; key: number | 'owned' }
  | { kind: 'stop'; name: Name }
  | { kind: 'tag'; name: Name; value: string }
  | { kind: 'update'; name: Name; prefix: string }
  | { kind: 'delete'; name: Name; region: Region }
  | { kind: 'describe'; name: Name; region: Region }
  | { kind: 'createKey'; description: string }
  | { kind: 'disableKey' | 'enableKey' | 'cancelDeletion' | 'grant' | 'listGrants'; key: number }
  | { kind: 'scheduleDeletion'; key: number; days: number }
  | { kind: 'alias'; alias: string; key: number }
  | { kind: 'flush' }
  | { kind: 'advance'; ms: number }

/** The keys made so far, in order: a key choice `i` names the i-th (modulo their number). */
interface World {
  keys: Array<{ keyId: string; arn: string }>
}
const keyOf = (world: World, i: number) =>
  world.keys[i % Math.max(1, world.keys.length)] ?? { keyId: MISSING_KEY, arn: keyArnOf(MISSING_KEY) }

function definition(op: Extract<Op, { kind: 'create' }>, world: World): Record<string, unknown> {
  switch (op.shape) {
    case 'plain':
      return s3Stream(op.name, { Tags: [{ Key: 'shape', Value: 'plain' }] })
    case 'buffered':
      return bufferedStream(op.name, { intervalInSeconds: 60, prefix: 'buffered/' })
    case 'gzip':
      return bufferedStream(op.name, { intervalInSeconds: 60, compression: 'GZIP' })
    case 'kinesis':
      return kinesisStream(op.name)
    case 'owned-at-create':
      return s3Stream(op.name, { DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' } })
    case 'cmk-at-create':
      return s3Stream(op.name, {
        DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: keyOf(world, op.key).arn },
      })
  }
}

type Answer = { ok: unknown } | { error: string; message: string }

/** The answer of a call: its output without the response metadata, or its error's name and message. */
async function answerOf(call: Promise<unknown> | unknown): Promise<Answer> {
  try {
    const out = (await call) as Record<string, unknown> | undefined
    if (out === undefined) return { ok: undefined }
    const { $metadata: _metadata, ...rest } = out
    return { ok: rest }
  } catch (error) {
    return { error: (error as Error).name, message: (error as Error).message }
  }
}

/** Applies `op` to the mock the server routes to (`aws`, for the inspection API's parts); records new keys in `world`. */
async function apply(op: Op, aws: FirehoseMock, clock: ManualClock, world: World): Promise<Answer> {
  const stream = { DeliveryStreamName: 'name' in op ? op.name : '' }
  switch (op.kind) {
    case 'create':
      return answerOf(createStream(firehose[op.region], definition(op, world)))
    case 'put':
      return answerOf(firehose[op.region].send(new PutRecordCommand({ ...stream, Record: { Data: bytes(op.text) } })))
    case 'putBatch':
      return answerOf(
        firehose[op.region].send(new PutRecordBatchCommand({ ...stream, Records: op.texts.map((t) => ({ Data: bytes(t) })) })),
      )
    case 'start': {
      const config =
        op.key === 'owned'
          ? { KeyType: 'AWS_OWNED_CMK' as const }
          : { KeyType: 'CUSTOMER_MANAGED_CMK' as const, KeyARN: keyOf(world, op.key).arn }
      return answerOf(
        firehose['us-east-1'].send(
          new StartDeliveryStreamEncryptionCommand({ ...stream, DeliveryStreamEncryptionConfigurationInput: config }),
        ),
      )
    }
    case 'stop':
      return answerOf(firehose['us-east-1'].send(new StopDeliveryStreamEncryptionCommand(stream)))
    case 'tag':
      return answerOf(firehose['us-east-1'].send(new TagDeliveryStreamCommand({ ...stream, Tags: [{ Key: 'tag', Value: op.value }] })))
    case 'update': {
      const described = await answerOf(firehose['us-east-1'].send(new DescribeDeliveryStreamCommand(stream)))
      if (!('ok' in described)) return described
      const { VersionId } = (described.ok as { DeliveryStreamDescription: { VersionId: string } }).DeliveryStreamDescription
      return answerOf(
        firehose['us-east-1'].send(
          new UpdateDestinationCommand({
            ...stream,
            CurrentDeliveryStreamVersionId: VersionId,
            DestinationId: DESTINATION_ID,
            ExtendedS3DestinationUpdate: { Prefix: `${op.prefix}/` },
          }),
        ),
      )
    }
    case 'delete':
      return answerOf(firehose[op.region].send(new DeleteDeliveryStreamCommand(stream)))
    case 'describe':
      return answerOf(firehose[op.region].send(new DescribeDeliveryStreamCommand(stream)))
    case 'createKey': {
      const answer = await answerOf(kms.send(new CreateKeyCommand({ Description: op.description })))
      if ('ok' in answer) {
        const { KeyMetadata } = answer.ok as { KeyMetadata: { KeyId: string; Arn: string } }
        world.keys.push({ keyId: KeyMetadata.KeyId, arn: KeyMetadata.Arn })
      }
      return answer
    }
    case 'disableKey':
      return answerOf(kms.send(new DisableKeyCommand({ KeyId: keyOf(world, op.key).keyId })))
    case 'enableKey':
      return answerOf(kms.send(new EnableKeyCommand({ KeyId: keyOf(world, op.key).keyId })))
    case 'scheduleDeletion':
      return answerOf(kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyOf(world, op.key).keyId, PendingWindowInDays: op.days })))
    case 'cancelDeletion':
      return answerOf(kms.send(new CancelKeyDeletionCommand({ KeyId: keyOf(world, op.key).keyId })))
    case 'grant':
      return answerOf(
        kms.send(
          new CreateGrantCommand({
            KeyId: keyOf(world, op.key).arn,
            GranteePrincipal: ROLE_ARN,
            Operations: ['Decrypt', 'Encrypt'],
            Constraints: { EncryptionContextSubset: { app: 'property' } },
          }),
        ),
      )
    case 'listGrants':
      return answerOf(kms.send(new ListGrantsCommand({ KeyId: keyOf(world, op.key).keyId })))
    case 'alias':
      return answerOf(kms.send(new CreateAliasCommand({ AliasName: `alias/${op.alias}`, TargetKeyId: keyOf(world, op.key).keyId })))
    case 'flush':
      return answerOf(aws.firehose.flush())
    case 'advance':
      clock.advance(op.ms)
      return { ok: undefined }
  }
}

const name = fc.constantFrom<Name>('a', 'a', 'b', 'c')
const region = fc.constantFrom<Region>('us-east-1', 'us-east-1', 'us-east-1', 'eu-west-1')
const key = fc.nat({ max: 3 })
const text = fc.stringMatching(/^[a-z0-9]{0,8}$/)
const shape = fc.constantFrom<Shape>('plain', 'plain', 'buffered', 'gzip', 'kinesis', 'owned-at-create', 'cmk-at-create')
const weighted = (weight: number, arbitrary: fc.Arbitrary<Op>) => ({ weight, arbitrary })

/** Operations whose answers hold nothing random (no new key, grant or object ids): the last, shared one is one of them. */
const repeatable = [
  weighted(4, fc.record({ kind: fc.constant('put' as const), name, region, text })),
  weighted(4, fc.record({ kind: fc.constant('putBatch' as const), name, region, texts: fc.array(text, { minLength: 1, maxLength: 4 }) })),
  weighted(3, fc.record({ kind: fc.constant('start' as const), name, key: fc.oneof(fc.constant('owned' as const), key) })),
  weighted(2, fc.record({ kind: fc.constant('stop' as const), name })),
  weighted(1, fc.record({ kind: fc.constant('tag' as const), name, value: text })),
  weighted(1, fc.record({ kind: fc.constant('update' as const), name, prefix: text })),
  weighted(1, fc.record({ kind: fc.constant('delete' as const), name, region })),
  weighted(1, fc.record({ kind: fc.constant('describe' as const), name, region })),
  weighted(
    2,
    fc.record({
      kind: fc.constantFrom('disableKey' as const, 'enableKey' as const, 'cancelDeletion' as const, 'listGrants' as const),
      key,
    }),
  ),
  weighted(1, fc.record({ kind: fc.constant('scheduleDeletion' as const), key, days: fc.integer({ min: 7, max: 30 }) })),
  weighted(1, fc.record({ kind: fc.constant('alias' as const), alias: fc.constantFrom('one', 'two'), key })),
  weighted(
    3,
    fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.oneof(fc.integer({ min: 0, max: 3_000 }), fc.constantFrom(60_000, 8 * DAY)),
    }),
  ),
]
const anyOp: fc.Arbitrary<Op> = fc.oneof(
  weighted(4, fc.record({ kind: fc.constant('create' as const), name, region, shape, key })),
  weighted(2, fc.record({ kind: fc.constant('createKey' as const), description: text })),
  weighted(1, fc.record({ kind: fc.constant('grant' as const), key })),
  weighted(1, fc.constant<Op>({ kind: 'flush' })),
  ...repeatable,
)
/** Every sequence starts with a key and a stream that has had the time to become ACTIVE, then goes anywhere. */
const opsArb = fc
  .tuple(shape, fc.array(anyOp, { minLength: 1, maxLength: 30, size: '+1' }))
  .map(([first, rest]): Op[] => [
    { kind: 'createKey', description: 'first' },
    { kind: 'create', name: 'a', region: 'us-east-1', shape: first, key: 0 },
    { kind: 'advance', ms: 1_000 },
    ...rest,
  ])

const timingArb = fc.constantFrom<TimingOption>('instant', {
  streamCreating: 1_000,
  streamDeleting: 1_000,
  encryptionEnabling: 500,
  encryptionDisabling: 500,
  encryptionPropagation: 1_000,
})

// ---------------------------------------------------------------------------------------------
// What the two mocks are compared on.

/** Per region: stream names, each stream's view and records, keys and grants. */
function inspection(aws: FirehoseMock) {
  return REGIONS.map((region) => {
    const names = aws.firehose.streamNames({ region })
    return {
      region,
      streams: names.map((name) => ({ view: aws.firehose.stream(name, { region }), records: aws.firehose.records(name, { region }) })),
      keys: aws.kms.keys({ region }),
      grants: aws.kms.grants(undefined, { region }),
    }
  })
}

/** The objects each stream delivered, their keys with the random part masked (two mocks name a new object differently). */
async function deliveries(aws: FirehoseMock) {
  const out: unknown[] = []
  for (const region of REGIONS) {
    for (const name of aws.firehose.streamNames({ region })) {
      const objects = await aws.firehose.deliveries(name, { region })
      out.push([region, name, objects.map((o) => ({ ...o, key: o.key.replace(UUID, '<uuid>') }))])
    }
  }
  return out
}

/** The inspection with grant ids left out: a grant made after the restore gets a random id on each mock. */
const withoutGrantIds = (seen: ReturnType<typeof inspection>) =>
  seen.map((scope) => ({ ...scope, grants: scope.grants.map(({ grantId: _grantId, ...grant }) => grant) }))

it(
  'load(snapshot()) into a fresh mock on the same clock reproduces the state, and both answer the next operation alike',
  { timeout: 120_000 },
  async () => {
    await fc.assert(
      fc.asyncProperty(timingArb, opsArb, fc.oneof(...repeatable), async (timing, ops, last) => {
        const clock = createManualClock(START)
        const options = { now: clock.now, timing, quotas: false as const }
        const aws = createFirehoseMock(options)
        server.resetHandlers(...aws.handlers)
        const world: World = { keys: [] }
        for (const op of ops) await apply(op, aws, clock, world)

        const snapshot = JSON.parse(JSON.stringify(await aws.snapshot())) as Fixture
        const restored = createFirehoseMock(options)
        restored.load(snapshot)
        expect(JSON.parse(JSON.stringify(await restored.snapshot()))).toEqual(snapshot)
        expect(inspection(restored)).toEqual(inspection(aws))
        expect(await deliveries(restored)).toEqual(await deliveries(aws))

        // The same next operation on each: the original first, then the restored one (the clock moves once).
        const next = last.kind === 'advance' ? { kind: 'describe' as const, name: 'a' as const, region: 'us-east-1' as const } : last
        if (last.kind === 'advance') clock.advance(last.ms)
        const original = await apply(next, aws, clock, { keys: [...world.keys] })
        server.resetHandlers(...restored.handlers)
        const again = await apply(next, restored, clock, { keys: [...world.keys] })
        expect(again).toEqual(original)
        expect(withoutGrantIds(inspection(restored))).toEqual(withoutGrantIds(inspection(aws)))
        expect(await deliveries(restored)).toEqual(await deliveries(aws))
      }),
      fcParams(25),
    )
  },
)

/**
 * JSON fixtures: state a mock starts from (and returns to on `reset()`). Stream definitions and
 * keys are checked with the same model validation as CreateDeliveryStream and CreateKey requests,
 * so a bad fixture fails loudly, naming the field. Fixture state is loaded as if it had settled
 * long ago: streams are ACTIVE, encryption changes have completed and propagated.
 */
import { FirehoseMswError, AwsError } from './protocol/aws-error'
import { decodeBase64, base64Problem } from './protocol/base64'
import { readInput } from './protocol/shapes'
import { isObject, unknownKeys, type Assert, type ListsEvery } from './checks'
import { isAccountId } from './protocol/endpoints'
import { inputShape as createStreamInput, shapeIds, shapes as firehoseShapes } from './firehose/create-stream-model.gen'
import type { CreateDeliveryStreamInput } from './firehose/operations/create-delivery-stream'
import type { StreamSeed } from './firehose/seed'
import { inputShape as createPoolInput, shapes as createPoolShapes } from './cognito/create-pool-model.gen'
import type { PoolSeed } from './cognito/seed'
import type { CreateIdentityPoolInput } from './cognito/wire.gen'
import { inputShape as createKeyInput, shapes as createKeyShapes } from './kms/create-key-model.gen'
import type { CreateKeyInput } from './kms/build-key'
import type { KeySeed } from './kms/seed'
import { SeedError } from './service'
import { STATE_VERSION, decodeState } from './state'
import type { DeliveryStreamFixture, Fixture, IdentityPoolFixture, KeyFixture, MockState, RecordFixture } from './fixture-types'

export type { DeliveryStreamFixture, Fixture, IdentityPoolFixture, KeyFixture, RecordFixture }

const FIXTURE_KEYS = ['name', 'state', 'firehose', 'kms', 'cognito', '$schema', 'description'] as const
const STREAM_KEYS = [
  'region',
  'accountId',
  'status',
  'definition',
  'records',
  'startEncryption',
  'settled',
] as const satisfies ReadonlyArray<keyof DeliveryStreamFixture>
const KEY_FIELDS = [
  'region',
  'accountId',
  'keyId',
  'description',
  'keySpec',
  'keyUsage',
  'state',
  'pendingWindowInDays',
  'policy',
  'aliases',
  'tags',
] as const satisfies ReadonlyArray<keyof KeyFixture>
const POOL_KEYS = ['region', 'accountId', 'identityPoolId', 'definition', 'roles'] as const satisfies ReadonlyArray<
  keyof IdentityPoolFixture
>
/** Compile time: the lists above name every key of their interface. */
export type FixtureKeyListsComplete = Assert<
  | ListsEvery<Fixture, typeof FIXTURE_KEYS>
  | ListsEvery<IdentityPoolFixture, typeof POOL_KEYS>
  | ListsEvery<DeliveryStreamFixture, typeof STREAM_KEYS>
  | ListsEvery<KeyFixture, typeof KEY_FIELDS>
>

function fail(fixture: string, where: string, reason: string): never {
  throw new FirehoseMswError(`Failed to load fixture "${fixture}": ${where}: ${reason}`)
}

/** Fails when `value` is not an object, or names them and the accepted keys when it has keys a fixture does not know. */
function rejectUnknownKeys(label: string, where: string, value: unknown, allowed: readonly string[]): void {
  if (!isObject(value)) fail(label, where, `must be an object with the keys ${allowed.join(', ')}, not ${JSON.stringify(value)}`)
  const problem = unknownKeys(value, allowed, 'key')
  if (problem) fail(label, where, problem)
}

/** Where a fixture loads into: each service's seeding, in the scope the entry names (the mock's account when it names none). */
export interface FixtureEnv {
  seedKey: (region: string, accountId: string | undefined, seed: KeySeed) => void
  seedStream: (region: string, accountId: string | undefined, seed: StreamSeed) => void
  seedPool: (region: string, accountId: string | undefined, seed: PoolSeed) => void
  /** Takes in a snapshot's state, decoded (every part present). */
  restore: (state: Record<'firehose' | 'kms' | 'cognito' | 'cloudwatch' | 's3', any>) => void
}

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/
/** A lower-case UUID, as KMS key ids and the second half of identity pool ids are. */
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
const KEY_ID = new RegExp(`^${UUID}$`)
/** `<region>:<uuid>` */
const POOL_ID = new RegExp(`^([a-z0-9-]+):(${UUID})$`)

function checkScope(label: string, where: string, entry: { region?: unknown; accountId?: unknown }): void {
  if (entry.accountId !== undefined && !isAccountId(String(entry.accountId))) {
    fail(label, `${where}.accountId`, `must be 12 digits, not ${JSON.stringify(entry.accountId)}`)
  }
  if (entry.region !== undefined && !REGION.test(String(entry.region))) {
    fail(label, `${where}.region`, `is not a region name: ${JSON.stringify(entry.region)}`)
  }
}

/** Reads a request body through the model, turning an AWS error into a fixture error. */
function readModel<T>(label: string, where: string, read: () => T): T {
  try {
    return read()
  } catch (error) {
    if (error instanceof AwsError) fail(label, where, `${error.code}: ${error.message}`)
    throw error
  }
}

/** Loads a fixture's keys, then its streams, then its identity pools, into the stores behind `env`. */
export function loadFixture(fixture: Fixture, index: number, env: FixtureEnv): void {
  const label = (fixture as Fixture | null)?.name ?? `#${index}`
  if (typeof fixture !== 'object' || fixture === null || Array.isArray(fixture)) fail(label, 'fixture', 'must be a JSON object')
  rejectUnknownKeys(label, 'fixture', fixture, FIXTURE_KEYS)
  rejectUnknownKeys(label, 'kms', fixture.kms ?? {}, ['keys'])
  rejectUnknownKeys(label, 'firehose', fixture.firehose ?? {}, ['deliveryStreams'])
  rejectUnknownKeys(label, 'cognito', fixture.cognito ?? {}, ['identityPools'])
  if (fixture.state !== undefined) loadState(label, fixture.state, env)
  const keys = fixture.kms?.keys ?? []
  if (!Array.isArray(keys)) fail(label, 'kms.keys', 'must be an array')
  keys.forEach((entry, i) => loadKey(label, `kms.keys[${i}]`, entry, env))
  const definitions = fixture.firehose?.deliveryStreams ?? []
  if (!Array.isArray(definitions)) fail(label, 'firehose.deliveryStreams', 'must be an array')
  definitions.forEach((entry, i) => loadStream(label, `firehose.deliveryStreams[${i}]`, entry, env))
  const pools = fixture.cognito?.identityPools ?? []
  if (!Array.isArray(pools)) fail(label, 'cognito.identityPools', 'must be an array')
  pools.forEach((entry, i) => loadPool(label, `cognito.identityPools[${i}]`, entry, env))
}

const STATE_PARTS = ['firehose', 'kms', 'cognito', 'cloudwatch', 's3'] as const
/**
 * Whether `value` is an object whose members have these kinds: s string, n number, a array, o
 * object, M Map, S Set, B bytes. What the services take in without further checks is checked so.
 */
const has = (value: any, kinds: Record<string, string>): boolean =>
  isObject(value) &&
  Object.entries(kinds).every(([name, kind]) => {
    const member = value[name]
    if (kind === 's' || kind === 'n') return typeof member === (kind === 's' ? 'string' : 'number')
    if (kind === 'a') return Array.isArray(member)
    return kind === 'o' ? isObject(member) : member instanceof { M: Map, S: Set, B: Uint8Array }[kind]!
  })
const every = (value: any, kinds: Record<string, string>): boolean => Array.isArray(value) && value.every((item) => has(item, kinds))
/** `[name, entry]` pairs. */
const pairs = (value: any, entry: (item: any) => boolean): boolean =>
  Array.isArray(value) && value.every((pair) => Array.isArray(pair) && typeof pair[0] === 'string' && entry(pair[1]))
const STREAM = { name: 's', arn: 's', accountId: 's', region: 's', destination: 'o', records: 'a', encryption: 'o', tags: 'M' }
const STATE_SHAPES: Record<(typeof STATE_PARTS)[number], (value: any) => boolean> = {
  firehose: (v) => has(v, { recordIdPrefix: 's', nextRecordSeq: 'n' }) && every(v.streams, STREAM) && every(v.draining, STREAM),
  kms: (v) =>
    pairs(
      v,
      (scope) =>
        has(scope, { keys: 'M', aliases: 'M', grants: 'M' }) &&
        every([...scope.keys.values()], { keyId: 's', arn: 's', tags: 'M', secret: 'B' }) &&
        every([...scope.grants.values()], { grantId: 's', keyId: 's', granteePrincipal: 's', operations: 'a', tokens: 'S' }),
    ),
  cognito: (v) =>
    has(v, { pools: 'a', identities: 'a', credentials: 'a' }) &&
    every(v.pools, { id: 's', tags: 'M' }) &&
    every(v.identities, { id: 's', poolId: 's', logins: 'M' }) &&
    every(v.credentials, { accessKeyId: 's', sessionToken: 's', issuedAt: 'n' }),
  cloudwatch: (v) => pairs(v, (series) => has(series, { minutes: 'M' })),
  s3: (v) => every(v, { bucket: 's', key: 's', data: 'B' }),
}

/** A snapshot's state: decoded whole before any of it is taken in, so a damaged one changes nothing. */
function loadState(label: string, state: MockState, env: FixtureEnv): void {
  rejectUnknownKeys(label, 'state', state, ['version', 'takenAt', ...STATE_PARTS])
  if (state.version !== STATE_VERSION) {
    fail(label, 'state.version', `must be ${STATE_VERSION} (a snapshot of this firehose-msw), not ${JSON.stringify(state.version)}`)
  }
  let decoded: Record<(typeof STATE_PARTS)[number], any>
  try {
    decoded = decodeState(state)
  } catch (error) {
    fail(label, 'state', `is not a snapshot's state: ${(error as Error).message}`)
  }
  decoded.firehose ??= { recordIdPrefix: '', nextRecordSeq: 0, streams: [], draining: [] }
  for (const part of ['kms', 'cloudwatch', 's3'] as const) decoded[part] ??= []
  decoded.cognito ??= { pools: [], identities: [], credentials: [] }
  for (const part of STATE_PARTS)
    if (!STATE_SHAPES[part](decoded[part])) fail(label, `state.${part}`, "is not what a snapshot's state holds")
  env.restore(decoded)
}

const ROLE_ARN = /^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/

function loadPool(label: string, where: string, entry: IdentityPoolFixture, env: FixtureEnv): void {
  if (typeof entry !== 'object' || entry === null) fail(label, where, 'must be an object')
  rejectUnknownKeys(label, where, entry, POOL_KEYS)
  checkScope(label, where, entry)
  const region = entry.region ?? 'us-east-1'
  if (!isObject(entry.definition)) fail(label, `${where}.definition`, 'must be a CreateIdentityPool request body (a JSON object)')
  const input = readModel(label, `${where}.definition`, () =>
    readInput<CreateIdentityPoolInput>(createPoolShapes, createPoolInput, entry.definition),
  )
  let uuid: string | undefined
  if (entry.identityPoolId !== undefined) {
    const id = POOL_ID.exec(String(entry.identityPoolId))
    if (!id || id[1] !== region) {
      fail(label, `${where}.identityPoolId`, `must be "${region}:" and a lower-case UUID, not ${JSON.stringify(entry.identityPoolId)}`)
    }
    uuid = id[2]
  }
  if (entry.roles !== undefined) {
    rejectUnknownKeys(label, `${where}.roles`, entry.roles, ['authenticated', 'unauthenticated'])
    for (const [kind, arn] of Object.entries(entry.roles)) {
      if (typeof arn !== 'string' || !ROLE_ARN.test(arn))
        fail(label, `${where}.roles.${kind}`, `is not an IAM role ARN: ${JSON.stringify(arn)}`)
    }
  }
  const seed: PoolSeed = { input, ...(uuid !== undefined ? { uuid } : {}), ...(entry.roles !== undefined ? { roles: entry.roles } : {}) }
  seeding(label, where, () => env.seedPool(region, entry.accountId, seed))
}

function loadKey(label: string, where: string, entry: KeyFixture, env: FixtureEnv): void {
  if (typeof entry !== 'object' || entry === null) fail(label, where, 'must be an object')
  rejectUnknownKeys(label, where, entry, KEY_FIELDS)
  checkScope(label, where, entry)
  const body: Record<string, unknown> = { Description: entry.description, KeySpec: entry.keySpec, KeyUsage: entry.keyUsage }
  if (entry.policy !== undefined) body.Policy = typeof entry.policy === 'string' ? entry.policy : JSON.stringify(entry.policy, null, 2)
  if (entry.tags !== undefined) body.Tags = Object.entries(entry.tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue }))
  const input = readModel(label, where, () => readInput<CreateKeyInput>(createKeyShapes, createKeyInput, body))
  if (entry.keyId !== undefined && !KEY_ID.test(entry.keyId)) {
    fail(label, `${where}.keyId`, `must be a lower-case UUID, not ${JSON.stringify(entry.keyId)}`)
  }
  const state = entry.state ?? 'Enabled'
  if (state !== 'Enabled' && state !== 'Disabled' && state !== 'PendingDeletion') {
    fail(label, `${where}.state`, `must be "Enabled", "Disabled" or "PendingDeletion", not ${JSON.stringify(state)}`)
  }
  const days = entry.pendingWindowInDays ?? 30
  if (state === 'PendingDeletion' && (!Number.isInteger(days) || days < 7 || days > 30)) {
    fail(label, `${where}.pendingWindowInDays`, 'must be a whole number from 7 to 30')
  }
  if (entry.aliases !== undefined && !Array.isArray(entry.aliases)) fail(label, `${where}.aliases`, 'must be an array')
  const seed = {
    input,
    state,
    pendingWindowInDays: days,
    aliases: entry.aliases ?? [],
    ...(entry.keyId !== undefined ? { keyId: entry.keyId } : {}),
  }
  seeding(label, where, () => env.seedKey(entry.region ?? 'us-east-1', entry.accountId, seed))
}

function loadStream(label: string, where: string, entry: DeliveryStreamFixture, env: FixtureEnv): void {
  if (typeof entry !== 'object' || entry === null) fail(label, where, 'must be an object')
  rejectUnknownKeys(label, where, entry, STREAM_KEYS)
  checkScope(label, where, entry)
  if (typeof entry.definition !== 'object' || entry.definition === null || Array.isArray(entry.definition)) {
    fail(label, `${where}.definition`, 'must be a CreateDeliveryStream request body (a JSON object)')
  }
  if (entry.records !== undefined && !Array.isArray(entry.records)) fail(label, `${where}.records`, 'must be an array')
  if (entry.status !== undefined && entry.status !== 'ACTIVE' && entry.status !== 'CREATING') {
    fail(label, `${where}.status`, `must be "ACTIVE" or "CREATING", not ${JSON.stringify(entry.status)}`)
  }
  rejectUnknownKeys(label, `${where}.startEncryption`, entry.startEncryption ?? {}, ['KeyType', 'KeyARN'])
  const definition = readModel(label, `${where}.definition`, () =>
    readInput<CreateDeliveryStreamInput>(firehoseShapes, createStreamInput, entry.definition),
  )
  const records = (entry.records ?? []).map((record, r) => recordBytes(label, `${where}.records[${r}]`, record))
  let startEncryption: StreamSeed['startEncryption']
  if (entry.startEncryption !== undefined) {
    if (entry.status === 'CREATING') fail(label, `${where}.startEncryption`, 'needs an ACTIVE stream')
    startEncryption = readModel(label, `${where}.startEncryption`, () =>
      readInput<NonNullable<StreamSeed['startEncryption']>>(
        firehoseShapes,
        shapeIds.DeliveryStreamEncryptionConfigurationInput!,
        entry.startEncryption,
      ),
    )
  }
  if (entry.settled !== undefined && typeof entry.settled !== 'boolean') fail(label, `${where}.settled`, 'must be true or false')
  const seed: StreamSeed = { definition, creating: entry.status === 'CREATING', records, startEncryption, settled: entry.settled !== false }
  seeding(label, where, () => env.seedStream(entry.region ?? 'us-east-1', entry.accountId, seed))
}

/** Runs a service's seeding, turning its SeedError into a fixture error at the member it names. */
function seeding(label: string, where: string, seed: () => void): void {
  try {
    seed()
  } catch (error) {
    if (error instanceof SeedError) fail(label, error.member ? `${where}.${error.member}` : where, error.message)
    throw error
  }
}

function recordBytes(label: string, where: string, record: RecordFixture): Uint8Array {
  if (isObject(record)) rejectUnknownKeys(label, where, record, ['data', 'text'])
  if (record && typeof (record as { text?: unknown }).text === 'string') return new TextEncoder().encode((record as { text: string }).text)
  const data = (record as { data?: unknown })?.data
  if (typeof data !== 'string') fail(label, where, 'needs "data" (base64) or "text"')
  const problem = base64Problem(data)
  if (problem) fail(label, `${where}.data`, problem)
  const bytes = decodeBase64(data)
  if (bytes.length > 1_024_000) fail(label, `${where}.data`, 'a record holds at most 1,024,000 bytes')
  return bytes
}

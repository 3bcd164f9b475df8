/**
 * JSON fixtures: state a mock starts from (and returns to on `reset()`). Stream definitions and
 * keys are checked with the same model validation as CreateDeliveryStream and CreateKey requests,
 * so a bad fixture fails loudly, naming the field. Fixture state is loaded as if it had settled
 * long ago: streams are ACTIVE, encryption changes have completed and propagated.
 */
import { FirehoseMswError, AwsError } from './protocol/aws-error'
import { decodeBase64, base64Problem } from './protocol/base64'
import { readInput } from './protocol/shapes'
import { isObject, unknownKeys, type Assert, type ListsEvery } from './options'
import { isAccountId } from './protocol/endpoints'
import { shapeIds, shapes as firehoseShapes, operationInputs as firehoseInputs } from './firehose/model.gen'
import { buildDeliveryStream, type CreateDeliveryStreamInput } from './firehose/operations/create-delivery-stream'
import type { FirehoseContext } from './firehose/store'
import { settleEncryption, startEncryption } from './firehose/encryption'
import { checkCustomerAliasName } from './kms/alias'
import { inputShape as createKeyInput, shapes as createKeyShapes } from './kms/create-key-model.gen'
import { buildKey, type CreateKeyInput } from './kms/build-key'
import { aliasArn, keyArn, type KmsContext } from './kms/store'

/** A record in a fixture: base64 `data`, or `text` stored as UTF-8. */
export type RecordFixture = { data: string } | { text: string }

export interface DeliveryStreamFixture {
  /** default 'us-east-1' */
  region?: string
  /** default: the mock's accountId */
  accountId?: string
  /** default 'ACTIVE'; 'CREATING' starts the stream's creation at load time */
  status?: 'ACTIVE' | 'CREATING'
  /** A CreateDeliveryStream request body, as JSON. */
  definition: Record<string, unknown>
  /** Records already in the stream, in arrival order. */
  records?: RecordFixture[]
  /**
   * A StartDeliveryStreamEncryption configuration applied after creation, e.g. to seed a stream
   * that is ENABLED with a customer managed key, or stuck in ENABLING_FAILED with a bad one.
   */
  startEncryption?: { KeyType: 'AWS_OWNED_CMK' | 'CUSTOMER_MANAGED_CMK'; KeyARN?: string }
  /**
   * Default true: seeded encryption completed and propagated long ago. `false`: the Start happens
   * when the fixture loads, with the mock's timing, so the stream is seen ENABLING first.
   */
  settled?: boolean
}

/** A KMS key in a fixture. */
export interface KeyFixture {
  /** default 'us-east-1' */
  region?: string
  /** default: the mock's accountId */
  accountId?: string
  /** a UUID, so other fixtures can name the key's ARN; default random */
  keyId?: string
  description?: string
  /** default 'SYMMETRIC_DEFAULT' */
  keySpec?: string
  /** default 'ENCRYPT_DECRYPT' */
  keyUsage?: string
  /** default 'Enabled' */
  state?: 'Enabled' | 'Disabled' | 'PendingDeletion'
  /** days until deletion for a PendingDeletion key (7–30, default 30) */
  pendingWindowInDays?: number
  /** the key policy (JSON text or object); default: the KMS default key policy */
  policy?: string | Record<string, unknown>
  /** aliases that point at the key, e.g. 'alias/firehose-key' */
  aliases?: string[]
  tags?: Record<string, string>
}

export interface Fixture {
  /** A name for messages. */
  name?: string
  firehose?: { deliveryStreams?: DeliveryStreamFixture[] }
  kms?: { keys?: KeyFixture[] }
}

const FIXTURE_KEYS = ['name', 'firehose', 'kms', '$schema', 'description'] as const
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
/** Compile time: the lists above name every key of their interface. */
export type FixtureKeyListsComplete = Assert<
  | ListsEvery<Fixture, typeof FIXTURE_KEYS>
  | ListsEvery<DeliveryStreamFixture, typeof STREAM_KEYS>
  | ListsEvery<KeyFixture, typeof KEY_FIELDS>
>
const DAY = 24 * 60 * 60 * 1000

function fail(fixture: string, where: string, reason: string): never {
  throw new FirehoseMswError(`Failed to load fixture "${fixture}": ${where}: ${reason}`)
}

/** Fails, naming them and the accepted keys, when `value` has keys a fixture does not know. */
function rejectUnknownKeys(label: string, where: string, value: object, allowed: readonly string[]): void {
  const problem = unknownKeys(value, allowed, 'key')
  if (problem) fail(label, where, problem)
}

/** Where a fixture loads into: contexts for each scope, with the load time as `now`. */
export interface FixtureEnv {
  firehose: (region: string, accountId: string | undefined, instant: boolean) => FirehoseContext
  kms: (region: string, accountId: string | undefined) => KmsContext
}

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/

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

/** Loads a fixture's keys, then its streams, into the stores behind `env`. */
export function loadFixture(fixture: Fixture, index: number, env: FixtureEnv): void {
  const label = (fixture as Fixture | null)?.name ?? `#${index}`
  if (typeof fixture !== 'object' || fixture === null || Array.isArray(fixture)) fail(label, 'fixture', 'must be a JSON object')
  rejectUnknownKeys(label, 'fixture', fixture, FIXTURE_KEYS)
  rejectUnknownKeys(label, 'kms', fixture.kms ?? {}, ['keys'])
  rejectUnknownKeys(label, 'firehose', fixture.firehose ?? {}, ['deliveryStreams'])
  const keys = fixture.kms?.keys ?? []
  if (!Array.isArray(keys)) fail(label, 'kms.keys', 'must be an array')
  keys.forEach((entry, i) => loadKey(label, `kms.keys[${i}]`, entry, env))
  const definitions = fixture.firehose?.deliveryStreams ?? []
  if (!Array.isArray(definitions)) fail(label, 'firehose.deliveryStreams', 'must be an array')
  definitions.forEach((entry, i) => loadStream(label, `firehose.deliveryStreams[${i}]`, entry, env))
}

function loadKey(label: string, where: string, entry: KeyFixture, env: FixtureEnv): void {
  if (typeof entry !== 'object' || entry === null) fail(label, where, 'must be an object')
  rejectUnknownKeys(label, where, entry, KEY_FIELDS)
  checkScope(label, where, entry)
  const ctx = env.kms(entry.region ?? 'us-east-1', entry.accountId)
  const body: Record<string, unknown> = { Description: entry.description, KeySpec: entry.keySpec, KeyUsage: entry.keyUsage }
  if (entry.policy !== undefined) body.Policy = typeof entry.policy === 'string' ? entry.policy : JSON.stringify(entry.policy, null, 2)
  if (entry.tags !== undefined) body.Tags = Object.entries(entry.tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue }))
  const input = readModel(label, where, () => readInput<CreateKeyInput>(createKeyShapes, createKeyInput, body))
  const key = readModel(label, where, () => buildKey(input, ctx))
  if (entry.keyId !== undefined) {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(entry.keyId)) {
      fail(label, `${where}.keyId`, `must be a lower-case UUID, not ${JSON.stringify(entry.keyId)}`)
    }
    key.keyId = entry.keyId
    key.arn = keyArn(ctx.partition, ctx.region, ctx.accountId, entry.keyId)
  }
  const state = entry.state ?? 'Enabled'
  if (state !== 'Enabled' && state !== 'Disabled' && state !== 'PendingDeletion') {
    fail(label, `${where}.state`, `must be "Enabled", "Disabled" or "PendingDeletion", not ${JSON.stringify(state)}`)
  }
  key.state = state
  if (state === 'PendingDeletion') {
    const days = entry.pendingWindowInDays ?? 30
    if (!Number.isInteger(days) || days < 7 || days > 30) fail(label, `${where}.pendingWindowInDays`, 'must be a whole number from 7 to 30')
    key.deletionDate = ctx.now + days * DAY
    key.pendingWindowInDays = days
  }
  const scope = ctx.store.scope(ctx.accountId, ctx.region, ctx.now)
  if (scope.keys.has(key.keyId)) fail(label, `${where}.keyId`, `key ${key.keyId} is defined twice`)
  if (entry.aliases !== undefined && !Array.isArray(entry.aliases)) fail(label, `${where}.aliases`, 'must be an array')
  for (const alias of entry.aliases ?? []) {
    readModel(label, `${where}.aliases`, () => checkCustomerAliasName(alias))
    if (scope.aliases.has(alias)) fail(label, `${where}.aliases`, `alias ${alias} is defined twice`)
    scope.aliases.set(alias, {
      name: alias,
      arn: aliasArn(ctx.partition, ctx.region, ctx.accountId, alias),
      targetKeyId: key.keyId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
  }
  scope.keys.set(key.keyId, key)
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
  const input = readModel(label, `${where}.definition`, () =>
    readInput<CreateDeliveryStreamInput>(firehoseShapes, firehoseInputs.CreateDeliveryStream!, entry.definition),
  )
  const ctx = env.firehose(entry.region ?? 'us-east-1', entry.accountId, entry.status !== 'CREATING')
  if (ctx.store.get(ctx.accountId, ctx.region, input.DeliveryStreamName, ctx.now)) {
    fail(label, `${where}.definition.DeliveryStreamName`, `stream "${input.DeliveryStreamName}" is defined twice in ${ctx.region}`)
  }
  const stream = readModel(label, `${where}.definition`, () => buildDeliveryStream(input, ctx))
  // A seeded ACTIVE stream has been active forever, even for a clock set before the load time.
  if (entry.status !== 'CREATING') stream.activeAt = Number.NEGATIVE_INFINITY
  ;(entry.records ?? []).forEach((record, r) => {
    stream.records.push({
      seq: ctx.nextRecordSeq(),
      data: recordBytes(label, `${where}.records[${r}]`, record),
      encrypted: false,
      receivedAt: ctx.now,
    })
  })
  ctx.store.add(stream)
  if (entry.startEncryption !== undefined) {
    if (entry.status === 'CREATING') fail(label, `${where}.startEncryption`, 'needs an ACTIVE stream')
    const sse = readModel(label, `${where}.startEncryption`, () =>
      readInput<{ KeyType: 'AWS_OWNED_CMK' | 'CUSTOMER_MANAGED_CMK'; KeyARN?: string }>(
        firehoseShapes,
        shapeIds.DeliveryStreamEncryptionConfigurationInput!,
        entry.startEncryption,
      ),
    )
    if (entry.settled !== undefined && typeof entry.settled !== 'boolean') fail(label, `${where}.settled`, 'must be true or false')
    const startCtx = entry.settled === false ? env.firehose(ctx.region, entry.accountId, false) : ctx
    readModel(label, `${where}.startEncryption`, () => startEncryption(stream, 'ACTIVE', sse, startCtx))
  }
  if (entry.settled !== false) {
    // Seeded changes happened long ago: settled and propagated.
    settleEncryption(stream, ctx.now)
    for (const change of stream.encryption.history) change.at = Number.NEGATIVE_INFINITY
  }
  // Seeded calls do not count against the daily Start/Stop limit.
  stream.encryption.calls = []
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

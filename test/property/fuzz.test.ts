/**
 * Property-based fuzzing of both services through MSW's own request resolution (`getResponse`):
 * random, adversarial and shape-driven requests for every operation of the generated
 * `operationInputs` tables. Whatever comes in, the mock must answer like AWS:
 * - the status is 2xx or 4xx, never 5xx, and `onUnexpectedError` is never called;
 * - every answer is AWS JSON 1.1, and an error's `__type` equals its `x-amzn-ErrorType` header;
 * - nothing lands on `Object.prototype` (or Array/Function prototypes);
 * - a failed call changes no state (streams, record counts, Describe/tags, keys, aliases, grants).
 *
 * Each case starts from the same seeded state (reset + a manual clock), runs 0–2 random
 * preparatory calls and then the call under test, so a counterexample replays on its own.
 * fast-check prints `{ seed, path }` on failure; replay with
 *   FC_SEED=<seed> [FC_PATH=<path>] npx vitest run test/property/fuzz.test.ts
 * (`FC_RUNS_SCALE=<factor>` scales every numRuns, e.g. 10 for a long soak.)
 */
import fc from 'fast-check'
import { getResponse } from 'msw'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest'
import { createFirehoseMock, createManualClock, type Fixture } from '../../src'
import { operationInputs as firehoseInputs, shapes as firehoseShapes } from '../../src/firehose/model.gen'
import { hints } from '../../src/hints'
import { operationInputs as kmsInputs, shapes as kmsShapes } from '../../src/kms/model.gen'
import { ACCOUNT, FIREHOSE_PRINCIPAL, keyArnOf, OTHER_ACCOUNT, ROLE_ARN } from '../support/aws'
import { bytes } from '../support/bytes'
import { HOUR, START } from '../support/clock'
import { fcParams, RUNS_SCALE } from '../support/property'

// ---------------------------------------------------------------------------------------------
// fast-check parameters: FC_SEED / FC_PATH replay a failure; FC_RUNS_SCALE scales the runs.

let plannedRuns = 0
const params = (numRuns: number): fc.Parameters<unknown> => {
  const parameters = fcParams(numRuns)
  plannedRuns += parameters.numRuns
  return parameters
}

// ---------------------------------------------------------------------------------------------
// The seeded world.

const CMK = '1b2c3d4e-0000-4000-8000-00000000c0de'
const DISABLED_KEY = '1b2c3d4e-0000-4000-8000-0000000d15ab'
const PENDING_KEY = '1b2c3d4e-0000-4000-8000-00000000dead'
const SIGN_KEY = '1b2c3d4e-0000-4000-8000-00000000519e'
const DENY_KEY = '1b2c3d4e-0000-4000-8000-00000000de1e'
const WEST_KEY = '1b2c3d4e-0000-4000-8000-00000000a057'
const UNKNOWN_KEY = '1b2c3d4e-0000-4000-8000-000000000000'
const BUCKET_ARN = 'arn:aws:s3:::fuzz-bucket'
const KINESIS_ARN = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/source`
const FIREHOSE_ARN = `arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/fuzz-cmk`
const ALLOW_ALL_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
})
const DENY_FIREHOSE_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
    { Effect: 'Deny', Principal: { Service: FIREHOSE_PRINCIPAL }, Action: 'kms:*', Resource: '*' },
  ],
})

const s3 = (name: string, extra: Record<string, unknown> = {}) => ({
  DeliveryStreamName: name,
  ExtendedS3DestinationConfiguration: { RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN },
  ...extra,
})

const SEED: Fixture = {
  name: 'fuzz',
  kms: {
    keys: [
      { keyId: CMK, description: 'fuzz cmk', aliases: ['alias/fuzz'], tags: { team: 'fuzz' } },
      { keyId: DISABLED_KEY, state: 'Disabled', aliases: ['alias/fuzz-disabled'] },
      { keyId: PENDING_KEY, state: 'PendingDeletion', pendingWindowInDays: 7 },
      { keyId: SIGN_KEY, keySpec: 'ECC_NIST_P256', keyUsage: 'SIGN_VERIFY' },
      { keyId: DENY_KEY, policy: DENY_FIREHOSE_POLICY },
      { keyId: WEST_KEY, region: 'eu-west-1', aliases: ['alias/west'] },
    ],
  },
  firehose: {
    deliveryStreams: [
      { definition: s3('fuzz-plain', { Tags: [{ Key: 'team', Value: 'fuzz' }] }), records: [{ text: 'hello' }] },
      { definition: s3('fuzz-cmk'), startEncryption: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: keyArnOf(CMK) } },
      { definition: s3('fuzz-owned'), startEncryption: { KeyType: 'AWS_OWNED_CMK' }, settled: false },
      {
        definition: {
          ...s3('fuzz-kinesis'),
          DeliveryStreamType: 'KinesisStreamAsSource',
          KinesisStreamSourceConfiguration: { KinesisStreamARN: KINESIS_ARN, RoleARN: ROLE_ARN },
        },
      },
      { status: 'CREATING', definition: s3('fuzz-creating') },
      { region: 'eu-west-1', definition: s3('fuzz-west') },
    ],
  },
}
const STREAM_NAMES = ['fuzz-plain', 'fuzz-cmk', 'fuzz-owned', 'fuzz-kinesis', 'fuzz-creating', 'fuzz-west']
/** Every region a request can act in; the state snapshot covers all of them. */
const REGIONS = ['us-east-1', 'eu-west-1', 'cn-north-1', 'us-gov-west-1', 'ap-southeast-7', '__proto__', 'constructor']

// Blobs sent as {"0":…} objects make the mock log its jsdom hint (src/hints.ts), once per mock.
// console.warn is captured for the whole file so the hint does not reach the output; after each
// test, anything else on console.warn, or a hint logged a second time, fails that test.
const KNOWN_HINTS = new Set(Object.values(hints))
const hinted = new Set<unknown>()
let warn: MockInstance<typeof console.warn>
beforeAll(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
})
afterEach(() => {
  const calls = [...warn.mock.calls]
  warn.mockClear()
  expect(calls.filter((args) => args.length !== 1 || !KNOWN_HINTS.has(args[0] as string))).toEqual([])
  const again = calls.filter(([hint]) => hinted.has(hint))
  for (const [hint] of calls) hinted.add(hint)
  expect(again).toEqual([])
})
afterAll(() => warn.mockRestore())

const clock = createManualClock(START)
const unexpected: unknown[] = []
const aws = createFirehoseMock({
  now: clock.now,
  seed: SEED,
  endpoints: ['http://localhost:4566'],
  // The per-stream put rates would answer a (legitimate) 503 Slow down; everything else stays on.
  quotas: { putRequestsPerSecond: Infinity, putRecordsPerSecond: Infinity, putMiBPerSecond: Infinity },
  temporaryCredentialsIssuedAt: { 'old-session': START - 7 * HOUR, 'fresh-session': START },
  onUnexpectedError: (error) => unexpected.push(error),
})

// ---------------------------------------------------------------------------------------------
// Services and requests.

type ServiceName = 'firehose' | 'kms'
interface ServiceInfo {
  prefix: string
  host: string
  shapes: Table
  inputs: Record<string, Ref>
}
const SERVICES: Record<ServiceName, ServiceInfo> = {
  firehose: {
    prefix: 'Firehose_20150804.',
    host: 'firehose',
    shapes: firehoseShapes as unknown as Table,
    inputs: firehoseInputs as Record<string, Ref>,
  },
  kms: { prefix: 'TrentService.', host: 'kms', shapes: kmsShapes as unknown as Table, inputs: kmsInputs as Record<string, Ref> },
}
const ALL_OPERATIONS: Array<[ServiceName, string]> = [
  ...Object.keys(firehoseInputs).map((op): [ServiceName, string] => ['firehose', op]),
  ...Object.keys(kmsInputs).map((op): [ServiceName, string] => ['kms', op]),
]
const CONTENT_TYPE = 'application/x-amz-json-1.1'
const endpointOf = (service: ServiceName, region = 'us-east-1') => `https://${SERVICES[service].host}.${region}.amazonaws.com/`

interface Call {
  url: string
  target?: string
  headers?: Record<string, string>
  body?: string | Uint8Array
}

// ---------------------------------------------------------------------------------------------
// Building values: own keys even for "__proto__", placeholders resolved at run time.

function ownObject(entries: Array<[string, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true })
  return out
}
const stripUndefined = (o: Record<string, unknown>) => ownObject(Object.entries(o).filter(([, v]) => v !== undefined))

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype']
/** What a polluting payload would add; the checks look for exactly this. */
const POLLUTION = { polluted: 'yes', toString: 'hijacked', prototype: { polluted: 'yes' } }

/** Placeholders for values only a live mock has (grant ids and tokens, ciphertexts); see `resolve`. */
const PH = {
  grantId: '@@GRANT_ID@@',
  grantToken: '@@GRANT_TOKEN@@',
  ciphertext: '@@CIPHERTEXT@@',
  marker: '@@MARKER@@',
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')
const BAD_BASE64 = [
  'abc',
  'QR==',
  'QUI=',
  'QQ=A',
  '====',
  'A===',
  '@@@@',
  'YW Jj',
  'YWJj\n',
  '-_-_',
  'ZÜÜÜ',
  '😀😀',
  'QQ',
  'QUJD=',
  '=QUJ',
  'YWJj====',
  '\u0000\u0000\u0000\u0000',
]
const WEIRD_STRINGS = [
  '',
  ' ',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '\u0000',
  '\ud800',
  '\udfff\ud800',
  '😀',
  'ÿ',
  '\u202e',
  '%00',
  '../..',
  '${x}',
  'null',
  'undefined',
  'NaN',
  '[object Object]',
]

/** Strings a member name suggests, so shape-driven calls reach the operations. */
function hintFor(member: string | undefined): string[] | undefined {
  switch (member) {
    case 'DeliveryStreamName':
    case 'ExclusiveStartDeliveryStreamName':
      return [...STREAM_NAMES, 'fresh-stream', 'fresh-stream-2', 'x'.repeat(64)]
    case 'KeyId':
    case 'TargetKeyId':
    case 'SourceKeyId':
    case 'DestinationKeyId':
      return [
        CMK,
        keyArnOf(CMK),
        'alias/fuzz',
        `arn:aws:kms:us-east-1:${ACCOUNT}:alias/fuzz`,
        DISABLED_KEY,
        PENDING_KEY,
        SIGN_KEY,
        DENY_KEY,
        keyArnOf(WEST_KEY, 'eu-west-1'),
        WEST_KEY,
        UNKNOWN_KEY,
        'alias/aws/firehose',
        'alias/aws/s3',
        `arn:aws:kms:us-east-1:${ACCOUNT}:alias/aws/firehose`,
        keyArnOf(CMK, 'us-east-1', OTHER_ACCOUNT),
        'arn:aws:kms:us-east-1:12:key/x',
        'mrk-0123456789abcdef0123456789abcdef',
        'alias/missing',
      ]
    case 'KeyARN':
      return [
        keyArnOf(CMK),
        `arn:aws:kms:us-east-1:${ACCOUNT}:alias/fuzz`,
        keyArnOf(DISABLED_KEY),
        keyArnOf(PENDING_KEY),
        keyArnOf(SIGN_KEY),
        keyArnOf(DENY_KEY),
        keyArnOf(UNKNOWN_KEY),
        keyArnOf(WEST_KEY, 'eu-west-1'),
        `arn:aws:kms:us-east-1:${ACCOUNT}:alias/aws/firehose`,
        keyArnOf(CMK, 'us-east-1', OTHER_ACCOUNT),
      ]
    case 'AliasName':
      return [
        'alias/fuzz',
        'alias/fresh',
        'alias/fuzz-disabled',
        'alias/aws/firehose',
        'alias/aws/fresh',
        'fuzz',
        'alias/a:b',
        'alias/__proto__',
        'alias/constructor',
      ]
    case 'RoleARN':
      return [ROLE_ARN, `arn:aws:iam::${OTHER_ACCOUNT}:role/r`]
    case 'BucketARN':
      return [BUCKET_ARN, 'arn:aws:s3:::other']
    case 'KinesisStreamARN':
      return [KINESIS_ARN]
    case 'GrantId':
      return [PH.grantId, 'a'.repeat(64), '0'.repeat(64), 'not-a-grant']
    case 'GrantToken':
      return [PH.grantToken, 'token']
    case 'Policy':
      return [
        ALLOW_ALL_POLICY,
        DENY_FIREHOSE_POLICY,
        'not json',
        '{}',
        '[]',
        'null',
        '{"Statement":[]}',
        '{"Statement":[{"Effect":"Maybe"}]}',
        '{"Statement":{"Effect":"Allow"}}',
        `{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"Statement":[{"Effect":"Deny","Principal":"*","Action":"kms:*"}]}`,
      ]
    case 'GranteePrincipal':
    case 'RetiringPrincipal':
      return ['firehose.amazonaws.com', ROLE_ARN, `arn:aws:iam::${ACCOUNT}:root`]
    case 'DestinationId':
      return ['destinationId-000000000001', 'destinationId-000000000002']
    case 'CurrentDeliveryStreamVersionId':
      return ['1', '2', '0', '01']
    case 'Marker':
      return [PH.marker, b64(bytes('fhmsw:1')), b64(bytes('fhmsw:-1')), b64(bytes('fhmsw:1e999')), 'bad marker']
    case 'ExclusiveStartTagKey':
    case 'TagKey':
    case 'Key':
      return ['team', 'env', 'aws:reserved', '__proto__']
    case 'ExclusiveStartDestinationId':
      return ['destinationId-000000000001']
    case 'ReplicaRegion':
    case 'PrimaryRegion':
      return ['us-west-2', 'eu-west-1']
    default:
      return undefined
  }
}

/**
 * The generated shape tables, read loosely so the walker follows their format (names or indexes
 * as references; structure members as `s: "!Required=Ref Optional=Ref"` or as a record `m`).
 */
type Ref = string | number
interface Shape {
  t: 's' | 'i' | 'd' | 'b' | 'B' | 'T' | 'D' | 'l' | 'm' | 'S'
  min?: number
  max?: number
  e?: string[]
  m?: Ref | Record<string, [Ref, number?]>
  s?: string
  k?: Ref
  v?: Ref
}
type Table = { readonly [ref: string]: Shape }

function structureMembers(shape: Shape): Array<[name: string, target: Ref, required: boolean]> {
  if (typeof shape.s === 'string') {
    return shape.s
      .split(' ')
      .filter(Boolean)
      .map((entry) => {
        const required = entry.startsWith('!')
        const [name, target = name] = entry.replace(/^!/, '').split('=') as [string, string?]
        return [name, target, required]
      })
  }
  if (shape.m !== undefined && typeof shape.m === 'object')
    return Object.entries(shape.m).map(([name, [target, required]]) => [name, target, Boolean(required)])
  return []
}

/** The shape a structure member refers to. */
function memberTarget(table: Table, structure: Ref, member: string): Ref {
  const found = structureMembers(table[structure]!).find(([name]) => name === member)
  if (!found) throw new Error(`no member ${member} in shape ${structure}`)
  return found[1]
}

type Arb = fc.Arbitrary<unknown>
const wrongValue: Arb = fc.oneof(
  fc.constantFrom<unknown>(null, [], {}, '', 0, -1, 1.5, true, false, 'x', [null], [[]], { a: 1 }, 1e308, -0),
  fc.jsonValue({ maxDepth: 2 }),
  fc.constant(null).map(() => ownObject(PROTO_KEYS.map((k) => [k, POLLUTION]))),
)

/** The arbitrary for a shape: mostly valid values, with constraint-breaking ones sometimes. */
function shapeArb(table: Table, ref: Ref, member: string | undefined, depth: number, memo: Map<string, Arb>): Arb {
  const key = `${ref}|${member ?? ''}|${depth}`
  const cached = memo.get(key)
  if (cached) return cached
  const shape = table[ref]!
  const generic = valueArb(table, shape, member, depth, memo)
  const template = templateFor(table, ref, memo)
  const valid = template ? fc.oneof({ weight: 2, arbitrary: generic }, { weight: 3, arbitrary: template }) : generic
  const arb = fc.oneof({ weight: 40, arbitrary: valid }, { weight: 1, arbitrary: wrongValue })
  memo.set(key, arb)
  return arb
}

function stringArb(shape: Shape, member: string | undefined): Arb {
  const min = shape.min ?? 0
  const max = shape.max ?? 64
  const options: Array<fc.WeightedArbitrary<unknown>> = []
  if (shape.e) options.push({ weight: 12, arbitrary: fc.constantFrom(...shape.e) })
  const hint = hintFor(member)
  if (hint) options.push({ weight: 12, arbitrary: fc.constantFrom(...hint) })
  options.push(
    { weight: 4, arbitrary: fc.stringMatching(/^[a-zA-Z0-9_.-]{1,24}$/) },
    { weight: 2, arbitrary: fc.string({ minLength: Math.min(min, 24), maxLength: Math.max(Math.min(max, 24), Math.min(min, 24)) }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 16 }) },
    { weight: 1, arbitrary: fc.constantFrom(...WEIRD_STRINGS) },
  )
  if (shape.max !== undefined && shape.max <= 4096) options.push({ weight: 1, arbitrary: fc.constant('z'.repeat(shape.max + 1)) })
  return fc.oneof(...options)
}

function valueArb(table: Table, shape: Shape, member: string | undefined, depth: number, memo: Map<string, Arb>): Arb {
  switch (shape.t) {
    case 's':
      return stringArb(shape, member)
    case 'i': {
      const lo = shape.min ?? -(2 ** 31)
      const hi = shape.max ?? 2 ** 31 - 1
      return fc.oneof(
        { weight: 8, arbitrary: fc.integer({ min: lo, max: Math.min(hi, lo + 1000) }) },
        { weight: 1, arbitrary: fc.constantFrom(lo - 1, hi + 1, 0, -1, 2 ** 53, 1e21, 1.5, -0.5, 1e308, -1e308) },
      )
    }
    case 'd':
    case 'T':
      return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.constantFrom(0, START / 1000, 1e308))
    case 'b':
      return fc.oneof({ weight: 8, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constantFrom('true', 'FALSE', 1, 0) })
    case 'B': {
      const options: Array<fc.WeightedArbitrary<unknown>> = [
        { weight: 8, arbitrary: fc.uint8Array({ minLength: Math.min(shape.min ?? 0, 4), maxLength: 48 }).map(b64) },
        { weight: 2, arbitrary: fc.constantFrom(...BAD_BASE64) },
      ]
      if (member === 'CiphertextBlob') options.push({ weight: 8, arbitrary: fc.constant(PH.ciphertext) })
      return fc.oneof(...options)
    }
    case 'D':
      return fc.jsonValue({ maxDepth: 3 })
    case 'l': {
      if (depth > 6) return fc.constant([])
      const item = shapeArb(table, shape.m as Ref, member, depth + 1, memo)
      const minLength = Math.min(shape.min ?? 0, 3)
      return fc.array(item, { minLength, maxLength: Math.max(minLength, Math.min(shape.max ?? 3, 3)) })
    }
    case 'm': {
      if (depth > 6) return fc.constant({})
      const keyArb = fc.oneof(
        { weight: 4, arbitrary: shapeArb(table, shape.k!, undefined, depth + 1, memo).filter((k): k is string => typeof k === 'string') },
        { weight: 2, arbitrary: fc.constantFrom(...PROTO_KEYS, 'toString', 'aws:firehose:arn') },
      )
      const valueArbitrary = fc.oneof(
        { weight: 6, arbitrary: shapeArb(table, shape.v!, undefined, depth + 1, memo) },
        { weight: 1, arbitrary: fc.constantFrom<unknown>(FIREHOSE_ARN, POLLUTION) },
      )
      return fc.array(fc.tuple(keyArb, valueArbitrary), { maxLength: 3 }).map(ownObject)
    }
    case 'S': {
      const members = structureMembers(shape)
      const optional = members.filter(([, , required]) => !required).length
      const model: Record<string, Arb> = {}
      for (const [name, target, required] of members) {
        const value = shapeArb(table, target, name, depth + 1, memo)
        if (required) {
          model[name] = fc.oneof({ weight: 30, arbitrary: value }, { weight: 1, arbitrary: fc.constant(undefined) })
        } else if (depth >= 5) {
          model[name] = fc.constant(undefined)
        } else {
          // Big structures (CreateDeliveryStreamInput) get about two optional members.
          const present = Math.max(1, Math.min(10, Math.round(20 / Math.max(optional, 1))))
          model[name] = fc.oneof(
            { weight: 20 - Math.min(present, 10), arbitrary: fc.constant(undefined) },
            { weight: present, arbitrary: value },
          )
        }
      }
      const proto = fc.oneof(
        { weight: 30, arbitrary: fc.constant([] as Array<[string, unknown]>) },
        {
          weight: 1,
          arbitrary: fc.subarray(PROTO_KEYS, { minLength: 1 }).map((keys) => keys.map((k): [string, unknown] => [k, POLLUTION])),
        },
      )
      return fc.tuple(fc.record(model), proto).map(([record, extra]) => ownObject([...Object.entries(stripUndefined(record)), ...extra]))
    }
  }
}

/** Mostly-valid inputs for the operations whose generic values rarely pass their cross-member checks. */
function templateFor(table: Table, ref: Ref, memo: Map<string, Arb>): Arb | undefined {
  if (table !== SERVICES.firehose.shapes) return undefined
  if (String(ref) === String(firehoseInputs.CreateDeliveryStream)) return createTemplate(table, ref, memo)
  if (String(ref) === String(firehoseInputs.UpdateDestination)) return updateTemplate(table, ref, memo)
  return undefined
}

const createTemplate = (table: Table, input: Ref, memo: Map<string, Arb>): Arb => {
  const member = (name: string, depth: number) => shapeArb(table, memberTarget(table, input, name), undefined, depth, memo)
  return fc
    .record({
      DeliveryStreamName: fc.constantFrom('fresh-stream', 'fresh-stream-2', 'fuzz-plain'),
      ExtendedS3DestinationConfiguration: fc.oneof(
        fc.constant({ RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN }),
        member('ExtendedS3DestinationConfiguration', 3),
      ),
      DeliveryStreamEncryptionConfigurationInput: fc.option(member('DeliveryStreamEncryptionConfigurationInput', 1), { nil: undefined }),
      Tags: fc.option(member('Tags', 1), { nil: undefined }),
      source: fc.constantFrom('none', 'DirectPut', 'Kinesis'),
    })
    .map(({ source, ...rest }) =>
      stripUndefined({
        ...rest,
        ...(source === 'DirectPut' ? { DeliveryStreamType: 'DirectPut', DirectPutSourceConfiguration: { ThroughputHintInMBs: 1 } } : {}),
        ...(source === 'Kinesis'
          ? {
              DeliveryStreamType: 'KinesisStreamAsSource',
              KinesisStreamSourceConfiguration: { KinesisStreamARN: KINESIS_ARN, RoleARN: ROLE_ARN },
            }
          : {}),
      }),
    )
}

const updateTemplate = (table: Table, input: Ref, memo: Map<string, Arb>): Arb =>
  fc.record({
    DeliveryStreamName: fc.constantFrom('fuzz-plain', 'fuzz-cmk', 'fuzz-kinesis'),
    CurrentDeliveryStreamVersionId: fc.constantFrom('1', '1', '2'),
    DestinationId: fc.constant('destinationId-000000000001'),
    ExtendedS3DestinationUpdate: fc.oneof(
      fc.constant({ BufferingHints: { SizeInMBs: 10 } }),
      fc.constant({ S3BackupMode: 'Enabled', S3BackupUpdate: { RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN } }),
      shapeArb(table, memberTarget(table, input, 'ExtendedS3DestinationUpdate'), undefined, 3, memo),
    ),
  })

const memos: Record<ServiceName, Map<string, Arb>> = { firehose: new Map(), kms: new Map() }
const inputArb = (service: ServiceName, op: string): Arb =>
  shapeArb(SERVICES[service].shapes, SERVICES[service].inputs[op]!, undefined, 0, memos[service])

/** Member names of an operation's input, for targeted adversarial members. */
const membersOf = (service: ServiceName, op: string): string[] =>
  structureMembers(SERVICES[service].shapes[SERVICES[service].inputs[op]!]!).map(([name]) => name)

// ---------------------------------------------------------------------------------------------
// Adversarial bodies, as small recipes (so counterexamples print compactly) built at run time.

type BodyRecipe =
  | { kind: 'shape'; value: unknown }
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string }
  | { kind: 'none' }
  | { kind: 'bytes'; bytes: number[] }
  | { kind: 'badUtf8'; member: string; bytes: number[] }
  | { kind: 'deep'; member: string | null; depth: number; open: '[' | '{"a":' | '{"__proto__":' }
  | { kind: 'huge'; member: string | null; length: number; char: string; asBlob: boolean; base: unknown }
  | { kind: 'proto'; where: 'top' | 'everywhere' | 'member'; member: string; base: unknown }
  | { kind: 'truncated'; base: unknown; cut: number }

const MARK = '@@SPLICE@@'

function buildBody(recipe: BodyRecipe): string | Uint8Array | undefined {
  switch (recipe.kind) {
    case 'shape':
    case 'json':
      return JSON.stringify(recipe.value) ?? 'null'
    case 'text':
      return recipe.text
    case 'none':
      return undefined
    case 'bytes':
      return new Uint8Array(recipe.bytes)
    case 'badUtf8': {
      const [before, after] = JSON.stringify(ownObject([[recipe.member, MARK]])).split(MARK) as [string, string]
      const enc = new TextEncoder()
      return new Uint8Array([...enc.encode(before), ...recipe.bytes, ...enc.encode(after)])
    }
    case 'deep': {
      const close = recipe.open === '[' ? ']' : '}'
      const inner = recipe.open === '[' ? '1' : '1'
      const nested = recipe.open.repeat(recipe.depth) + inner + close.repeat(recipe.depth)
      if (recipe.member === null) return nested
      return JSON.stringify(ownObject([[recipe.member, MARK]])).replace(`"${MARK}"`, nested)
    }
    case 'huge': {
      let text = recipe.char.repeat(Math.ceil(recipe.length / recipe.char.length)).slice(0, recipe.length)
      if (recipe.asBlob) text = 'A'.repeat(recipe.length - (recipe.length % 4))
      if (recipe.member === null) return JSON.stringify(text)
      const base = isPlainObject(recipe.base) ? recipe.base : {}
      return JSON.stringify(ownObject([...Object.entries(base), [recipe.member, text]]))
    }
    case 'proto': {
      const base = isPlainObject(recipe.base) ? recipe.base : {}
      if (recipe.where === 'top')
        return JSON.stringify(ownObject([...Object.entries(base), ...PROTO_KEYS.map((k): [string, unknown] => [k, POLLUTION])]))
      if (recipe.where === 'member') {
        return JSON.stringify(ownObject([...Object.entries(base), [recipe.member, ownObject(PROTO_KEYS.map((k) => [k, POLLUTION]))]]))
      }
      return JSON.stringify(injectEverywhere(base))
    }
    case 'truncated': {
      const text = JSON.stringify(recipe.base) ?? ''
      return text.slice(0, Math.max(0, text.length - 1 - (recipe.cut % Math.max(text.length, 1))))
    }
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Adds `__proto__`/`constructor`/`prototype` own keys to every object in a value. */
function injectEverywhere(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(injectEverywhere)
  if (!isPlainObject(value)) return value
  const entries = Object.entries(value).map(([k, v]): [string, unknown] => [k, injectEverywhere(v)])
  return ownObject([...entries, ...PROTO_KEYS.map((k): [string, unknown] => [k, POLLUTION])])
}

const INVALID_UTF8 = [
  [0xff],
  [0xfe, 0xff],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xe2, 0x82],
  [0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xc3],
]

function adversarialBody(service: ServiceName, op: string): fc.Arbitrary<BodyRecipe> {
  const members = membersOf(service, op)
  const member =
    members.length > 0
      ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...members) }, { weight: 1, arbitrary: fc.constantFrom(...PROTO_KEYS, 'Unknown') })
      : fc.constantFrom(...PROTO_KEYS, 'Unknown')
  const base = inputArb(service, op)
  return fc.oneof(
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value): BodyRecipe => ({ kind: 'json', value })) },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(
          '',
          ' ',
          '\n\t',
          'null',
          ' null ',
          '{}',
          '[]',
          '""',
          '0',
          'true',
          'nul',
          '{',
          '}',
          '{"a":1}}',
          '\ufeff{}',
          '{}garbage',
          '{"a":1,}',
          'NaN',
          '1e999',
        )
        .map((text): BodyRecipe => ({ kind: 'text', text })),
    },
    { weight: 1, arbitrary: fc.constant<BodyRecipe>({ kind: 'none' }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((text): BodyRecipe => ({ kind: 'text', text })) },
    {
      weight: 2,
      arbitrary: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 64 }).map((bytes): BodyRecipe => ({ kind: 'bytes', bytes })),
    },
    {
      weight: 2,
      arbitrary: fc
        .record({
          member,
          bytes: fc.oneof(fc.constantFrom(...INVALID_UTF8), fc.array(fc.integer({ min: 0x80, max: 0xff }), { minLength: 1, maxLength: 8 })),
        })
        .map((r): BodyRecipe => ({ kind: 'badUtf8', ...r })),
    },
    {
      weight: 2,
      arbitrary: fc
        .record({
          member: fc.option(member, { nil: null }),
          depth: fc.oneof(fc.integer({ min: 1, max: 50 }), fc.constantFrom(1000, 2000, 2500, 10_000)),
          open: fc.constantFrom<'[' | '{"a":' | '{"__proto__":'>('[', '{"a":', '{"__proto__":'),
        })
        .map((r): BodyRecipe => ({ kind: 'deep', ...r })),
    },
    {
      weight: 2,
      arbitrary: fc
        .record({
          member: fc.option(member, { nil: null }),
          length: fc.oneof(fc.integer({ min: 1000, max: 100_000 }), fc.constantFrom(65, 257, 1025, 8193, 100_000)),
          char: fc.constantFrom('a', 'é', '😀', '\\', '"', 'A', ' '),
          asBlob: fc.boolean(),
          base,
        })
        .map((r): BodyRecipe => ({ kind: 'huge', ...r })),
    },
    {
      weight: 3,
      arbitrary: fc
        .record({ where: fc.constantFrom<'top' | 'everywhere' | 'member'>('top', 'everywhere', 'member'), member, base })
        .map((r): BodyRecipe => ({ kind: 'proto', ...r })),
    },
    { weight: 1, arbitrary: fc.record({ base, cut: fc.nat() }).map((r): BodyRecipe => ({ kind: 'truncated', ...r })) },
  )
}

// ---------------------------------------------------------------------------------------------
// Placeholders: live values fetched through the handlers, only when a body uses them.

async function send(call: Call): Promise<Response | undefined> {
  const headers = new Headers(call.headers ?? { 'content-type': CONTENT_TYPE })
  if (call.target !== undefined) headers.set('x-amz-target', call.target)
  const request = new Request(call.url, { method: 'POST', headers, body: call.body as BodyInit | undefined })
  return getResponse(aws.handlers, request)
}

async function kmsCall(op: string, input: unknown): Promise<Record<string, unknown>> {
  const res = await send({ url: endpointOf('kms'), target: `TrentService.${op}`, body: JSON.stringify(input) })
  return (await res!.json()) as Record<string, unknown>
}

async function resolve(body: string | Uint8Array | undefined): Promise<string | Uint8Array | undefined> {
  if (typeof body !== 'string' || !body.includes('@@')) return body
  let out = body
  if (out.includes(PH.ciphertext)) {
    const { CiphertextBlob } = await kmsCall('Encrypt', { KeyId: CMK, Plaintext: b64(new Uint8Array([1, 2, 3])) })
    out = out.split(PH.ciphertext).join(String(CiphertextBlob))
  }
  if (out.includes(PH.grantToken) || out.includes(PH.grantId)) {
    const { GrantId, GrantToken } = await kmsCall('CreateGrant', {
      KeyId: CMK,
      GranteePrincipal: ROLE_ARN,
      RetiringPrincipal: ROLE_ARN,
      Operations: ['Decrypt'],
    })
    out = out.split(PH.grantToken).join(String(GrantToken)).split(PH.grantId).join(String(GrantId))
  }
  if (out.includes(PH.marker)) {
    const { NextMarker } = await kmsCall('ListKeys', { Limit: 1 })
    out = out.split(PH.marker).join(String(NextMarker))
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// The checks.

const PROTO_NAMES = {
  object: Object.getOwnPropertyNames(Object.prototype).sort().join(),
  array: Object.getOwnPropertyNames(Array.prototype).sort().join(),
  func: Object.getOwnPropertyNames(Function.prototype).sort().join(),
}

function assertNoPollution(): void {
  const probe: Record<string, unknown> = {}
  if (
    Object.keys(Object.prototype).length !== 0 ||
    Object.getOwnPropertyNames(Object.prototype).sort().join() !== PROTO_NAMES.object ||
    Object.getOwnPropertyNames(Array.prototype).sort().join() !== PROTO_NAMES.array ||
    Object.getOwnPropertyNames(Function.prototype).sort().join() !== PROTO_NAMES.func ||
    'polluted' in probe ||
    probe.toString !== Object.prototype.toString ||
    Object.getPrototypeOf(probe) !== Object.prototype ||
    String(probe) !== '[object Object]'
  ) {
    throw new Error(`Object.prototype was polluted: ${JSON.stringify(Object.getOwnPropertyNames(Object.prototype))}`)
  }
}

/** The stream names a body mentions, whose Describe and tags the snapshot also reads. */
function namedStreams(body: string | Uint8Array | undefined): string[] {
  if (typeof body !== 'string') return []
  return STREAM_NAMES.filter((name) => body.includes(`"${name}"`)).concat(body.includes('"fresh-stream"') ? ['fresh-stream'] : [])
}

const regionOf = (url: string): string => /^https:\/\/[a-z-]+\.([a-z0-9-]+)\.amazonaws\.com/.exec(url)?.[1] ?? 'us-east-1'

/**
 * Everything a failed call must leave alone, in every region a request can reach: streams and
 * their record counts, keys (aliases, policies, tags, states) and grants; plus Describe and tags,
 * read through the handlers, of the streams the call names.
 */
async function snapshot(names: string[], region: string, when: string): Promise<string> {
  const state: unknown[] = []
  for (const r of REGIONS) {
    const streams = aws.firehose.streamNames({ region: r }).map((name) => {
      const records = aws.firehose.records(name, { region: r })
      return [name, records.length, records.at(-1)?.recordId, records.filter((x) => x.encrypted).length]
    })
    state.push([r, streams, aws.kms.keys({ region: r }), aws.kms.grants(undefined, { region: r })])
  }
  for (const name of names) {
    for (const op of ['DescribeDeliveryStream', 'ListTagsForDeliveryStream']) {
      const res = await send({
        url: endpointOf('firehose', region),
        target: `Firehose_20150804.${op}`,
        body: JSON.stringify({ DeliveryStreamName: name }),
      })
      const text = await res!.text()
      if (res!.status >= 500 || unexpected.length > 0) {
        const error = unexpected.splice(0)[0]
        throw new Error(
          `${op} of "${name}" ${when} answered ${res!.status} ${text}: ${error instanceof Error ? error.stack : String(error)}`,
        )
      }
      state.push(text)
    }
  }
  return JSON.stringify(state)
}

interface Outcome {
  status: number
  type?: string
}

const stats = new Map<string, { calls: number; ok: number; reached: number }>()
const FRAMEWORK_ERRORS = new Set(['SerializationException', 'ValidationException', 'UnknownOperationException'])

/** Sends one call and checks every property; returns what came back. */
async function checkCall(call: Call, label: string, compareState: boolean): Promise<Outcome | undefined> {
  const resolved = { ...call, body: await resolve(call.body) }
  const names = namedStreams(resolved.body)
  const region = regionOf(resolved.url)
  const before = compareState ? await snapshot(names, region, `before ${label}`) : undefined
  const res = await send(resolved)
  assertNoPollution()
  if (unexpected.length > 0) {
    const error = unexpected.splice(0)[0]
    throw new Error(`onUnexpectedError was called for ${label}: ${error instanceof Error ? error.stack : String(error)}`)
  }
  const custom = resolved.url.startsWith('http://localhost')
  if (!res) {
    // Only a custom endpoint lets a request through, when its target names neither service.
    const target = resolved.target ?? ''
    if (!custom || target.startsWith('Firehose_20150804.') || target.startsWith('TrentService.')) {
      throw new Error(`no response for ${label} (${resolved.url}, target ${JSON.stringify(target)})`)
    }
    return undefined
  }
  const text = await res.text()
  if (res.status >= 500 || res.status < 200 || (res.status >= 300 && res.status < 400)) {
    throw new Error(`${label}: HTTP ${res.status} ${text.slice(0, 500)}`)
  }
  if (res.headers.get('content-type') !== CONTENT_TYPE) throw new Error(`${label}: content-type ${res.headers.get('content-type')}`)
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new Error(`${label}: the answer is not JSON: ${text.slice(0, 200)}`)
  }
  if (!isPlainObject(parsed)) throw new Error(`${label}: the answer is not a JSON object: ${text.slice(0, 200)}`)
  const stat = stats.get(label) ?? { calls: 0, ok: 0, reached: 0 }
  stats.set(label, stat)
  stat.calls++
  if (res.status < 300) {
    stat.ok++
    stat.reached++
    if ('__type' in parsed || res.headers.get('x-amzn-errortype') !== null)
      throw new Error(`${label}: a 2xx answer names an error: ${text.slice(0, 200)}`)
    return { status: res.status }
  }
  const type = parsed.__type
  if (typeof type !== 'string' || type === '' || res.headers.get('x-amzn-errortype') !== type) {
    throw new Error(`${label}: __type ${JSON.stringify(type)} vs x-amzn-ErrorType ${JSON.stringify(res.headers.get('x-amzn-errortype'))}`)
  }
  if (!FRAMEWORK_ERRORS.has(type)) stat.reached++
  if (before !== undefined) {
    const after = await snapshot(names, region, `after ${label}`)
    if (after !== before) {
      throw new Error(
        `${label}: the failed call (${res.status} ${text.slice(0, 300)}) changed the state:\n${firstDifference(before, after)}`,
      )
    }
  }
  return { status: res.status, type }
}

function firstDifference(a: string, b: string): string {
  let i = 0
  while (i < a.length && a[i] === b[i]) i++
  return `before: …${a.slice(Math.max(0, i - 200), i + 300)}\nafter:  …${b.slice(Math.max(0, i - 200), i + 300)}`
}

/** A fresh world for each case: the same seeds at the same time. */
function freshWorld(): void {
  clock.set(START)
  aws.reset()
}

// ---------------------------------------------------------------------------------------------
// Cases.

interface Step {
  service: ServiceName
  op: string
  body: BodyRecipe
  advanceMs: number
}

const advanceArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant(0) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 10_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(2_999, 3_000, 3_001, 5_000, 8_000, 7 * 24 * 3600 * 1000, 24 * 3600 * 1000) },
)

const shapeStep = (service: ServiceName, op: string): fc.Arbitrary<Step> =>
  fc
    .record({ body: inputArb(service, op).map((value): BodyRecipe => ({ kind: 'shape', value })), advanceMs: advanceArb })
    .map((r) => ({ service, op, ...r }))

/** A preparatory call: any operation of either service, shape-driven, to vary the state. */
const anyShapeStep: fc.Arbitrary<Step> = fc.constantFrom(...ALL_OPERATIONS).chain(([service, op]) => shapeStep(service, op))
const prepSteps = fc.oneof(
  { weight: 3, arbitrary: fc.constant([] as Step[]) },
  { weight: 2, arbitrary: fc.array(anyShapeStep, { minLength: 1, maxLength: 2 }) },
)

/** Runs the steps from a fresh world; only the last one (the call under test) compares the state. */
async function runSteps(steps: Step[], decorate: (step: Step) => Partial<Call> = () => ({})): Promise<void> {
  freshWorld()
  for (const [i, step] of steps.entries()) {
    clock.advance(step.advanceMs)
    const call: Call = {
      url: endpointOf(step.service),
      target: SERVICES[step.service].prefix + step.op,
      body: buildBody(step.body),
      ...decorate(step),
    }
    await checkCall(call, `${step.service}.${step.op}`, i === steps.length - 1)
  }
}

// ---------------------------------------------------------------------------------------------

let completedOperationProperties = 0
afterAll(() => {
  // With the whole file run (not a -t filter) and every property green: every operation was
  // exercised, the shape-driven calls reached the Firehose operations, and ≥ 10,000 cases ran.
  if (completedOperationProperties !== ALL_OPERATIONS.length) return
  const missing = ALL_OPERATIONS.filter(([service, op]) => !stats.has(`${service}.${op}`))
  expect(missing).toEqual([])
  const firehoseReached = Object.keys(firehoseInputs).filter((op) => (stats.get(`firehose.${op}`)?.ok ?? 0) > 0)
  expect(firehoseReached.length).toBeGreaterThanOrEqual(Object.keys(firehoseInputs).length - 1)
  expect(plannedRuns).toBeGreaterThanOrEqual(10_000 * Math.min(RUNS_SCALE, 1))
})

describe('fuzz: shape-driven requests for every operation', () => {
  const FIREHOSE_RUNS = 330
  const KMS_RUNS = 100
  for (const [service, op] of ALL_OPERATIONS) {
    it(`${service}.${op}`, { timeout: 60_000 }, async () => {
      await fc.assert(
        fc.asyncProperty(prepSteps, shapeStep(service, op), async (prep, step) => {
          await runSteps([...prep, step])
        }),
        params(service === 'firehose' ? FIREHOSE_RUNS : KMS_RUNS),
      )
      completedOperationProperties++
    })
  }
})

describe('fuzz: adversarial bodies', () => {
  it(
    'wrong types, huge strings, deep nesting, __proto__ keys, invalid UTF-8, bad base64, empty and null bodies',
    { timeout: 120_000 },
    async () => {
      const step = fc
        .constantFrom(...ALL_OPERATIONS)
        .chain(([service, op]) =>
          fc.record({ body: adversarialBody(service, op), advanceMs: advanceArb }).map((r): Step => ({ service, op, ...r })),
        )
      await fc.assert(
        fc.asyncProperty(prepSteps, step, async (prep, s) => {
          await runSteps([...prep, s])
        }),
        params(1_600),
      )
    },
  )

  it('blob members: bad base64 everywhere a blob is expected', { timeout: 60_000 }, async () => {
    const blobOps: Array<[ServiceName, string, string]> = [
      ['firehose', 'PutRecord', '{"DeliveryStreamName":"fuzz-plain","Record":{"Data":@@}}'],
      ['firehose', 'PutRecordBatch', '{"DeliveryStreamName":"fuzz-plain","Records":[{"Data":"aGk="},{"Data":@@}]}'],
      ['kms', 'Encrypt', `{"KeyId":"${CMK}","Plaintext":@@}`],
      ['kms', 'Decrypt', '{"CiphertextBlob":@@}'],
      ['kms', 'ReEncrypt', `{"CiphertextBlob":@@,"DestinationKeyId":"${CMK}"}`],
      ['kms', 'Verify', `{"KeyId":"${SIGN_KEY}","Message":"aGk=","Signature":@@,"SigningAlgorithm":"ECDSA_SHA_256"}`],
      ['kms', 'ImportKeyMaterial', `{"KeyId":"${CMK}","ImportToken":@@,"EncryptedKeyMaterial":@@}`],
    ]
    const blob = fc.oneof(
      fc.constantFrom(...BAD_BASE64),
      fc.string({ maxLength: 12 }),
      fc.string({
        unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ \n'.split('')),
        maxLength: 16,
      }),
    )
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...blobOps), blob, async ([service, op, template], value) => {
        freshWorld()
        await checkCall(
          { url: endpointOf(service), target: SERVICES[service].prefix + op, body: template.split('@@').join(JSON.stringify(value)) },
          `${service}.${op}`,
          true,
        )
      }),
      params(600),
    )
  })
})

describe('fuzz: targets, headers and endpoints', () => {
  const operation = fc.constantFrom(...ALL_OPERATIONS)
  const target = fc.oneof(
    { weight: 4, arbitrary: operation.map(([s, op]) => SERVICES[s].prefix + op) },
    { weight: 1, arbitrary: operation.map(([s, op]) => SERVICES[s].prefix.toLowerCase() + op) },
    { weight: 1, arbitrary: operation.map(([s, op]) => SERVICES[s].prefix + op.toLowerCase()) },
    { weight: 1, arbitrary: operation.map(([s, op]) => SERVICES[s].prefix.toUpperCase() + op.toUpperCase()) },
    { weight: 1, arbitrary: operation.map(([s, op]) => `${SERVICES[s === 'kms' ? 'firehose' : 'kms'].prefix}${op}`) },
    { weight: 1, arbitrary: operation.map(([s, op]) => ` ${SERVICES[s].prefix}${op} `) },
    { weight: 1, arbitrary: operation.map(([s, op]) => `${SERVICES[s].prefix}${SERVICES[s].prefix}${op}`) },
    { weight: 1, arbitrary: operation.map(([, op]) => op) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'Firehose_20150804',
        'Firehose_20150804.',
        'TrentService.',
        'Firehose_20150804.__proto__',
        'TrentService.constructor',
        'TrentService.toString',
        'Firehose_20150804.hasOwnProperty',
        'Firehose_20150804.valueOf',
        'Kinesis_20131202.PutRecord',
        'Firehose_20150804.PutRecord,Firehose_20150804.PutRecord',
        '',
        'TrentService.__defineGetter__',
      ),
    },
    { weight: 1, arbitrary: fc.stringMatching(/^[\x20-\x7e]{0,40}$/) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  )
  const headerName = fc
    .stringMatching(/^[a-z][a-z0-9-]{0,20}$/)
    .filter((n) => n !== 'x-amz-target' && n !== 'content-length' && n !== 'host')
  const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,60}$/).map((v) => v.trim())
  const region = fc.constantFrom(...REGIONS.filter((r) => /^[a-z0-9-]+$/.test(r)))
  const authRegion = fc.constantFrom(...REGIONS, 'x', '')
  const headers = fc.record({
    noise: fc.dictionary(headerName, headerValue, { maxKeys: 4 }),
    contentType: fc.constantFrom(
      CONTENT_TYPE,
      undefined,
      'application/json',
      'text/plain',
      'application/x-amz-json-1.0',
      'multipart/form-data; boundary=x',
      CONTENT_TYPE.toUpperCase(),
    ),
    authorization: fc.oneof(
      fc.constant(undefined),
      authRegion.map(
        (r) => `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261125/${r}/firehose/aws4_request, SignedHeaders=host, Signature=00`,
      ),
      headerValue,
    ),
    securityToken: fc.constantFrom(undefined, 'old-session', 'fresh-session', '__proto__', 'constructor', 'toString', 'x'),
    contentEncoding: fc.constantFrom(undefined, 'gzip', 'identity', 'br'),
  })
  const url = fc.oneof(
    { weight: 4, arbitrary: fc.tuple(fc.constantFrom<ServiceName>('firehose', 'kms'), region).map(([s, r]) => endpointOf(s, r)) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom('firehose', 'kms', 'firehose-fips', 'kms-fips'),
          region,
          fc.constantFrom('amazonaws.com', 'api.aws', 'amazonaws.com.cn'),
        )
        .map(([h, r, suffix]) => `https://${h}.${r}.${suffix}/`),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'http://localhost:4566',
        'http://localhost:4566/',
        'https://firehose.us-east-1.amazonaws.com/?x=1&__proto__=1',
        'https://kms.us-east-1.amazonaws.com?Action=ListKeys',
      ),
    },
  )

  it('random and wrong-case X-Amz-Target, header noise, any endpoint', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(prepSteps, target, headers, url, fc.boolean(), async (prep, t, h, u, adversarial) => {
        await runSteps(prep)
        clock.advance(1)
        const body = adversarial
          ? buildBody({ kind: 'proto', where: 'everywhere', member: 'x', base: {} })
          : JSON.stringify({ DeliveryStreamName: 'fuzz-plain', KeyId: CMK, Record: { Data: 'aGk=' } })
        const hs: Record<string, string> = { ...h.noise }
        if (h.contentType !== undefined) hs['content-type'] = h.contentType
        if (h.authorization !== undefined) hs.authorization = h.authorization
        if (h.securityToken !== undefined) hs['x-amz-security-token'] = h.securityToken
        if (h.contentEncoding !== undefined) hs['content-encoding'] = h.contentEncoding
        await checkCall({ url: u, target: t, headers: hs, body }, 'targets-and-headers', true)
      }),
      params(1_000),
    )
  })
})

// ---------------------------------------------------------------------------------------------
// Minimal counterexamples the properties above shrank to, kept as plain regression tests.

describe('fuzz: minimal counterexamples', () => {
  const call = async (service: ServiceName, op: string, input: unknown) => {
    const res = await send({ url: endpointOf(service), target: SERVICES[service].prefix + op, body: JSON.stringify(input) })
    return { status: res!.status, body: (await res!.json()) as Record<string, unknown> }
  }

  it('Describe answers (no InternalFailure) after Stop on a stream whose encryption was never enabled', async () => {
    freshWorld()
    const stop = await call('firehose', 'StopDeliveryStreamEncryption', { DeliveryStreamName: 'fuzz-plain' })
    expect(stop.status).toBeLessThan(500)
    const described = await call('firehose', 'DescribeDeliveryStream', { DeliveryStreamName: 'fuzz-plain' })
    expect(unexpected.splice(0).map(String)).toEqual([])
    expect(described.status).toBe(200)
  })

  it('Describe answers (no InternalFailure) after Stop on a stream whose first Start ended ENABLING_FAILED', async () => {
    freshWorld()
    const started = await call('firehose', 'StartDeliveryStreamEncryption', {
      DeliveryStreamName: 'fuzz-plain',
      DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: keyArnOf(DISABLED_KEY) },
    })
    expect(started.status).toBe(200)
    clock.advance(aws.timing.encryptionEnabling)
    expect((await call('firehose', 'DescribeDeliveryStream', { DeliveryStreamName: 'fuzz-plain' })).body).toMatchObject({
      DeliveryStreamDescription: { DeliveryStreamEncryptionConfiguration: { Status: 'ENABLING_FAILED' } },
    })
    const stop = await call('firehose', 'StopDeliveryStreamEncryption', { DeliveryStreamName: 'fuzz-plain' })
    expect(stop.status).toBeLessThan(500)
    const described = await call('firehose', 'DescribeDeliveryStream', { DeliveryStreamName: 'fuzz-plain' })
    expect(unexpected.splice(0).map(String)).toEqual([])
    expect(described.status).toBe(200)
  })

  it.each([
    ['GenerateDataKey', { KeyId: 'alias/aws/firehose' }, 'ValidationException'],
    ['Encrypt', { KeyId: 'alias/aws/firehose', Plaintext: 'AA==', DryRun: true }, 'DryRunOperationException'],
    ['Encrypt', { KeyId: 'alias/aws/firehose', Plaintext: 'AA==', EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }, 'InvalidKeyUsageException'],
  ])('a failed %s naming an AWS managed alias creates no AWS managed key', async (op, input, error) => {
    freshWorld()
    const before = aws.kms.keys().map((k) => k.keyId)
    const answer = await call('kms', op, input)
    expect(answer.body.__type).toBe(error)
    expect(aws.kms.keys().map((k) => k.keyId)).toEqual(before)
  })
})

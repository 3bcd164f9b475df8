/**
 * Property-based fuzzing of every service (Firehose, KMS, Cognito Identity) through MSW's own
 * request resolution (`getResponse`): random, adversarial and shape-driven requests for every
 * operation of the generated `operationInputs` tables. Whatever comes in, the mock must answer
 * like AWS:
 * - the status is 2xx or 4xx, never 5xx, and `onUnexpectedError` is never called;
 * - every answer is AWS JSON 1.1, and an error's `__type` equals its `x-amzn-ErrorType` header;
 * - nothing lands on `Object.prototype` (or Array/Function prototypes);
 * - a failed call changes no state (streams, record counts, Describe/tags, keys, aliases, grants,
 *   identity pools — configuration, roles, tags — and their identities and issued credentials);
 * - a Cognito operation the mock does not simulate never succeeds: it answers
 *   UnsupportedOperationException (or the validation error of an invalid input).
 *
 * Each case starts from the same seeded state (reset + a manual clock), runs 0–2 random
 * preparatory calls (0–3, mostly Cognito ones, before a Cognito call) and then the call under
 * test, so a counterexample replays on its own.
 * fast-check prints `{ seed, path }` on failure; replay with
 *   FC_SEED=<seed> [FC_PATH=<path>] npx vitest run test/property/fuzz.test.ts
 * (`FC_RUNS_SCALE=<factor>` scales every numRuns, e.g. 10 for a long soak.)
 */
import fc from 'fast-check'
import { getResponse } from 'msw'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest'
import { createFirehoseMock, createManualClock, type Fixture } from '../../src'
import { operationInputs as cognitoInputs, shapes as cognitoShapes } from '../../src/cognito/model.gen'
import { operationInputs as firehoseInputs, shapes as firehoseShapes } from '../../src/firehose/model.gen'
import { hints } from '../../src/hints'
import { operationInputs as kmsInputs, shapes as kmsShapes } from '../../src/kms/model.gen'
import { ACCOUNT, FIREHOSE_PRINCIPAL, keyArnOf, OTHER_ACCOUNT, ROLE_ARN } from '../support/aws'
import { bytes } from '../support/bytes'
import { HOUR, START } from '../support/clock'
import { CLIENT_ID, idToken, jwt, MISSING_ID, USER_POOL } from '../support/cognito'
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

// Identity pools with fixed ids, so generated inputs name them: a guest pool (console roles, a
// public provider, tags); a pool trusting a user pool and an OIDC provider, guests refused, an
// authenticated role only; a guest pool without roles; one in eu-west-1; one of another account.
const GUEST_POOL = 'us-east-1:0b5f3c9e-0000-4000-8000-00000000f001'
const USER_POOL_POOL = 'us-east-1:0b5f3c9e-0000-4000-8000-00000000f002'
const NO_ROLES_POOL = 'us-east-1:0b5f3c9e-0000-4000-8000-00000000f003'
const WEST_POOL = 'eu-west-1:0b5f3c9e-0000-4000-8000-00000000f004'
const OTHER_ACCOUNT_POOL = 'us-east-1:0b5f3c9e-0000-4000-8000-00000000f005'
const SEEDED_POOLS = [GUEST_POOL, USER_POOL_POOL, NO_ROLES_POOL, WEST_POOL, OTHER_ACCOUNT_POOL]
const OIDC_HOST = 'oidc.fuzz.example'
const OIDC_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/${OIDC_HOST}`
const SAML_ARN = `arn:aws:iam::${ACCOUNT}:saml-provider/fuzz`
const poolArnOf = (poolId: string, account = ACCOUNT) =>
  `arn:aws:cognito-identity:${poolId.split(':')[0]}:${account}:identitypool/${poolId}`

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
  cognito: {
    identityPools: [
      {
        identityPoolId: GUEST_POOL,
        definition: {
          IdentityPoolName: 'fuzz guests',
          AllowUnauthenticatedIdentities: true,
          SupportedLoginProviders: { 'graph.facebook.com': '1234567890' },
          IdentityPoolTags: { team: 'fuzz' },
        },
      },
      {
        identityPoolId: USER_POOL_POOL,
        definition: {
          IdentityPoolName: 'fuzz users',
          AllowUnauthenticatedIdentities: false,
          CognitoIdentityProviders: [{ ProviderName: USER_POOL, ClientId: CLIENT_ID }],
          OpenIdConnectProviderARNs: [OIDC_ARN],
          SamlProviderARNs: [SAML_ARN],
        },
        roles: { authenticated: ROLE_ARN },
      },
      { identityPoolId: NO_ROLES_POOL, definition: { IdentityPoolName: 'fuzz no roles', AllowUnauthenticatedIdentities: true }, roles: {} },
      {
        region: 'eu-west-1',
        identityPoolId: WEST_POOL,
        definition: { IdentityPoolName: 'fuzz west', AllowUnauthenticatedIdentities: true },
      },
      {
        accountId: OTHER_ACCOUNT,
        identityPoolId: OTHER_ACCOUNT_POOL,
        definition: { IdentityPoolName: 'fuzz other', AllowUnauthenticatedIdentities: true },
      },
    ],
  },
}
const STREAM_NAMES = ['fuzz-plain', 'fuzz-cmk', 'fuzz-owned', 'fuzz-kinesis', 'fuzz-creating', 'fuzz-west']
/** Every region a request can act in; the state snapshot covers all of them. */
const REGIONS = ['us-east-1', 'eu-west-1', 'cn-north-1', 'us-gov-west-1', 'ap-southeast-7', '__proto__', 'constructor']
/** Identity pools can also be made in the region a custom endpoint's Authorization header names. */
const COGNITO_REGIONS = [...REGIONS, 'x']
const ACCOUNTS = [ACCOUNT, OTHER_ACCOUNT]

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

type ServiceName = 'firehose' | 'kms' | 'cognito'
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
  cognito: {
    prefix: 'AWSCognitoIdentityService.',
    host: 'cognito-identity',
    shapes: cognitoShapes as unknown as Table,
    inputs: cognitoInputs as Record<string, Ref>,
  },
}
const SERVICE_NAMES = Object.keys(SERVICES) as ServiceName[]
/** The Cognito Identity operations the mock simulates; the model's others answer UnsupportedOperationException. */
const COGNITO_SIMULATED = new Set([
  'GetId',
  'GetCredentialsForIdentity',
  'GetOpenIdToken',
  'CreateIdentityPool',
  'DescribeIdentityPool',
  'ListIdentityPools',
  'UpdateIdentityPool',
  'DeleteIdentityPool',
  'SetIdentityPoolRoles',
  'GetIdentityPoolRoles',
  'DescribeIdentity',
  'ListIdentities',
  'DeleteIdentities',
  'TagResource',
  'UntagResource',
  'ListTagsForResource',
])
const ALL_OPERATIONS: Array<[ServiceName, string]> = [
  ...Object.keys(firehoseInputs).map((op): [ServiceName, string] => ['firehose', op]),
  ...Object.keys(kmsInputs).map((op): [ServiceName, string] => ['kms', op]),
  ...Object.keys(cognitoInputs).map((op): [ServiceName, string] => ['cognito', op]),
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
  /** A new guest identity of the guest pool. */
  guestIdentity: '@@GUEST_IDENTITY@@',
  /** The identity of user pool user "alice" in the user pool's identity pool. */
  userIdentity: '@@USER_IDENTITY@@',
  /** The identity the run made last (else a new guest identity). */
  runIdentity: '@@RUN_IDENTITY@@',
  /** The identity pool the run made last (else a new one). */
  runPool: '@@RUN_POOL@@',
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

const cognitoToken = (offset: string) => b64(bytes(`fhmsw-cognito:${offset}`))
const POOL_IDS = [...SEEDED_POOLS, PH.runPool, PH.runPool, MISSING_ID, 'eu-west-1:00000000-0000-4000-8000-000000000000']
const IDENTITY_IDS = [PH.guestIdentity, PH.userIdentity, PH.runIdentity, PH.runIdentity, MISSING_ID, GUEST_POOL]

/** Cognito's member names (its shapes only), as `hintFor` for the other services. */
function cognitoHintFor(member: string | undefined): string[] | undefined {
  switch (member) {
    case 'IdentityPoolId':
      return [...POOL_IDS, '__proto__:0', 'constructor:00', 'x:0']
    case 'IdentityId':
    case 'IdentityIdsToDelete':
      return [...IDENTITY_IDS, '__proto__:0', 'eu-west-1:0b5f3c9e-0000-4000-8000-00000000f004']
    case 'ResourceArn':
      return [
        ...[GUEST_POOL, GUEST_POOL, USER_POOL_POOL, WEST_POOL, PH.runPool, PH.runPool, PH.runPool, MISSING_ID].map((id) => poolArnOf(id)),
        poolArnOf(OTHER_ACCOUNT_POOL, OTHER_ACCOUNT),
        poolArnOf(GUEST_POOL, OTHER_ACCOUNT),
        `arn:aws-cn:cognito-identity:us-east-1:${ACCOUNT}:identitypool/${GUEST_POOL}`,
        `arn:aws:cognito-identity:us-east-1:${ACCOUNT}:identitypool/${GUEST_POOL}/x`,
        `arn:aws:cognito-identity:us-east-1:${ACCOUNT}:identitypool/__proto__`,
        keyArnOf(CMK),
      ]
    case 'IdentityPoolName':
      return ['fuzz guests', 'fresh pool', 'a', 'with spaces+=,.@-', 'bad/name']
    case 'ProviderName':
      return [USER_POOL, 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Other', OIDC_HOST]
    case 'ClientId':
      return [CLIENT_ID, 'otherclient']
    case 'CustomRoleArn':
    case 'RoleARN':
      return [ROLE_ARN, `arn:aws:iam::${OTHER_ACCOUNT}:role/r`]
    case 'OpenIdConnectProviderARNs':
      return [OIDC_ARN, `arn:aws:iam::${ACCOUNT}:oidc-provider/other.example`, 'x'.repeat(20)]
    case 'SamlProviderARNs':
      return [SAML_ARN, 'x'.repeat(20)]
    case 'DeveloperProviderName':
      return ['login.fuzz.dev', 'x']
    case 'NextToken':
      return [cognitoToken('1'), cognitoToken('0'), cognitoToken('999999999'), cognitoToken('-1'), cognitoToken('1e3'), 'bad-token']
    case 'AccountId':
      return [ACCOUNT, OTHER_ACCOUNT, '1']
    case 'TagKeys':
      return ['team', 'env', '__proto__']
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

function stringArb(table: Table, shape: Shape, member: string | undefined): Arb {
  const min = shape.min ?? 0
  const max = shape.max ?? 64
  const options: Array<fc.WeightedArbitrary<unknown>> = []
  if (shape.e) options.push({ weight: 12, arbitrary: fc.constantFrom(...shape.e) })
  // Cognito's ids have patterns random strings rarely match: its hints get more weight.
  const cognito = table === SERVICES.cognito.shapes
  const hint = cognito ? cognitoHintFor(member) : hintFor(member)
  if (hint) options.push({ weight: cognito ? 24 : 12, arbitrary: fc.constantFrom(...hint) })
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
      return stringArb(table, shape, member)
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
  if (table === SERVICES.cognito.shapes) return cognitoTemplateFor(table, ref, memo)
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

/** Login tokens: ID tokens of the user pool (right and wrong), OIDC tokens, opaque tokens, non-tokens. */
const loginTokenArb: Arb = fc.oneof(
  fc.constantFrom('alice', 'bob').map((sub) => idToken(sub)),
  fc.constantFrom(
    idToken('alice', { aud: 'otherclient' }),
    idToken('alice', { iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' }),
    idToken(''),
    idToken('alice', { sub: 42 }),
    jwt({ iss: `https://${USER_POOL}`, sub: 'alice', client_id: CLIENT_ID, token_use: 'access' }),
    jwt({ iss: `https://${OIDC_HOST}`, sub: 'carol' }),
    jwt({ iss: OIDC_HOST, sub: 'carol' }),
    jwt({ sub: 'carol' }),
    'fb-token-dave',
    'not.a.jwt',
    'a.b.c',
    'x.e30.y',
    'x.bnVsbA.y',
  ),
)
const LOGIN_PROVIDERS = [
  USER_POOL,
  'graph.facebook.com',
  OIDC_HOST,
  SAML_ARN,
  'accounts.google.com',
  'cognito-idp.us-east-1.amazonaws.com/us-east-1_Other',
  '__proto__',
]
const ROLE_KINDS = ['authenticated', 'unauthenticated']

const entriesArb = (keys: string[], value: Arb, maxLength: number): Arb =>
  fc.uniqueArray(fc.tuple(fc.constantFrom(...keys), value), { selector: ([k]) => k, maxLength }).map(ownObject)
const loginsArb = entriesArb(LOGIN_PROVIDERS, loginTokenArb, 3)
const rolesArb = entriesArb(ROLE_KINDS, fc.constantFrom<unknown>(ROLE_ARN, `arn:aws:iam::${OTHER_ACCOUNT}:role/r`, null, 'short'), 2)
const publicProvidersArb = entriesArb(
  ['graph.facebook.com', 'accounts.google.com', 'www.amazon.com', 'api.twitter.com'],
  fc.constantFrom('1234567890', 'app'),
  2,
)

/**
 * Mostly-valid Cognito inputs: the maps whose keys the generic walker would almost never get
 * right (Logins, Roles, public providers), and the pool settings and role mappings, whose many
 * patterned members rarely all pass at once.
 */
function cognitoTemplateFor(table: Table, ref: Ref, memo: Map<string, Arb>): Arb | undefined {
  const is = (op: string, member?: string) =>
    String(ref) === String(member === undefined ? cognitoInputs[op] : memberTarget(table, cognitoInputs[op]!, member))
  const member = (op: string, name: string) => shapeArb(table, memberTarget(table, cognitoInputs[op]!, name), name, 1, memo)
  const option = (arb: Arb) => fc.option(arb, { nil: undefined, freq: 2 })
  if (is('GetId', 'Logins')) return loginsArb
  if (is('SetIdentityPoolRoles', 'Roles')) return rolesArb
  if (is('CreateIdentityPool', 'SupportedLoginProviders')) return publicProvidersArb
  const settings = (op: string) => ({
    IdentityPoolName: fc.constantFrom('fuzz guests', 'fresh pool'),
    AllowUnauthenticatedIdentities: fc.boolean(),
    AllowClassicFlow: option(fc.boolean()),
    SupportedLoginProviders: option(publicProvidersArb),
    DeveloperProviderName: option(fc.constantFrom('login.fuzz.dev')),
    OpenIdConnectProviderARNs: option(fc.constantFrom([OIDC_ARN], [])),
    CognitoIdentityProviders: option(
      fc.constantFrom(
        [{ ProviderName: USER_POOL, ClientId: CLIENT_ID }],
        [{ ProviderName: USER_POOL, ClientId: 'otherclient', ServerSideTokenCheck: true }],
        [{ ProviderName: USER_POOL }],
        [],
      ),
    ),
    SamlProviderARNs: option(fc.constantFrom([SAML_ARN], [])),
    IdentityPoolTags: option(member(op, 'IdentityPoolTags')),
  })
  if (is('CreateIdentityPool')) return fc.record(settings('CreateIdentityPool')).map(stripUndefined)
  if (is('UpdateIdentityPool')) {
    return fc.record({ IdentityPoolId: fc.constantFrom(...POOL_IDS), ...settings('UpdateIdentityPool') }).map(stripUndefined)
  }
  if (is('SetIdentityPoolRoles')) {
    const rule = { Claim: 'custom:team', MatchType: 'Equals', Value: 'fuzz', RoleARN: ROLE_ARN }
    return fc
      .record({
        IdentityPoolId: fc.constantFrom(...POOL_IDS),
        Roles: rolesArb,
        RoleMappings: option(
          fc.oneof(
            fc.constant({ [`${USER_POOL}:${CLIENT_ID}`]: { Type: 'Token', AmbiguousRoleResolution: 'AuthenticatedRole' } }),
            fc.constant({ [OIDC_HOST]: { Type: 'Rules', AmbiguousRoleResolution: 'Deny', RulesConfiguration: { Rules: [rule] } } }),
            member('SetIdentityPoolRoles', 'RoleMappings'),
          ),
        ),
      })
      .map(stripUndefined)
  }
  return undefined
}

const memos: Record<ServiceName, Map<string, Arb>> = { firehose: new Map(), kms: new Map(), cognito: new Map() }
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

async function cognitoCall(op: string, input: unknown, region = 'us-east-1'): Promise<Record<string, unknown>> {
  const res = await send({ url: endpointOf('cognito', region), target: `AWSCognitoIdentityService.${op}`, body: JSON.stringify(input) })
  return (await res!.json()) as Record<string, unknown>
}

/** Identity and pool ids the current case made (GetId, CreateIdentityPool), newest last. */
const made = { identities: [] as string[], pools: [] as string[] }

/** A new guest identity of the guest pool, or a well-formed id of none when the case took guests away. */
const newGuestIdentity = async () => String((await cognitoCall('GetId', { IdentityPoolId: GUEST_POOL })).IdentityId ?? MISSING_ID)

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
  if (out.includes(PH.guestIdentity)) out = out.split(PH.guestIdentity).join(await newGuestIdentity())
  if (out.includes(PH.userIdentity)) {
    const { IdentityId } = await cognitoCall('GetId', { IdentityPoolId: USER_POOL_POOL, Logins: { [USER_POOL]: idToken('alice') } })
    out = out.split(PH.userIdentity).join(String(IdentityId ?? MISSING_ID))
  }
  if (out.includes(PH.runIdentity)) out = out.split(PH.runIdentity).join(made.identities.at(-1) ?? (await newGuestIdentity()))
  if (out.includes(PH.runPool)) {
    const id =
      made.pools.at(-1) ??
      (await cognitoCall('CreateIdentityPool', { IdentityPoolName: 'fuzz made', AllowUnauthenticatedIdentities: true })).IdentityPoolId
    out = out.split(PH.runPool).join(String(id))
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

/** Every identity pool of both accounts in every region, and each pool's identities (logins, issued credentials). */
function cognitoState(): unknown[] {
  return ACCOUNTS.flatMap((accountId) =>
    COGNITO_REGIONS.map((region) => {
      const pools = aws.cognito.pools({ region, accountId })
      return [accountId, region, pools, pools.map((pool) => aws.cognito.identities(pool.identityPoolId, { accountId }))]
    }),
  )
}

/**
 * What the inspection does not show of the account's pools the body names, read through the
 * handlers: the whole configuration (DescribeIdentityPool) and the roles and role mappings
 * (GetIdentityPoolRoles).
 */
async function cognitoReads(body: string | Uint8Array | undefined, when: string): Promise<string[]> {
  const texts: string[] = []
  if (typeof body !== 'string') return texts
  for (const region of COGNITO_REGIONS.filter((r) => /^[a-z0-9-]+$/.test(r) && r !== 'x')) {
    for (const { identityPoolId } of aws.cognito.pools({ region }).filter((pool) => body.includes(pool.identityPoolId))) {
      for (const op of ['DescribeIdentityPool', 'GetIdentityPoolRoles']) {
        const res = await send({
          url: endpointOf('cognito', region),
          target: `AWSCognitoIdentityService.${op}`,
          body: JSON.stringify({ IdentityPoolId: identityPoolId }),
        })
        const text = await res!.text()
        if (res!.status !== 200 || unexpected.length > 0) {
          const error = unexpected.splice(0)[0]
          throw new Error(`${op} of "${identityPoolId}" ${when} answered ${res!.status} ${text}: ${String(error)}`)
        }
        texts.push(text)
      }
    }
  }
  return texts
}

/**
 * Everything a failed call must leave alone, in every region a request can reach: streams and
 * their record counts, keys (aliases, policies, tags, states) and grants, identity pools and
 * their identities; plus Describe and tags, read through the handlers, of the streams the call
 * names, and (for a Cognito call) Describe and roles of the identity pools it names.
 */
async function snapshot(
  names: string[],
  region: string,
  when: string,
  cognito: boolean,
  body: string | Uint8Array | undefined,
): Promise<string> {
  const state: unknown[] = []
  for (const r of REGIONS) {
    const streams = aws.firehose.streamNames({ region: r }).map((name) => {
      const records = aws.firehose.records(name, { region: r })
      return [name, records.length, records.at(-1)?.recordId, records.filter((x) => x.encrypted).length]
    })
    state.push([r, streams, aws.kms.keys({ region: r }), aws.kms.grants(undefined, { region: r })])
  }
  state.push(cognitoState())
  if (cognito) state.push(await cognitoReads(body, when))
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

const stats = new Map<string, { calls: number; ok: number; reached: number; unsupported: number }>()
const FRAMEWORK_ERRORS = new Set(['SerializationException', 'ValidationException', 'UnknownOperationException'])

/** Sends one call and checks every property; returns what came back. */
async function checkCall(call: Call, label: string, compareState: boolean): Promise<Outcome | undefined> {
  const resolved = { ...call, body: await resolve(call.body) }
  const names = namedStreams(resolved.body)
  const region = regionOf(resolved.url)
  const cognito = (resolved.target ?? '').startsWith(SERVICES.cognito.prefix)
  const before = compareState ? await snapshot(names, region, `before ${label}`, cognito, resolved.body) : undefined
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
    if (!custom || SERVICE_NAMES.some((service) => target.startsWith(SERVICES[service].prefix))) {
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
  const stat = stats.get(label) ?? { calls: 0, ok: 0, reached: 0, unsupported: 0 }
  stats.set(label, stat)
  stat.calls++
  const unsimulated = cognito && !COGNITO_SIMULATED.has(resolved.target!.slice(SERVICES.cognito.prefix.length))
  if (res.status < 300) {
    stat.ok++
    stat.reached++
    if ('__type' in parsed || res.headers.get('x-amzn-errortype') !== null)
      throw new Error(`${label}: a 2xx answer names an error: ${text.slice(0, 200)}`)
    if (unsimulated) throw new Error(`${label}: an operation the mock does not simulate succeeded: ${text.slice(0, 200)}`)
    if (cognito && typeof parsed.IdentityId === 'string') made.identities.push(parsed.IdentityId)
    if (cognito && resolved.target === `${SERVICES.cognito.prefix}CreateIdentityPool` && typeof parsed.IdentityPoolId === 'string')
      made.pools.push(parsed.IdentityPoolId)
    return { status: res.status }
  }
  const type = parsed.__type
  if (typeof type !== 'string' || type === '' || res.headers.get('x-amzn-errortype') !== type) {
    throw new Error(`${label}: __type ${JSON.stringify(type)} vs x-amzn-ErrorType ${JSON.stringify(res.headers.get('x-amzn-errortype'))}`)
  }
  if (!FRAMEWORK_ERRORS.has(type)) stat.reached++
  if (unsimulated && !FRAMEWORK_ERRORS.has(type) && type !== 'UnsupportedOperationException') {
    throw new Error(`${label}: an operation the mock does not simulate answered ${type}: ${text.slice(0, 200)}`)
  }
  if (type === 'UnsupportedOperationException') stat.unsupported++
  if (before !== undefined) {
    const after = await snapshot(names, region, `after ${label}`, cognito, resolved.body)
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
  made.identities.length = 0
  made.pools.length = 0
}

// ---------------------------------------------------------------------------------------------
// Cases.

interface Step {
  service: ServiceName
  op: string
  body: BodyRecipe
  advanceMs: number
  /** Default: the service's us-east-1 endpoint. */
  url?: string
}

const advanceArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant(0) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 10_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(2_999, 3_000, 3_001, 5_000, 8_000, 7 * 24 * 3600 * 1000, 24 * 3600 * 1000) },
)

/**
 * Cognito calls go to us-east-1 mostly, sometimes to eu-west-1 or to the custom endpoint, whose
 * region comes from the pool or identity id of the input (`regionOfInput`).
 */
const cognitoUrlArb = fc.oneof(
  { weight: 8, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constant(endpointOf('cognito', 'eu-west-1')) },
  { weight: 1, arbitrary: fc.constant('http://localhost:4566') },
)

const shapeStep = (service: ServiceName, op: string): fc.Arbitrary<Step> =>
  fc
    .record({
      body: inputArb(service, op).map((value): BodyRecipe => ({ kind: 'shape', value })),
      advanceMs: advanceArb,
      url: service === 'cognito' ? cognitoUrlArb : fc.constant(undefined),
    })
    .map(({ url, ...r }) => ({ service, op, ...r, ...(url !== undefined ? { url } : {}) }))

/** A preparatory call: any operation of either service, shape-driven, to vary the state. */
const anyShapeStep: fc.Arbitrary<Step> = fc.constantFrom(...ALL_OPERATIONS).chain(([service, op]) => shapeStep(service, op))
const prepSteps = fc.oneof(
  { weight: 3, arbitrary: fc.constant([] as Step[]) },
  { weight: 2, arbitrary: fc.array(anyShapeStep, { minLength: 1, maxLength: 2 }) },
)

/**
 * Before a Cognito call, mostly Cognito calls (and up to three), so the call under test meets the
 * identities, links, roles and pool settings other calls leave behind.
 */
const cognitoShapeStep: fc.Arbitrary<Step> = fc.constantFrom(...COGNITO_SIMULATED).chain((op) => shapeStep('cognito', op))
const cognitoPrepSteps = fc.oneof(
  { weight: 2, arbitrary: fc.constant([] as Step[]) },
  {
    weight: 3,
    arbitrary: fc.array(fc.oneof({ weight: 4, arbitrary: cognitoShapeStep }, { weight: 1, arbitrary: anyShapeStep }), {
      minLength: 1,
      maxLength: 3,
    }),
  },
)

/** Runs the steps from a fresh world; only the last one (the call under test) compares the state. */
async function runSteps(steps: Step[], decorate: (step: Step) => Partial<Call> = () => ({})): Promise<void> {
  freshWorld()
  for (const [i, step] of steps.entries()) {
    clock.advance(step.advanceMs)
    const call: Call = {
      url: step.url ?? endpointOf(step.service),
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
  // exercised, the shape-driven calls reached the Firehose and Cognito operations, and ≥ 10,000
  // cases ran.
  if (completedOperationProperties !== ALL_OPERATIONS.length) return
  const missing = ALL_OPERATIONS.filter(([service, op]) => !stats.has(`${service}.${op}`))
  expect(missing).toEqual([])
  const firehoseReached = Object.keys(firehoseInputs).filter((op) => (stats.get(`firehose.${op}`)?.ok ?? 0) > 0)
  expect(firehoseReached.length).toBeGreaterThanOrEqual(Object.keys(firehoseInputs).length - 1)
  // Every simulated Cognito operation succeeded at least once, and every other one of the model
  // answered UnsupportedOperationException (that is, its valid inputs got past validation).
  const cognitoOps = Object.keys(cognitoInputs)
  expect(cognitoOps.filter((op) => COGNITO_SIMULATED.has(op) && !(stats.get(`cognito.${op}`)?.ok ?? 0))).toEqual([])
  expect(cognitoOps.filter((op) => !COGNITO_SIMULATED.has(op) && !(stats.get(`cognito.${op}`)?.unsupported ?? 0))).toEqual([])
  expect(plannedRuns).toBeGreaterThanOrEqual(10_000 * Math.min(RUNS_SCALE, 1))
})

describe('fuzz: shape-driven requests for every operation', () => {
  const FIREHOSE_RUNS = 330
  const KMS_RUNS = 100
  const COGNITO_RUNS = 300
  /** The operations that only answer UnsupportedOperationException need fewer. */
  const COGNITO_UNSIMULATED_RUNS = 60
  const runsOf = (service: ServiceName, op: string) =>
    service === 'firehose'
      ? FIREHOSE_RUNS
      : service === 'kms'
        ? KMS_RUNS
        : COGNITO_SIMULATED.has(op)
          ? COGNITO_RUNS
          : COGNITO_UNSIMULATED_RUNS
  for (const [service, op] of ALL_OPERATIONS) {
    it(`${service}.${op}`, { timeout: 60_000 }, async () => {
      await fc.assert(
        fc.asyncProperty(service === 'cognito' ? cognitoPrepSteps : prepSteps, shapeStep(service, op), async (prep, step) => {
          await runSteps([...prep, step])
        }),
        params(runsOf(service, op)),
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
        params(2_100),
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
    {
      weight: 1,
      arbitrary: fc
        .tuple(operation, fc.constantFrom(...SERVICE_NAMES))
        .filter(([[s], other]) => s !== other)
        .map(([[, op], other]) => `${SERVICES[other].prefix}${op}`),
    },
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
        'AWSCognitoIdentityService.',
        'AWSCognitoIdentityService.__proto__',
        'AWSCognitoIdentityService.constructor',
        'AWSCognitoIdentityService.GetId.GetId',
        'AWSCognitoIdentityService.GetID',
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
    { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...SERVICE_NAMES), region).map(([s, r]) => endpointOf(s, r)) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom('firehose', 'kms', 'cognito-identity', 'firehose-fips', 'kms-fips', 'cognito-identity-fips'),
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
        'https://cognito-identity.us-east-1.amazonaws.com/?__proto__=1',
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
          : JSON.stringify({ DeliveryStreamName: 'fuzz-plain', KeyId: CMK, Record: { Data: 'aGk=' }, IdentityPoolId: GUEST_POOL })
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

  // The key's policy refuses direct use (only its service may use it): the call fails after making the key.
  it.each([
    ['GenerateDataKey', { KeyId: 'alias/aws/firehose' }, 'AccessDeniedException'],
    ['Encrypt', { KeyId: 'alias/aws/firehose', Plaintext: 'AA==', DryRun: true }, 'AccessDeniedException'],
    ['Decrypt', { KeyId: 'alias/aws/firehose', CiphertextBlob: 'AA==' }, 'AccessDeniedException'],
  ])('a failed %s naming an AWS managed alias creates no AWS managed key', async (op, input, error) => {
    freshWorld()
    const before = aws.kms.keys().map((k) => k.keyId)
    const answer = await call('kms', op, input)
    expect(answer.body.__type).toBe(error)
    expect(aws.kms.keys().map((k) => k.keyId)).toEqual(before)
  })
})

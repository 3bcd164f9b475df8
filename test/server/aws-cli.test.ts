/**
 * The AWS CLI (`aws --endpoint-url`) against the standalone server: exit codes and JSON output.
 * CI installs Debian's awscli (1.x) when `aws` is missing; CLI v2 works too (see binaryArgs).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../src/server'
import { ACCOUNT, BUCKET_ARN, credentials, ROLE_ARN } from '../support/aws'
import { loadFixture } from '../support/files'
import { awsClientEnv, run } from '../support/process'
import { control, recordTexts } from '../support/server'

let server: RunningServer
let dir: string
/** CLI v2 reads blob arguments as base64 unless told otherwise; v1 always takes them raw. */
let binaryArgs: string[] = []

const cliEnv = (region: string) => awsClientEnv(credentials, region)

const awsCli = (args: string[], region = 'us-east-1') => run('aws', args, { env: cliEnv(region), timeout: 15_000 })

/** Runs `aws <service> <operation> …` against the server with JSON output. */
const aws = (args: string[], region?: string) => awsCli(['--endpoint-url', server.url, '--output', 'json', ...args], region)

/** Runs a command that must succeed and returns its parsed JSON output. */
async function awsJson(args: string[], region?: string): Promise<any> {
  const result = await aws(args, region)
  expect(result.code, `aws ${args.join(' ')} failed: ${result.stderr}`).toBe(0)
  return result.stdout.trim() ? JSON.parse(result.stdout) : {}
}

const advance = async (ms: number) => expect((await control(server.url, 'POST', 'clock/advance', { ms })).status).toBe(200)

const s3Config = JSON.stringify({ RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN })
const createArgs = (name: string) => [
  'firehose',
  'create-delivery-stream',
  '--delivery-stream-name',
  name,
  '--extended-s3-destination-configuration',
  s3Config,
]
const describeArgs = (name: string) => ['firehose', 'describe-delivery-stream', '--delivery-stream-name', name]

beforeAll(async () => {
  const version = await awsCli(['--version']).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new Error('The AWS CLI (`aws`) is not on PATH: apt-get install -y awscli')
    throw error
  })
  const major = Number(/aws-cli\/(\d+)\./.exec(version.stdout + version.stderr)?.[1])
  if (major >= 2) binaryArgs = ['--cli-binary-format', 'raw-in-base64-out']
  // Transitions the CLI should see, long enough that only /clock/advance completes them: each CLI
  // call takes seconds on a loaded machine, so realistic (3 s) timing could finish on its own.
  const minute = 60_000
  server = await startServer({
    port: 0,
    seed: loadFixture('direct-put-s3'),
    timing: { streamCreating: minute, streamDeleting: minute, encryptionEnabling: minute, encryptionDisabling: minute },
  })
  dir = mkdtempSync(join(tmpdir(), 'firehose-msw-cli-'))
}, 30_000)
afterAll(async () => {
  await server?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})
beforeEach(() => server.mock.reset())

describe('aws firehose', { timeout: 20_000 }, () => {
  it('create-delivery-stream, then describe-delivery-stream shows CREATING → ACTIVE after clock/advance', async () => {
    const created = await awsJson(createArgs('orders'))
    expect(created).toEqual({ DeliveryStreamARN: `arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/orders` })

    const creating = (await awsJson(describeArgs('orders'))).DeliveryStreamDescription
    expect(creating).toMatchObject({
      DeliveryStreamName: 'orders',
      DeliveryStreamARN: created.DeliveryStreamARN,
      DeliveryStreamStatus: 'CREATING',
      DeliveryStreamType: 'DirectPut',
      HasMoreDestinations: false,
    })

    await advance(server.mock.timing.streamCreating)
    const active = (await awsJson(describeArgs('orders'))).DeliveryStreamDescription
    expect(active.DeliveryStreamStatus).toBe('ACTIVE')
    expect(active.Destinations[0].ExtendedS3DestinationDescription).toMatchObject({ RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN })
    // Epoch seconds on the wire: CLI v1 prints the number, v2 an ISO 8601 date. Either way it is
    // the server clock's time of creation, streamCreating ms before its present.
    const ts = active.CreateTimestamp as number | string
    const createdAt = typeof ts === 'number' ? ts * 1000 : Date.parse(ts)
    const now = (await control(server.url, 'GET', 'clock')).body.now as number
    expect(createdAt).toBeLessThanOrEqual(now - server.mock.timing.streamCreating)
    expect(createdAt).toBeGreaterThan(now - server.mock.timing.streamCreating - 30_000)
  })

  it('put-record stores the exact bytes and returns RecordId and Encrypted', async () => {
    const text = '{"event":"page_view","path":"/cli"}\n'
    const out = await awsJson([
      'firehose',
      'put-record',
      '--delivery-stream-name',
      'clickstream',
      '--record',
      JSON.stringify({ Data: text }),
      ...binaryArgs,
    ])
    expect(typeof out.RecordId).toBe('string')
    expect(out.Encrypted).toBe(false)
    const { body } = await control(server.url, 'GET', 'records?stream=clickstream')
    const last = body.records.at(-1)
    expect(last.recordId).toBe(out.RecordId)
    expect(Buffer.from(last.data, 'base64').toString('utf8')).toBe(text)
  })

  it('put-record-batch with --records file://… stores every record in order', async () => {
    const file = join(dir, 'batch.json')
    const texts = ['{"n":1}\n', '{"n":2}\n', 'plain text, with commas\n']
    writeFileSync(file, JSON.stringify(texts.map((Data) => ({ Data }))))
    const out = await awsJson([
      'firehose',
      'put-record-batch',
      '--delivery-stream-name',
      'clickstream',
      '--records',
      `file://${file}`,
      ...binaryArgs,
    ])
    expect(out.FailedPutCount).toBe(0)
    expect(out.Encrypted).toBe(false)
    expect(out.RequestResponses).toHaveLength(3)
    expect(out.RequestResponses.every((r: { RecordId?: string }) => typeof r.RecordId === 'string')).toBe(true)
    expect((await recordTexts(server.url, 'clickstream')).slice(-3)).toEqual(texts)
  })

  it('takes the region from --region: eu-west-1 ARNs, and us-east-1 streams are not there', async () => {
    const created = await awsJson([...createArgs('west'), '--region', 'eu-west-1'])
    expect(created.DeliveryStreamARN).toBe(`arn:aws:firehose:eu-west-1:${ACCOUNT}:deliverystream/west`)
    expect((await control(server.url, 'GET', 'streams?region=eu-west-1')).body).toEqual({ streams: ['west'] })
    const listed = await awsJson(['firehose', 'list-delivery-streams'], 'eu-west-1')
    expect(listed.DeliveryStreamNames).toEqual(['west'])
  })

  it('describe-delivery-stream of a missing stream exits 254/255 with the AWS error on stderr', async () => {
    const result = await aws(describeArgs('missing'))
    expect([254, 255]).toContain(result.code)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('ResourceNotFoundException')
    expect(result.stderr).toContain('DescribeDeliveryStream')
    expect(result.stderr).toContain(`Firehose missing under account ${ACCOUNT} not found.`)
  })

  it('create-delivery-stream with a 65-character name exits non-zero with ValidationException', async () => {
    const name = 'n'.repeat(65)
    const result = await aws(createArgs(name))
    expect([252, 254, 255]).toContain(result.code)
    // The CLI may reject the length itself (v2) or pass the server's ValidationException through (v1).
    expect(result.stderr).toMatch(/ValidationException|length less than or equal to 64|Invalid length/)
  })
})

describe('aws kms and server-side encryption', { timeout: 20_000 }, () => {
  it("create-key, start-delivery-stream-encryption ENABLING → ENABLED, list-grants shows Firehose's grant", async () => {
    const { KeyMetadata } = await awsJson(['kms', 'create-key', '--description', 'clickstream key'])
    expect(KeyMetadata).toMatchObject({ KeyState: 'Enabled', Enabled: true, Description: 'clickstream key', KeyManager: 'CUSTOMER' })
    expect(KeyMetadata.Arn).toBe(`arn:aws:kms:us-east-1:${ACCOUNT}:key/${KeyMetadata.KeyId}`)

    const before = await awsJson(['kms', 'list-grants', '--key-id', KeyMetadata.KeyId])
    expect(before.Grants).toEqual([])

    const started = await aws([
      'firehose',
      'start-delivery-stream-encryption',
      '--delivery-stream-name',
      'clickstream',
      '--delivery-stream-encryption-configuration-input',
      JSON.stringify({ KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: KeyMetadata.Arn }),
    ])
    expect(started.code, started.stderr).toBe(0)
    expect(JSON.parse(started.stdout.trim() || '{}')).toEqual({})

    const enabling = (await awsJson(describeArgs('clickstream'))).DeliveryStreamDescription
    expect(enabling.DeliveryStreamEncryptionConfiguration).toEqual({
      KeyType: 'CUSTOMER_MANAGED_CMK',
      KeyARN: KeyMetadata.Arn,
      Status: 'ENABLING',
    })

    await advance(server.mock.timing.encryptionEnabling)
    const enabled = (await awsJson(describeArgs('clickstream'))).DeliveryStreamDescription
    expect(enabled.DeliveryStreamEncryptionConfiguration).toEqual({
      KeyType: 'CUSTOMER_MANAGED_CMK',
      KeyARN: KeyMetadata.Arn,
      Status: 'ENABLED',
    })

    const { Grants } = await awsJson(['kms', 'list-grants', '--key-id', KeyMetadata.KeyId])
    expect(Grants).toHaveLength(1)
    expect(Grants[0]).toMatchObject({ KeyId: KeyMetadata.Arn, GranteePrincipal: 'firehose.amazonaws.com' })
    expect(Grants[0].Operations).toEqual(expect.arrayContaining(['Encrypt', 'Decrypt', 'GenerateDataKey']))

    // The control API sees the same key.
    const { body } = await control(server.url, 'GET', 'keys')
    expect(body.keys.map((k: { arn: string }) => k.arn)).toEqual([KeyMetadata.Arn])
  })

  it('kms describe-key of an unknown key exits non-zero with NotFoundException', async () => {
    const keyId = '00000000-0000-4000-8000-000000000000'
    const result = await aws(['kms', 'describe-key', '--key-id', keyId])
    expect([254, 255]).toContain(result.code)
    expect(result.stderr).toContain('NotFoundException')
    expect(result.stderr).toContain(`Key 'arn:aws:kms:us-east-1:${ACCOUNT}:key/${keyId}' does not exist`)
  })
})

describe('aws cognito-identity', { timeout: 20_000 }, () => {
  it('create-identity-pool, then the unsigned get-id and get-credentials-for-identity of a guest, in the pool’s region', async () => {
    const pool = await awsJson(
      ['cognito-identity', 'create-identity-pool', '--identity-pool-name', 'cli_guests', '--allow-unauthenticated-identities'],
      'eu-west-1',
    )
    expect(pool.IdentityPoolId).toMatch(/^eu-west-1:/)
    await awsJson(
      ['cognito-identity', 'set-identity-pool-roles', '--identity-pool-id', pool.IdentityPoolId, '--roles', `unauthenticated=${ROLE_ARN}`],
      'eu-west-1',
    )
    // The CLI sends these two without a signature; the region comes from the pool and identity ids.
    const { IdentityId } = await awsJson(['cognito-identity', 'get-id', '--identity-pool-id', pool.IdentityPoolId], 'eu-west-1')
    expect(IdentityId).toMatch(/^eu-west-1:/)
    const { Credentials } = await awsJson(['cognito-identity', 'get-credentials-for-identity', '--identity-id', IdentityId], 'eu-west-1')
    expect(Credentials.AccessKeyId).toMatch(/^ASIA/)
    expect(server.mock.cognito.identities(pool.IdentityPoolId)).toHaveLength(1)
  })

  it('get-id of an unknown pool exits non-zero with ResourceNotFoundException', async () => {
    const poolId = 'us-east-1:00000000-0000-4000-8000-000000000000'
    const result = await aws(['cognito-identity', 'get-id', '--identity-pool-id', poolId])
    expect([254, 255]).toContain(result.code)
    expect(result.stderr).toContain(`ResourceNotFoundException`)
    expect(result.stderr).toContain(`IdentityPool '${poolId}' not found.`)
  })
})

describe('aws cloudwatch', { timeout: 20_000 }, () => {
  it('list-metrics and get-metric-statistics show the records a put brought in, per minute', async () => {
    await awsJson(createArgs('metered'))
    await advance(server.mock.timing.streamCreating)
    await awsJson(['firehose', 'put-record', '--delivery-stream-name', 'metered', '--record', 'Data=hello', ...binaryArgs])
    const { Metrics } = await awsJson(['cloudwatch', 'list-metrics', '--namespace', 'AWS/Firehose', '--metric-name', 'IncomingBytes'])
    expect(Metrics).toEqual([
      { Namespace: 'AWS/Firehose', MetricName: 'IncomingBytes', Dimensions: [{ Name: 'DeliveryStreamName', Value: 'metered' }] },
    ])
    const { body } = await control(server.url, 'GET', 'clock')
    const now = Math.floor(body.now / 1000)
    const stats = await awsJson([
      'cloudwatch',
      'get-metric-statistics',
      ...['--namespace', 'AWS/Firehose', '--metric-name', 'IncomingBytes', '--dimensions', 'Name=DeliveryStreamName,Value=metered'],
      ...['--start-time', String(now - 600), '--end-time', String(now + 60), '--period', '60', '--statistics', 'Sum'],
    ])
    expect(stats.Datapoints.map((d: { Sum: number }) => d.Sum)).toEqual([5])
  })

  it('get-metric-statistics with EndTime before StartTime exits non-zero with the query error code', async () => {
    const result = await aws([
      'cloudwatch',
      'get-metric-statistics',
      ...['--namespace', 'AWS/Firehose', '--metric-name', 'IncomingBytes', '--start-time', '2026-01-02T00:00:00Z'],
      ...['--end-time', '2026-01-01T00:00:00Z', '--period', '60', '--statistics', 'Sum'],
    ])
    expect([254, 255]).toContain(result.code)
    expect(result.stderr).toContain('(InvalidParameterValue)')
    expect(result.stderr).toContain('The parameter StartTime must be less than the parameter EndTime.')
  })
})

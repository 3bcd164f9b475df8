/**
 * CloudWatch's three wire protocols against the standalone server, each through real clients:
 * AWS Query (Debian's /usr/bin/aws, CLI 2.9, and /usr/bin/python3's boto3 1.26), Smithy RPC v2
 * CBOR (the botocore of `python3` on PATH, as boto3 and as `python3 -m awscli`, given a CloudWatch
 * model that lists only smithy-rpc-v2-cbor) and AWS JSON 1.0 (that boto3 as it comes). One set of
 * puts on the server's clock, then the same reads through every client, which must all answer
 * exactly the same: the values, the timestamps (compared as epoch seconds), the errors.
 */
import { CloudWatchClient, ListMetricsCommand } from '@aws-sdk/client-cloudwatch'
import { PutRecordBatchCommand } from '@aws-sdk/client-firehose'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { startServer, type RunningServer } from '../../src/server'
import { credentials, s3Stream } from '../support/aws'
import { bytes } from '../support/bytes'
import { firehoseClient } from '../support/clients'
import { createStream, putText } from '../support/firehose'
import { awsClientEnv, run } from '../support/process'
import { control } from '../support/server'

const MINUTE = 60_000
const REGION = 'us-east-1'
const CLIENT_SCRIPT = fileURLToPath(new URL('../support/cloudwatch_client.py', import.meta.url))

type Protocol = 'query' | 'smithy-rpc-v2-cbor' | 'json'

/** One call's outcome as a client saw it: the protocol it spoke, the HTTP status, and the output or the error. */
interface Outcome {
  protocol: string
  status: number
  response?: any
  error?: { code: string; message: string }
}

interface Client {
  name: string
  protocol: Protocol
  call: (operation: string, params: Record<string, unknown>) => Promise<Outcome>
}

let server: RunningServer
let dir: string
/** AWS_DATA_PATH for the CBOR clients: botocore's CloudWatch model with smithy-rpc-v2-cbor as its only protocol. */
let cborModels: string
/** Start of the minute holding the first puts, and of the next one (epoch seconds). */
let t0: number
let t1: number
/** ListMetrics of the stream as @aws-sdk/client-cloudwatch (AWS JSON 1.0) reads it, sorted by name. */
let reference: unknown[]

const clientEnv = (dataPath?: string) => awsClientEnv(credentials, REGION, dataPath ? { AWS_DATA_PATH: dataPath } : {})

/** boto3 under `python`, through test/support/cloudwatch_client.py. */
function boto3(name: string, protocol: Protocol, python: string, cbor = false): Client {
  return {
    name,
    protocol,
    async call(operation, params) {
      const command = JSON.stringify({ endpoint: server.url, region: REGION, operation, params })
      const result = await run(python, [CLIENT_SCRIPT, command], { env: clientEnv(cbor ? cborModels : undefined), timeout: 30_000 })
      if (result.code !== 0) throw new Error(`${python} cloudwatch_client.py ${operation} exited ${result.code}:\n${result.stderr}`)
      return JSON.parse(result.stdout) as Outcome
    },
  }
}

/**
 * An AWS CLI (`command` and the arguments before the service) with --debug, whose log names the
 * request botocore made (hence the protocol) and the HTTP status urllib3 received.
 */
function cli(name: string, protocol: Protocol, command: string, prefix: string[], cbor = false): Client {
  return {
    name,
    protocol,
    async call(operation, params) {
      const subcommand = operation.replace(/[A-Z]/g, (c, at: number) => (at === 0 ? '' : '-') + c.toLowerCase())
      const args = [...prefix, '--debug', '--endpoint-url', server.url, '--output', 'json', 'cloudwatch', subcommand]
      const result = await run(command, [...args, '--cli-input-json', JSON.stringify(params)], {
        env: clientEnv(cbor ? cborModels : undefined),
        timeout: 30_000,
      })
      const sent = /Making request for OperationModel\(name=\w+\) with params: (.*)$/m.exec(result.stderr)?.[1] ?? ''
      const spoken = sent.includes("'smithy-protocol': 'rpc-v2-cbor'")
        ? 'smithy-rpc-v2-cbor'
        : sent.includes("'X-Amz-Target': 'GraniteServiceVersion20100801.")
          ? 'json'
          : sent.includes("'Content-Type': 'application/x-www-form-urlencoded")
            ? 'query'
            : `unknown (${sent.slice(0, 300) || 'no request in the log'})`
      const status = Number(/"POST \S+ HTTP\/1\.1" (\d{3})/.exec(result.stderr)?.[1])
      if (result.code === 0) return { protocol: spoken, status, response: JSON.parse(result.stdout) }
      const errors = [...result.stderr.matchAll(/^An error occurred \((\w+)\) when calling the \w+ operation(?: \([^)]*\))?: (.*)$/gm)]
      const last = errors.at(-1)
      if (!last) throw new Error(`${command} ${args.join(' ')} exited ${result.code} without an AWS error:\n${result.stderr.slice(-3000)}`)
      return { protocol: spoken, status, error: { code: last[1]!, message: last[2]! } }
    },
  }
}

const clients: Client[] = [
  cli('AWS Query: Debian aws CLI 2 (/usr/bin/aws)', 'query', '/usr/bin/aws', []),
  boto3('AWS Query: Debian boto3 (/usr/bin/python3)', 'query', '/usr/bin/python3'),
  boto3('Smithy RPC v2 CBOR: boto3 of python3 on PATH, CBOR-only model', 'smithy-rpc-v2-cbor', 'python3', true),
  cli('Smithy RPC v2 CBOR: aws CLI of python3 on PATH, CBOR-only model', 'smithy-rpc-v2-cbor', 'python3', ['-m', 'awscli'], true),
  // The baseline: what CloudWatch's model picks first today (the AWS CLI on it is in aws-cli.test.ts).
  boto3('AWS JSON 1.0: boto3 of python3 on PATH', 'json', 'python3'),
]

/** Epoch seconds of a timestamp as a client printed it: a number, or an ISO 8601 date (CLI 2). */
const seconds = (value: unknown): number => (typeof value === 'number' ? value : Date.parse(String(value)) / 1000)

/** The output with every Timestamp and Timestamps member in epoch seconds. */
function normalized(value: unknown): any {
  if (Array.isArray(value)) return value.map(normalized)
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key,
      key === 'Timestamp' ? seconds(v) : key === 'Timestamps' ? (v as unknown[]).map(seconds) : normalized(v),
    ]),
  )
}

/** Runs a call that must succeed over the client's protocol with HTTP 200; returns its output, timestamps in epoch seconds. */
async function succeed(client: Client, operation: string, params: Record<string, unknown>): Promise<any> {
  const outcome = await client.call(operation, params)
  if (outcome.protocol !== client.protocol) throw new Error(`${operation} went out as ${outcome.protocol}, not ${client.protocol}`)
  if (outcome.error || outcome.status !== 200) throw new Error(`${operation} answered ${outcome.status}: ${JSON.stringify(outcome.error)}`)
  return normalized(outcome.response)
}

/** Runs a call that must fail over the client's protocol; returns its code, message and HTTP status. */
async function failure(client: Client, operation: string, params: Record<string, unknown>) {
  const outcome = await client.call(operation, params)
  if (outcome.protocol !== client.protocol) throw new Error(`${operation} went out as ${outcome.protocol}, not ${client.protocol}`)
  if (!outcome.error) throw new Error(`${operation} succeeded with ${outcome.status}: ${JSON.stringify(outcome.response)}`)
  return { ...outcome.error, status: outcome.status }
}

const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString().replace('.000Z', 'Z')
const metered = [{ Name: 'DeliveryStreamName', Value: 'metered' }]
const metric = (MetricName: string, stream = 'metered') => ({
  Namespace: 'AWS/Firehose',
  MetricName,
  Dimensions: [{ Name: 'DeliveryStreamName', Value: stream }],
})
/** From five minutes before the first puts' minute to two minutes after the start of the second puts' minute. */
const window = () => ({ StartTime: iso(t0 - 300), EndTime: iso(t1 + 120) })
const byMetric = (a: any, b: any) => `${a.MetricName} ${a.Dimensions[0]?.Value}`.localeCompare(`${b.MetricName} ${b.Dimensions[0]?.Value}`)

async function advance(ms: number): Promise<number> {
  const { status, body } = await control(server.url, 'POST', 'clock/advance', { ms })
  if (status !== 200) throw new Error(`clock/advance answered ${status}: ${JSON.stringify(body)}`)
  return body.now as number
}

/** Fails unless the server's clock is still in the minute that starts at `start` (epoch seconds). */
async function stillIn(start: number): Promise<void> {
  const now = (await control(server.url, 'GET', 'clock')).body.now as number
  if (Math.floor(now / MINUTE) * 60 !== start) throw new Error(`the puts took until ${new Date(now).toISOString()}, past their minute`)
}

beforeAll(async () => {
  server = await startServer({ port: 0, timing: 'instant' })
  dir = mkdtempSync(join(tmpdir(), 'firehose-msw-cloudwatch-'))

  // botocore's CloudWatch model lists smithy-rpc-v2-cbor, json and query and picks json first;
  // a copy that lists only CBOR, first on AWS_DATA_PATH, makes the same botocore speak CBOR.
  const located = await run('python3', ['-c', 'import botocore, os; print(os.path.dirname(botocore.__file__))'], { timeout: 30_000 })
  if (located.code !== 0) throw new Error(`python3 on PATH has no botocore: ${located.stderr}`)
  const data = join(located.stdout.trim(), 'data', 'cloudwatch', '2010-08-01')
  const plain = join(data, 'service-2.json')
  const model = JSON.parse(existsSync(plain) ? readFileSync(plain, 'utf8') : gunzipSync(readFileSync(`${plain}.gz`)).toString('utf8'))
  model.metadata.protocols = ['smithy-rpc-v2-cbor']
  model.metadata.protocol = 'smithy-rpc-v2-cbor'
  cborModels = join(dir, 'models')
  mkdirSync(join(cborModels, 'cloudwatch', '2010-08-01'), { recursive: true })
  writeFileSync(join(cborModels, 'cloudwatch', '2010-08-01', 'service-2.json'), JSON.stringify(model))

  // Two streams whose buffers are not delivered while the tests run (15 minutes), so that the
  // list of metrics stays as the puts left it.
  const firehose = firehoseClient(REGION, { endpoint: server.url })
  const buffering = { BufferingHints: { IntervalInSeconds: 900, SizeInMBs: 128 } }
  for (const name of ['metered', 'other']) {
    const input = s3Stream(name)
    await createStream(firehose, {
      ...input,
      ExtendedS3DestinationConfiguration: { ...input.ExtendedS3DestinationConfiguration, ...buffering },
    })
  }
  // Puts one second into a minute, so that each group lands in one minute whatever the wall clock says.
  const now = (await control(server.url, 'GET', 'clock')).body.now as number
  t0 = Math.floor((await advance(MINUTE - (now % MINUTE) + 1_000)) / MINUTE) * 60
  await putText(firehose, 'metered', 'abc')
  await putText(firehose, 'metered', 'hello')
  await putText(firehose, 'other', 'zz')
  await stillIn(t0)
  t1 = Math.floor((await advance(MINUTE)) / MINUTE) * 60
  const batch = await firehose.send(
    new PutRecordBatchCommand({ DeliveryStreamName: 'metered', Records: ['a', 'bb', 'ccc'].map((text) => ({ Data: bytes(text) })) }),
  )
  if (batch.FailedPutCount !== 0) throw new Error(`PutRecordBatch failed ${batch.FailedPutCount} records`)
  await stillIn(t1)
  await advance(2 * MINUTE)

  const cloudwatch = new CloudWatchClient({ region: REGION, credentials, endpoint: server.url, maxAttempts: 1 })
  const { Metrics } = await cloudwatch.send(new ListMetricsCommand({ Namespace: 'AWS/Firehose', Dimensions: metered }))
  reference = [...Metrics!].sort(byMetric)
}, 60_000)

afterAll(async () => {
  await server?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

// Every test only reads what beforeAll put, so the clients' processes run side by side.
describe.concurrent.each(clients)('$name', { timeout: 120_000 }, (client) => {
  it('ListMetrics lists the stream’s metrics, filtered by dimension or by name', async ({ expect }) => {
    const { Metrics } = await succeed(client, 'ListMetrics', { Namespace: 'AWS/Firehose', Dimensions: metered })
    const names = Metrics.map((m: { MetricName: string }) => m.MetricName)
    expect(names).toEqual(
      expect.arrayContaining(['IncomingBytes', 'IncomingRecords', 'IncomingPutRequests', 'PutRecord.Requests', 'PutRecordBatch.Records']),
    )
    expect(Metrics.sort(byMetric)).toEqual(reference)

    const named = await succeed(client, 'ListMetrics', { Namespace: 'AWS/Firehose', MetricName: 'IncomingBytes' })
    expect(named.Metrics.sort(byMetric)).toEqual([metric('IncomingBytes'), metric('IncomingBytes', 'other')])
  })

  it('GetMetricStatistics answers the per-minute sums, maxima and sample counts of the puts', async ({ expect }) => {
    const stats = await succeed(client, 'GetMetricStatistics', {
      ...metric('IncomingBytes'),
      ...window(),
      Period: 60,
      Statistics: ['Sum', 'Maximum', 'SampleCount'],
    })
    expect(stats.Label).toBe('IncomingBytes')
    expect(stats.Datapoints.sort((a: any, b: any) => a.Timestamp - b.Timestamp)).toEqual([
      { Timestamp: t0, Sum: 8, Maximum: 5, SampleCount: 2, Unit: 'Bytes' },
      { Timestamp: t1, Sum: 6, Maximum: 6, SampleCount: 1, Unit: 'Bytes' },
    ])
    const records = await succeed(client, 'GetMetricStatistics', {
      ...metric('IncomingRecords'),
      ...window(),
      Period: 300,
      Statistics: ['Sum'],
    })
    expect(records.Datapoints.map((d: { Sum: number }) => d.Sum)).toEqual([5])
  })

  it('GetMetricData answers a metric and the metric math m1 / 60, oldest first with ScanBy TimestampAscending', async ({ expect }) => {
    const out = await succeed(client, 'GetMetricData', {
      MetricDataQueries: [
        { Id: 'm1', MetricStat: { Metric: metric('IncomingBytes'), Period: 60, Stat: 'Sum' }, ReturnData: false },
        { Id: 'records', MetricStat: { Metric: metric('IncomingRecords'), Period: 60, Stat: 'Sum' } },
        { Id: 'rate', Expression: 'm1 / 60', Label: 'bytes per second' },
      ],
      ...window(),
      ScanBy: 'TimestampAscending',
    })
    expect(out.MetricDataResults).toEqual([
      { Id: 'records', Label: 'IncomingRecords', Timestamps: [t0, t1], Values: [2, 3], StatusCode: 'Complete', Messages: [] },
      { Id: 'rate', Label: 'bytes per second', Timestamps: [t0, t1], Values: [8 / 60, 6 / 60], StatusCode: 'Complete', Messages: [] },
    ])
    expect(out.Messages).toEqual([])
    expect(out.NextToken).toBeUndefined()
  })

  it('answers metrics of a namespace without data with empty results, not an error', async ({ expect }) => {
    const ec2 = { Namespace: 'AWS/EC2', MetricName: 'CPUUtilization', Dimensions: [{ Name: 'InstanceId', Value: 'i-0123456789abcdef0' }] }
    expect(await succeed(client, 'ListMetrics', { Namespace: 'AWS/EC2' })).toEqual({ Metrics: [] })
    expect(await succeed(client, 'GetMetricStatistics', { ...ec2, ...window(), Period: 60, Statistics: ['Average'] })).toEqual({
      Label: 'CPUUtilization',
      Datapoints: [],
    })
    const data = await succeed(client, 'GetMetricData', {
      MetricDataQueries: [{ Id: 'cpu', MetricStat: { Metric: ec2, Period: 60, Stat: 'Average' } }],
      ...window(),
    })
    expect(data).toEqual({
      MetricDataResults: [{ Id: 'cpu', Label: 'CPUUtilization', Timestamps: [], Values: [], StatusCode: 'Complete', Messages: [] }],
      Messages: [],
    })
  })

  it('answers GetMetricStatistics with EndTime before StartTime: InvalidParameterValue, HTTP 400', async ({ expect }) => {
    const { StartTime, EndTime } = window()
    const params = { ...metric('IncomingBytes'), StartTime: EndTime, EndTime: StartTime, Period: 60, Statistics: ['Sum'] }
    expect(await failure(client, 'GetMetricStatistics', params)).toEqual({
      code: 'InvalidParameterValue',
      message: 'The parameter StartTime must be less than the parameter EndTime.',
      status: 400,
    })
  })

  it('answers GetMetricStatistics without statistics: InvalidParameterCombination, HTTP 400', async ({ expect }) => {
    expect(await failure(client, 'GetMetricStatistics', { ...metric('IncomingBytes'), ...window(), Period: 60 })).toEqual({
      code: 'InvalidParameterCombination',
      message: 'At least one of the parameters Statistics and ExtendedStatistics must be specified.',
      status: 400,
    })
  })
})

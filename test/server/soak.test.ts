/**
 * A short soak of the standalone server (the long one is bench/soak.mjs): a mixed load of batches,
 * reads and S3 listings with retention caps on, a flood of malformed requests, and slow clients
 * holding connections half-sent. What is checked is what a shared dev server must never do — answer
 * 500, reset a connection, lose an acknowledged record, grow without bound — never how fast it is.
 */
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { createRequire } from 'node:module'
import { connect, type Socket } from 'node:net'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import {
  DescribeDeliveryStreamCommand,
  ListDeliveryStreamsCommand,
  PutRecordBatchCommand,
  PutRecordCommand,
} from '@aws-sdk/client-firehose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RequestLogEntry, type RunningServer } from '../../src/server'
import { bytes, decode, MIB } from '../support/bytes'
import { firehoseClient } from '../support/clients'
import { loadFixture } from '../support/files'
import { seeded } from '../support/random'

/** The slice of autocannon's result read here (autocannon ships no types, hence require). */
interface CannonResult {
  '2xx': number
  non2xx: number
  errors: number
  timeouts: number
  statusCodeStats: Record<string, { count: number }>
}
type CannonRequest = { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string }
type Cannon = (options: Record<string, unknown>, done: (error: Error | null, result: CannonResult) => void) => unknown
const autocannon = createRequire(import.meta.url)('autocannon') as Cannon

const STREAM = 'clickstream'
const BUCKET = 'acme-clickstream-lake'
const CAP = 20_000
const BATCH = 50

let server: RunningServer
/** Every answer's log entry with a status of 500 or more, and every error the mock did not expect. */
const serverFaults: unknown[] = []
/** PutRecordBatch calls answered 200 (quotas are off, so each stored all of its records). */
let batchesAcked = 0

beforeAll(async () => {
  server = await startServer({
    port: 0,
    timing: 'instant',
    quotas: false,
    seed: loadFixture('direct-put-s3'),
    retention: { maxRecordsPerStream: CAP, maxObjectsPerStream: 50 },
    onRequest: (entry: RequestLogEntry) => {
      if (entry.operation === 'PutRecordBatch' && entry.status === 200) batchesAcked++
      if (entry.status >= 500) serverFaults.push(entry)
    },
    onUnexpectedError: (error) => serverFaults.push(error),
  })
})
afterAll(() => server?.close(0))

const firehose = () => firehoseClient('us-east-1', { endpoint: server.url })
const target = (operation: string) => ({ 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `Firehose_20150804.${operation}` })

// A full GC before each reading, so garbage a busy machine has not collected yet is not counted.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/** The RSS after a full GC. */
function rss(): number {
  gc()
  return process.memoryUsage().rss
}

/** The bytes the stream has delivered to S3 so far (before compression), from its DeliveryToS3.Bytes metric. */
const deliveredBytes = () => server.mock.cloudwatch.datapoints('DeliveryToS3.Bytes', { stream: STREAM }).reduce((sum, d) => sum + d.sum, 0)

describe('a mixed load with retention caps', () => {
  /** 50 different 1 KiB records, as the SDK sends them (base64). */
  const batchBody = JSON.stringify({
    DeliveryStreamName: STREAM,
    Records: Array.from({ length: BATCH }, (_, i) => ({
      Data: Buffer.from(Array.from({ length: 1024 }, (_, j) => 32 + ((i * 7 + j) % 95))).toString('base64'),
    })),
  })
  const put: CannonRequest = { method: 'POST', path: '/', headers: target('PutRecordBatch'), body: batchBody }
  const describeStream: CannonRequest = {
    method: 'POST',
    path: '/',
    headers: target('DescribeDeliveryStream'),
    body: JSON.stringify({ DeliveryStreamName: STREAM }),
  }
  const list: CannonRequest = { method: 'POST', path: '/', headers: target('ListDeliveryStreams'), body: '{}' }
  const listObjects: CannonRequest = { method: 'GET', path: `/${BUCKET}?list-type=2`, headers: {} }
  // Each connection goes round this list: half batches, the rest reads, one S3 listing in ten.
  const mix = [put, describeStream, put, list, put, describeStream, put, list, put, listObjects]

  const cannon = (seconds: number) =>
    new Promise<CannonResult>((resolve, reject) => {
      autocannon({ url: server.url, connections: 16, duration: seconds, requests: mix }, (error, result) =>
        error ? reject(error) : resolve(result),
      )
    })
  const outcome = (result: CannonResult) => ({
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statuses: Object.keys(result.statusCodeStats),
  })

  it('answers every call 2xx, keeps or counts as dropped every acknowledged record, and stays within its memory bound', async () => {
    const seededCount = server.mock.firehose.records(STREAM).length
    expect(seededCount).toBe(4)

    // A first window fills the record cap (and warms everything up); memory is measured from its end.
    const first = await cannon(2)
    const rssAfterFirst = rss()
    const deliveredAfterFirst = deliveredBytes()
    const second = await cannon(4)
    const rssAtEnd = rss()
    const deliveredInSecond = deliveredBytes() - deliveredAfterFirst

    for (const result of [first, second]) expect(outcome(result)).toEqual({ non2xx: 0, errors: 0, timeouts: 0, statuses: ['200'] })
    expect(first['2xx'] + second['2xx']).toBeGreaterThan(mix.length)
    expect(serverFaults).toEqual([])

    // Read in one synchronous stretch: a batch is stored and its answer logged with no I/O in between,
    // so the two counts agree. Nothing accepted is lost: kept (up to the cap) or counted as dropped.
    const stored = server.mock.firehose.records(STREAM).length
    const dropped = server.mock.firehose.droppedRecords(STREAM)
    const acked = seededCount + BATCH * batchesAcked
    expect(batchesAcked).toBeGreaterThan(0)
    expect({ stored, storedPlusDropped: stored + dropped }).toEqual({ stored: Math.min(CAP, acked), storedPlusDropped: acked })

    // Past the record cap, what grows is what retention keeps by design: each delivered object holds
    // its records' bytes (≤ 50 objects of up to 64 MiB with this fixture's buffering hint), and the
    // first S3 listing after a delivery GZIPs a joined copy of them. Beyond that, 150 MiB of slack.
    const growth = rssAtEnd - rssAfterFirst
    const allowance = 150 * MIB + 2 * deliveredInSecond
    expect(
      growth,
      `RSS grew ${(growth / MIB).toFixed(0)} MiB (objects delivered: ${(deliveredInSecond / MIB).toFixed(0)} MiB)`,
    ).toBeLessThan(allowance)
  }, 30_000)
})

/** An answer as it came off the wire. */
interface Exchange {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
}

interface Malformed {
  label: string
  method: string
  path: string
  headers: Record<string, string>
  body?: Buffer | string
}

describe('a flood of malformed requests', () => {
  const random = seeded(20261206)
  const noise = (size: number) => Buffer.from(Array.from({ length: size }, () => Math.floor(random() * 256)))
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const json = target('PutRecord')
  const batch = target('PutRecordBatch')
  const cbor = { 'content-type': 'application/cbor', accept: 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor' }

  /** One malformed request of each kind, its variable parts drawn anew on every call. */
  const kinds: (() => Malformed)[] = [
    () => ({
      label: 'invalid JSON',
      method: 'POST',
      path: '/',
      headers: json,
      body: pick(['{', '{"DeliveryStreamName":', '[}', 'nul', '{"a":1,}']),
    }),
    () => ({
      label: 'random bytes as JSON',
      method: 'POST',
      path: '/',
      headers: pick([json, batch]),
      body: noise(1 + Math.floor(random() * 512)),
    }),
    () => ({ label: 'empty body', method: 'POST', path: '/', headers: pick([json, batch, target('DescribeDeliveryStream')]), body: '' }),
    () => ({
      label: 'wrong types',
      method: 'POST',
      path: '/',
      headers: json,
      body: JSON.stringify(
        pick([
          { DeliveryStreamName: 5, Record: { Data: 'eA==' } },
          { DeliveryStreamName: STREAM, Record: 'eA==' },
          { DeliveryStreamName: STREAM, Record: { Data: 17 } },
          { DeliveryStreamName: STREAM, Record: { Data: [1, 2] } },
          { DeliveryStreamName: [STREAM], Record: { Data: 'eA==' } },
          { DeliveryStreamName: STREAM, Record: null },
          [],
          'a string',
          42,
        ]),
      ),
    }),
    () => ({
      label: 'invalid values',
      method: 'POST',
      path: '/',
      headers: batch,
      body: JSON.stringify(
        pick([
          { DeliveryStreamName: STREAM, Records: [{ Data: '!!!not base64' }] },
          { DeliveryStreamName: STREAM, Records: [] },
          { DeliveryStreamName: STREAM, Records: Array.from({ length: 501 }, () => ({ Data: 'eA==' })) },
          { DeliveryStreamName: 'no such stream', Records: [{ Data: 'eA==' }] },
          { DeliveryStreamName: 'x'.repeat(300), Records: [{ Data: 'eA==' }] },
          { DeliveryStreamName: STREAM, Records: 'eA==' },
        ]),
      ),
    }),
    () => ({ label: 'deep nesting', method: 'POST', path: '/', headers: json, body: '['.repeat(5_000) + ']'.repeat(5_000) }),
    () => ({
      label: 'prototype keys',
      method: 'POST',
      path: '/',
      headers: json,
      body: pick([
        '{"__proto__":{"DeliveryStreamName":"clickstream"}}',
        '{"constructor":{"prototype":{}},"DeliveryStreamName":"clickstream"}',
      ]),
    }),
    () => ({
      label: 'unknown target',
      method: 'POST',
      path: '/',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': pick([
          'Firehose_20150804.Nope',
          'Firehose_20150804.',
          'Firehose_20150804.constructor',
          'Firehose_20150804.__proto__',
          'Firehose_20150804.toString',
          'Nope.PutRecord',
          '.',
          'TrentService.Nope',
          'Firehose_20150804.PutRecord.Extra',
        ]),
      },
      body: '{}',
    }),
    () => ({ label: 'no target', method: 'POST', path: '/', headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{}' }),
    () => ({
      label: 'wrong content type',
      method: 'POST',
      path: '/',
      headers: { ...json, 'content-type': pick(['text/plain', 'application/xml', 'x/y']) },
      body: '{}',
    }),
    () => ({
      label: 'KMS garbage',
      method: 'POST',
      path: '/',
      headers: { ...json, 'x-amz-target': 'TrentService.Encrypt' },
      body: pick(['{"KeyId":[]}', '{', '']),
    }),
    () => ({
      label: 'query protocol garbage',
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: pick(['Action=Nope&Version=2010-08-01', 'Action=PutMetricData&Version=2010-08-01&Namespace=', '%%%']),
    }),
    () => ({
      label: 'CBOR garbage',
      method: 'POST',
      path: pick([
        '/service/GraniteServiceVersion20100801/operation/PutMetricData',
        '/service/GraniteServiceVersion20100801/operation/Nope',
      ]),
      headers: cbor,
      // Malformed CBOR (not random noise: a random length head makes @smithy/core's decoder warn on the console).
      body: Buffer.from(
        pick([[0xff], [0x1f], [0xa1, 0x61], [0xa1, 0x63, 0x61, 0x62], [0x5f, 0x41], [0xbf, 0x61, 0x78, 0xf7], [0x7a, 0xff]]),
      ),
    }),
    () => ({
      label: 'wrong path',
      method: 'POST',
      path: pick(['/some/path', '/service/x', '/%2e%2e/', '/?x=1&&&']),
      headers: json,
      body: '{}',
    }),
    () => ({
      label: 'wrong method',
      method: pick(['PUT', 'DELETE', 'PATCH']),
      path: pick(['/', `/${BUCKET}`, '/x/y']),
      headers: json,
      body: '{}',
    }),
    () => ({ label: 'GET of no call', method: 'GET', path: pick(['/', '/no-such-bucket/key', `/${BUCKET}/no/such/key`]), headers: {} }),
    () => ({
      label: 'bad S3 query',
      method: 'GET',
      path: `/${BUCKET}?list-type=2&continuation-token=${pick(['%%%', '!!!', '*'])}`,
      headers: {},
    }),
  ]

  /** Sends one request on the pool's connections and resolves with the answer, or rejects on a connection error. */
  const send = (agent: Agent, { method, path, headers, body }: Malformed) =>
    new Promise<Exchange>((resolve, reject) => {
      // Content-Length always: Node sends a DELETE's body without one (it would read as the next request).
      const length = body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }
      const req = httpRequest(`${server.url}${path}`, { method, headers: { ...headers, ...length }, agent }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
        res.on('error', reject)
      })
      req.on('error', reject)
      req.end(body)
    })

  /**
   * A POST declaring a body far over the server's limit: written raw, a little of the body sent, the
   * answer read until the server closes (it refuses from Content-Length alone).
   */
  const hugeDeclared = (declared: number) =>
    new Promise<Exchange>((resolve, reject) => {
      const { port } = new URL(server.url)
      const socket = connect(Number(port), '127.0.0.1')
      const chunks: Buffer[] = []
      socket.on('data', (chunk) => chunks.push(chunk))
      socket.on('error', reject)
      socket.on('close', () => {
        const text = Buffer.concat(chunks).toString('latin1')
        const [head = '', rest = ''] = text.split('\r\n\r\n')
        const [statusLine = '', ...lines] = head.split('\r\n')
        const headers: IncomingHttpHeaders = {}
        for (const line of lines) headers[line.slice(0, line.indexOf(':')).toLowerCase()] = line.slice(line.indexOf(':') + 1).trim()
        resolve({ status: Number(statusLine.split(' ')[1]), headers, body: Buffer.from(rest, 'latin1') })
      })
      socket.on('connect', () => {
        socket.write(
          `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\ncontent-type: application/x-amz-json-1.1\r\n` +
            `x-amz-target: Firehose_20150804.PutRecordBatch\r\ncontent-length: ${declared}\r\n\r\n{"DeliveryStreamName":"clickstream","Records":[`,
        )
        socket.end()
      })
    })

  /** Whether an answer is AWS's: 400, 404 or 413, naming its exception in x-amzn-ErrorType or in an XML or CBOR error body. */
  function awsShaped({ status, headers, body }: Exchange): boolean {
    if (![400, 404, 413].includes(status)) return false
    if (typeof headers['x-amzn-errortype'] === 'string' && headers['x-amzn-errortype'] !== '') return true
    const text = body.toString('latin1')
    if (text === '<UnknownOperationException/>' || text.includes('<Error>')) return true
    // RPC v2 CBOR names the error in the body's __type, not in a header.
    return headers['smithy-protocol'] === 'rpc-v2-cbor' && text.includes('__type')
  }

  it('answers ≈2,000 of them AWS-shaped over a few connections, never 500 nor a reset, and serves a normal call after', async () => {
    const COUNT = 2_000
    const requests: Malformed[] = Array.from({ length: COUNT }, (_, i) => kinds[i % kinds.length]!())
    const agent = new Agent({ keepAlive: true, maxSockets: 4 })
    const failures: string[] = []
    const answeredKinds = new Set<string>()
    const check = ({ label, method, path }: Pick<Malformed, 'label' | 'method' | 'path'>, exchange: Exchange) => {
      answeredKinds.add(label)
      if (!awsShaped(exchange)) {
        failures.push(`${label} (${method} ${path}): ${exchange.status} ${JSON.stringify(exchange.body.toString('latin1').slice(0, 120))}`)
      }
    }
    let next = 0
    const worker = async () => {
      while (next < requests.length) {
        const request = requests[next++]!
        try {
          check(request, await send(agent, request))
        } catch (error) {
          failures.push(`${request.label} (${request.method} ${request.path}): ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
        }
      }
    }
    try {
      await Promise.all([worker(), worker(), worker(), worker()])
      for (const declared of [16 * MIB + 1, 300 * MIB, 2 ** 40]) {
        try {
          check({ label: 'huge Content-Length', method: 'POST', path: `/ (Content-Length: ${declared})` }, await hugeDeclared(declared))
        } catch (error) {
          failures.push(`huge Content-Length ${declared}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
        }
      }
    } finally {
      agent.destroy()
    }

    // Each distinct failure once, with how often it happened.
    const counted = new Map<string, number>()
    for (const failure of failures) counted.set(failure, (counted.get(failure) ?? 0) + 1)
    expect([...counted].map(([failure, n]) => `${n} × ${failure}`)).toEqual([])
    expect(serverFaults).toEqual([])
    // Every kind was answered, so a kind that stopped reaching the server would show.
    expect([...answeredKinds].sort()).toEqual([...new Set([...requests.map((r) => r.label), 'huge Content-Length'])].sort())

    const before = server.mock.firehose.records(STREAM).length + server.mock.firehose.droppedRecords(STREAM)
    const answer = await firehose().send(new PutRecordCommand({ DeliveryStreamName: STREAM, Record: { Data: bytes('after the flood\n') } }))
    expect(answer.RecordId).toEqual(expect.any(String))
    const records = server.mock.firehose.records(STREAM)
    expect(records.length + server.mock.firehose.droppedRecords(STREAM)).toBe(before + 1)
    expect(decode(records.at(-1)?.data)).toBe('after the flood\n')
  }, 30_000)

  it('answers a request line or headers Node cannot parse with a 4xx error and a close, and keeps serving', async () => {
    // These never reach the request handler: Node's HTTP parser refuses them, the server answers its refusal.
    const { port } = new URL(server.url)
    const raw = (text: string | Buffer) =>
      new Promise<{ answer: string; error?: string }>((resolve) => {
        const socket = connect(Number(port), '127.0.0.1')
        let answer = ''
        let error: string | undefined
        socket.on('data', (chunk) => (answer += chunk.toString('latin1')))
        socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code))
        socket.on('close', () => resolve({ answer, ...(error ? { error } : {}) }))
        socket.on('connect', () => socket.end(text))
      })
    const random = seeded(7)
    const garbage = [
      Buffer.from(Array.from({ length: 300 }, () => Math.floor(random() * 256))),
      'BREW / HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET / HTTP/9.9\r\nHost: x\r\n\r\n',
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}',
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}',
      'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    ]
    const answers = await Promise.all(garbage.map(raw))
    for (const { answer, error } of answers) {
      expect(error).toBeUndefined()
      expect(answer).toMatch(/^HTTP\/1\.1 4(?:00|31) [^\r]+\r\n/)
      expect(answer).toMatch(/\r\nx-amzn-ErrorType: BadRequest\r\n/)
      expect(answer).toMatch(/\r\nconnection: close\r\n/)
    }
    expect(serverFaults).toEqual([])
    const { DeliveryStreamNames } = await firehose().send(new ListDeliveryStreamsCommand({}))
    expect(DeliveryStreamNames).toEqual([STREAM])
  })
})

describe('slow clients', () => {
  it('200 connections holding a request half-sent do not stop the server answering SDK calls', async () => {
    const { port } = new URL(server.url)
    const partial = [
      // The request line cut short; then headers cut short; then headers done and the body cut short.
      'POST / HT',
      `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Tar`,
      `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-amz-json-1.1\r\n` +
        `X-Amz-Target: Firehose_20150804.PutRecord\r\nContent-Length: 1024\r\n\r\n{"DeliveryStreamName":"clickstream",`,
    ]
    const sockets = await Promise.all(
      Array.from(
        { length: 200 },
        (_, i) =>
          new Promise<Socket>((resolve, reject) => {
            const socket = connect(Number(port), '127.0.0.1')
            socket.once('error', reject)
            socket.on('connect', () => socket.write(partial[i % partial.length]!, () => resolve(socket)))
          }),
      ),
    )
    try {
      const client = firehose()
      const before = server.mock.firehose.records(STREAM).length + server.mock.firehose.droppedRecords(STREAM)
      const calls = await Promise.all([
        client.send(new ListDeliveryStreamsCommand({})),
        client.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: STREAM })),
        client.send(new PutRecordCommand({ DeliveryStreamName: STREAM, Record: { Data: bytes('slow 1\n') } })),
        client.send(
          new PutRecordBatchCommand({
            DeliveryStreamName: STREAM,
            Records: Array.from({ length: 10 }, (_, i) => ({ Data: bytes(`slow b${i}\n`) })),
          }),
        ),
        ...Array.from({ length: 16 }, () => client.send(new ListDeliveryStreamsCommand({}))),
      ])
      expect(calls.map((call) => call.$metadata.httpStatusCode)).toEqual(calls.map(() => 200))
      expect(server.mock.firehose.records(STREAM).length + server.mock.firehose.droppedRecords(STREAM)).toBe(before + 11)
      client.destroy()
    } finally {
      for (const socket of sockets) socket.destroy()
    }
    expect(serverFaults).toEqual([])
    const { DeliveryStreamNames } = await firehose().send(new ListDeliveryStreamsCommand({}))
    expect(DeliveryStreamNames).toEqual([STREAM])
  }, 20_000)
})

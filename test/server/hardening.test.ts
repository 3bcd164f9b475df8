/**
 * The standalone server as a shared endpoint: bounded bodies, a connection cap, CORS for browser
 * origins, every answer AWS-shaped, and the delivered objects readable as S3 over the same port
 * (fetch, @aws-sdk/client-s3 and the AWS CLI).
 */
import { request as httpRequest, Agent } from 'node:http'
import { connect } from 'node:net'
import { PutRecordBatchCommand } from '@aws-sdk/client-firehose'
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startServer, type RequestLogEntry, type RunningServer } from '../../src/server'
import { BUCKET, credentials, s3Stream } from '../support/aws'
import { bytes } from '../support/bytes'
import { firehoseClient } from '../support/clients'
import { awsClientEnv, run } from '../support/process'
import { control } from '../support/server'

let server: RunningServer
const log: RequestLogEntry[] = []
const LIMIT = 64 * 1024

beforeAll(async () => {
  server = await startServer({ port: 0, timing: 'instant', maxBodyBytes: LIMIT, onRequest: (entry) => log.push(entry) })
})
afterAll(() => server?.close(0))
beforeEach(() => {
  server.mock.reset()
  log.length = 0
})

const JSON_CALL = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Firehose_20150804.PutRecord' }

/** A raw POST that writes `chunks` one after another until the answer arrives; resolves with the answer and how much was written. */
function upload(headers: Record<string, string>, chunks: Iterable<Buffer>) {
  return new Promise<{ status: number; body: string; written: number }>((resolve, reject) => {
    let written = 0
    let answered = false
    const req = httpRequest(`${server.url}/`, { method: 'POST', headers }, (res) => {
      answered = true
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
      res.on('end', () => resolve({ status: res.statusCode!, body, written }))
    })
    req.on('error', (error) => (answered ? undefined : reject(error)))
    const iterator = chunks[Symbol.iterator]()
    const next = (): void => {
      const { value, done } = iterator.next()
      if (done || answered) return void req.end()
      written += value.length
      if (req.write(value)) setImmediate(next)
      else req.once('drain', next)
    }
    next()
  })
}

function* megabytes(count: number): Generator<Buffer> {
  const chunk = Buffer.alloc(1024 * 1024, 'a')
  for (let i = 0; i < count; i++) yield chunk
}

describe('bodies over the limit', () => {
  it('are refused from Content-Length alone with RequestEntityTooLargeException (413), before the body is sent', async () => {
    const declared = 300 * 1024 * 1024
    const answer = await upload({ ...JSON_CALL, 'content-length': String(declared) }, megabytes(300))
    expect(answer.status).toBe(413)
    expect(JSON.parse(answer.body)).toEqual({
      __type: 'RequestEntityTooLargeException',
      message: `Request body of ${declared} bytes exceeds this server's limit of ${LIMIT} bytes (firehose-msw serve --max-body).`,
    })
    // Answered long before 300 MB went out: the server did not wait for (or hold) the rest.
    expect(answer.written).toBeLessThan(declared / 4)
    expect(log).toMatchObject([{ service: 'firehose', operation: 'PutRecord', status: 413, error: 'RequestEntityTooLargeException' }])
  })

  it('are refused while streaming when no Content-Length is declared, and the server keeps serving', async () => {
    const answer = await upload({ ...JSON_CALL, 'transfer-encoding': 'chunked' }, megabytes(64))
    expect(answer.status).toBe(413)
    expect(answer.written).toBeLessThan(64 * 1024 * 1024)
    const firehose = firehoseClient('us-east-1', { endpoint: server.url })
    await firehose.send(new (await import('@aws-sdk/client-firehose')).CreateDeliveryStreamCommand(s3Stream('after')))
    expect(server.mock.firehose.streamNames()).toEqual(['after'])
  })

  it('leave the state as it was: nothing of a refused batch is stored', async () => {
    const firehose = firehoseClient('us-east-1', { endpoint: server.url })
    await firehose.send(new (await import('@aws-sdk/client-firehose')).CreateDeliveryStreamCommand(s3Stream('orders')))
    const records = Array.from({ length: 100 }, () => ({ Data: new Uint8Array(1024) }))
    await expect(firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'orders', Records: records }))).rejects.toMatchObject({
      name: 'RequestEntityTooLargeException',
      $metadata: { httpStatusCode: 413 },
    })
    expect(server.mock.firehose.records('orders')).toEqual([])
  })
})

describe('the connection cap', () => {
  it('answers 503 ServiceUnavailableException past it, and serves again once connections close', async () => {
    const capped = await startServer({ port: 0, timing: 'instant', maxConnections: 2 })
    const agent = new Agent({ keepAlive: true, maxSockets: 3 })
    const post = () =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          `${capped.url}/`,
          { method: 'POST', agent, headers: { ...JSON_CALL, 'x-amz-target': 'Firehose_20150804.ListDeliveryStreams' } },
          (res) => {
            res.resume()
            res.on('end', () => resolve(res.statusCode!))
          },
        )
        req.on('error', reject)
        req.end('{}')
      })
    try {
      // Three requests at once open three connections: one of them is over the cap.
      const statuses = await Promise.all([post(), post(), post()])
      expect(statuses.sort()).toEqual([200, 200, 503])
      agent.destroy()
      const after = await fetch(`${capped.url}/`, {
        method: 'POST',
        headers: { ...JSON_CALL, 'x-amz-target': 'Firehose_20150804.ListDeliveryStreams', connection: 'close' },
        body: '{}',
      })
      expect(after.status).toBe(200)
    } finally {
      agent.destroy()
      await capped.close(0)
    }
  })
})

describe('CORS', () => {
  const preflight = (url: string, origin?: string) =>
    fetch(`${url}/`, {
      method: 'OPTIONS',
      headers: {
        ...(origin ? { origin } : {}),
        'access-control-request-method': 'POST',
        'access-control-request-headers':
          'authorization,content-type,x-amz-date,x-amz-target,x-amz-user-agent,amz-sdk-invocation-id,amz-sdk-request',
      },
    })

  it('lets loopback origins in by default, with the methods, the asked headers and the exposed ones', async () => {
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:8080', 'https://localhost', 'http://[::1]:3000']) {
      const answer = await preflight(server.url, origin)
      expect(answer.status, origin).toBe(200)
      expect(answer.headers.get('access-control-allow-origin')).toBe(origin)
      expect(answer.headers.get('access-control-allow-methods')).toBe('POST, GET, HEAD')
      expect(answer.headers.get('access-control-allow-headers')).toMatch(/^authorization,content-type,x-amz-date,x-amz-target/)
      expect(answer.headers.get('access-control-max-age')).toBe('172800')
      expect(answer.headers.get('vary')).toBe('Origin')
    }
  })

  it('refuses other origins as S3 refuses a CORS request (403 AccessForbidden), and a preflight without Origin (400)', async () => {
    const refused = await preflight(server.url, 'https://evil.example')
    expect(refused.status).toBe(403)
    expect(refused.headers.get('access-control-allow-origin')).toBeNull()
    expect(await refused.text()).toMatch(/^<Error><Code>AccessForbidden<\/Code><Message>CORSResponse: This CORS request is not allowed\./)
    const anonymous = await preflight(server.url)
    expect(anonymous.status).toBe(400)
    expect(await anonymous.text()).toMatch(/Origin request header needed/)
    // An AWS call from that origin is answered (a browser would hide it), without CORS headers.
    const call = await fetch(`${server.url}/`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', ...JSON_CALL, 'x-amz-target': 'Firehose_20150804.ListDeliveryStreams' },
      body: '{}',
    })
    expect(call.status).toBe(200)
    expect(call.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('takes a list of origins, or any origin with "*"', async () => {
    const listed = await startServer({ port: 0, timing: 'instant', corsOrigins: ['https://app.example/'] })
    const any = await startServer({ port: 0, timing: 'instant', corsOrigins: ['*'] })
    try {
      expect((await preflight(listed.url, 'https://app.example')).headers.get('access-control-allow-origin')).toBe('https://app.example')
      expect((await preflight(listed.url, 'http://localhost:5173')).status).toBe(403)
      const open = await preflight(any.url, 'https://anywhere.example')
      expect(open.status).toBe(200)
      expect(open.headers.get('access-control-allow-origin')).toBe('*')
      expect(open.headers.get('vary')).toBeNull()
    } finally {
      await Promise.all([listed.close(0), any.close(0)])
    }
  })
})

describe('S3 reads over the server', () => {
  /** A stream that delivered two objects to BUCKET. */
  async function delivered(): Promise<string[]> {
    const firehose = firehoseClient('us-east-1', { endpoint: server.url })
    const { CreateDeliveryStreamCommand } = await import('@aws-sdk/client-firehose')
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('orders')))
    for (const text of ['first\n', 'second\n']) {
      await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'orders', Records: [{ Data: bytes(text) }] }))
      expect((await control(server.url, 'POST', 'flush?stream=orders')).status).toBe(200)
    }
    const keys = (await server.mock.firehose.deliveries('orders')).map((object) => object.key)
    expect(keys).toHaveLength(2)
    return keys
  }

  it('lists, heads and gets the delivered objects with @aws-sdk/client-s3 (path-style)', async () => {
    const keys = await delivered()
    const s3 = new S3Client({ region: 'us-east-1', endpoint: server.url, forcePathStyle: true, credentials, maxAttempts: 1 })
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))
    expect(listed.Contents?.map((object) => object.Key).sort()).toEqual([...keys].sort())
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: keys[0] }))
    expect(head.ContentLength).toBe('first\n'.length)
    const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: keys[1] }))
    expect(await object.Body!.transformToString()).toBe('second\n')
    expect(log.filter((entry) => entry.service === 's3').map((entry) => entry.operation)).toEqual([
      'ListObjectsV2',
      'HeadObject',
      'GetObject',
    ])
  })

  it('answers virtual-hosted requests on localhost names, NoSuchBucket and NoSuchKey as S3 does', async () => {
    const [key] = await delivered()
    const virtual = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const port = new URL(server.url).port
      const req = httpRequest(`${server.url}/${key}`, { headers: { host: `${BUCKET}.localhost:${port}` } }, (res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
        res.on('end', () => resolve({ status: res.statusCode!, body }))
      })
      req.on('error', reject)
      req.end()
    })
    expect(virtual).toEqual({ status: 200, body: 'first\n' })
    const noBucket = await fetch(`${server.url}/no-such-bucket/x`)
    expect(noBucket.status).toBe(404)
    expect(await noBucket.text()).toMatch(/<Code>NoSuchBucket<\/Code>.*<BucketName>no-such-bucket<\/BucketName>/s)
    const noKey = await fetch(`${server.url}/${BUCKET}/missing`)
    expect(noKey.status).toBe(404)
    expect(await noKey.text()).toMatch(/<Code>NoSuchKey<\/Code>/)
    expect(log.filter((entry) => entry.service === 's3').map((entry) => entry.error)).toEqual([undefined, 'NoSuchBucket', 'NoSuchKey'])
  })

  it('answers ranged GETs as S3 does (206 with Content-Range; 416 InvalidRange past the end)', async () => {
    const [key] = await delivered()
    const s3 = new S3Client({ region: 'us-east-1', endpoint: server.url, forcePathStyle: true, credentials, maxAttempts: 1 })
    for (const [range, text, contentRange] of [
      ['bytes=1-3', 'irs', 'bytes 1-3/6'],
      ['bytes=2-', 'rst\n', 'bytes 2-5/6'],
      ['bytes=-2', 't\n', 'bytes 4-5/6'],
      ['bytes=4-99', 't\n', 'bytes 4-5/6'],
    ] as const) {
      const part = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key, Range: range }))
      expect(part.ContentRange, range).toBe(contentRange)
      expect(await part.Body!.transformToString()).toBe(text)
    }
    await expect(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key, Range: 'bytes=6-' }))).rejects.toMatchObject({
      name: 'InvalidRange',
      $metadata: { httpStatusCode: 416 },
    })
  })

  it('works for boto3 with endpoint_url (path-style)', { timeout: 60_000 }, async (ctx) => {
    const [, second] = await delivered()
    const env = awsClientEnv(credentials, 'us-east-1')
    if ((await run('python3', ['-c', 'import boto3'], { env })).code !== 0) ctx.skip() // boto3 is not installed here
    const script = [
      'import boto3, sys',
      `s3 = boto3.client("s3", endpoint_url="${server.url}", region_name="us-east-1")`,
      `keys = [o["Key"] for o in s3.list_objects_v2(Bucket="${BUCKET}")["Contents"]]`,
      `body = s3.get_object(Bucket="${BUCKET}", Key="${second}")["Body"].read().decode()`,
      'print(len(keys), body, end="")',
    ].join('\n')
    const result = await run('python3', ['-c', script], { env, timeout: 30_000 })
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toBe('2 second\n')
  })

  // The AWS CLI takes a second or two to start, twice.
  it('works for `aws s3 ls` and `aws s3 cp s3://… -`', { timeout: 60_000 }, async () => {
    const keys = await delivered()
    const env = awsClientEnv(credentials, 'us-east-1')
    const ls = await run('aws', ['--endpoint-url', server.url, 's3', 'ls', `s3://${BUCKET}/`, '--recursive'], { env, timeout: 30_000 })
    expect(ls.code, ls.stderr).toBe(0)
    for (const key of keys) expect(ls.stdout).toContain(key)
    const cp = await run('aws', ['--endpoint-url', server.url, 's3', 'cp', `s3://${BUCKET}/${keys[1]}`, '-'], { env, timeout: 30_000 })
    expect(cp.code, cp.stderr).toBe(0)
    expect(cp.stdout).toBe('second\n')
  })
})

describe('the control API', () => {
  const call = (route: string, init: RequestInit = {}, url = server.url) =>
    fetch(`${url}/_firehose-msw/${route}`, init).then(async (r) => ({ status: r.status, body: (await r.json()) as any }))
  const post = (route: string, body: unknown) => call(route, { method: 'POST', body: JSON.stringify(body) })

  it('adds, lists and removes fault rules, which AWS calls then meet', async () => {
    const firehose = firehoseClient('us-east-1', { endpoint: server.url })
    const { CreateDeliveryStreamCommand, ListDeliveryStreamsCommand } = await import('@aws-sdk/client-firehose')
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('orders')))
    const added = await post('faults', { operation: 'ListDeliveryStreams', error: 'ServiceUnavailableException', times: 1 })
    expect(added).toEqual({
      status: 200,
      body: { id: expect.any(String), rule: { operation: 'ListDeliveryStreams', error: 'ServiceUnavailableException', times: 1 }, hits: 0 },
    })
    await expect(firehose.send(new ListDeliveryStreamsCommand({}))).rejects.toMatchObject({ name: 'ServiceUnavailableException' })
    expect((await call('faults')).body.faults).toEqual([{ ...added.body, hits: 1 }])
    const second = await post('faults', { operation: 'ListDeliveryStreams', error: 'LimitExceededException' })
    expect((await call(`faults/${second.body.id}`, { method: 'DELETE' })).status).toBe(200)
    await expect(firehose.send(new ListDeliveryStreamsCommand({}))).resolves.toMatchObject({ DeliveryStreamNames: ['orders'] })
    expect((await post('faults', { operation: 'PutRecord', nonsense: 1 })).status).toBe(400)
    expect((await call('faults/999', { method: 'DELETE' })).status).toBe(404)
    expect((await call('faults', { method: 'DELETE' })).body).toEqual({ ok: true })
    expect((await call('faults')).body).toEqual({ faults: [] })
  })

  it('answers health, and the deliveries and grants of the inspection API', async () => {
    expect(await call('health')).toEqual({ status: 200, body: { ok: true, now: expect.any(Number) } })
    const firehose = firehoseClient('us-east-1', { endpoint: server.url })
    const { CreateDeliveryStreamCommand } = await import('@aws-sdk/client-firehose')
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('orders')))
    await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'orders', Records: [{ Data: bytes('one\n') }] }))
    await post('flush?stream=orders', {})
    const { body } = await call('deliveries?stream=orders')
    expect(body.deliveries).toHaveLength(1)
    expect(Buffer.from(body.deliveries[0].data, 'base64').toString('utf8')).toBe('one\n')
    expect((await call('deliveries')).status).toBe(400)
    expect(await call('grants')).toEqual({ status: 200, body: { grants: [] } })
    expect(await call('dropped-records?stream=orders')).toEqual({ status: 200, body: { dropped: 0 } })
    expect(await call('identity-pools')).toEqual({ status: 200, body: { pools: [] } })
    expect((await call('identities?pool=us-east-1:00000000-0000-4000-8000-000000000000')).status).toBe(400)
  })

  it('needs the control token when one is set, and one to listen beyond loopback', async () => {
    const guarded = await startServer({ port: 0, timing: 'instant', controlToken: 'sesame' })
    try {
      expect((await call('streams', {}, guarded.url)).status).toBe(401)
      expect((await call('streams', { headers: { authorization: 'Bearer wrong' } }, guarded.url)).status).toBe(401)
      expect(await call('streams', { headers: { authorization: 'Bearer sesame' } }, guarded.url)).toEqual({
        status: 200,
        body: { streams: [] },
      })
    } finally {
      await guarded.close(0)
    }
    await expect(startServer({ port: 0, host: '0.0.0.0' })).rejects.toThrow(/exposes the control API.*controlToken/)
  })
})

describe('retention of delivered objects, and closing', () => {
  it('keeps the newest maxObjectsPerStream objects of each stream', async () => {
    const capped = await startServer({ port: 0, timing: 'instant', retention: { maxObjectsPerStream: 2 } })
    try {
      const firehose = firehoseClient('us-east-1', { endpoint: capped.url })
      const { CreateDeliveryStreamCommand } = await import('@aws-sdk/client-firehose')
      await firehose.send(new CreateDeliveryStreamCommand(s3Stream('orders')))
      for (const text of ['1\n', '2\n', '3\n']) {
        await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'orders', Records: [{ Data: bytes(text) }] }))
        await control(capped.url, 'POST', 'flush?stream=orders')
      }
      const kept = await capped.mock.firehose.deliveries('orders')
      expect(kept.map((o) => Buffer.from(o.data).toString('utf8'))).toEqual(['2\n', '3\n'])
      const listed = await fetch(`${capped.url}/${BUCKET}?list-type=2`).then((r) => r.text())
      expect(listed.match(/<Key>/g)).toHaveLength(2)
    } finally {
      await capped.close(0)
    }
  })

  it('close() lets a request in flight finish before the port closes', async () => {
    const closing = await startServer({ port: 0, timing: 'instant' })
    const slow = closing.mock.faults.add({ operation: 'ListDeliveryStreams', delayMs: 200 })
    const answer = fetch(`${closing.url}/`, {
      method: 'POST',
      headers: { ...JSON_CALL, 'x-amz-target': 'Firehose_20150804.ListDeliveryStreams' },
      body: '{}',
    })
    // The call is in flight once its fault rule has met it (it then waits 200 ms to answer).
    await expect.poll(() => slow.hits).toBe(1)
    const closed = closing.close()
    expect((await answer).status).toBe(200)
    await closed
  })
})

describe('what Node cannot parse as HTTP', () => {
  /** Sends raw bytes on a fresh connection; resolves with everything the server wrote before closing. */
  const raw = (bytes: string) =>
    new Promise<string>((resolve, reject) => {
      const { hostname, port } = new URL(server.url)
      const socket = connect(Number(port), hostname, () => socket.write(bytes))
      let out = ''
      socket.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')))
      socket.on('close', () => resolve(out))
      socket.on('error', reject)
    })

  it('is answered in the XML error form with the status HTTP gives it, then the connection closes', async () => {
    for (const bytes of ['BREW / HTTP/1.1\r\nHost: x\r\n\r\n', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n']) {
      const answer = await raw(bytes)
      expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/)
      expect(answer).toMatch(/\r\nx-amzn-ErrorType: BadRequest\r\n/)
      expect(answer).toMatch(/\r\n\r\n<Error><Code>BadRequest<\/Code><Message>The request is not valid HTTP\/1\.1 \(HPE_/)
    }
    const huge = await raw(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)
    expect(huge).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/)
    // The server still answers.
    expect((await fetch(`${server.url}/_firehose-msw/health`)).status).toBe(200)
  })
})

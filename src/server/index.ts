/**
 * firehose-msw/server (Node only): the very same handlers served over real HTTP, so any AWS
 * client — the AWS CLI, boto3, the Java SDK — can use the mock with an endpoint URL. Both
 * services answer on one port (routed by X-Amz-Target); the region comes from the SigV4 scope.
 * A small JSON control API lives under /_firehose-msw/, a path AWS never uses.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { composeMock } from '../mock'
import { checkWrapperOptions } from '../options'
import type { FirehoseMock, FirehoseMockOptions } from '../types'
import { encodeBase64 } from '../protocol/base64'
import { FirehoseMswError } from '../protocol/aws-error'
import type { AwsCall, AwsProtocol, WireRequest } from '../protocol/handler'
import type { Fixture } from '../fixtures'

/** The service a request's `X-Amz-Target` prefix names, for the request log. */
const SERVICE_OF_TARGET = new Map([
  ['TrentService', 'kms'],
  ['AWSCognitoIdentityService', 'cognito'],
  ['GraniteServiceVersion20100801', 'cloudwatch'],
])

/**
 * What the request log says of a call: what the protocol layer read of it, then what its
 * `X-Amz-Target` names; the stream from the validated input, or for a call refused before that,
 * from the body (parsed only then, and only for the log).
 */
function logEntry(call: Partial<AwsCall>, body: Buffer): Pick<RequestLogEntry, 'service' | 'operation' | 'streamName'> {
  const [prefix = '', named = ''] = (call.request?.headers.get('x-amz-target') ?? '').split('.')
  let input = call.input
  if (input === undefined && prefix) {
    try {
      input = JSON.parse(body.toString('utf8'))
    } catch {
      // not JSON: no stream to name
    }
  }
  const streamName = (input as { DeliveryStreamName?: unknown } | null | undefined)?.DeliveryStreamName
  return {
    service: call.service ?? SERVICE_OF_TARGET.get(prefix) ?? (prefix.startsWith('Firehose') ? 'firehose' : 'unknown'),
    operation: call.operation ?? named,
    ...(typeof streamName === 'string' ? { streamName } : {}),
  }
}

export interface ServerOptions extends Omit<FirehoseMockOptions, 'endpoints' | 'now'> {
  /** default 4566; 0 picks a free port */
  port?: number
  /** default '127.0.0.1' */
  host?: string
  /** Called once per AWS request after it is answered. */
  onRequest?: (entry: RequestLogEntry) => void
}

export interface RequestLogEntry {
  service: string
  operation: string
  streamName?: string
  status: number
  ms: number
}

export interface RunningServer {
  /** e.g. 'http://127.0.0.1:4566' */
  url: string
  mock: FirehoseMock
  /** Moves the mock's clock forward (the control API's /clock/advance does the same). */
  advanceClock(ms: number): void
  close(): Promise<void>
}

const CONTROL = '/_firehose-msw/'

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** A request as the protocol layer reads it, straight from Node's message (no Fetch objects per call). */
function wireRequest(req: IncomingMessage, url: string, body: Buffer): WireRequest {
  const get = (name: string): string | null => {
    const value = req.headers[name.toLowerCase()]
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value
  }
  return {
    method: req.method ?? 'GET',
    url,
    headers: { get, has: (name) => get(name) !== null },
    bytes: async () => body,
    peekText: async () => body.toString('utf8'),
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

/**
 * Starts the mock as an HTTP server.
 * @example
 * const { url, close } = await startServer({ port: 0, timing: 'instant' })
 * new FirehoseClient({ region: 'us-east-1', endpoint: url })
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  checkWrapperOptions(options, 'start the server', ['port', 'host', 'onRequest'], ['endpoints', 'now'])
  const { port = 4566, host = '127.0.0.1', onRequest, ...mockOptions } = options
  let offset = 0
  const now = (): number => Date.now() + offset
  let mock: FirehoseMock | undefined
  let serve: AwsProtocol['serve'] | undefined
  let base = ''

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { message: String(error) })
      else res.end()
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!
    const body = await readBody(req)
    if (path.startsWith(CONTROL)) return control(path.slice(CONTROL.length), new URL(req.url ?? '/', base), body, req.method ?? 'GET', res)
    const started = performance.now()
    // The URL is the server's own base whatever Host the client sent, so the endpoint is matched.
    const served = await serve!(wireRequest(req, base + (req.url ?? '/'), body))
    if (!served) {
      sendJson(res, 404, { message: `No AWS operation at ${req.method} ${path}: send AWS JSON 1.1 requests (POST /, X-Amz-Target).` })
      return
    }
    const { status, headers, body: out } = served.answer
    const length = out === null ? 0 : typeof out === 'string' ? Buffer.byteLength(out) : out.length
    headers['content-length'] = String(length)
    res.writeHead(status, headers)
    res.end(out ?? undefined)
    // A browser's CORS preflight is no AWS call: the log shows the call that follows it.
    if (onRequest && served.call.request) onRequest({ ...logEntry(served.call, body), status, ms: performance.now() - started })
  }

  async function control(route: string, url: URL, body: Uint8Array, method: string, res: ServerResponse): Promise<void> {
    const scope = {
      region: url.searchParams.get('region') ?? undefined,
      accountId: url.searchParams.get('accountId') ?? undefined,
    }
    const json = (): Record<string, unknown> => {
      const text = new TextDecoder().decode(body).trim()
      const parsed: unknown = text ? JSON.parse(text) : {}
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new FirehoseMswError('The request body must be a JSON object')
      }
      return parsed as Record<string, unknown>
    }
    try {
      if (method === 'POST' && route === 'reset') {
        mock!.reset()
        return sendJson(res, 200, { ok: true })
      }
      if (method === 'POST' && route === 'fixtures') {
        mock!.load(json() as Fixture)
        return sendJson(res, 200, { ok: true })
      }
      if (method === 'POST' && route === 'clock/advance') {
        const ms = Number(json().ms)
        if (!Number.isFinite(ms) || ms < 0) return sendJson(res, 400, { message: 'Body must be {"ms": <milliseconds ≥ 0>}' })
        offset += ms
        return sendJson(res, 200, { now: now() })
      }
      if (method === 'GET' && route === 'clock') return sendJson(res, 200, { now: now() })
      if (method === 'GET' && route === 'streams') return sendJson(res, 200, { streams: mock!.firehose.streamNames(scope) })
      if (method === 'GET' && route === 'records') {
        const stream = url.searchParams.get('stream')
        if (!stream) return sendJson(res, 400, { message: 'Query parameter "stream" is required' })
        const records = mock!.firehose.records(stream, scope).map((r) => ({ ...r, data: encodeBase64(r.data) }))
        return sendJson(res, 200, { records })
      }
      if (method === 'GET' && route === 'keys') return sendJson(res, 200, { keys: mock!.kms.keys(scope) })
      if (method === 'GET' && route === 'invocations') {
        const stream = url.searchParams.get('stream')
        if (!stream) return sendJson(res, 400, { message: 'Query parameter "stream" is required' })
        return sendJson(res, 200, { invocations: mock!.firehose.invocations(stream, scope) })
      }
      if (method === 'GET' && route === 'http-deliveries') {
        const stream = url.searchParams.get('stream')
        if (!stream) return sendJson(res, 400, { message: 'Query parameter "stream" is required' })
        return sendJson(res, 200, { deliveries: await mock!.firehose.httpDeliveries(stream, scope) })
      }
      if (method === 'POST' && route === 'flush') {
        await mock!.firehose.flush(url.searchParams.get('stream') ?? undefined, scope)
        return sendJson(res, 200, { ok: true })
      }
      if (method === 'GET' && route === 'metrics') {
        const name = url.searchParams.get('name')
        if (!name) return sendJson(res, 400, { message: 'Query parameter "name" is required' })
        const stream = url.searchParams.get('stream') ?? undefined
        const namespace = url.searchParams.get('namespace') ?? undefined
        return sendJson(res, 200, { datapoints: mock!.cloudwatch.datapoints(name, { ...scope, stream, namespace }) })
      }
      return sendJson(res, 404, { message: `Unknown control route: ${method} ${CONTROL}${route}` })
    } catch (error) {
      const status = error instanceof FirehoseMswError || error instanceof SyntaxError ? 400 : 500
      return sendJson(res, status, { message: (error as Error).message })
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const address = server.address() as AddressInfo
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
  base = `http://${shownHost}:${address.port}`
  try {
    ;({ mock, serve } = composeMock({ ...mockOptions, now, endpoints: [base] }))
  } catch (error) {
    server.close()
    throw error
  }
  return {
    url: base,
    mock,
    advanceClock: (ms) => {
      offset += ms
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}

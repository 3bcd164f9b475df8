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
import type { Fixture, FirehoseMock, FirehoseMockOptions } from '../types'
import { serverErrors, unknownOperationError } from '../protocol/catalog'
import type { AwsCall, WireAnswer } from '../protocol/handler'
import { jsonError } from '../protocol/response'
import { CONTROL, control, sendJson, type ControlContext } from './control'
import { FirehoseMswError } from '../protocol/aws-error'
import { corsPolicy, preflightAnswer, withCors } from './cors'
import {
  DEFAULT_MAX_BODY_BYTES,
  fromResponse,
  notACallAnswer,
  rawErrorAnswer,
  readBody,
  tooLargeAnswer,
  wireRequest,
  writeAnswer,
} from './http'
import { forFetch, s3Url } from './s3'

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
function logEntry(call: Partial<AwsCall>, target: string, body?: Buffer): Pick<RequestLogEntry, 'service' | 'operation' | 'streamName'> {
  const [prefix = '', named = ''] = target.split('.')
  let input = call.input
  if (input === undefined && prefix && body) {
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
  /** Called once per answered request (AWS calls, S3 reads, requests that are no call), not for control or preflight requests. */
  onRequest?: (entry: RequestLogEntry) => void
  /** Bodies over this many bytes are refused (413 RequestEntityTooLargeException) unread. Default 16 MiB. */
  maxBodyBytes?: number
  /** Browser origins that may call (CORS). Default: loopback origins on any port; `['*']`: any origin. */
  corsOrigins?: string[]
  /** Open connections over this many are answered 503 ServiceUnavailableException. Default 1,024. */
  maxConnections?: number
  /**
   * Required as `Authorization: Bearer <token>` by the control API (it can read and reset all state).
   * Required to listen on a host other than a loopback address.
   */
  controlToken?: string
  /** A snapshot (`aws.snapshot()`) to start from, in place of the seeds; `reset()` goes back to the seeds. */
  state?: Fixture
}

export interface RequestLogEntry {
  service: string
  operation: string
  streamName?: string
  status: number
  /** The exception an error answer names (`x-amzn-ErrorType`, or S3's error code). */
  error?: string
  ms: number
}

export interface RunningServer {
  /** e.g. 'http://127.0.0.1:4566' */
  url: string
  mock: FirehoseMock
  /** Moves the mock's clock forward (the control API's /clock/advance does the same). */
  advanceClock(ms: number): void
  /** Stops taking connections, lets requests in flight finish (at most `graceMs`, default 5 s), then closes. */
  close(graceMs?: number): Promise<void>
}

const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/

/** `/` for AWS JSON and Query; RPC v2 CBOR calls name the operation in the path (as the protocol layer matches). */
const CALL_PATH = /^\/(?:service\/[^/]+\/operation\/[^/]+)?$/

/** The S3 operation a GET or HEAD reads, for the log. */
const s3Operation = (method: string, key: string): string => (method === 'HEAD' ? 'HeadObject' : key ? 'GetObject' : 'ListObjectsV2')

/** The error an answer names: its x-amzn-ErrorType, or S3's <Code>. */
function errorOf({ status, headers, body }: WireAnswer): string | undefined {
  if (status < 400) return undefined
  const named = headers['x-amzn-ErrorType'] ?? headers['x-amzn-errortype']
  if (named) return named
  const text = typeof body === 'string' ? body : body ? Buffer.from(body).toString('utf8') : ''
  return /<Code>([^<]+)<\/Code>/.exec(text)?.[1]
}

/**
 * Starts the mock as an HTTP server.
 * @example
 * const { url, close } = await startServer({ port: 0, timing: 'instant' })
 * new FirehoseClient({ region: 'us-east-1', endpoint: url })
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const own = ['port', 'host', 'onRequest', 'maxBodyBytes', 'corsOrigins', 'maxConnections', 'controlToken', 'state']
  checkWrapperOptions(options, 'start the server', own, ['endpoints', 'now'])
  const { port = 4566, host = '127.0.0.1', onRequest, maxBodyBytes = DEFAULT_MAX_BODY_BYTES, maxConnections = 1024, ...rest } = options
  const { corsOrigins, controlToken, state, ...mockOptions } = rest
  if (!LOOPBACK_HOST.test(host) && !controlToken) {
    throw new FirehoseMswError(
      `Failed to start the server: listening on ${host} exposes the control API (it can read and reset all state); set controlToken (--control-token)`,
    )
  }
  const faults: ControlContext['faults'] = new Map()
  const cors = corsPolicy(corsOrigins)
  let offset = 0
  const now = (): number => Date.now() + offset
  let doors: ReturnType<typeof composeMock> | undefined
  let base = ''
  let open = 0

  // Slow clients (headers or bodies dribbled in) are cut off; idle keep-alive connections close after 5 s.
  const server = createServer({ headersTimeout: 10_000, requestTimeout: 60_000, connectionsCheckingInterval: 1_000 }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { message: String(error) })
      else res.end()
    })
  })
  server.keepAliveTimeout = 5_000
  // Past the cap a connection still gets its 503; far past it, Node refuses the connection itself.
  server.maxConnections = maxConnections * 2
  server.on('connection', (socket) => {
    open++
    socket.once('close', () => open--)
  })
  // What Node's HTTP parser refuses (a bad request line, a bad Content-Length, headers over 16 KiB, a
  // client too slow) still gets an answer in the XML error form, before the connection closes.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return void socket.destroy()
    socket.end(rawErrorAnswer(error.code))
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!
    const method = req.method ?? 'GET'
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined
    const allowOrigin = cors(origin)
    if (method === 'OPTIONS') return writeAnswer(res, preflightAnswer(req, allowOrigin))
    const started = performance.now()
    const finish = (answer: WireAnswer, entry: Pick<RequestLogEntry, 'service' | 'operation' | 'streamName'>, close = false): void => {
      // Without an Origin no browser is asking: the answer keeps AWS's own CORS headers.
      writeAnswer(res, origin === undefined ? answer : withCors(answer, allowOrigin), close)
      const error = errorOf(answer)
      onRequest?.({ ...entry, status: answer.status, ...(error ? { error } : {}), ms: performance.now() - started })
    }
    const target = typeof req.headers['x-amz-target'] === 'string' ? req.headers['x-amz-target'] : ''
    const targeted = (): Pick<RequestLogEntry, 'service' | 'operation'> => logEntry({}, target)
    if (open > maxConnections) {
      const busy = serverErrors.error('ServiceUnavailableException', `Too many connections (over ${maxConnections}): try again.`)
      return finish(jsonError(busy), targeted(), true)
    }
    const body = await readBody(req, maxBodyBytes)
    if (!Buffer.isBuffer(body)) return finish(tooLargeAnswer(body.tooLarge, maxBodyBytes), targeted(), true)
    if (path.startsWith(CONTROL)) {
      if (controlToken && req.headers.authorization !== `Bearer ${controlToken}`) {
        return sendJson(res, 401, { message: "The control API needs the header Authorization: Bearer <the server's control token>" })
      }
      const context = { mock: doors!.mock, now, advance: (ms: number) => (offset += ms), faults }
      return control(context, path.slice(CONTROL.length), new URL(req.url ?? '/', base), body, method, res)
    }
    if (method === 'GET' || method === 'HEAD') {
      const s3 = s3Url(req, path)
      const response = s3 && (await doors!.serveS3(new Request(s3.url, { method, headers: forFetch(req) })))
      if (s3 && response) return finish(await fromResponse(response), { service: 's3', operation: s3Operation(method, s3.key) })
    }
    // The URL is the server's own base whatever Host the client sent, so the endpoint is matched.
    const served = method === 'POST' ? await doors!.serve(wireRequest(req, base + (req.url ?? '/'), body)) : undefined
    if (served) return finish(served.answer, logEntry(served.call, target, body))
    if (method === 'POST' && CALL_PATH.test(path)) return finish(jsonError(unknownOperationError()), targeted())
    return finish(notACallAnswer(), { service: 'unknown', operation: `${method} ${path}` })
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const address = server.address() as AddressInfo
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
  base = `http://${shownHost}:${address.port}`
  try {
    // No call log unless asked for: nothing reads it over HTTP, and a long-running server would keep every request.
    const retention = { maxCalls: 0, ...mockOptions.retention }
    doors = composeMock({ ...mockOptions, retention, now, endpoints: [base] }, state && [state])
  } catch (error) {
    server.close()
    throw error
  }
  return {
    url: base,
    mock: doors.mock,
    advanceClock: (ms) => {
      offset += ms
    },
    close: (graceMs = 5_000) =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeIdleConnections()
        setTimeout(() => server.closeAllConnections(), graceMs).unref()
      }),
  }
}

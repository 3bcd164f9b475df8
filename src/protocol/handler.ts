/**
 * The AWS protocols' entry: matches the service hosts (and any custom endpoints), routes on
 * `X-Amz-Target` (AWS JSON) — or, for a service that also speaks them, on the form's `Action`
 * (AWS Query) or the `/service/…/operation/…` path (RPC v2 CBOR), whose codecs load on first use —
 * reads and validates the input, and answers every outcome — success, AwsError, or an unexpected
 * failure — as AWS would. Nothing thrown here ever reaches MSW. Two doors lead to the same
 * `answer`: MSW handlers (Fetch Request → Response), and `serve` for the standalone server, which
 * reads its sockets without building Fetch objects.
 */
import { http, type HttpHandler } from 'msw'
import { AwsError } from './aws-error'
import { internalFailure, serializationError, unknownOperationError } from './catalog'
import { regionFromAuthorization, regionFromHost, serviceHostPattern } from './endpoints'
import type { ServiceName, ServiceProtocol, WireAnswer, WireCodec, WireRequest } from './codec'
import { jsonError, jsonResult, preflight, toResponse } from './response'
import { decodeUtf8 } from './base64'
import { readInput } from './shapes'

export type { ServiceModel, ServiceName, ServiceProtocol, WireAnswer, WireRequest } from './codec'

/** A parsed, validated call, handed to the mock. */
export interface AwsCall {
  service: ServiceName
  operation: string
  region: string
  input: unknown
  request: WireRequest
  /** The caller's account, when `authenticate` established it. */
  accountId?: string
  /** The caller's IAM principal (an ARN), when `authenticate` established one. */
  principal?: string
}

export interface AwsHandlersOptions {
  services: ServiceProtocol[]
  endpoints?: string[]
  /** Runs the operation; returns its output or throws an AwsError. */
  dispatch: (call: AwsCall) => unknown
  /**
   * Checks the caller before anything else (opt-in SigV4); returns the caller's account and
   * principal, or throws the AwsError to answer.
   */
  authenticate?: (
    request: WireRequest,
    body: Uint8Array,
    signingName: string,
    hostRegion: string | undefined,
  ) => Promise<{ accountId?: string; principal?: string }>
  /** Told the `hint` an AwsError carries (a likely cause AWS's answer does not name) before it is answered unchanged. Must not throw. */
  onHint?: (hint: string) => Promise<void>
  /** Receives unexpected (non-AWS) errors, which are answered as InternalFailure. */
  onUnexpectedError?: (error: unknown, call: Partial<AwsCall>) => void
  /** Told every answer to a routed call (service and operation known): its output, or the AWS error the client receives. Must not throw. */
  onAnswered?: (call: Partial<AwsCall> & Pick<AwsCall, 'service' | 'operation'>, output: unknown, error?: AwsError) => void
}

const DEFAULT_REGION = 'us-east-1'

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Parses the JSON body; an empty body or `null` is an empty input, anything unparsable is a SerializationException. */
function parseJsonBody(bytes: Uint8Array): unknown {
  const text = decodeUtf8(bytes)
  if (text.trim() === '') return {}
  try {
    const parsed: unknown = JSON.parse(text)
    return parsed === null ? {} : parsed
  } catch {
    throw serializationError()
  }
}

const jsonCodec: WireCodec = {
  async route(request, candidates) {
    const target = request.headers.get('x-amz-target') ?? ''
    const service = candidates.find((s) => target.startsWith(s.targetPrefix))
    return service && { service, operation: target.slice(service.targetPrefix.length) }
  },
  input: parseJsonBody,
  result: jsonResult,
  error: jsonError,
}

/** The codec of a request that is not AWS JSON, loaded on first use. */
function otherCodec(request: WireRequest): Promise<WireCodec> | undefined {
  if (request.headers.get('smithy-protocol') === 'rpc-v2-cbor') return import('./cbor').then((m) => m.cborCodec)
  const form = /^application\/x-www-form-urlencoded/i.test(request.headers.get('content-type') ?? '')
  if (form && !request.headers.has('x-amz-target')) return import('./query').then((m) => m.queryCodec)
  return undefined
}

/** `/` for AWS JSON and Query; RPC v2 CBOR calls name the operation in the path. */
const PATHS = '(?:/?|/service/[^/]+/operation/[^/?#]+)'

/** A Fetch `Request` as the protocol layer reads it. */
const fromFetch = (request: Request): WireRequest => ({
  method: request.method,
  url: request.url,
  headers: request.headers,
  bytes: async () => new Uint8Array(await request.arrayBuffer()),
  peekText: () => request.clone().text(),
})

/** An answer, with the call it answered as far as it was read (for a request log). */
export interface Served {
  answer: WireAnswer
  call: Partial<AwsCall>
}

export interface AwsProtocol {
  handlers: HttpHandler[]
  /**
   * Answers a POST to one of the custom `endpoints` (what their handlers do, without MSW's Fetch
   * objects), or undefined when it is no AWS call there. CORS preflights are the server's own.
   */
  serve(request: WireRequest): Promise<Served | undefined>
}

/** Creates the MSW handlers for the given services, and the server's door to the same answers. */
export function createAwsProtocol(options: AwsHandlersOptions): AwsProtocol {
  const { services, dispatch } = options

  const answer = async (
    request: WireRequest,
    candidates: ServiceProtocol[],
    hostRegion: string | undefined,
    fallThrough: boolean,
  ): Promise<Served | undefined> => {
    const call: Partial<AwsCall> = { request }
    let codec = jsonCodec
    let service: ServiceProtocol | undefined
    try {
      codec = (await otherCodec(request)) ?? jsonCodec
      const routed = await codec.route(request, candidates)
      if (!routed && fallThrough) return undefined
      if (!routed) throw unknownOperationError()
      service = routed.service
      const { operation } = routed
      call.service = service.name
      call.operation = operation
      call.region = hostRegion ?? regionFromAuthorization(request.headers.get('authorization'))
      const bytes = await request.bytes()
      if (options.authenticate && !service.unsignedOperations?.includes(operation)) {
        Object.assign(call, await options.authenticate(request, bytes, service.endpointPrefix, hostRegion))
      }
      const model = typeof service.model === 'function' ? await service.model() : service.model
      const inputShape = Object.prototype.hasOwnProperty.call(model.operationInputs, operation)
        ? model.operationInputs[operation]
        : undefined
      if (inputShape === undefined) throw codec.unknownOperation?.(operation) ?? unknownOperationError()
      // The input as sent, until the model has read it (a call it refuses is logged with that).
      call.input = codec.input(bytes, model, inputShape)
      call.input = readInput(model.shapes, inputShape, call.input, bytes.length)
      call.region ??= service.regionOfInput?.(call.input) ?? DEFAULT_REGION
      const output = await dispatch(call as AwsCall)
      const answered = codec.result(output, service, operation, model)
      told(call, output)
      return { answer: answered, call }
    } catch (error) {
      let failure = error
      if (!(error instanceof AwsError)) {
        options.onUnexpectedError?.(error, call)
        failure = internalFailure()
      }
      const { hint } = failure as { hint?: string }
      if (hint) await options.onHint?.(hint)
      told(call, undefined, failure as AwsError)
      return { answer: codec.error(failure as AwsError, service), call }
    }
  }
  const told = (call: Partial<AwsCall>, output: unknown, error?: AwsError): void => {
    if (call.operation !== undefined)
      options.onAnswered?.(call as Parameters<NonNullable<AwsHandlersOptions['onAnswered']>>[0], output, error)
  }
  const respond = (answer: WireAnswer | undefined): Response | undefined => answer && toResponse(answer)

  const hosts = services.map((service) => serviceHostPattern(service.endpointPrefix, PATHS))
  const handlers: HttpHandler[] = services.map((service, i) =>
    http.post(hosts[i]!, ({ request }) =>
      answer(fromFetch(request), [service], regionFromHost(request.url, service.endpointPrefix), false).then((served) =>
        respond(served?.answer),
      ),
    ),
  )
  const endpoints = (options.endpoints ?? []).map((endpoint) => new RegExp(`^${escapeRegExp(endpoint.replace(/\/+$/, ''))}${PATHS}$`))
  for (const endpoint of endpoints) {
    handlers.push(
      http.post(endpoint, ({ request }) => answer(fromFetch(request), services, undefined, true).then((served) => respond(served?.answer))),
    )
  }
  // A browser's CORS preflight, which an interceptor may pass on to the handlers (MSW 3 does under
  // happy-dom, without the Access-Control-Request-* headers happy-dom meant to send).
  for (const url of [...hosts, ...endpoints]) {
    handlers.push(http.options(url, ({ request }) => respond(preflight(fromFetch(request)))))
  }
  const at = (url: string): boolean => endpoints.some((endpoint) => endpoint.test(url.split(/[?#]/)[0]!))
  return {
    handlers,
    serve: async (request) => (request.method === 'POST' && at(request.url) ? answer(request, services, undefined, true) : undefined),
  }
}

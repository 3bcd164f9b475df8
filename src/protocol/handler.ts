/**
 * The MSW binding of the AWS protocols: matches the service hosts (and any custom endpoints),
 * routes on `X-Amz-Target` (AWS JSON) — or, for a service that also speaks them, on the form's
 * `Action` (AWS Query) or the `/service/…/operation/…` path (RPC v2 CBOR), whose codecs load on
 * first use — reads and validates the input, and answers every outcome — success, AwsError, or an
 * unexpected failure — as AWS would. Nothing thrown here ever reaches MSW.
 */
import { http, type HttpHandler } from 'msw'
import { AwsError } from './aws-error'
import { internalFailure, serializationError, unknownOperationError } from './catalog'
import { regionFromAuthorization, regionFromHost, serviceHostPattern } from './endpoints'
import type { ServiceName, ServiceProtocol, WireCodec } from './codec'
import { toErrorResponse, toPreflightResponse, toResultResponse } from './response'
import { decodeUtf8 } from './base64'
import { readInput } from './shapes'

export type { ServiceModel, ServiceName, ServiceProtocol } from './codec'

/** A parsed, validated call, handed to the mock. */
export interface AwsCall {
  service: ServiceName
  operation: string
  region: string
  input: unknown
  request: Request
  /** The caller's account, when `authenticate` established it. */
  accountId?: string
}

export interface AwsHandlersOptions {
  services: ServiceProtocol[]
  endpoints?: string[]
  /** Runs the operation; returns its output or throws an AwsError. */
  dispatch: (call: AwsCall) => unknown
  /**
   * Checks the caller before anything else (opt-in SigV4); returns the caller's account or throws
   * the AwsError to answer.
   */
  authenticate?: (request: Request, body: Uint8Array, signingName: string, hostRegion: string | undefined) => Promise<string | undefined>
  /** Told the `hint` an AwsError carries (a likely cause AWS's answer does not name) before it is answered unchanged. Must not throw. */
  onHint?: (hint: string) => Promise<void>
  /** Receives unexpected (non-AWS) errors, which are answered as InternalFailure. */
  onUnexpectedError?: (error: unknown, call: Partial<AwsCall>) => void
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
  result: toResultResponse,
  error: toErrorResponse,
}

/** The codec of a request that is not AWS JSON, loaded on first use. */
function otherCodec(request: Request): Promise<WireCodec> | undefined {
  if (request.headers.get('smithy-protocol') === 'rpc-v2-cbor') return import('./cbor').then((m) => m.cborCodec)
  const form = /^application\/x-www-form-urlencoded/i.test(request.headers.get('content-type') ?? '')
  if (form && !request.headers.has('x-amz-target')) return import('./query').then((m) => m.queryCodec)
  return undefined
}

/** `/` for AWS JSON and Query; RPC v2 CBOR calls name the operation in the path. */
const PATHS = '(?:/?|/service/[^/]+/operation/[^/?#]+)'

/** Creates the MSW handlers for the given services. */
export function createAwsHandlers(options: AwsHandlersOptions): HttpHandler[] {
  const { services, dispatch } = options

  const answer = async (request: Request, candidates: ServiceProtocol[], hostRegion: string | undefined, fallThrough: boolean) => {
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
      const bytes = new Uint8Array(await request.arrayBuffer())
      if (options.authenticate && !service.unsignedOperations?.includes(operation)) {
        call.accountId = await options.authenticate(request, bytes, service.endpointPrefix, hostRegion)
      }
      const model = typeof service.model === 'function' ? await service.model() : service.model
      const inputShape = Object.prototype.hasOwnProperty.call(model.operationInputs, operation)
        ? model.operationInputs[operation]
        : undefined
      if (inputShape === undefined) throw codec.unknownOperation?.(operation) ?? unknownOperationError()
      call.service = service.name
      call.operation = operation
      call.input = readInput(model.shapes, inputShape, codec.input(bytes, model, inputShape), bytes.length)
      call.region =
        hostRegion ?? regionFromAuthorization(request.headers.get('authorization')) ?? service.regionOfInput?.(call.input) ?? DEFAULT_REGION
      const output = await dispatch(call as AwsCall)
      return codec.result(output, service, operation, model)
    } catch (error) {
      if (error instanceof AwsError) {
        const { hint } = error as { hint?: string }
        if (hint) await options.onHint?.(hint)
        return codec.error(error, service)
      }
      options.onUnexpectedError?.(error, call)
      return codec.error(internalFailure(), service)
    }
  }

  const hosts = services.map((service) => serviceHostPattern(service.endpointPrefix, PATHS))
  const handlers: HttpHandler[] = services.map((service, i) =>
    http.post(hosts[i]!, ({ request }) => answer(request, [service], regionFromHost(request.url, service.endpointPrefix), false)),
  )
  const endpoints = (options.endpoints ?? []).map((endpoint) => new RegExp(`^${escapeRegExp(endpoint.replace(/\/+$/, ''))}${PATHS}$`))
  for (const endpoint of endpoints) handlers.push(http.post(endpoint, ({ request }) => answer(request, services, undefined, true)))
  // A browser's CORS preflight, which an interceptor may pass on to the handlers (MSW 3 does under
  // happy-dom, without the Access-Control-Request-* headers happy-dom meant to send).
  for (const url of [...hosts, ...endpoints]) {
    handlers.push(http.options(url, ({ request }) => toPreflightResponse(request)))
  }
  return handlers
}

/**
 * The MSW binding of the AWS JSON 1.1 protocol: matches the service hosts (and any custom
 * endpoints), routes on `X-Amz-Target`, reads and validates the input, and answers every
 * outcome — success, AwsError, or an unexpected failure — as AWS would. Nothing thrown here
 * ever reaches MSW.
 */
import { http, type HttpHandler } from 'msw'
import { AwsError } from './aws-error'
import { internalFailure, serializationError, unknownOperationError } from './catalog'
import { regionFromAuthorization, regionFromHost, serviceHostPattern } from './endpoints'
import { toErrorResponse, toPreflightResponse, toResultResponse, type JsonDialect } from './response'
import { readInput, type ShapeRef, type ShapeTable } from './shapes'

export type ServiceName = 'firehose' | 'kms' | 'cognito' | 'cloudwatch'

/** What the protocol layer needs to know of a service. */
export interface ServiceProtocol extends JsonDialect {
  name: ServiceName
  /** `Firehose_20150804.` or `TrentService.` */
  targetPrefix: string
  /** host prefix, also the SigV4 signing name: `firehose`, `kms`, `cognito-identity` */
  endpointPrefix: string
  /** Operations callers send unsigned (Cognito's GetId, GetCredentialsForIdentity, …): `authenticate` does not check them. */
  unsignedOperations?: readonly string[]
  /** The region an unsigned call's input names (a Cognito pool or identity id), for an endpoint whose host names none. */
  regionOfInput?: (input: unknown) => string | undefined
  /** The shape table and operation inputs, or a loader for them (so a service can be split out of the bundle). */
  model: ServiceModel | (() => Promise<ServiceModel>)
}

export interface ServiceModel {
  shapes: ShapeTable
  /** operation name → input shape name */
  operationInputs: Record<string, ShapeRef>
}

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

const utf8 = new TextDecoder()

/** Parses the JSON body; an empty body or `null` is an empty input, anything unparsable is a SerializationException. */
function parseJsonBody(bytes: Uint8Array): unknown {
  const text = utf8.decode(bytes)
  if (text.trim() === '') return {}
  try {
    const parsed: unknown = JSON.parse(text)
    return parsed === null ? {} : parsed
  } catch {
    throw serializationError()
  }
}

/** Creates the MSW handlers for the given services. */
export function createAwsHandlers(options: AwsHandlersOptions): HttpHandler[] {
  const { services, dispatch } = options

  const answer = async (request: Request, candidates: ServiceProtocol[], hostRegion: string | undefined, fallThrough: boolean) => {
    const target = request.headers.get('x-amz-target') ?? ''
    const service = candidates.find((s) => target.startsWith(s.targetPrefix))
    if (!service && fallThrough) return undefined
    const call: Partial<AwsCall> = { request }
    try {
      if (!service) throw unknownOperationError()
      const bytes = new Uint8Array(await request.arrayBuffer())
      const operation = target.slice(service.targetPrefix.length)
      if (options.authenticate && !service.unsignedOperations?.includes(operation)) {
        call.accountId = await options.authenticate(request, bytes, service.endpointPrefix, hostRegion)
      }
      const model = typeof service.model === 'function' ? await service.model() : service.model
      const inputShape = Object.prototype.hasOwnProperty.call(model.operationInputs, operation)
        ? model.operationInputs[operation]
        : undefined
      if (inputShape === undefined) throw unknownOperationError()
      call.service = service.name
      call.operation = operation
      call.input = readInput(model.shapes, inputShape, parseJsonBody(bytes), bytes.length)
      call.region =
        hostRegion ?? regionFromAuthorization(request.headers.get('authorization')) ?? service.regionOfInput?.(call.input) ?? DEFAULT_REGION
      const output = await dispatch(call as AwsCall)
      return toResultResponse(output, service)
    } catch (error) {
      if (error instanceof AwsError) {
        const { hint } = error as { hint?: string }
        if (hint) await options.onHint?.(hint)
        return toErrorResponse(error, service)
      }
      options.onUnexpectedError?.(error, call)
      return toErrorResponse(internalFailure(), service)
    }
  }

  const handlers: HttpHandler[] = services.map((service) =>
    http.post(serviceHostPattern(service.endpointPrefix), ({ request }) =>
      answer(request, [service], regionFromHost(request.url, service.endpointPrefix), false),
    ),
  )
  const endpoints = (options.endpoints ?? []).map((endpoint) => new RegExp(`^${escapeRegExp(endpoint.replace(/\/+$/, ''))}/?$`))
  for (const endpoint of endpoints) handlers.push(http.post(endpoint, ({ request }) => answer(request, services, undefined, true)))
  // A browser's CORS preflight, which an interceptor may pass on to the handlers (MSW 3 does under
  // happy-dom, without the Access-Control-Request-* headers happy-dom meant to send).
  for (const url of [...services.map((service) => serviceHostPattern(service.endpointPrefix)), ...endpoints]) {
    handlers.push(http.options(url, ({ request }) => toPreflightResponse(request)))
  }
  return handlers
}

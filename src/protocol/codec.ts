/**
 * What the protocol layer knows of a service, and the codecs that frame its calls: AWS JSON
 * (handler.ts), and for a service whose clients also speak them, AWS Query (query.ts) and Smithy
 * RPC v2 CBOR (cbor.ts). Every codec reads a request into the input's JSON shape, so validation
 * and the operations are one; each writes outputs and errors its own way.
 */
import type { AwsError } from './aws-error'
import type { ShapeRef, ShapeTable } from './shapes'

/** How a service's JSON answers are framed: AWS JSON 1.0 or 1.1, and for a service that moved from AWS Query, its query error codes. */
export interface JsonDialect {
  jsonVersion?: '1.0' | '1.1'
  /** The AWS Query code of an error (sent in `x-amzn-query-error`, which such clients read first). */
  queryErrorCode?: (code: string) => string
}

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
  /** The API version of the AWS Query the service also answers (the model needs `operationOutputs`). */
  query?: string
  /** The service also answers Smithy RPC v2 CBOR, as `targetPrefix` without its dot (the model needs `operationOutputs`). */
  rpcV2Cbor?: boolean
  /** The shape table and operation inputs, or a loader for them (so a service can be split out of the bundle). */
  model: ServiceModel | (() => Promise<ServiceModel>)
}

export interface ServiceModel {
  shapes: ShapeTable
  /** operation name → input shape name */
  operationInputs: Record<string, ShapeRef>
  /** operation name → output shape, for codecs whose answers follow the model's types */
  operationOutputs?: Record<string, ShapeRef>
}

/**
 * What the protocol layer reads of a request. MSW's Fetch `Request` is adapted to it (handler.ts),
 * and so is the standalone server's `IncomingMessage`, which then needs no Fetch objects per call.
 */
export interface WireRequest {
  readonly method: string
  readonly url: string
  readonly headers: { get(name: string): string | null; has(name: string): boolean }
  /** The body. */
  bytes(): Promise<Uint8Array>
  /** The body as text, leaving it unread for another handler (a form at a custom endpoint may be the app's own). */
  peekText(): Promise<string>
}

/** An answer, before it becomes a Fetch `Response` (MSW) or is written to a socket (the server). */
export interface WireAnswer {
  status: number
  headers: Record<string, string>
  body: string | Uint8Array<ArrayBuffer> | null
}

/** One wire protocol: which service and operation a request names, its input, and how answers are written. */
export interface WireCodec {
  /** The service (of `candidates`) and operation the request names, or undefined when none of them is named. */
  route(request: WireRequest, candidates: ServiceProtocol[]): Promise<{ service: ServiceProtocol; operation: string } | undefined>
  /** The body's input as AWS JSON carries it (readInput validates it next). */
  input(body: Uint8Array, model: ServiceModel, inputShape: ShapeRef): unknown
  result(output: unknown, service: ServiceProtocol, operation: string, model: ServiceModel): WireAnswer
  error(error: AwsError, service: ServiceProtocol | undefined): WireAnswer
  /** The protocol's own error for an operation the service does not have. */
  unknownOperation?: (operation: string) => AwsError
}

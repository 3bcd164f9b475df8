/**
 * Smithy RPC v2 CBOR, which current botocore prefers for CloudWatch when its model lists it: a
 * POST to `/service/<ServiceName>/operation/<Operation>` with a CBOR body, answered in CBOR with
 * the `smithy-protocol: rpc-v2-cbor` header. Timestamps travel as tag 1 (epoch seconds). The body
 * is read into the input's JSON shape, so validation and the operations are the JSON ones.
 * Loaded with the first such request; the codec is the Smithy one the AWS SDK itself uses.
 */
import { cbor, tag, tagSymbol } from '@smithy/core/cbor'
import { encodeBase64 } from './base64'
import { serializationError } from './catalog'
import type { WireAnswer, WireCodec } from './codec'
import { CORS, errorSender, membersOf } from './wire'
import { randomUuid } from './ids'
import type { ShapeRef, ShapeTable } from './shapes'

/** A decoded value as AWS JSON would carry it: tag-1 timestamps as epoch seconds, byte strings as base64. */
function asJson(value: unknown): unknown {
  if (value instanceof Uint8Array) return encodeBase64(value)
  if (Array.isArray(value)) return value.map(asJson)
  if (value !== null && typeof value === 'object') {
    const tagged = value as { [tagSymbol]?: boolean; tag?: number; value?: unknown }
    if (tagged[tagSymbol]) return tagged.tag === 1 ? tagged.value : asJson(tagged.value)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asJson(v)]))
  }
  return value
}

/** An output as the model's CBOR: timestamps tagged (1, epoch seconds as a double); members left undefined dropped. */
function toCbor(table: ShapeTable, ref: ShapeRef, value: unknown): unknown {
  const shape = table[ref]!
  switch (shape.t) {
    case 'S': {
      const out: Record<string, unknown> = {}
      for (const [member, target] of membersOf(shape)) {
        const v = (value as Record<string, unknown>)[member]
        if (v !== undefined) out[member] = toCbor(table, target, v)
      }
      return out
    }
    case 'l':
      return (value as unknown[]).map((item) => toCbor(table, shape.m!, item))
    case 'm':
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toCbor(table, shape.v!, v)]))
    case 'T':
      return tag({ tag: 1, value })
    default:
      return value
  }
}

const answer = (body: unknown, status: number, extra: Record<string, string> = {}): WireAnswer => ({
  status,
  headers: { 'content-type': 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor', 'x-amzn-RequestId': randomUuid(), ...CORS, ...extra },
  body: cbor.serialize(body) as Uint8Array<ArrayBuffer>,
})

export const cborCodec: WireCodec = {
  async route(request, candidates) {
    const [, name, operation] = /\/service\/([^/]+)\/operation\/([^/?#]+)$/.exec(new URL(request.url).pathname) ?? []
    const service = candidates.find((s) => s.rpcV2Cbor && s.targetPrefix === `${name}.`)
    return service && operation ? { service, operation: decodeURIComponent(operation) } : undefined
  },
  input(body) {
    if (body.length === 0) return {}
    try {
      return asJson(cbor.deserialize(body)) ?? {}
    } catch {
      throw serializationError()
    }
  },
  result(output, _service, operation, model) {
    const outputShape = model.operationOutputs?.[operation]
    return answer(outputShape === undefined ? {} : toCbor(model.shapes, outputShape, output ?? {}), 200)
  },
  error(error, service) {
    const body: Record<string, string> = { __type: error.code }
    if (error.hasMessage) body[error.messageKey] = error.message
    const queryCode = service?.queryErrorCode?.(error.code)
    return answer(body, error.status, queryCode ? { 'x-amzn-query-error': `${queryCode};${errorSender(error)}` } : {})
  },
}

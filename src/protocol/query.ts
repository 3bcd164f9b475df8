/**
 * AWS Query, which older clients still speak to a service that moved to JSON (CloudWatch from
 * Debian's botocore 1.29 and AWS CLI): a form-encoded POST naming `Action` and `Version`, answered
 * in XML. The form is read into the input's JSON shape, so validation and the operations are the
 * JSON ones; outputs and errors are written as the model's XML. Loaded with the first such request.
 */
import type { AwsError } from './aws-error'
import { jsonErrors } from './catalog'
import type { ServiceProtocol, WireCodec } from './codec'
import { CORS, errorSender, membersOf } from './wire'
import { randomUuid } from './ids'
import type { ShapeRef, ShapeTable } from './shapes'

const utf8 = new TextDecoder()

/** `2026-12-05T10:00:00Z` (or with milliseconds), as Query clients send timestamps; epoch seconds are accepted too. */
function seconds(text: string): number | string {
  const ms = /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(text)
  return Number.isNaN(ms) ? text : ms / 1000
}

/** The value of `prefix` in the form, as AWS JSON would carry it: `A.member.1`, `M.entry.1.key`, `S.Member`. */
function read(table: ShapeTable, ref: ShapeRef, params: URLSearchParams, keys: string[], prefix: string): unknown {
  const shape = table[ref]!
  const under = (p: string) => keys.some((k) => k === p || k.startsWith(`${p}.`))
  switch (shape.t) {
    case 'S': {
      const out: Record<string, unknown> = {}
      for (const [member, target] of membersOf(shape)) {
        const path = prefix ? `${prefix}.${member}` : member
        if (under(path)) out[member] = read(table, target, params, keys, path)
      }
      return out
    }
    case 'l': {
      const items: unknown[] = []
      for (let i = 1; under(`${prefix}.member.${i}`); i++) items.push(read(table, shape.m!, params, keys, `${prefix}.member.${i}`))
      return items
    }
    case 'm': {
      const out: Record<string, unknown> = {}
      for (let i = 1; under(`${prefix}.entry.${i}`); i++) {
        out[String(params.get(`${prefix}.entry.${i}.key`))] = read(table, shape.v!, params, keys, `${prefix}.entry.${i}.value`)
      }
      return out
    }
  }
  const text = params.get(prefix) ?? ''
  // A value that does not parse is passed on as text: the JSON reader refuses it with AWS's message.
  switch (shape.t) {
    case 'i':
    case 'd':
      return text.trim() !== '' && !Number.isNaN(Number(text)) ? Number(text) : text
    case 'b':
      return text === 'true' ? true : text === 'false' ? false : text
    case 'T':
      return seconds(text)
    default:
      return text
  }
}

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** A double as AWS's XML writes it: `5.0`, `0.25`. */
const double = (value: number): string => (Number.isInteger(value) && Math.abs(value) < 1e7 ? value.toFixed(1) : String(value))

/** `2026-12-05T10:00:00Z`, with milliseconds only when there are some. */
const isoSeconds = (epochSeconds: number): string => new Date(epochSeconds * 1000).toISOString().replace('.000Z', 'Z')

/** One value as the model's XML: structures by member, lists as `<member>`, maps as `<entry><key/><value/></entry>`. */
function xml(table: ShapeTable, ref: ShapeRef, value: unknown): string {
  const shape = table[ref]!
  switch (shape.t) {
    case 'S':
      return membersOf(shape)
        .filter(([member]) => (value as Record<string, unknown>)[member] !== undefined)
        .map(([member, target]) => `<${member}>${xml(table, target, (value as Record<string, unknown>)[member])}</${member}>`)
        .join('')
    case 'l':
      return (value as unknown[]).map((item) => `<member>${xml(table, shape.m!, item)}</member>`).join('')
    case 'm':
      return Object.entries(value as Record<string, unknown>)
        .map(([k, v]) => `<entry><key>${escape(k)}</key><value>${xml(table, shape.v!, v)}</value></entry>`)
        .join('')
    case 'T':
      return isoSeconds(value as number)
    case 'd':
      return double(value as number)
    default:
      return escape(String(value))
  }
}

const headers = (requestId: string) => ({ 'content-type': 'text/xml', 'x-amzn-RequestId': requestId, ...CORS })

/** The XML namespace of a Query service's answers: `http://monitoring.amazonaws.com/doc/2010-08-01/`. */
const namespace = (service: ServiceProtocol | undefined): string =>
  service?.query ? `http://${service.endpointPrefix}.amazonaws.com/doc/${service.query}/` : ''

export const queryCodec: WireCodec = {
  async route(request, candidates) {
    // Read from a copy: a custom endpoint's form that is not an AWS call is left for the app's own handlers.
    const action = new URLSearchParams(await request.peekText()).get('Action')
    const service = candidates.find((s) => s.query)
    return service && action !== null ? { service, operation: action } : undefined
  },
  input(body, model, inputShape) {
    const params = new URLSearchParams(utf8.decode(body))
    return read(model.shapes, inputShape, params, [...params.keys()], '')
  },
  result(output, service, operation, model) {
    const outputShape = model.operationOutputs?.[operation]
    const body = outputShape === undefined ? '' : xml(model.shapes, outputShape, output ?? {})
    const requestId = randomUuid()
    const text =
      `<${operation}Response xmlns="${namespace(service)}"><${operation}Result>${body}</${operation}Result>` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`
    return { status: 200, headers: headers(requestId), body: text }
  },
  error(error: AwsError, service) {
    const code = service?.queryErrorCode?.(error.code) ?? error.code
    const requestId = randomUuid()
    const text =
      `<ErrorResponse xmlns="${namespace(service)}"><Error><Type>${errorSender(error)}</Type><Code>${escape(code)}</Code>` +
      `<Message>${escape(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
    return { status: error.status, headers: headers(requestId), body: text }
  },
  unknownOperation: (operation) => jsonErrors.error('InvalidAction', `The action ${operation} is not valid for this web service.`),
}

/**
 * Reads an operation's JSON input against the service's shape table (generated from AWS's API
 * model) in the two steps AWS takes:
 * 1. deserialize: wrong JSON types and bad base64 → SerializationException; unknown members and
 *    `null`s are dropped; blobs become Uint8Array.
 * 2. validate: required members, lengths, ranges, patterns and enums → one ValidationException
 *    listing every violation in AWS's `N validation error(s) detected: …` form.
 */
import { serializationError, validationError } from './catalog'
import { base64Problem, decodeBase64Into, decodedLength } from './base64'
import { membersOf } from './wire'

/** One shape of the generated table; the short keys keep the browser bundle small. */
export interface ShapeEntry {
  /** s string, i integer/long, d double, b boolean, B blob, T timestamp, D document, l list, m map, S structure */
  t: 's' | 'i' | 'd' | 'b' | 'B' | 'T' | 'D' | 'l' | 'm' | 'S'
  min?: number
  max?: number
  /** pattern as the Smithy model writes it (matched); absent when it is `pd` anchored, `^pd$` */
  p?: string
  /** the pattern as AWS's messages print it, when that differs from `p` (the Smithy model adds anchors) */
  pd?: string
  /** the same pattern rewritten for JavaScript, when the model's text does not compile as is */
  r?: string
  e?: string[]
  /** list member shape */
  m?: ShapeRef
  /** structure members: 'Name' or 'Name=Shape' separated by spaces, '!' before required ones */
  s?: string
  k?: ShapeRef
  v?: ShapeRef
  /** 1: a sensitive value (`smithy.api#sensitive`), or a list or map holding one: messages leave it out */
  h?: 1
}
/** A shape's name (hand-written tables) or index (the generated ones). */
export type ShapeRef = string | number
export type ShapeTable = { readonly [ref: string]: ShapeEntry }

type Json = unknown

const JAVA_NUMBER = 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber'

function typeName(shape: ShapeEntry): string {
  switch (shape.t) {
    case 'b':
      return 'an Boolean'
    case 'i':
      return 'an Integer'
    case 'd':
      return 'an Double'
    case 's':
      return 'an String'
    case 'B':
      return 'a Blob'
    default:
      return 'milliseconds since epoch'
  }
}

/** The `hint` a blob member's SerializationException carries when the bytes came from another realm (see src/hints.ts). */
export const FOREIGN_BLOB = 'foreignBlob'

function wrongContainer(value: object, blob?: boolean): never {
  const error = serializationError(
    Array.isArray(value) ? 'Start of list found where not expected' : 'Start of structure or map found where not expected.',
  )
  // Bytes the SDK did not take for a Uint8Array arrive as `{"0":…}` (or a Buffer's `{"type":"Buffer",…}`).
  // Examined only here, once the request has already failed: valid requests never pay for it.
  if (
    blob &&
    !Array.isArray(value) &&
    ((value as { type?: unknown }).type === 'Buffer' || Object.keys(value).every((k) => /^\d+$/.test(k)))
  ) {
    throw Object.assign(error, { hint: FOREIGN_BLOB })
  }
  throw error
}

/**
 * Where decoded blobs go: slices of one buffer per request, so a 500-record batch costs one
 * allocation instead of 500 (and far less memory per stored record).
 */
export class BlobArena {
  private buffer: Uint8Array | undefined
  private used = 0

  constructor(private readonly capacity: number) {}

  take(length: number): Uint8Array {
    this.buffer ??= new Uint8Array(this.capacity)
    if (this.used + length > this.buffer.length) return new Uint8Array(length)
    const view = this.buffer.subarray(this.used, this.used + length)
    this.used += length
    return view
  }
}

/** Step 1: JSON → typed input, or SerializationException. */
export function deserialize(table: ShapeTable, shapeName: ShapeRef, value: Json, arena?: BlobArena): unknown {
  const shape = table[shapeName]!
  switch (shape.t) {
    case 'S': {
      if (typeof value !== 'object') throw serializationError('Expected null')
      if (Array.isArray(value)) wrongContainer(value)
      const source = value as Record<string, Json>
      const out: Record<string, unknown> = {}
      for (const [member, target] of membersOf(shape)) {
        if (!Object.prototype.hasOwnProperty.call(source, member)) continue
        const v = source[member]
        if (v === null || v === undefined) continue
        out[member] = deserialize(table, target, v, arena)
      }
      return out
    }
    case 'l': {
      if (typeof value !== 'object') throw serializationError('Expected list or null')
      if (!Array.isArray(value)) wrongContainer(value as object)
      const member = shape.m!
      return (value as Json[]).map((item) => (item === null ? null : deserialize(table, member, item, arena)))
    }
    case 'm': {
      if (typeof value !== 'object') throw serializationError('Expected map or null')
      if (Array.isArray(value)) wrongContainer(value)
      // A null-prototype object: keys such as "__proto__" stay plain data.
      const out: Record<string, unknown> = Object.create(null)
      for (const [k, v] of Object.entries(value as Record<string, Json>)) {
        out[k] = v === null ? null : deserialize(table, shape.v!, v, arena)
      }
      return out
    }
    case 'D':
      return value
    default:
      return deserializeScalar(shape, value, arena)
  }
}

function deserializeScalar(shape: ShapeEntry, value: Json, arena?: BlobArena): unknown {
  if (typeof value === 'object' && value !== null) wrongContainer(value, shape.t === 'B')
  const wanted = typeName(shape)
  switch (shape.t) {
    case 's':
      if (typeof value === 'string') return value
      break
    case 'b':
      if (typeof value === 'boolean') return value
      if (typeof value === 'string') throw serializationError(`'${value.toUpperCase()}' can not be converted to ${wanted}`)
      break
    case 'i':
      if (typeof value === 'number') return Math.trunc(value)
      break
    case 'd':
    case 'T':
      if (typeof value === 'number') return value
      break
    case 'B':
      if (typeof value === 'string') {
        // One pass decodes and checks; only a bad text pays for finding out why.
        const out = value.length % 4 === 0 ? (arena?.take(decodedLength(value)) ?? new Uint8Array(decodedLength(value))) : undefined
        if (out && decodeBase64Into(value, out)) return out
        throw serializationError(`'${value}' can not be converted to a Blob: ${base64Problem(value)}`)
      }
      break
  }
  const actual = typeof value === 'number' ? JAVA_NUMBER : typeof value === 'boolean' ? 'class java.lang.Boolean' : 'class java.lang.String'
  throw serializationError(`${actual} can not be converted to ${wanted}`)
}

const MAX_REPORTED = 10
const patternCache = new Map<string, RegExp>()

function matches(shape: ShapeEntry, text: string): boolean {
  const source = shape.r ?? shape.p ?? `^${shape.pd}$`
  let re = patternCache.get(source)
  if (!re) {
    re = new RegExp(source, 'u')
    patternCache.set(source, re)
  }
  return re.test(text)
}

/** How AWS prints a value in a validation message. */
function render(value: unknown): string {
  if (value instanceof Uint8Array) return `java.nio.HeapByteBuffer[pos=0 lim=${value.length} cap=${value.length}]`
  if (Array.isArray(value)) return `[${value.map(render).join(', ')}]`
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}=${render(v)}`)
      .join(', ')}}`
  }
  return String(value)
}

function sizeOf(shape: ShapeEntry, value: unknown): number {
  if (typeof value === 'string') {
    // Smithy counts Unicode code points, not UTF-16 units.
    return /[\uD800-\uDFFF]/.test(value) ? Array.from(value).length : value.length
  }
  if (value instanceof Uint8Array || Array.isArray(value)) return value.length
  return shape.t === 'm' ? Object.keys(value as object).length : 0
}

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1)

/** Step 2: every model constraint; returns the violations in AWS's wording. */
export function collectViolations(table: ShapeTable, shapeName: ShapeRef, value: unknown, path: string, out: string[]): void {
  if (out.length >= MAX_REPORTED) return
  const shape = table[shapeName]!
  const fail = (constraint: string): void => {
    if (out.length < MAX_REPORTED) {
      // As AWS's: a sensitive value is left out (`Value at 'plaintext' failed …`).
      const shown = shape.h ? '' : ` '${render(value)}'`
      out.push(`Value${shown} at '${path}' failed to satisfy constraint: Member must ${constraint}`)
    }
  }
  if (value === null || value === undefined) return
  if ((shape.p ?? shape.pd) !== undefined && typeof value === 'string' && !matches(shape, value)) {
    fail(`satisfy regular expression pattern: ${shape.pd ?? shape.p}`)
  }
  if (shape.t === 's' || shape.t === 'B' || shape.t === 'l' || shape.t === 'm') {
    const size = sizeOf(shape, value)
    if (shape.min !== undefined && size < shape.min) fail(`have length greater than or equal to ${shape.min}`)
    if (shape.max !== undefined && size > shape.max) fail(`have length less than or equal to ${shape.max}`)
  } else if (typeof value === 'number') {
    if (shape.min !== undefined && value < shape.min) fail(`have value greater than or equal to ${shape.min}`)
    if (shape.max !== undefined && value > shape.max) fail(`have value less than or equal to ${shape.max}`)
  }
  if (shape.e !== undefined && !shape.e.includes(value as string)) {
    fail(`satisfy enum value set: [${shape.e.join(', ')}]`)
  }
  const prefix = path ? `${path}.` : ''
  switch (shape.t) {
    case 'S':
      for (const [member, target, required] of membersOf(shape)) {
        const v = (value as Record<string, unknown>)[member]
        const memberPath = prefix + lowerFirst(member)
        if (v === undefined) {
          if (required && out.length < MAX_REPORTED) {
            out.push(`Value null at '${memberPath}' failed to satisfy constraint: Member must not be null`)
          }
          continue
        }
        collectViolations(table, target, v, memberPath, out)
      }
      break
    case 'l':
      ;(value as unknown[]).forEach((item, i) => {
        const itemPath = `${prefix.slice(0, -1)}.${i + 1}.member`
        if (item === null) {
          if (out.length < MAX_REPORTED) out.push(`Value null at '${itemPath}' failed to satisfy constraint: Member must not be null`)
        } else collectViolations(table, shape.m!, item, itemPath, out)
      })
      break
    case 'm':
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        collectViolations(table, shape.k!, k, `${prefix}${k}.key`, out)
        if (v !== null) collectViolations(table, shape.v!, v, `${prefix}${k}.value`, out)
      }
      break
  }
}

/** Deserializes and validates an operation input; throws the AWS error for the first failing step. */
export function readInput<T>(table: ShapeTable, shapeName: ShapeRef, body: unknown, bodyBytes?: number): T {
  // Decoded blobs are at most 3/4 of the base64 text, which is at most the body.
  const arena = bodyBytes !== undefined && bodyBytes > 0 ? new BlobArena(Math.ceil((bodyBytes * 3) / 4)) : undefined
  const input = deserialize(table, shapeName, body, arena)
  const violations: string[] = []
  collectViolations(table, shapeName, input, '', violations)
  if (violations.length > 0) {
    const n = violations.length
    throw validationError(`${n} validation error${n > 1 ? 's' : ''} detected: ${violations.join('; ')}`)
  }
  return input as T
}

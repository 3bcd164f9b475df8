/**
 * The state part of a fixture (what `aws.snapshot()` takes): each service's stored data, in JSON
 * where what JSON lacks is tagged — `{"$map": [[k, v]…]}`, `{"$set": […]}`, `{"$bytes":
 * "<base64>"}`, `{"$number": "-Infinity"}`, an object held in two places as `{"$def": [id, …]}`
 * where it first appears and `{"$ref": id}` after, and `{"$object": {…}}` for a plain object that
 * would read as one of those. This is the decoding, which loading needs synchronously; the
 * encoding is in snapshot.ts, loaded when a snapshot is taken.
 */
import { base64Problem, decodeBase64 } from './protocol/base64'

export const STATE_VERSION = 1

/** Tags an encoded value may carry: a plain object whose only key is one of them is wrapped in `$object`. */
export const STATE_TAGS = ['$map', '$set', '$bytes', '$number', '$def', '$ref', '$object']

/** Sets a member as an own property (`__proto__` included: user data may hold that key). */
export const setOwn = (object: Record<string, unknown>, key: string, value: unknown): void =>
  void Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true })

const unreadable = (tag: string): TypeError => new TypeError(`a ${tag} it cannot read`)

export function decodeState(value: unknown): any {
  const defined = new Map<unknown, unknown>()
  const decode = (value: unknown): any => {
    if (Array.isArray(value)) return value.map(decode)
    if (value === null || typeof value !== 'object') return value
    const object = value as Record<string, unknown>
    const keys = Object.keys(object)
    const tagged = keys.length === 1 ? object[keys[0]!] : undefined
    switch (keys.length === 1 ? keys[0] : undefined) {
      case '$bytes':
        if (typeof tagged !== 'string' || base64Problem(tagged)) throw unreadable('$bytes')
        return decodeBase64(tagged)
      case '$map':
        return new Map((tagged as Array<[unknown, unknown]>).map(([key, item]) => [decode(key), decode(item)]))
      case '$number': // ±Infinity (seeded streams were active since forever), which JSON cannot write
        if (tagged !== 'Infinity' && tagged !== '-Infinity') throw unreadable('$number')
        return Number(tagged)
      case '$set':
        return new Set((tagged as unknown[]).map(decode))
      case '$def': {
        const [id, item] = tagged as [unknown, unknown]
        const decoded = decode(item)
        defined.set(id, decoded)
        return decoded
      }
      case '$ref':
        if (!defined.has(tagged)) throw unreadable('$ref')
        return defined.get(tagged)
      case '$object':
        return fields(tagged as Record<string, unknown>)
      default:
        return fields(object)
    }
  }
  const fields = (object: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(object)) setOwn(out, key, decode(object[key]))
    return out
  }
  return decode(value)
}

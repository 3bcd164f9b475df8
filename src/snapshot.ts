/**
 * `aws.snapshot()`: every service's state as a fixture (see state.ts for the encoding). Loaded on
 * first use: apps that never take a snapshot do not carry it.
 */
import type { MockState } from './fixture-types'
import { encodeBase64 } from './protocol/base64'
import type { S3Object } from './s3/store'
import { STATE_TAGS, STATE_VERSION, setOwn } from './state'
import type { Fixture } from './types'

/** The containers reached more than once from `root` (objects shared between two places in a store). */
function sharedIn(root: unknown): Set<object> {
  const seen = new Set<object>()
  const shared = new Set<object>()
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return
    if (seen.has(value)) return void shared.add(value)
    seen.add(value)
    if (value instanceof Uint8Array) return
    const items = value instanceof Map ? [...value].flat() : value instanceof Set ? [...value] : Object.values(value)
    items.forEach(visit)
  }
  visit(root)
  return shared
}

/** Encodes one service's part; an object held in two places is written once and referred to after. */
function encodeState(root: unknown): unknown {
  const shared = sharedIn(root)
  const ids = new Map<object, number>()
  const encode = (value: unknown): unknown => {
    if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) }
    if (typeof value === 'function') throw new TypeError('a snapshot holds no functions')
    if (value === null || typeof value !== 'object') return value
    if (ids.has(value)) return { $ref: ids.get(value) }
    if (!shared.has(value)) return encodeObject(value)
    ids.set(value, ids.size)
    return { $def: [ids.get(value), encodeObject(value)] }
  }
  const encodeObject = (value: object): unknown => {
    if (value instanceof Uint8Array) return { $bytes: encodeBase64(value) }
    if (value instanceof Map) return { $map: [...value].map(([key, item]) => [encode(key), encode(item)]) }
    if (value instanceof Set) return { $set: [...value].map(encode) }
    if (Array.isArray(value)) return value.map(encode)
    const proto = Object.getPrototypeOf(value)
    if (proto !== Object.prototype && proto !== null)
      throw new TypeError(`a snapshot holds plain objects only, not ${proto?.constructor?.name}`)
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) if (item !== undefined) setOwn(out, key, encode(item))
    const keys = Object.keys(out)
    return keys.length === 1 && STATE_TAGS.includes(keys[0]!) ? { $object: out } : out
  }
  return encode(root)
}

/** What each service exported (S3's objects still with their `bytes()`), at `now`. */
export interface HeldState {
  firehose: unknown
  kms: unknown
  cognito: unknown
  cloudwatch: unknown
  s3: S3Object[]
}

export async function takeSnapshot(held: HeldState, now: number): Promise<Fixture> {
  // Everything synchronous is encoded before the first await, so the snapshot is of one instant.
  const state = {
    version: STATE_VERSION,
    takenAt: now,
    firehose: encodeState(held.firehose),
    kms: encodeState(held.kms),
    cognito: encodeState(held.cognito),
    cloudwatch: encodeState(held.cloudwatch),
  } as MockState
  const objects = held.s3.map(({ bytes, ...object }) => ({ object, bytes: bytes() }))
  state.s3 = encodeState(await Promise.all(objects.map(async ({ object, bytes }) => Object.assign(object, { data: await bytes }))))
  return { name: `snapshot at ${new Date(now).toISOString()}`, state }
}

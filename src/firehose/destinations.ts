/**
 * Destination configurations: which one a request carries, and how an update merges into it.
 * How they read back in DescribeDeliveryStream is describe-destination.ts.
 */
import { invalidArgument } from './errors'
import { DESTINATION_KINDS, type DestinationKind, type WireObject } from './types'

export type { DestinationKind }

/** The destinations present in an input, by the member suffix (`DestinationConfiguration` or `DestinationUpdate`). */
export function destinationsIn(input: WireObject, suffix: 'DestinationConfiguration' | 'DestinationUpdate'): DestinationKind[] {
  return DESTINATION_KINDS.filter((kind) => input[`${kind}${suffix}`] !== undefined)
}

/** The one destination an input names, or InvalidArgumentException for none or several. */
export function onlyDestinationIn(input: WireObject, suffix: 'DestinationConfiguration' | 'DestinationUpdate'): DestinationKind {
  const found = destinationsIn(input, suffix)
  const what = suffix === 'DestinationConfiguration' ? 'destination configuration' : 'destination update'
  if (found.length === 0) throw invalidArgument(`A ${what} must be specified.`)
  if (found.length > 1) throw invalidArgument(`Only one ${what} can be specified, but found: ${found.join(', ')}.`)
  return found[0]!
}

/** Sets an own data member, even one named "__proto__" (a map key in a configuration). */
export function setOwn(target: WireObject, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

export const isPlainObject = (v: unknown): v is WireObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array)

/**
 * Members whose value is one choice among alternatives (`NoEncryptionConfig` or
 * `KMSEncryptionConfig`): an update replaces them whole instead of merging.
 */
const REPLACED_WHOLE = new Set(['EncryptionConfiguration'])

/** Deep-merges an update into a configuration: members the update omits keep their values. */
export function mergeConfig(base: WireObject, update: WireObject): WireObject {
  const out: WireObject = { ...base }
  for (const [key, value] of Object.entries(update)) {
    const existing = Object.prototype.hasOwnProperty.call(base, key) ? base[key] : undefined
    setOwn(out, key, isPlainObject(value) && isPlainObject(existing) && !REPLACED_WHOLE.has(key) ? mergeConfig(existing, value) : value)
  }
  return out
}

/** Update member names that differ from the configuration's. */
const UPDATE_RENAMES: Record<string, string> = { S3Update: 'S3Configuration', S3BackupUpdate: 'S3BackupConfiguration' }

/** An `…DestinationUpdate` in the shape of the configuration it updates. */
export function updateAsConfig(update: WireObject): WireObject {
  const out: WireObject = {}
  for (const [key, value] of Object.entries(update)) setOwn(out, UPDATE_RENAMES[key] ?? key, value)
  return out
}

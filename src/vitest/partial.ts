/**
 * Deep partial matching of a call's input: objects match when every expected member matches,
 * arrays element by element, asymmetric matchers (`expect.any(…)`) and everything else by the
 * runner's own `equals`; a string matches a blob holding its UTF-8 bytes, and a Date a timestamp
 * (the log holds epoch seconds, as the wire carries them). Inside an asymmetric matcher the
 * runner's rules apply alone.
 */
type Equals = (a: unknown, b: unknown) => boolean

const isAsymmetric = (value: unknown): boolean => typeof (value as { asymmetricMatch?: unknown })?.asymmetricMatch === 'function'
const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (value === null || typeof value !== 'object') return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}
const bytesOf = (view: ArrayBufferView): Uint8Array => new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
const decoder = new TextDecoder()

/** A timestamp the log holds (epoch seconds, as on the wire) where the SDK input had a Date. */
const isTimestampOf = (actual: unknown, expected: unknown): expected is Date => expected instanceof Date && typeof actual === 'number'

export function matchesPartial(actual: unknown, expected: unknown, equals: Equals): boolean {
  if (isAsymmetric(expected)) return equals(actual, expected)
  if (isTimestampOf(actual, expected)) return (actual as number) * 1000 === expected.getTime()
  if (actual instanceof Uint8Array) {
    if (typeof expected === 'string') return decoder.decode(actual) === expected
    if (ArrayBuffer.isView(expected)) {
      const bytes = bytesOf(expected)
      return bytes.length === actual.length && bytes.every((byte, i) => byte === actual[i])
    }
  }
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) && actual.length === expected.length && expected.every((item, i) => matchesPartial(actual[i], item, equals))
    )
  }
  if (isPlainObject(expected)) {
    if (actual === null || typeof actual !== 'object') return false
    return Object.keys(expected).every((key) => matchesPartial((actual as Record<string, unknown>)[key], expected[key], equals))
  }
  return equals(actual, expected)
}

/**
 * How far an input is from the expected one: how many expected leaves it misses, and the input as
 * a diff should show it — only the members the expectation names, blobs as text where a string was
 * expected.
 */
export function closeness(actual: unknown, expected: unknown, equals: Equals): { misses: number; shown: unknown } {
  if (isPlainObject(expected) && actual !== null && typeof actual === 'object' && !Array.isArray(actual)) {
    let misses = 0
    const shown: Record<string, unknown> = {}
    for (const key of Object.keys(expected)) {
      if (!(key in actual)) {
        misses++
        continue
      }
      const inner = closeness((actual as Record<string, unknown>)[key], expected[key], equals)
      misses += inner.misses
      shown[key] = inner.shown
    }
    return { misses, shown }
  }
  if (Array.isArray(expected) && Array.isArray(actual) && actual.length === expected.length) {
    const inner = expected.map((item, i) => closeness(actual[i], item, equals))
    return { misses: inner.reduce((n, x) => n + x.misses, 0), shown: inner.map((x) => x.shown) }
  }
  const shown =
    typeof expected === 'string' && actual instanceof Uint8Array
      ? decoder.decode(actual)
      : isTimestampOf(actual, expected)
        ? new Date((actual as number) * 1000)
        : actual
  return { misses: matchesPartial(actual, expected, equals) ? 0 : 1, shown }
}

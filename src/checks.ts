/** Small checks shared by everything that reads what users write by hand (options, fault rules, fixtures). */

/** Compile time: `true` when the list names every key of T (with `satisfies`: exactly its keys), else the missing keys. */
export type ListsEvery<T, L extends readonly PropertyKey[]> = [Exclude<keyof T, L[number]>] extends [never]
  ? true
  : { missing: Exclude<keyof T, L[number]> }
/** Fails to compile unless T is `true`. */
export type Assert<T extends true> = T
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Edit distance (Levenshtein), one row at a time. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (const char of a) {
    let diagonal = row[0]!++
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (char === b[j - 1] ? 0 : 1))
      diagonal = above
    }
  }
  return row[b.length]!
}

/**
 * `unknown <noun> "<path><key>" (did you mean "<path><name>"?). Accepted <noun>s: …` for the keys
 * of `value` outside `accepted`, or undefined when there are none.
 */
export function unknownKeys(value: object, accepted: readonly string[], noun: string, path = ''): string | undefined {
  const unknown = Object.keys(value).filter((key) => !accepted.includes(key))
  if (unknown.length === 0) return undefined
  const named = unknown.map((key) => {
    // The closest name, if it is a plausible typo: within a third of the key's length (at least 2 edits), ignoring case.
    let near = ''
    let best = Math.max(2, Math.floor(key.length / 3)) + 1
    for (const name of accepted) {
      const d = distance(key.toLowerCase(), name.toLowerCase())
      if (d < best) [near, best] = [` (did you mean "${path}${name}"?)`, d]
    }
    return `"${path}${key}"${near}`
  })
  return `unknown ${noun}${unknown.length > 1 ? 's' : ''} ${named.join(', ')}. Accepted ${noun}s: ${accepted.join(', ')}`
}

/**
 * S3 object keys as Firehose writes them: `<Prefix>YYYY/MM/DD/HH/<stream>-<version>-YYYY-MM-DD-HH-MM-SS-<uuid>`
 * (UTC, from the arrival of the object's first record), or a custom Prefix with the `!{timestamp:…}`
 * and `!{firehose:…}` namespaces — in which case no default time prefix is added.
 */
import { randomBytes, randomUuid } from '../protocol/ids'

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

/** Formats a UTC time with the Java DateTimeFormatter letters Firehose accepts (y, M, d, H, m, s, S). */
export function formatTimestamp(pattern: string, at: number): string {
  const d = new Date(at)
  const fields: Record<string, number> = {
    y: d.getUTCFullYear(),
    M: d.getUTCMonth() + 1,
    d: d.getUTCDate(),
    H: d.getUTCHours(),
    m: d.getUTCMinutes(),
    s: d.getUTCSeconds(),
    S: d.getUTCMilliseconds(),
  }
  let out = ''
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i]!
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1)
      out += end < 0 ? pattern.slice(i + 1) : pattern.slice(i + 1, end)
      i = end < 0 ? pattern.length : end + 1
      continue
    }
    let run = 1
    while (pattern[i + run] === c) run++
    const value = fields[c]
    if (value === undefined) out += c.repeat(run)
    else if (c === 'y' && run === 2) out += pad(value % 100)
    else if (c === 'S') out += pad(value, 3).slice(0, run)
    else out += pad(value, run)
    i += run
  }
  return out
}

const EXPRESSION = /!\{([a-zA-Z]+):([^}]*)\}/g
const RANDOM_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789'

function randomString(length: number): string {
  return Array.from(randomBytes(length), (b) => RANDOM_ALPHABET[b % RANDOM_ALPHABET.length]).join('')
}

export const hasExpressions = (prefix: string): boolean => /!\{[a-zA-Z]+:[^}]*\}/.test(prefix)

/**
 * Evaluates a Prefix or ErrorOutputPrefix for an object whose first record arrived at `at`. As
 * Firehose documents, a Prefix without a `!{timestamp:…}` expression gets `yyyy/MM/dd/HH/` appended
 * (an ErrorOutputPrefix does not: `appendTime` false). `keys` are a dynamic partition's values, by
 * `Query:key` and `Lambda:key`.
 */
export function evaluatePrefix(
  prefix: string,
  at: number,
  errorOutputType?: string,
  appendTime = true,
  keys?: Record<string, string>,
): string {
  // One pass: a value put in (a partition key's) is not read again as an expression.
  const evaluated = prefix.replace(EXPRESSION, (whole, namespace: string, argument: string) => {
    if (keys && namespace.startsWith('partitionKeyFrom')) return keys[`${namespace.slice(16)}:${argument}`] ?? whole
    if (namespace === 'timestamp') return formatTimestamp(argument, at)
    if (namespace === 'firehose' && argument === 'random-string') return randomString(11)
    if (namespace === 'firehose' && argument === 'error-output-type' && errorOutputType) return errorOutputType
    return whole
  })
  return prefix.includes('!{timestamp:') || !appendTime ? evaluated : `${evaluated}${formatTimestamp('yyyy/MM/dd/HH/', at)}`
}

const EXTENSIONS: Record<string, string> = { GZIP: '.gz', ZIP: '.zip', Snappy: '.snappy', HADOOP_SNAPPY: '.snappy' }

/** The full key of a delivered object. */
export function objectKey(options: {
  prefix: string
  /** A dynamic partition's keys (see evaluatePrefix); its prefix gets no `yyyy/MM/dd/HH/` appended. */
  keys?: Record<string, string> | undefined
  streamName: string
  versionId: number
  firstArrival: number
  compression: string
  fileExtension?: string
}): string {
  const extension = options.fileExtension || EXTENSIONS[options.compression] || ''
  return `${evaluatePrefix(options.prefix, options.firstArrival, undefined, !options.keys, options.keys)}${objectName(options.streamName, options.versionId, options.firstArrival)}${extension}`
}

/** The name Firehose gives an object after its prefix: `<stream>-<version>-yyyy-MM-dd-HH-mm-ss-<uuid>` (its first record's arrival). */
export const objectName = (streamName: string, versionId: number, firstArrival: number): string =>
  `${streamName}-${versionId}-${formatTimestamp('yyyy-MM-dd-HH-mm-ss', firstArrival)}-${randomUuid()}`

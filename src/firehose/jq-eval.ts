/**
 * Evaluates a parsed jq query (jq.ts) against one JSON value as jq 1.6 does: indexing null gives
 * null, indexing anything but an object or array is an error with jq's message, `a // b` is `b`
 * when `a` is null or false, numbers print as jq prints them, and dates are UTC epoch seconds or
 * jq's broken-down time arrays ([year, month 0–11, day, hours, minutes, seconds, weekday, day of
 * the year 0–365]).
 */
import type { JqNode } from './jq'
import { fromdate, gmtime, JqRuntimeError, mktime, pad, strftime } from './jq-dates'

const typeOf = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : (typeof v as string)

const fail = (message: string): never => {
  throw new JqRuntimeError(message)
}

const show = (v: unknown): string => JSON.stringify(v)

/** How jq 1.6 names a key in "Cannot index" (long ones it leaves out). */
const keyName = (key: unknown): string =>
  typeof key === 'string' ? (new TextEncoder().encode(key).length < 30 ? `string ${show(key)}` : 'string') : typeOf(key)

function index(target: unknown, key: unknown): unknown {
  if (target === null && (typeof key === 'string' || typeof key === 'number' || typeOf(key) === 'object')) return null
  if (typeof key === 'string' && typeOf(target) === 'object') {
    return Object.prototype.hasOwnProperty.call(target, key) ? (target as Record<string, unknown>)[key] : null
  }
  if (typeof key === 'number' && Array.isArray(target)) {
    if (!Number.isInteger(key)) return null
    return target[key < 0 ? target.length + key : key] ?? null
  }
  return fail(`Cannot index ${typeOf(target)} with ${keyName(key)}`)
}

const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/

/** `tonumber` as jq 1.6 answers it: a number literal parses; anything else is an error with jq's message. */
function toNumber(input: unknown): unknown {
  if (typeof input === 'number') return input
  if (typeof input !== 'string') return fail(`${typeOf(input)} (${brief(input)}) cannot be parsed as a number`)
  const text = input.trim()
  if (NUMBER.test(text)) return Number(text)
  if (text === 'nan') return null
  if (text === '') return fail(`Expected JSON value (while parsing '${input}')`)
  if (/\s/.test(text)) return fail(`Unexpected extra JSON values (while parsing '${input}')`)
  try {
    JSON.parse(text)
  } catch {
    return fail(`Invalid numeric literal at EOF at line 1, column ${input.length} (while parsing '${input}')`)
  }
  return fail(`string (${brief(input)}) cannot be parsed as a number`)
}

/** jq's `+` for the values `join` adds: strings concatenate, null adds nothing, anything else is an error. */
function add(a: unknown, b: unknown): unknown {
  if (b === null) return a
  if (a === null) return b
  if (typeof a === 'string' && typeof b === 'string') return a + b
  return fail(`${typeOf(a)} (${brief(a)}) and ${typeOf(b)} (${brief(b)}) cannot be added`)
}

/**
 * jq 1.6's `join($x)`: `reduce .[] as $i (null; (if . == null then "" else . + $x end) + ($i | if
 * . == null then "" elif type == "boolean" or type == "number" then tojson else . end)) // ""`.
 */
function join(input: unknown, separator: unknown): unknown {
  if (input === null || typeof input !== 'object')
    return fail(`Cannot iterate over ${typeOf(input)}${input === null ? '' : ` (${brief(input)})`}`)
  let out: unknown = null
  for (const item of Object.values(input)) {
    const text = item === null ? '' : typeof item === 'boolean' || typeof item === 'number' ? dump(item) : item
    out = add(out === null ? '' : add(out, separator), text)
  }
  return out === null || out === false ? '' : out
}

/** A number as jq 1.6 prints it: the shortest digits, in exponent form below 1e-4 or past 17 digits. */
function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'null' : n > 0 ? '1.7976931348623157e+308' : '-1.7976931348623157e+308'
  if (n === 0) return Object.is(n, -0) ? '-0' : '0'
  const [mantissa, exponent] = Math.abs(n).toExponential().split('e') as [string, string]
  const digits = mantissa.replace('.', '')
  const point = Number(exponent) + 1
  const sign = n < 0 ? '-' : ''
  if (point <= -4 || point > digits.length + 15) {
    const e = point - 1
    return `${sign}${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ''}e${e < 0 ? '-' : '+'}${pad(Math.abs(e))}`
  }
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`
}

/** jq's compact JSON (`tojson`). */
function dump(v: unknown): string {
  if (typeof v === 'number') return formatNumber(v)
  if (typeof v === 'string') return JSON.stringify(v).replace(/\u007f/g, '\\u007f')
  if (Array.isArray(v)) return `[${v.map(dump).join(',')}]`
  if (v !== null && typeof v === 'object')
    return `{${Object.entries(v)
      .map(([k, x]) => `${dump(k)}:${dump(x)}`)
      .join(',')}}`
  return String(v)
}

/** A value in an error message, as jq 1.6 shortens it (to 11 characters and "..."). */
const brief = (v: unknown): string => {
  const text = dump(v)
  return text.length > 14 ? `${text.slice(0, 11)}...` : text
}

const string = (input: unknown, name: string): string => (typeof input === 'string' ? input : fail(`${name} input must be a string`))

/** jq's `tostring`: strings as they are, anything else as compact JSON. */
export const jqToString = (v: unknown): string => (typeof v === 'string' ? v : dump(v))

function call(name: string, input: unknown, args: unknown[]): unknown {
  const [arg] = args
  switch (name) {
    case 'strftime':
      return strftime(input, arg)
    case 'gmtime':
      return gmtime(input)
    case 'mktime':
      return mktime(input)
    case 'todate':
    case 'todateiso8601':
      return strftime(input, '%Y-%m-%dT%H:%M:%SZ')
    case 'fromdate':
    case 'fromdateiso8601':
      return fromdate(input)
    case 'tostring':
      return jqToString(input)
    case 'tonumber':
      return toNumber(input)
    case 'ascii_downcase':
      return string(input, 'explode').replace(/[A-Z]/g, (c) => c.toLowerCase())
    case 'ascii_upcase':
      return string(input, 'explode').replace(/[a-z]/g, (c) => c.toUpperCase())
    case 'ltrimstr':
      return typeof input === 'string' && typeof arg === 'string' && input.startsWith(arg) ? input.slice(arg.length) : input
    case 'rtrimstr':
      return typeof input === 'string' && typeof arg === 'string' && arg !== '' && input.endsWith(arg) ? input.slice(0, -arg.length) : input
    case 'split':
      if (typeof input !== 'string' || typeof arg !== 'string') return fail('split input and separator must be strings')
      return input === '' ? [] : input.split(arg)
    case 'join':
      return join(input, arg)
    default: {
      // length
      if (typeof input === 'string') return [...input].length
      if (Array.isArray(input)) return input.length
      if (input === null) return 0
      if (typeof input === 'number') return Math.abs(input)
      if (typeof input === 'object') return Object.keys(input).length
      return fail(`${typeOf(input)} (${brief(input)}) has no length`)
    }
  }
}

/** The value of `node` for `input`; throws JqRuntimeError with jq's message when jq would stop with an error. */
export function evaluateJq(node: JqNode, input: unknown): unknown {
  switch (node.k) {
    case '.':
      return input
    case 'lit':
      return node.v
    case 'neg': {
      const value = evaluateJq(node.t, input)
      return typeof value === 'number' ? -value : fail(`${typeOf(value)} (${brief(value)}) cannot be negated`)
    }
    case 'idx':
      return index(evaluateJq(node.t, input), evaluateJq(node.x, input))
    case '|':
      return evaluateJq(node.r, evaluateJq(node.l, input))
    case '//': {
      // jq 1.6: an error on the left is an error, not an empty left side.
      const left = evaluateJq(node.l, input)
      return left === null || left === false ? evaluateJq(node.r, input) : left
    }
    case 'obj': {
      const out: Record<string, unknown> = {}
      for (const [keyNode, valueNode] of node.e) {
        const key = evaluateJq(keyNode, input)
        if (typeof key !== 'string') fail(`Object keys must be strings`)
        Object.defineProperty(out, key as string, {
          value: evaluateJq(valueNode, input),
          enumerable: true,
          writable: true,
          configurable: true,
        })
      }
      return out
    }
    case 'fn':
      return call(
        node.n,
        input,
        node.a.map((arg) => evaluateJq(arg, input)),
      )
  }
}

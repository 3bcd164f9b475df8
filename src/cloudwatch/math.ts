/**
 * The metric math GetMetricData evaluates: numbers, the ids of other queries, + - * / and
 * parentheses (e.g. `IncomingBytes / 300` written as `m1 / 300`). A series combined with a number
 * applies to each value; two series combine at the timestamps both have. Functions and anything
 * else are refused with UnsupportedOperationException, naming the expression.
 */
import { cloudWatchErrors } from './errors'

/** A time series (timestamp ms → value) or a number. */
export type MathValue = Map<number, number> | number

const unsupported = (expression: string, why: string) =>
  cloudWatchErrors.error(
    'UnsupportedOperationException',
    `Metric math expression "${expression}" is not simulated by firehose-msw: ${why}.`,
  )

const TOKEN = /\s*(?:(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|([a-z][a-zA-Z0-9_]*)|([-+*/()]))/y

function tokenize(expression: string): string[] {
  const tokens: string[] = []
  TOKEN.lastIndex = 0
  while (TOKEN.lastIndex < expression.length) {
    if (/^\s*$/.test(expression.slice(TOKEN.lastIndex))) break
    const at = TOKEN.lastIndex
    const m = TOKEN.exec(expression)
    if (!m) throw unsupported(expression, `only numbers, query ids, + - * / and parentheses are, not "${expression.slice(at).trim()}"`)
    tokens.push(m[1] ?? m[2] ?? m[3]!)
  }
  return tokens
}

function apply(op: string, a: MathValue, b: MathValue): MathValue {
  const f = (x: number, y: number) => (op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : x / y)
  if (typeof a === 'number' && typeof b === 'number') return f(a, b)
  if (typeof a === 'number') return new Map([...(b as Map<number, number>)].map(([t, y]) => [t, f(a, y)]))
  if (typeof b === 'number') return new Map([...a].map(([t, x]) => [t, f(x, b)]))
  return new Map([...a].filter(([t]) => b.has(t)).map(([t, x]) => [t, f(x, b.get(t)!)]))
}

/** Evaluates `expression` with `lookup` giving the value of a query id (undefined: no such query). */
export function evaluate(expression: string, lookup: (id: string) => MathValue | undefined): MathValue {
  const tokens = tokenize(expression)
  let i = 0
  const primary = (): MathValue => {
    const token = tokens[i++]
    if (token === undefined) throw unsupported(expression, 'it ends too early')
    if (token === '(') {
      const value = sum()
      if (tokens[i++] !== ')') throw unsupported(expression, 'a parenthesis is not closed')
      return value
    }
    if (token === '-') return apply('*', -1, primary())
    if (/^\d/.test(token)) return Number(token)
    if (/^[a-z]/.test(token)) {
      if (tokens[i] === '(') throw unsupported(expression, `functions such as ${token}() are not`)
      const value = lookup(token)
      if (value === undefined) throw unsupported(expression, `it names "${token}", which is no query of the request`)
      return value
    }
    throw unsupported(expression, `"${token}" is out of place`)
  }
  const product = (): MathValue => {
    let value = primary()
    while (tokens[i] === '*' || tokens[i] === '/') value = apply(tokens[i++]!, value, primary())
    return value
  }
  const sum = (): MathValue => {
    let value = product()
    while (tokens[i] === '+' || tokens[i] === '-') value = apply(tokens[i++]!, value, product())
    return value
  }
  const result = sum()
  if (i !== tokens.length) throw unsupported(expression, `"${tokens[i]}" is out of place`)
  return result
}

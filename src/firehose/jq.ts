/**
 * The jq subset a MetadataExtraction processor's query may use (`JsonParsingEngine: JQ-1.6`),
 * parsed when the stream is created: paths (`.a.b`, `.a[0]`, `.["a b"]`), pipes, `//`, literals,
 * object construction (`{k: .path}`, `{k}`, `{"k": …}`) and the string, number and date builtins
 * that keys are made with. Anything else is refused with the construct named, so a query never
 * silently means something else here. jq-eval.ts evaluates the parsed query against a record.
 */

export type JqNode =
  | { k: '.' }
  | { k: 'lit'; v: unknown }
  /** `t[x]` / `t.x`: index the value of `t` with the value of `x` (both from the same input) */
  | { k: 'idx'; t: JqNode; x: JqNode }
  | { k: '|' | '//'; l: JqNode; r: JqNode }
  | { k: 'obj'; e: Array<[JqNode, JqNode]> }
  | { k: 'fn'; n: string; a: JqNode[] }
  /** `-t` */
  | { k: 'neg'; t: JqNode }

/** The builtins this subset evaluates, by name and arity. */
export const JQ_FUNCTIONS =
  'strftime/1 gmtime/0 mktime/0 todate/0 fromdate/0 todateiso8601/0 fromdateiso8601/0 tostring/0 tonumber/0 ascii_downcase/0 ascii_upcase/0 ltrimstr/1 rtrimstr/1 split/1 join/1 length/0'.split(
    ' ',
  )

export class JqSyntaxError extends Error {}

const TOKEN =
  /\s*(?:(\.[A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*)|("(?:[^"\\]|\\.)*")|(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(\/\/|[-.|,:;{}[\]()])|(\S))/y

/** A literal token's value: a number, or a string with JSON's escapes (jq's); jq also takes raw tabs and line breaks in one. */
function literal(token: string): unknown {
  if (!token.startsWith('"')) return Number(token)
  try {
    return JSON.parse(token.replace(/[\t\n\r]/g, (c) => JSON.stringify(c).slice(1, -1)))
  } catch {
    throw new JqSyntaxError(`${token} is not a valid string: it has an escape jq does not know`)
  }
}

function tokenize(text: string): string[] {
  const tokens: string[] = []
  TOKEN.lastIndex = 0
  for (let m: RegExpExecArray | null; TOKEN.lastIndex < text.length && (m = TOKEN.exec(text));) {
    if (m[6] !== undefined) throw new JqSyntaxError(`"${text.slice(m.index).trim()}": this jq construct is not supported`)
    if (m[3]?.includes('\\(')) throw new JqSyntaxError(`string interpolation (${m[3]}) is not supported`)
    tokens.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5]!)
  }
  return tokens
}

/** Parses a query; throws JqSyntaxError naming what is wrong or not supported. */
export function parseJq(text: string): JqNode {
  const tokens = tokenize(text)
  let at = 0
  const peek = () => tokens[at]
  const expect = (token: string) => {
    if (tokens[at] !== token)
      throw new JqSyntaxError(`expected "${token}" but found ${tokens[at] ? `"${tokens[at]}"` : 'the end of the query'}`)
    at++
  }
  const pipe = (): JqNode => {
    let node = alternative()
    while (peek() === '|') {
      at++
      node = { k: '|', l: node, r: alternative() }
    }
    return node
  }
  const alternative = (): JqNode => {
    const node = term()
    if (peek() !== '//') return node
    at++
    return { k: '//', l: node, r: alternative() }
  }
  const bracket = (target: JqNode): JqNode => {
    expect('[')
    if (peek() === ']') throw new JqSyntaxError('.[] is not supported: a key is one value')
    const x = pipe()
    expect(']')
    return { k: 'idx', t: target, x }
  }
  const term = (): JqNode => {
    let node = primary()
    for (;;) {
      const token = peek()
      if (token?.startsWith('.') && token.length > 1) {
        at++
        node = { k: 'idx', t: node, x: { k: 'lit', v: token.slice(1) } }
      } else if (token === '.' && tokens[at + 1]?.startsWith('"')) {
        at++
        node = { k: 'idx', t: node, x: { k: 'lit', v: literal(tokens[at++]!) } }
      } else if (token === '[' || (token === '.' && tokens[at + 1] === '[')) {
        if (token === '.') at++
        node = bracket(node)
      } else return node
    }
  }
  const primary = (): JqNode => {
    const token = tokens[at++]
    if (token === undefined) throw new JqSyntaxError('the query ends too soon')
    if (token.startsWith('.') && token.length > 1) return { k: 'idx', t: { k: '.' }, x: { k: 'lit', v: token.slice(1) } }
    if (token === '.') {
      if (peek()?.startsWith('"')) return { k: 'idx', t: { k: '.' }, x: { k: 'lit', v: literal(tokens[at++]!) } }
      return peek() === '[' ? bracket({ k: '.' }) : { k: '.' }
    }
    if (token.startsWith('"') || /^\d/.test(token)) return { k: 'lit', v: literal(token) }
    if (token === '(') {
      const node = pipe()
      expect(')')
      return node
    }
    if (token === '{') return object()
    if (token === '-') {
      const t = term()
      return t.k === 'lit' && typeof t.v === 'number' ? { k: 'lit', v: -t.v } : { k: 'neg', t }
    }
    if (/^[A-Za-z_]/.test(token)) {
      if (token === 'null' || token === 'true' || token === 'false') return { k: 'lit', v: JSON.parse(token) }
      const args: JqNode[] = []
      if (peek() === '(') {
        at++
        args.push(pipe())
        while (peek() === ';') {
          at++
          args.push(pipe())
        }
        expect(')')
      }
      if (!JQ_FUNCTIONS.includes(`${token}/${args.length}`)) {
        throw new JqSyntaxError(`${token}/${args.length} is not supported (supported: ${JQ_FUNCTIONS.join(', ')})`)
      }
      return { k: 'fn', n: token, a: args }
    }
    throw new JqSyntaxError(`"${token}" is not supported here`)
  }
  const object = (): JqNode => {
    const entries: Array<[JqNode, JqNode]> = []
    while (peek() !== '}') {
      const token = tokens[at++]
      let key: JqNode
      if (token === '(') {
        key = pipe()
        expect(')')
      } else if (token !== undefined && (token.startsWith('"') || /^[A-Za-z_]/.test(token))) {
        key = { k: 'lit', v: token.startsWith('"') ? literal(token) : token }
      } else throw new JqSyntaxError(`an object key was expected, not ${token ? `"${token}"` : 'the end of the query'}`)
      let value: JqNode = { k: 'idx', t: { k: '.' }, x: key }
      if (peek() === ':') {
        // An object value is terms joined by `|` (jq's grammar): `//` there needs parentheses.
        at++
        value = term()
        while (peek() === '|') {
          at++
          value = { k: '|', l: value, r: term() }
        }
      }
      entries.push([key, value])
      if (peek() !== ',') break
      at++
    }
    expect('}')
    return { k: 'obj', e: entries }
  }
  const node = pipe()
  if (at < tokens.length) throw new JqSyntaxError(`"${tokens.slice(at).join(' ')}": this jq construct is not supported`)
  return node
}

/**
 * The partition keys a MetadataExtractionQuery names: the constant keys of the object it builds.
 * Throws JqSyntaxError when the query is not one object construction with constant keys.
 */
export function queryKeys(text: string): string[] {
  const node = parseJq(text)
  if (node.k !== 'obj') throw new JqSyntaxError('the query must build one object, {key: expression, …}')
  return node.e.map(([key]) => {
    if (key.k !== 'lit' || typeof key.v !== 'string') throw new JqSyntaxError('partition key names must be constant strings')
    return key.v
  })
}

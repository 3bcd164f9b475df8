// Generates the validation tables in src/<service>/model.gen.ts from AWS's Smithy API models.
// Usage: node scripts/gen-model.mjs [models-dir]   (default: ../shared/reference/models)
// Only shapes reachable from operation inputs are kept, plus the member lists of the
// destination description shapes (used to echo configurations back in Describe output).
import { readFileSync, writeFileSync } from 'node:fs'
import { resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const modelsDir = resolve(root, process.argv[2] ?? '../shared/reference/models')

const services = [
  { dir: 'firehose', file: 'firehose-2015-08-04.json', extra: (s) => Object.keys(s).filter((n) => /DestinationDescription$|^DestinationDescription$/.test(n)) },
  { dir: 'kms', file: 'kms-2014-11-01.json', extra: () => [] },
]

const PRELUDE = {
  'smithy.api#String': { t: 's' },
  'smithy.api#Boolean': { t: 'b' },
  'smithy.api#PrimitiveBoolean': { t: 'b' },
  'smithy.api#Integer': { t: 'i' },
  'smithy.api#PrimitiveInteger': { t: 'i' },
  'smithy.api#Long': { t: 'i' },
  'smithy.api#PrimitiveLong': { t: 'i' },
  'smithy.api#Double': { t: 'd' },
  'smithy.api#Float': { t: 'd' },
  'smithy.api#Blob': { t: 'B' },
  'smithy.api#Timestamp': { t: 'T' },
  'smithy.api#Document': { t: 'D' },
}

const toJsPattern = (pattern) => {
  try {
    new RegExp(pattern, 'u')
    return pattern
  } catch {
    let out = ''
    let inClass = false
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i]
      if (c === '\\') {
        const next = pattern[i + 1]
        i++
        out += next === '_' || (next === '-' && !inClass) ? next : c + next
        continue
      }
      if (c === '[') inClass = true
      if (c === ']') inClass = false
      out += c
    }
    return out
  }
}

const short = (id) => (id.startsWith('smithy.api#') ? id.replace('smithy.api#', '') : id.split('#')[1])

for (const svc of services) {
  const model = JSON.parse(readFileSync(resolve(modelsDir, svc.file), 'utf8'))
  const shapes = model.shapes
  const out = {}
  const operations = {}

  const visit = (id) => {
    const name = short(id)
    if (name in out) return name
    if (PRELUDE[id]) {
      out[name] = PRELUDE[id]
      return name
    }
    const shape = shapes[id]
    if (!shape) throw new Error(`unknown shape ${id}`)
    const traits = shape.traits ?? {}
    const entry = {}
    out[name] = entry
    const len = traits['smithy.api#length']
    const range = traits['smithy.api#range']
    const limits = len ?? range
    switch (shape.type) {
      case 'string':
        entry.t = 's'
        if (traits['smithy.api#pattern']) entry.p = traits['smithy.api#pattern']
        if (traits['smithy.api#enum']) entry.e = traits['smithy.api#enum'].map((v) => v.value)
        break
      case 'enum':
        entry.t = 's'
        entry.e = Object.values(shape.members).map((m) => m.traits['smithy.api#enumValue'])
        break
      case 'integer':
      case 'long':
      case 'short':
        entry.t = 'i'
        break
      case 'double':
      case 'float':
        entry.t = 'd'
        break
      case 'boolean':
        entry.t = 'b'
        break
      case 'blob':
        entry.t = 'B'
        break
      case 'timestamp':
        entry.t = 'T'
        break
      case 'document':
        entry.t = 'D'
        break
      case 'list':
        entry.t = 'l'
        entry.m = visit(shape.member.target)
        break
      case 'map':
        entry.t = 'm'
        entry.k = visit(shape.key.target)
        entry.v = visit(shape.value.target)
        break
      case 'structure':
      case 'union':
        entry.t = 'S'
        entry.m = {}
        for (const [member, def] of Object.entries(shape.members ?? {})) {
          entry.m[member] = def.traits?.['smithy.api#required'] ? [visit(def.target), 1] : [visit(def.target)]
        }
        break
      default:
        throw new Error(`unsupported shape type ${shape.type} (${id})`)
    }
    if (limits?.min !== undefined) entry.min = limits.min
    if (limits?.max !== undefined) entry.max = limits.max
    return name
  }

  const service = Object.entries(shapes).find(([, s]) => s.type === 'service')
  for (const { target } of service[1].operations) {
    const op = shapes[target]
    operations[short(target)] = op.input ? visit(op.input.target) : null
  }
  const descriptions = {}
  for (const name of svc.extra(Object.fromEntries(Object.keys(shapes).map((id) => [short(id), id])))) {
    descriptions[name] = Object.keys(shapes[`com.amazonaws.${svc.dir}#${name}`].members)
  }

  // Check every pattern compiles as a JavaScript unicode regular expression.
  for (const [name, entry] of Object.entries(out)) {
    if (entry.p) {
      // Java (and so AWS) accepts identity escapes such as \_ that a unicode JS RegExp rejects:
      // keep the model's text for messages and store a JavaScript source beside it when they differ.
      const js = toJsPattern(entry.p)
      new RegExp(js, 'u')
      if (js !== entry.p) entry.r = js
    }
  }

  const banner = `// Generated by scripts/gen-model.mjs from ${svc.file} (AWS Smithy model). Do not edit.\n`
  const body =
    `import type { ShapeTable } from '../protocol/shapes'\n\n` +
    `export const shapes: ShapeTable = ${JSON.stringify(out)}\n\n` +
    `/** Input shape of each operation. */\n` +
    `export const operationInputs: Record<string, string> = ${JSON.stringify(operations)}\n` +
    (Object.keys(descriptions).length
      ? `\n/** Member names of the destination description shapes. */\nexport const descriptionMembers: Record<string, string[]> = ${JSON.stringify(descriptions)}\n`
      : '')
  writeFileSync(resolve(root, 'src', svc.dir, 'model.gen.ts'), banner + body)
  console.log(`${svc.dir}: ${Object.keys(out).length} shapes, ${Object.keys(operations).length} operations, ${(body.length / 1024).toFixed(1)} KiB`)
}

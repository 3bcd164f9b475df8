// Generates the validation tables in src/<service>/model.gen.ts from AWS's Smithy API models.
// Usage: node scripts/gen-model.mjs [models-dir]   (default: models/, the vendored copies)
//        node scripts/gen-model.mjs --check         (exit 1 when a generated file differs from what the models give)
// Only shapes reachable from operation inputs are kept, plus the member lists of the
// destination description shapes (used to echo configurations back in Describe output).
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const check = args.includes('--check')
const modelsDir = resolve(root, args.find((arg) => arg !== '--check') ?? 'models')

/** Writes a generated file, or with --check only notes whether it differs from what is on disk. */
const stale = []
function emit(path, text) {
  if (!check) return writeFileSync(path, text)
  if (!existsSync(path) || readFileSync(path, 'utf8') !== text) stale.push(path.slice(root.length + 1))
}

const services = [
  { dir: 'firehose', file: 'firehose-2015-08-04.json', describe: true },
  // KMS also gets a small table for CreateKey alone: fixtures validate keys with it, and the full
  // KMS table is only loaded with the KMS operations.
  { dir: 'kms', file: 'kms-2014-11-01.json', extra: () => [], subset: { file: 'create-key-model.gen.ts', operation: 'CreateKey' } },
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

/** The model's error shapes: name → HTTP status (the httpError trait, else 400 for client errors and 500 for server ones). */
function errorStatuses(shapes) {
  const errors = Object.entries(shapes)
    .filter(([, shape]) => shape.traits?.['smithy.api#error'])
    .map(([id, shape]) => {
      const traits = shape.traits
      const status = traits['smithy.api#httpError'] ?? (traits['smithy.api#error'] === 'server' ? 500 : 400)
      return [short(id), status]
    })
  return Object.fromEntries(errors.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

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
        // Members as one string, 'Name' or 'Name=Target', '!' marking required ones: compact in the bundle.
        entry.s = Object.entries(shape.members ?? {})
          .map(([member, def]) => {
            const target = visit(def.target)
            return `${def.traits?.['smithy.api#required'] ? '!' : ''}${member}${target === member ? '' : `=${target}`}`
          })
          .join(' ')
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
  // Describe output: which configuration members do not come back under the same name.
  let describeFacts = ''
  if (svc.describe) {
    const members = (name) => Object.keys(shapes[`com.amazonaws.${svc.dir}#${name}`].members)
    const notDescribed = new Set()
    for (const id of Object.keys(shapes)) {
      const m = /#(\w+)DestinationConfiguration$/.exec(id)
      if (!m || !shapes[`com.amazonaws.${svc.dir}#${m[1]}DestinationDescription`]) continue
      const described = new Set(members(`${m[1]}DestinationDescription`))
      for (const member of members(`${m[1]}DestinationConfiguration`)) if (!described.has(member)) notDescribed.add(member)
    }
    describeFacts =
      `\n/** Configuration members that no …DestinationDescription has (secrets, and nested configurations described under another name). */\n` +
      `export const notDescribedMembers: string[] = ${JSON.stringify([...notDescribed].sort())}\n` +
      `\n/** The members of S3DestinationDescription. */\n` +
      `export const s3DescriptionMembers: string[] = ${JSON.stringify(members('S3DestinationDescription'))}\n`
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

  // The bundle carries shapes as an array: references are indexes, not names (names only cost bytes;
  // messages use member names). `shapeIds` keeps the names the code asks for.
  const indexed = (names) => {
    const ids = new Map(names.map((name, i) => [name, i]))
    const table = names.map((name) => {
      const entry = { ...out[name] }
      for (const ref of ['m', 'k', 'v']) if (entry[ref] !== undefined) entry[ref] = ids.get(entry[ref])
      if (entry.s !== undefined) {
        entry.s = entry.s
          .split(' ')
          .filter(Boolean)
          .map((member) => {
            const required = member.startsWith('!')
            const [memberName, target = memberName] = member.replace(/^!/, '').split('=')
            return `${required ? '!' : ''}${memberName}=${ids.get(target)}`
          })
          .join(' ')
      }
      return entry
    })
    return { ids, table }
  }
  const named = (name) => /^(\w+DestinationConfiguration|DeliveryStreamEncryptionConfigurationInput)$/.test(name)
  const main = indexed(Object.keys(out))
  const body =
    `import type { ShapeTable } from '../protocol/shapes'\n\n` +
    `export const shapes: ShapeTable = ${JSON.stringify(main.table)} as unknown as ShapeTable\n\n` +
    `/** Input shape of each operation. */\n` +
    `export const operationInputs: Record<string, number> = ${JSON.stringify(Object.fromEntries(Object.entries(operations).map(([op, name]) => [op, main.ids.get(name)])))}\n` +
    `\n/** Ids of the shapes the code names. */\n` +
    `export const shapeIds: Record<string, number> = ${JSON.stringify(Object.fromEntries([...main.ids].filter(([name]) => named(name))))}\n` +
    `\n/** The model's error shapes and their HTTP status. */\n` +
    `export const modelErrors: Record<string, number> = ${JSON.stringify(errorStatuses(shapes))}\n` +
    describeFacts
  emit(resolve(root, 'src', svc.dir, 'model.gen.ts'), banner + body)
  if (svc.subset) {
    const reachable = {}
    const walk = (name) => {
      if (name in reachable) return
      const entry = out[name]
      reachable[name] = entry
      if (entry.t === 'l') walk(entry.m)
      if (entry.t === 'm') {
        walk(entry.k)
        walk(entry.v)
      }
      if (entry.t === 'S') for (const member of entry.s.split(' ').filter(Boolean)) walk(member.replace(/^!/, '').split('=').at(-1))
    }
    const rootShape = operations[svc.subset.operation]
    walk(rootShape)
    const subset = indexed(Object.keys(reachable))
    emit(
      resolve(root, 'src', svc.dir, svc.subset.file),
      `${banner}import type { ShapeTable } from '../protocol/shapes'\n\n` +
        `/** The input shapes of ${svc.subset.operation} only. */\n` +
        `export const shapes: ShapeTable = ${JSON.stringify(subset.table)} as unknown as ShapeTable\n\n` +
        `export const inputShape = ${subset.ids.get(rootShape)}\n`,
    )
  }
  console.log(
    `${svc.dir}: ${Object.keys(out).length} shapes, ${Object.keys(operations).length} operations, ${(body.length / 1024).toFixed(1)} KiB`,
  )
}

if (check) {
  if (stale.length > 0) {
    console.error(`[gen:model] stale generated files (run \`npm run gen:model\` and commit them): ${stale.join(', ')}`)
    process.exit(1)
  }
  console.log('[gen:model] the generated files match models/')
}

// Generates the validation tables in src/<service>/model.gen.ts from AWS's Smithy API models, and
// src/<service>/wire.gen.ts: types (no runtime code) of the simulated operations' inputs and outputs,
// and src/<service>/errors.gen.ts: the model's error shapes with their HTTP status.
// Usage: node scripts/gen-model.mjs [models-dir]   (default: models/, the vendored copies)
//        node scripts/gen-model.mjs --check         (exit 1 when a generated file differs from what the models give)
// model.gen.ts keeps only shapes reachable from operation inputs, plus the member lists of the
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

// `simulated`: the operations the mock implements, in the order of its operation table (`null`: all of
// the model's; the mock has no fallback for an unimplemented Firehose operation). wire.gen.ts types
// exactly these, so the operation tables fail to compile when one is missing or misnamed.
const services = [
  // Firehose's full table loads with its operations on the first request (with the Describe facts);
  // fixtures validate stream definitions with the CreateDeliveryStream part.
  {
    dir: 'firehose',
    file: 'firehose-2015-08-04.json',
    botocore: 'firehose-2015-08-04.botocore-service-2.json',
    describe: true,
    subset: {
      file: 'create-stream-model.gen.ts',
      operation: 'CreateDeliveryStream',
      // Configurations of destinations and sources the mock does not deliver with: fixtures check
      // them as JSON values only (decision 0010); their requests are validated with the full table.
      shallow: [
        'RedshiftDestinationConfiguration',
        'ElasticsearchDestinationConfiguration',
        'AmazonopensearchserviceDestinationConfiguration',
        'SplunkDestinationConfiguration',
        'AmazonOpenSearchServerlessDestinationConfiguration',
        'SnowflakeDestinationConfiguration',
        'IcebergDestinationConfiguration',
        'MSKSourceConfiguration',
        'DatabaseSourceConfiguration',
      ],
    },
    typePrefix: 'Firehose',
    simulated: null,
  },
  // KMS also gets a small table for CreateKey alone: fixtures validate keys with it, and the full
  // KMS table is only loaded with the KMS operations.
  {
    dir: 'kms',
    file: 'kms-2014-11-01.json',
    botocore: 'kms-2014-11-01.botocore-service-2.json',
    extra: () => [],
    subset: { file: 'create-key-model.gen.ts', operation: 'CreateKey' },
    typePrefix: 'Kms',
    // The catalog is in the core bundle: only the errors the simulated operations can answer.
    errorsOfSimulated: true,
    simulated: [
      ...['CreateKey', 'DescribeKey', 'ListKeys', 'EnableKey', 'DisableKey', 'ScheduleKeyDeletion', 'CancelKeyDeletion'],
      ...['UpdateKeyDescription', 'CreateAlias', 'UpdateAlias', 'DeleteAlias', 'ListAliases', 'GetKeyPolicy', 'PutKeyPolicy'],
      ...['ListKeyPolicies', 'CreateGrant', 'ListGrants', 'ListRetirableGrants', 'RetireGrant', 'RevokeGrant', 'Encrypt'],
      ...['Decrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateRandom', 'TagResource', 'UntagResource'],
      ...['ListResourceTags', 'Sign', 'Verify', 'GetPublicKey', 'GenerateMac', 'VerifyMac', 'EnableKeyRotation'],
      ...['DisableKeyRotation', 'GetKeyRotationStatus', 'ListKeyRotations', 'RotateKeyOnDemand', 'ReEncrypt'],
      ...['GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext', 'ReplicateKey'],
    ],
  },
  // Cognito Identity: fixtures validate identity pools with a CreateIdentityPool-only table.
  {
    dir: 'cognito',
    file: 'cognito-identity-2014-06-30.json',
    botocore: 'cognito-identity-2014-06-30.botocore-service-2.json',
    subset: { file: 'create-pool-model.gen.ts', operation: 'CreateIdentityPool' },
    typePrefix: 'Cognito',
    simulated: [
      ...['GetId', 'GetCredentialsForIdentity', 'GetOpenIdToken', 'CreateIdentityPool', 'DescribeIdentityPool', 'ListIdentityPools'],
      ...['UpdateIdentityPool', 'DeleteIdentityPool', 'SetIdentityPoolRoles', 'GetIdentityPoolRoles', 'DescribeIdentity'],
      ...['ListIdentities', 'DeleteIdentities', 'TagResource', 'UntagResource', 'ListTagsForResource'],
    ],
  },
  // CloudWatch: the metric reads a console or dashboard makes.
  {
    dir: 'cloudwatch',
    file: 'cloudwatch-2010-08-01.json',
    botocore: 'cloudwatch-2010-08-01.botocore-service-2.json',
    // CloudWatch moved from AWS Query to JSON and kept its query error codes (awsQueryCompatible).
    queryCompatible: true,
    // Its clients also speak AWS Query (XML) and RPC v2 CBOR, whose answers need the output shapes.
    outputs: true,
    // As KMS's, its catalog keeps the simulated operations' errors only.
    errorsOfSimulated: true,
    typePrefix: 'CloudWatch',
    simulated: ['GetMetricData', 'GetMetricStatistics', 'ListMetrics'],
  },
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
function errorStatuses(shapes, only) {
  const errors = Object.entries(shapes)
    .filter(([id, shape]) => shape.traits?.['smithy.api#error'] && (!only || only.has(id)))
    .map(([id, shape]) => {
      const traits = shape.traits
      const status = traits['smithy.api#httpError'] ?? (traits['smithy.api#error'] === 'server' ? 500 : 400)
      return [short(id), status]
    })
  return Object.fromEntries(errors.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/**
 * For a service that moved from AWS Query to JSON and kept its query error codes
 * (`aws.protocols#awsQueryError`): each error shape's query code, which clients read from the
 * `x-amzn-query-error` header.
 */
function queryErrorCodes(shapes, only) {
  const codes = Object.entries(shapes)
    .filter(([id, shape]) => shape.traits?.['aws.protocols#awsQueryError'] && (!only || only.has(id)))
    .map(([id, shape]) => [short(id), shape.traits['aws.protocols#awsQueryError'].code])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  if (codes.length === 0) return ''
  return `\n/** The AWS Query code of each error shape, sent in \`x-amzn-query-error\`. */\nexport const queryErrors: Record<string, string> = ${JSON.stringify(Object.fromEntries(codes))}\n`
}

/**
 * wire.gen.ts: TypeScript types of the inputs and outputs of `operationNames`, in the form the
 * operations see them: inputs as readInput (src/protocol/shapes.ts) leaves them, outputs as
 * toResultResponse (src/protocol/response.ts) serializes them. Enums and structures are named
 * types (structures as object type aliases, so each is also a Record<string, unknown>); scalars,
 * lists and maps are written inline.
 */
function wireModule(svc, shapes, service, operationNames) {
  const named = new Map() // short name → declaration text
  const byName = new Map(Object.keys(shapes).map((id) => [short(id), id]))
  const builtin = new Set(['Uint8Array', 'Unit'])
  const scalar = {
    string: 'string',
    integer: 'number',
    long: 'number',
    short: 'number',
    byte: 'number',
    float: 'number',
    double: 'number',
    boolean: 'boolean',
    blob: 'Uint8Array',
    timestamp: 'number',
    document: 'unknown',
  }
  const quote = (value) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
  const declare = (name, text) => {
    if (builtin.has(name)) throw new Error(`shape ${name} would hide the built-in type of that name`)
    named.set(name, text)
  }
  const typeOf = (id) => {
    if (id.startsWith('smithy.api#')) {
      const kind = short(id)
        .replace(/^Primitive/, '')
        .toLowerCase()
      if (!scalar[kind]) throw new Error(`unsupported prelude shape ${id}`)
      return scalar[kind]
    }
    const shape = shapes[id]
    if (!shape) throw new Error(`unknown shape ${id}`)
    const name = short(id)
    const enumTrait = shape.traits?.['smithy.api#enum']
    if (shape.type === 'enum' || enumTrait) {
      if (!named.has(name)) {
        const values = enumTrait ? enumTrait.map((v) => v.value) : Object.values(shape.members).map((m) => m.traits['smithy.api#enumValue'])
        const oneLine = `export type ${name} = ${values.map(quote).join(' | ')}`
        declare(name, oneLine.length <= 140 ? oneLine : `export type ${name} =\n${values.map((v) => `  | ${quote(v)}`).join('\n')}`)
      }
      return name
    }
    if (scalar[shape.type]) return scalar[shape.type]
    switch (shape.type) {
      case 'list':
        return `${typeOf(shape.member.target)}[]`
      case 'map':
        // readInput keeps a null map value (and validation lets it pass); lists reject nulls.
        return `{ [key: string]: ${typeOf(shape.value.target)} | null }`
      case 'structure': {
        if (named.has(name)) return name
        declare(name, '') // placeholder: recursive references see the name
        const members = Object.entries(shape.members ?? {}).map(([member, def]) => {
          const target = shapes[def.target]
          const note = target?.type === 'timestamp' || def.target === 'smithy.api#Timestamp' ? '  /** epoch seconds */\n' : ''
          return `${note}  ${member}${def.traits?.['smithy.api#required'] ? '' : '?'}: ${typeOf(def.target)}\n`
        })
        declare(name, members.length ? `export type ${name} = {\n${members.join('')}}` : `export type ${name} = Unit`)
        return name
      }
      default:
        throw new Error(`unsupported shape type ${shape.type} (${id})`)
    }
  }
  const structureOf = (ref) => (ref && ref.target !== 'smithy.api#Unit' ? typeOf(ref.target) : 'Unit')
  const modelOperations = service.operations.map(({ target }) => short(target))
  const rows = operationNames.map((op) => {
    if (!modelOperations.includes(op)) throw new Error(`${svc.file} has no operation ${op}`)
    const shape = shapes[byName.get(op)]
    return `  ${op}: { input: ${structureOf(shape.input)}; output: ${structureOf(shape.output)} }\n`
  })
  const P = svc.typePrefix
  const sorted = [...named].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return (
    `// Generated by scripts/gen-model.mjs from ${svc.file} (AWS Smithy model). Do not edit.\n` +
    `// Types only: the inputs and outputs of the simulated operations, as the operations see them.\n` +
    `// - Inputs are what readInput returns: members absent or null in the request are left out;\n` +
    `//   required members are present; enum values are in their set; blobs are decoded to bytes.\n` +
    `// - Outputs are what the operations return: blobs as bytes (sent as base64).\n` +
    `// - Timestamps are epoch seconds; map values may be null (readInput keeps them).\n\n` +
    `/** The simulated operations with the types of their input and output. */\n` +
    `export interface ${P}OperationTypes {\n${rows.join('')}}\n\n` +
    `export type ${P}OperationName = keyof ${P}OperationTypes\n` +
    `export type ${P}Inputs = { [K in ${P}OperationName]: ${P}OperationTypes[K]['input'] }\n` +
    `export type ${P}Outputs = { [K in ${P}OperationName]: ${P}OperationTypes[K]['output'] }\n\n` +
    `/** An empty structure: the output of an operation that returns nothing, or a structure without members. */\n` +
    `export type Unit = { [member: string]: never }\n\n` +
    sorted.map(([, text]) => `${text}\n`).join('\n')
  )
}

for (const svc of services) {
  const model = JSON.parse(readFileSync(resolve(modelsDir, svc.file), 'utf8'))
  const shapes = model.shapes
  const botocoreShapes = svc.botocore ? JSON.parse(readFileSync(resolve(modelsDir, svc.botocore), 'utf8')).shapes : {}
  const printedPatterns = Object.fromEntries(
    Object.entries(botocoreShapes).flatMap(([name, shape]) => (shape.pattern === undefined ? [] : [[name, shape.pattern]])),
  )
  const out = {}
  const operations = {}

  // Sensitive values (`smithy.api#sensitive`, on a shape or on a member): AWS's validation messages
  // leave their value out (`Value at 'plaintext' failed …`). The flag `h` marks a shape whose values
  // are not printed. A value inside a sensitive one is sensitive too, so a shape reached through a
  // sensitive member or container is visited again as a hidden variant, named `Name~h`.
  const isSensitive = (traits) => traits?.['smithy.api#sensitive'] !== undefined
  const visit = (id, hidden = false) => {
    const ownTraits = shapes[id]?.traits
    const name = hidden && !isSensitive(ownTraits) ? `${short(id)}~h` : short(id)
    if (name in out) return name
    if (PRELUDE[id]) {
      out[name] = hidden ? { ...PRELUDE[id], h: 1 } : PRELUDE[id]
      return name
    }
    const shape = shapes[id]
    if (!shape) throw new Error(`unknown shape ${id}`)
    const traits = shape.traits ?? {}
    hidden ||= isSensitive(traits)
    const entry = {}
    out[name] = entry
    const visitRef = (ref) => visit(ref.target, hidden || isSensitive(ref.traits))
    const len = traits['smithy.api#length']
    const range = traits['smithy.api#range']
    const limits = len ?? range
    switch (shape.type) {
      case 'string':
        entry.t = 's'
        if (traits['smithy.api#pattern']) {
          entry.p = traits['smithy.api#pattern']
          // AWS's messages print the pattern as the service's own model writes it, which the Smithy
          // JSON anchors (`[a-zA-Z0-9_.-]+` becomes `^[a-zA-Z0-9_.-]+$`): botocore keeps that text.
          const printed = printedPatterns[name]
          if (printed !== undefined && printed !== entry.p) entry.pd = printed
        }
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
        entry.m = visitRef(shape.member)
        break
      case 'map':
        entry.t = 'm'
        entry.k = visitRef(shape.key)
        entry.v = visitRef(shape.value)
        break
      case 'structure':
      case 'union':
        entry.t = 'S'
        // Members as one string, 'Name' or 'Name=Target', '!' marking required ones: compact in the bundle.
        entry.s = Object.entries(shape.members ?? {})
          .map(([member, def]) => {
            const target = visitRef(def)
            return `${def.traits?.['smithy.api#required'] ? '!' : ''}${member}${target === member ? '' : `=${target}`}`
          })
          .join(' ')
        break
      default:
        throw new Error(`unsupported shape type ${shape.type} (${id})`)
    }
    if (limits?.min !== undefined) entry.min = limits.min
    if (limits?.max !== undefined) entry.max = limits.max
    if (hidden) entry.h = 1
    return name
  }

  const service = Object.entries(shapes).find(([, s]) => s.type === 'service')
  for (const { target } of service[1].operations) {
    const op = shapes[target]
    operations[short(target)] = op.input ? visit(op.input.target) : null
  }
  const outputs = {}
  if (svc.outputs) {
    for (const name of svc.simulated) {
      const op = shapes[`com.amazonaws.${svc.dir}#${name}`]
      outputs[name] = op.output ? visit(op.output.target) : null
    }
  }
  // AWS prints a list or map value with its items: one that holds a sensitive value anywhere is not printed either.
  const refsOf = (entry) => [
    ...[entry.m, entry.k, entry.v].filter((ref) => ref !== undefined),
    ...(entry.s ?? '')
      .split(' ')
      .filter(Boolean)
      .map((member) => member.replace(/^!/, '').split('=').at(-1)),
  ]
  const holdsHidden = new Set(Object.keys(out).filter((name) => out[name].h === 1))
  for (let changed = true; changed;) {
    changed = false
    for (const [name, entry] of Object.entries(out)) {
      if (!holdsHidden.has(name) && refsOf(entry).some((ref) => holdsHidden.has(ref))) {
        holdsHidden.add(name)
        changed = true
      }
    }
  }
  for (const name of holdsHidden) if (out[name].t === 'l' || out[name].t === 'm') out[name].h = 1

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
  for (const entry of Object.values(out)) {
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
  // Shapes that read the same (same constraints, same member shapes) share one entry: the model
  // repeats many (each destination's own RetryOptions, IndexName, …). The pattern is stored once
  // when the anchored form is the printed one with ^…$ around it.
  const indexed = (names, entryOf = (name) => out[name]) => {
    const withRefs = (entry, ref) => {
      const copy = { ...entry }
      for (const key of ['m', 'k', 'v']) if (copy[key] !== undefined) copy[key] = ref(copy[key])
      if (copy.s !== undefined) {
        copy.s = copy.s
          .split(' ')
          .filter(Boolean)
          .map((member) => {
            const required = member.startsWith('!')
            const [memberName, target = memberName] = member.replace(/^!/, '').split('=')
            return `${required ? '!' : ''}${memberName}=${ref(target)}`
          })
          .join(' ')
      }
      if (copy.pd !== undefined && copy.p === `^${copy.pd}$`) delete copy.p
      return copy
    }
    const canonical = new Map(names.map((name) => [name, name]))
    for (let changed = true; changed;) {
      changed = false
      const first = new Map()
      for (const name of names) {
        const key = JSON.stringify(withRefs(entryOf(name), (target) => canonical.get(target)))
        const owner = first.get(key) ?? name
        first.set(key, owner)
        if (canonical.get(name) !== owner) {
          canonical.set(name, owner)
          changed = true
        }
      }
    }
    const kept = names.filter((name) => canonical.get(name) === name)
    const index = new Map(kept.map((name, i) => [name, i]))
    const ids = new Map(names.map((name) => [name, index.get(canonical.get(name))]))
    const table = kept.map((name) => withRefs(entryOf(name), (target) => ids.get(target)))
    return { ids, table }
  }
  const named = (name) => /^(\w+DestinationConfiguration|DeliveryStreamEncryptionConfigurationInput)$/.test(name)
  const main = indexed(Object.keys(out))
  const body =
    `import type { ShapeTable } from '../protocol/shapes'\n\n` +
    `export const shapes: ShapeTable = ${JSON.stringify(main.table)} as unknown as ShapeTable\n\n` +
    `/** Input shape of each operation. */\n` +
    `export const operationInputs: Record<string, number> = ${JSON.stringify(Object.fromEntries(Object.entries(operations).map(([op, name]) => [op, main.ids.get(name)])))}\n` +
    (svc.outputs
      ? `\n/** Output shape of each simulated operation (for the protocols whose answers follow the model: AWS Query, RPC v2 CBOR). */\n` +
        `export const operationOutputs: Record<string, number> = ${JSON.stringify(Object.fromEntries(Object.entries(outputs).map(([op, name]) => [op, main.ids.get(name)])))}\n`
      : '') +
    `\n/** Ids of the shapes the code names. */\n` +
    `export const shapeIds: Record<string, number> = ${JSON.stringify(Object.fromEntries([...main.ids].filter(([name]) => named(name))))}\n` +
    describeFacts
  emit(resolve(root, 'src', svc.dir, 'model.gen.ts'), banner + body)
  // Apart from the shape table: a service's error catalog is needed where its model is not loaded yet.
  const errorsOnly = svc.errorsOfSimulated
    ? new Set(svc.simulated.flatMap((name) => (shapes[`com.amazonaws.${svc.dir}#${name}`].errors ?? []).map((e) => e.target)))
    : undefined
  emit(
    resolve(root, 'src', svc.dir, 'errors.gen.ts'),
    `${banner}/** The model's error shapes and their HTTP status. */\n` +
      `export const modelErrors: Record<string, number> = ${JSON.stringify(errorStatuses(shapes, errorsOnly))}\n` +
      (svc.queryCompatible ? queryErrorCodes(shapes, errorsOnly) : ''),
  )
  const simulated = svc.simulated ?? service[1].operations.map(({ target }) => short(target))
  emit(resolve(root, 'src', svc.dir, 'wire.gen.ts'), wireModule(svc, shapes, service[1], simulated))
  // Operations the model marks unsigned (`auth: []`): the SDKs send them without SigV4, so `auth` must not ask for it.
  const unsigned = service[1].operations.map(({ target }) => target).filter((id) => shapes[id].traits?.['smithy.api#auth']?.length === 0)
  if (unsigned.length > 0) {
    emit(
      resolve(root, 'src', svc.dir, 'auth.gen.ts'),
      `${banner}/** Operations the model marks unsigned (\`auth: []\`): callers send them without a signature. */\n` +
        `export const unsignedOperations: readonly string[] = ${JSON.stringify(unsigned.map(short))}\n`,
    )
  }
  if (svc.subset) {
    const reachable = {}
    const walk = (name) => {
      if (name in reachable) return
      if (svc.subset.shallow?.includes(name)) {
        reachable[name] = { t: 'D' }
        return
      }
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
    const subset = indexed(Object.keys(reachable), (name) => reachable[name])
    emit(
      resolve(root, 'src', svc.dir, svc.subset.file),
      `${banner}import type { ShapeTable } from '../protocol/shapes'\n\n` +
        `/** The input shapes of ${svc.subset.operation} only. */\n` +
        `export const shapes: ShapeTable = ${JSON.stringify(subset.table)} as unknown as ShapeTable\n\n` +
        `export const inputShape = ${subset.ids.get(rootShape)}\n` +
        (svc.describe
          ? `\n/** Ids of the shapes the code names. */\n` +
            `export const shapeIds: Record<string, number> = ${JSON.stringify(Object.fromEntries([...subset.ids].filter(([name]) => named(name))))}\n`
          : ''),
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

/**
 * Item 5a: the browser bundle. esbuild bundles src/index.ts as an app would (--bundle --minify
 * --format=esm --splitting --platform=browser, msw external); the size reported is the entry chunk
 * plus every chunk it statically imports (transitively), gzipped (level 9) one file at a time as a
 * server would send them. Chunks reached only through import() — the SigV4 verifier — are listed
 * apart: a page without `auth` never loads them.
 * The budget (decisions/0004-bundle-budget-per-service.md) is on the total; code and the generated shape
 * tables are reported apart: a second build replaces every *.gen.ts module with empty exports, and
 * the tables' share is the difference.
 * Usage: node bench/bundle.mjs
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { ROOT, emit, log } from './lib.mjs'

const TARGET = 37_000 // "37 KB": 37,000 bytes (decision 0014)

/** Every generated module as empty exports of the same names: the bundle without its shape tables. */
const withoutTables = {
  name: 'without-tables',
  setup(b) {
    b.onLoad({ filter: /\.gen\.ts$/ }, (args) => {
      const names = [...readFileSync(args.path, 'utf8').matchAll(/^export const (\w+)/gm)].map((m) => m[1])
      return { contents: names.map((n) => `export const ${n} = null`).join('\n'), loader: 'ts' }
    })
  },
}

/** Bundles src/index.ts into `outdir`; returns the gzip bytes of the eager chunks, the sizes and the metafile. */
async function measure(outdir, plugins = []) {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ['src/index.ts'],
    bundle: true,
    minify: true,
    format: 'esm',
    splitting: true,
    platform: 'browser',
    external: ['msw', 'msw/*'],
    outdir,
    metafile: true,
    logLevel: 'warning',
    plugins,
  })
  const outputs = result.metafile.outputs
  const key = (abs) => relative(ROOT, abs)
  const entry = Object.keys(outputs).find((k) => outputs[k].entryPoint === 'src/index.ts' && k.endsWith('.js'))
  const size = (file) => {
    const bytes = readFileSync(join(ROOT, file))
    return { file: relative(key(outdir), file), raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }
  }
  // The entry and what it statically imports, transitively; dynamic imports are lazy.
  const eager = new Set([entry])
  const lazy = new Set()
  const queue = [entry]
  while (queue.length) {
    for (const imp of outputs[queue.shift()].imports) {
      if (imp.external) continue
      if (imp.kind === 'dynamic-import') lazy.add(imp.path)
      else if (!eager.has(imp.path)) {
        eager.add(imp.path)
        queue.push(imp.path)
      }
    }
  }
  const eagerSizes = [...eager].map(size)
  const lazySizes = [...lazy].filter((f) => !eager.has(f)).map(size)
  return { outputs, eager, eagerSizes, lazySizes, gzip: eagerSizes.reduce((a, s) => a + s.gzip, 0) }
}

const outdir = mkdtempSync(join(tmpdir(), 'firehose-msw-bundle-'))
try {
  const { outputs, eager, eagerSizes, lazySizes, gzip } = await measure(join(outdir, 'full'))
  const code = (await measure(join(outdir, 'code'), [withoutTables])).gzip
  const raw = eagerSizes.reduce((a, s) => a + s.raw, 0)
  const lazyGzip = lazySizes.reduce((a, s) => a + s.gzip, 0)
  // What the eager chunks are made of (minified bytes per source file), largest first.
  const inputs = {}
  for (const file of eager) {
    for (const [input, { bytesInOutput }] of Object.entries(outputs[file].inputs)) inputs[input] = (inputs[input] ?? 0) + bytesInOutput
  }
  const composition = Object.entries(inputs)
    .sort((a, b) => b[1] - a[1])
    .map(([input, bytes]) => ({ input, bytes }))
  log(
    `bundle: largest inputs (minified bytes): ${composition
      .slice(0, 8)
      .map((c) => `${c.input} ${c.bytes}`)
      .join(', ')}`,
  )
  // Each service's eager shell (src/<service>/ in the eager chunks), so a new service's cost is seen apart.
  const byService = {}
  for (const { input, bytes } of composition) {
    const service = /^src\/(firehose|kms|cognito|s3|[a-z0-9-]+)\//.exec(input)?.[1]
    if (service && !['protocol', 'server', 'browser', 'storybook'].includes(service)) byService[service] = (byService[service] ?? 0) + bytes
  }
  log(
    `bundle: eager minified bytes by service folder: ${Object.entries(byService)
      .map(([service, bytes]) => `${service} ${bytes}`)
      .join(', ')}`,
  )
  log(
    `bundle: eager ${eagerSizes.map((s) => `${s.file} ${s.gzip} B`).join(' + ')}; lazy ${lazySizes.map((s) => `${s.file} ${s.gzip} B`).join(', ') || 'none'}`,
  )
  emit(
    [
      {
        item: '5. browser bundle, core entry (gzip, msw external)',
        value: `${(gzip / 1000).toFixed(1)} KB`,
        baseline: `${(raw / 1000).toFixed(1)} KB min; +${(lazyGzip / 1000).toFixed(1)} KB lazy`,
        ratio: gzip / TARGET,
        target: '≤ 37 KB (37,000 B)',
        ok: gzip <= TARGET,
      },
      {
        item: '5. of which code (gzip)',
        value: `${(code / 1000).toFixed(1)} KB`,
        baseline: `${(gzip / 1000).toFixed(1)} KB total`,
        ratio: code / gzip,
        target: 'reported',
        ok: true,
      },
      {
        item: '5. of which shape tables (gzip, total − code)',
        value: `${((gzip - code) / 1000).toFixed(1)} KB`,
        baseline: `${(gzip / 1000).toFixed(1)} KB total`,
        ratio: (gzip - code) / gzip,
        target: 'reported',
        ok: true,
      },
    ],
    {
      bundle: {
        gzipBytes: gzip,
        codeGzipBytes: code,
        tablesGzipBytes: gzip - code,
        minifiedBytes: raw,
        eager: eagerSizes,
        lazy: lazySizes,
        composition,
        eagerMinifiedBytesByService: byService,
      },
    },
  )
} finally {
  rmSync(outdir, { recursive: true, force: true })
}

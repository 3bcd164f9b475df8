import { defineConfig, type Options } from 'tsup'

const shared: Options = {
  target: 'es2022',
  platform: 'neutral',
  // No source maps: everything under dist/ ships to users, and the maps (~1.2 MB) would too.
  sourcemap: false,
  // msw is the user's copy (a peer dependency); node:* are the server's Node built-ins.
  external: ['msw', 'msw/browser', 'msw/node', /^node:/],
  // Keep `node:fs` as written (a bare `fs` would not even resolve on platform 'neutral').
  removeNodeProtocol: false,
}

export default defineConfig([
  {
    // ESM, every entry in ONE build so they share chunks: the core (createFirehoseMock, AwsError…)
    // exists once, and firehose-msw, /browser, /storybook, /server and the CLI all import that one
    // copy, so `instanceof AwsError` holds across the entries by construction. The server entries
    // need nothing from platform 'node' but their `node:*` imports, which are external above.
    ...shared,
    entry: {
      index: 'src/index.ts',
      'browser/index': 'src/browser/index.ts',
      'storybook/index': 'src/storybook/index.ts',
      'vitest/index': 'src/vitest/index.ts',
      'server/index': 'src/server/index.ts',
      'server/cli': 'src/server/cli.ts',
    },
    format: ['esm'],
    splitting: true,
    // No `clean` here: the builds below run at the same time and write into dist/ too, so the
    // `build` script empties dist/ before tsup starts.
    dts: false,
  },
  {
    // Declarations of the browser-safe entries, built as they are type-checked: without Node's
    // types (tsconfig.json), so nothing Node-only can leak into them.
    ...shared,
    entry: { index: 'src/index.ts', 'browser/index': 'src/browser/index.ts', 'storybook/index': 'src/storybook/index.ts' },
    format: ['esm'],
    dts: { only: true },
  },
  {
    // Declarations of firehose-msw/vitest: its matchers' types augment Vitest's `Assertion`, which
    // needs Vitest's types loaded where it is used (the bundled declarations would drop the
    // reference the source makes, so the banner writes it back).
    ...shared,
    entry: { 'vitest/index': 'src/vitest/index.ts' },
    format: ['esm'],
    dts: { only: true, banner: '/// <reference types="vitest" />' },
  },
  {
    // Declarations of firehose-msw/server: built with src/server/tsconfig.json, which has @types/node.
    // They carry their own copy of the core's interfaces; types are structural, so the server's
    // FirehoseMock is the main entry's (test/package type-checks a consumer relying on that).
    ...shared,
    entry: { 'server/index': 'src/server/index.ts' },
    tsconfig: 'src/server/tsconfig.json',
    format: ['esm'],
    dts: { only: true },
  },
  {
    // CommonJS for the core entry only (the `require` condition of `.`, for test runners that still require()).
    ...shared,
    entry: { index: 'src/index.ts' },
    format: ['cjs'],
    dts: true,
  },
])

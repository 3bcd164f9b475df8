import { defineConfig, type Options } from 'tsup'

const shared: Options = {
  dts: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  external: ['msw', 'msw/browser'],
}

export default defineConfig([
  {
    // ESM: every entry shares one copy of the core, so `instanceof AwsError` holds across them.
    ...shared,
    entry: { index: 'src/index.ts', 'browser/index': 'src/browser/index.ts', 'storybook/index': 'src/storybook/index.ts' },
    format: ['esm'],
    splitting: true,
    clean: true,
  },
  {
    // Node only: the standalone server and its CLI (they import node:http and node:fs).
    ...shared,
    entry: { 'server/index': 'src/server/index.ts', 'server/cli': 'src/server/cli.ts' },
    dts: { entry: { 'server/index': 'src/server/index.ts' } },
    tsconfig: 'src/server/tsconfig.json',
    format: ['esm'],
    platform: 'node',
    target: 'node20',
  },
  {
    // CommonJS for the core entry only (Node test runners that still require()).
    ...shared,
    entry: { index: 'src/index.ts' },
    format: ['cjs'],
  },
])

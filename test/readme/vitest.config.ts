/**
 * The README's samples as users run them: each sample test file under examples/readme is its own
 * Vitest file (its `@vitest-environment` comment applies), and `firehose-msw/*` imports resolve
 * through aliases made from package.json's `exports` with Node's conditions — so an import the
 * package does not export (such as `firehose-msw/browser` in Node) fails here as it would for a
 * user. test/readme.test.ts runs this configuration in a child process; the `*.check.ts` files
 * beside this one exercise samples that are not test files themselves (the Storybook stories).
 */
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { packageAliases } from '../../examples/vite/package-aliases'

export default defineConfig({
  root: fileURLToPath(new URL('../../', import.meta.url)),
  resolve: { alias: packageAliases(['node', 'import', 'default']) },
  test: {
    include: ['examples/readme/**/*.test.ts', 'test/readme/**/*.check.ts'],
    environment: 'node',
  },
})

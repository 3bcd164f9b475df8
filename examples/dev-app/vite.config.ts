/**
 * The dev-mode example app: `npm start` (or `vite --config examples/dev-app/vite.config.ts`).
 * The library is used from source through aliases made from package.json's `exports`, so no
 * build is needed first; the worker script comes from the installed msw.
 */
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { mswWorker } from '../vite/msw-worker.ts'
import { packageAliases } from '../vite/package-aliases.ts'
import { LAZY_DEPENDENCIES } from '../vite/prebundle.ts'

const repo = fileURLToPath(new URL('../../', import.meta.url))
const here = fileURLToPath(new URL('./', import.meta.url))

export default defineConfig({
  root: here,
  publicDir: false,
  plugins: [mswWorker()],
  cacheDir: `${repo}node_modules/.vite/dev-app`,
  resolve: { alias: packageAliases() },
  optimizeDeps: {
    // Pre-bundle up front, so a first visit never triggers a dependency re-optimisation reload.
    include: [
      '@aws-sdk/client-firehose',
      '@aws-sdk/client-kms',
      '@aws-sdk/client-cloudwatch',
      'msw',
      'msw/browser',
      '@aws-crypto/sha256-js',
      ...LAZY_DEPENDENCIES,
    ],
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: false,
    fs: { allow: [repo] },
  },
  // `npm run build:dev-app` writes examples/dev-app/dist (git-ignored); the mock runs there too.
  build: { outDir: `${here}dist`, emptyOutDir: true },
})

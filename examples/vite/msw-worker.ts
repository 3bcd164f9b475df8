/**
 * Serves `/mockServiceWorker.js` from the installed `msw` package (in dev, and as an asset of a
 * build), so the worker script always matches the MSW major and version in node_modules. In your
 * own app, `npx msw init public` copies the same file once into your static folder.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Plugin } from 'vite'

const WORKER = 'mockServiceWorker.js'

export function mswWorker(): Plugin {
  const source = (): string => readFileSync(createRequire(import.meta.url).resolve(`msw/${WORKER}`), 'utf8')
  return {
    name: 'firehose-msw:worker-script',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url?.split('?')[0]?.endsWith(`/${WORKER}`) !== true) return next()
        res.setHeader('content-type', 'text/javascript')
        res.end(source())
      })
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: WORKER, source: source() })
    },
  }
}

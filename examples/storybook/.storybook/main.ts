/**
 * Storybook for firehose-msw's StreamStatus component. The mock runs in MSW's service worker
 * (msw-storybook-addon); `mockServiceWorker.js` is served from examples/public.
 * Run: `npm run storybook` (dev, port 6006) or `npm run build-storybook` (static, storybook-static/).
 */
import { fileURLToPath } from 'node:url'
import type { StorybookConfig } from '@storybook/html-vite'

const fromRoot = (path: string): string => fileURLToPath(new URL(`../../../${path}`, import.meta.url))

const config: StorybookConfig = {
  framework: '@storybook/html-vite',
  stories: ['../*.stories.ts'],
  addons: ['msw-storybook-addon'],
  // Holds mockServiceWorker.js (copied with `npx msw init examples/public`).
  staticDirs: ['../../public'],
  // The machine running the tests has no internet: never phone home.
  core: { disableTelemetry: true },
  viteFinal(viteConfig) {
    // Use the library's sources directly, so no `npm run build` is needed first.
    // In your own project, `firehose-msw` and `firehose-msw/storybook` resolve from node_modules.
    const aliases = [
      { find: /^firehose-msw\/storybook$/, replacement: fromRoot('src/storybook/index.ts') },
      { find: /^firehose-msw$/, replacement: fromRoot('src/index.ts') },
    ]
    const existing = viteConfig.resolve?.alias
    const previous = Array.isArray(existing)
      ? existing
      : Object.entries(existing ?? {}).map(([find, replacement]) => ({ find, replacement: replacement as string }))
    return { ...viteConfig, resolve: { ...viteConfig.resolve, alias: [...aliases, ...previous] } }
  },
}

export default config

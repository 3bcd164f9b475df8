/**
 * Storybook for firehose-msw's StreamStatus component. The mock runs in MSW's service worker
 * (msw-storybook-addon); `mockServiceWorker.js` comes from the installed msw.
 * Run: `npm run storybook` (dev, port 6006) or `npm run build-storybook` (static, storybook-static/).
 */
import type { StorybookConfig } from '@storybook/html-vite'
import { mswWorker } from '../../vite/msw-worker'
import { packageAliases } from '../../vite/package-aliases'

const config: StorybookConfig = {
  framework: '@storybook/html-vite',
  stories: ['../*.stories.ts'],
  addons: ['msw-storybook-addon'],
  // In your own project, the worker script lives in a static folder: `npx msw init public`, and
  // `staticDirs: ['../public']`. Here it is served from node_modules, to match the installed msw.
  // The machine running the tests has no internet: never phone home.
  core: { disableTelemetry: true },
  viteFinal(viteConfig) {
    // Use the library's sources through aliases made from package.json's `exports`, so no
    // `npm run build` is needed first. In your own project, `firehose-msw/*` resolves from node_modules.
    const aliases = packageAliases()
    const existing = viteConfig.resolve?.alias
    const previous = Array.isArray(existing)
      ? existing
      : Object.entries(existing ?? {}).map(([find, replacement]) => ({ find, replacement: replacement as string }))
    return {
      ...viteConfig,
      plugins: [...(viteConfig.plugins ?? []), mswWorker()],
      resolve: { ...viteConfig.resolve, alias: [...aliases, ...previous] },
    }
  },
}

export default config

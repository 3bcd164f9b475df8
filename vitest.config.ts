import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/dom/**', 'test/e2e/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'dom',
          include: ['test/dom/**/*.dom.test.ts'],
          environment: 'happy-dom',
        },
      },
      {
        // jsdom, whose TextEncoder hands out Uint8Arrays of another realm (see test/dom/jsdom-hint.jsdom.test.ts).
        test: {
          name: 'jsdom',
          include: ['test/dom/**/*.jsdom.test.ts'],
          environment: 'jsdom',
        },
      },
      {
        // The README's component-test example, run as users would run it.
        test: {
          name: 'examples',
          include: ['examples/component-test/**/*.test.ts'],
          environment: 'happy-dom',
        },
      },
      {
        // Real Chromium (Debian's /usr/bin/chromium or CHROMIUM_PATH) driven by playwright-core.
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
})

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
    ],
  },
})

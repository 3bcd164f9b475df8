// @vitest-environment happy-dom
/**
 * The README's Storybook stories (examples/readme/storybook) outside Storybook: each story's
 * `beforeEach` installs its handlers through an `msw.use` like the addon's (here msw/node's), and
 * the story's render shows the state the README says the scenario seeds.
 */
import type { RequestHandler } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach, expect, it, vi } from 'vitest'
import { onUnhandled } from 'firehose-msw'
import meta, * as stories from '../../examples/readme/storybook/stream-status.stories'

const server = setupServer()
beforeAll(() => server.listen(onUnhandled('error')))
beforeEach(() => server.resetHandlers())
afterAll(() => server.close())

const shown: Record<string, string> = {
  Active: 'ACTIVE, encryption DISABLED',
  Enabling: 'ACTIVE, encryption ENABLING',
  Enabled: 'ACTIVE, encryption ENABLED',
  EnablingFailed: 'ACTIVE, encryption ENABLING_FAILED DISABLED_KMS_KEY',
}

it.each(Object.entries(shown))('story %s shows "%s"', async (name, text) => {
  const story = new Map<string, unknown>(Object.entries(stories)).get(name) as { beforeEach: (context: object) => void }
  story.beforeEach({ msw: { use: (...handlers: RequestHandler[]) => server.use(...handlers) } })
  const root = meta.render()
  await vi.waitFor(() => expect(root.textContent).toBe(text))
})

it('checks every story', () => {
  expect(Object.keys(stories).filter((name) => name !== 'default')).toEqual(Object.keys(shown))
})

/**
 * msw-storybook-addon 3.x with CSF 3: the loader starts MSW's service worker once and resets its
 * handlers before every story; each story installs its handlers in `beforeEach({ msw })`.
 * `startStorybookWorker` starts it the same way under MSW 2 and MSW 3.
 */
import type { Preview } from '@storybook/html-vite'
import { mswLoader } from 'msw-storybook-addon/csf3'
import { startStorybookWorker } from 'firehose-msw/storybook'

const preview: Preview = {
  loaders: [mswLoader(startStorybookWorker)],
}

export default preview

/**
 * msw-storybook-addon 3.x with CSF 3: the loader starts MSW's service worker once and resets its
 * handlers before every story; each story installs its handlers in `beforeEach({ msw })`.
 */
import type { Preview } from '@storybook/html-vite'
import { mswLoader } from 'msw-storybook-addon/csf3'

const preview: Preview = {
  loaders: [mswLoader()],
}

export default preview

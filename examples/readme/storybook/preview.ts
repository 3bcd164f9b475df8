// .storybook/preview.ts
import type { Preview } from '@storybook/html-vite'
import { mswLoader } from 'msw-storybook-addon/csf3'
import { startStorybookWorker } from 'firehose-msw/storybook'

const preview: Preview = { loaders: [mswLoader(startStorybookWorker)] }
export default preview

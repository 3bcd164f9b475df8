// src/mocks.ts: the mock in MSW's service worker. Load it before the app, in development only.
import { startFirehoseWorker, type Fixture } from 'firehose-msw/browser'
import clickstream from 'firehose-msw/fixtures/direct-put-s3.json'

// Realistic timing (the default): people see CREATING → ACTIVE and ENABLING → ENABLED happen.
export const { mock } = await startFirehoseWorker({ seed: clickstream as Fixture })

// At run time, e.g. from a dev toolbar: every put fails until the rule is removed.
export const throttlePuts = () => mock.faults.add({ operation: 'PutRecord', error: 'ServiceUnavailableException' })

/**
 * firehose-msw/browser: the mock in MSW's service worker, in one call.
 * Copy the worker script once with `npx msw init public --save` (or your static folder).
 */
import { setupWorker, type SetupWorker } from 'msw/browser'
import { createFirehoseMock, type FirehoseMock, type FirehoseMockOptions } from '../mock'

export type StartOptions = Parameters<SetupWorker['start']>[0]

/**
 * Starts MSW's service worker with the mock's handlers. Requests no handler matches go to the
 * network (`onUnhandledRequest: 'bypass'`), so the rest of the app works as usual.
 * @example
 * const { mock } = await startFirehoseWorker({ seed: fixture })
 * // …the app's real @aws-sdk/client-firehose calls now reach the mock
 */
export async function startFirehoseWorker(
  mockOrOptions: FirehoseMock | FirehoseMockOptions = {},
  startOptions: StartOptions = {},
): Promise<{ worker: SetupWorker; mock: FirehoseMock }> {
  const mock = 'handlers' in mockOrOptions ? (mockOrOptions as FirehoseMock) : createFirehoseMock(mockOrOptions as FirehoseMockOptions)
  const worker = setupWorker(...mock.handlers)
  await worker.start({ onUnhandledRequest: 'bypass', quiet: true, ...startOptions })
  return { worker, mock }
}

export * from '../index'

/**
 * firehose-msw/browser: the mock in MSW's service worker, in one call.
 * Copy the worker script once with `npx msw init public --save` (or your static folder).
 */
import { setupWorker, type SetupWorker } from 'msw/browser'
import { createFirehoseMock } from '../mock'
import type { FirehoseMock, FirehoseMockOptions } from '../types'
import { unhandledFrom, type UnhandledStrategy } from '../unhandled'

type WorkerStartOptions = NonNullable<Parameters<SetupWorker['start']>[0]>

/**
 * `worker.start()`'s options, plus the other MSW major's name for the unhandled-request strategy
 * (`onUnhandledRequest` in MSW 2, `onUnhandledFrame` in MSW 3) for a strategy string, which is
 * passed under both names. A callback goes under the installed major's name: its arguments differ.
 */
export type StartOptions = WorkerStartOptions & {
  [K in Exclude<'onUnhandledRequest' | 'onUnhandledFrame', keyof WorkerStartOptions>]?: UnhandledStrategy
}

/**
 * Starts MSW's service worker with the mock's handlers. Requests no handler matches go to the
 * network (`'bypass'`), so the rest of the app works as usual. A strategy given under either
 * MSW major's option name (`onUnhandledRequest` in MSW 2, `onUnhandledFrame` in MSW 3) is passed
 * under both, so it takes effect whichever MSW is installed.
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
  await worker.start({ quiet: true, ...startOptions, ...unhandledFrom(startOptions, 'bypass') } as StartOptions)
  return { worker, mock }
}

export * from '../index'

/**
 * What MSW does with a request that no handler answers, set in a way every supported MSW major
 * reads: MSW 2 takes `onUnhandledRequest`, MSW 3 renamed it `onUnhandledFrame` and silently
 * ignores the old name (so `onUnhandledRequest: 'error'` would let an unmocked request reach the
 * network with a warning only). Setting both keys serves both majors without a version switch.
 */
import { FirehoseMswError } from './protocol/aws-error'

/** `'bypass'` lets the request through, `'warn'` lets it through and logs, `'error'` fails it. */
export type UnhandledStrategy = 'bypass' | 'warn' | 'error'

/** The two option keys MSW 2 and MSW 3 read for the strategy. */
export interface UnhandledOptions<S extends UnhandledStrategy = UnhandledStrategy> {
  onUnhandledRequest: S
  onUnhandledFrame: S
}

const STRATEGIES: readonly string[] = ['bypass', 'warn', 'error']

/**
 * The `listen()` / `start()` options for an unhandled-request strategy, for MSW 2 and MSW 3 alike.
 * @example
 * beforeAll(() => server.listen(onUnhandled('error')))
 * await worker.start({ ...onUnhandled('bypass'), quiet: true })
 */
export function onUnhandled<S extends UnhandledStrategy>(strategy: S): UnhandledOptions<S> {
  if (!STRATEGIES.includes(strategy)) {
    throw new FirehoseMswError(
      `Failed to set the unhandled-request strategy: must be "bypass", "warn" or "error", not ${JSON.stringify(strategy)}`,
    )
  }
  return { onUnhandledRequest: strategy, onUnhandledFrame: strategy }
}

/**
 * The strategy options to pass on when the caller may have written either major's key: a string
 * strategy under either name is set under both; a custom callback (whose signature differs between
 * the majors) is left as the caller wrote it; nothing given means `fallback`.
 */
export function unhandledFrom(options: object | undefined, fallback: UnhandledStrategy): Partial<UnhandledOptions> {
  const given = (options ?? {}) as { onUnhandledRequest?: unknown; onUnhandledFrame?: unknown }
  const chosen = given.onUnhandledFrame ?? given.onUnhandledRequest
  if (chosen === undefined) return onUnhandled(fallback)
  return typeof chosen === 'string' ? onUnhandled(chosen as UnhandledStrategy) : {}
}

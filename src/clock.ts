/**
 * Time in firehose-msw. The model never sets timers: every transition (CREATING → ACTIVE,
 * ENABLING → ENABLED, …) is computed from `now()` when a request or an inspection reads the
 * state. So `vi.useFakeTimers()`, a manual clock and real time all work the same way.
 */

/** Durations, in milliseconds, of the asynchronous transitions the mock simulates. */
export interface Timing {
  /** CreateDeliveryStream: CREATING → ACTIVE. */
  streamCreating: number
  /** DeleteDeliveryStream: DELETING → gone. */
  streamDeleting: number
  /** StartDeliveryStreamEncryption: ENABLING → ENABLED (or ENABLING_FAILED). */
  encryptionEnabling: number
  /** StopDeliveryStreamEncryption: DISABLING → DISABLED. */
  encryptionDisabling: number
  /** After ENABLED/DISABLED, how long puts keep the previous `Encrypted` value ("up to 5 seconds"). */
  encryptionPropagation: number
}

/** A timing preset name, or individual durations layered over `'realistic'`. */
export type TimingOption = 'realistic' | 'instant' | Partial<Timing>

/**
 * Durations close to what the AWS console shows for a small stream. AWS publishes no exact
 * figures except the "up to 5 seconds" for encryption to take effect on puts.
 */
export const realisticTiming: Readonly<Timing> = Object.freeze({
  streamCreating: 5_000,
  streamDeleting: 5_000,
  encryptionEnabling: 3_000,
  encryptionDisabling: 3_000,
  encryptionPropagation: 5_000,
})

/** Every transition is immediate: handy for unit tests that do not care about timing. */
export const instantTiming: Readonly<Timing> = Object.freeze({
  streamCreating: 0,
  streamDeleting: 0,
  encryptionEnabling: 0,
  encryptionDisabling: 0,
  encryptionPropagation: 0,
})

/** Resolves a timing option to full durations. */
export function resolveTiming(option: TimingOption | undefined): Timing {
  if (option === undefined || option === 'realistic') return { ...realisticTiming }
  if (option === 'instant') return { ...instantTiming }
  return { ...realisticTiming, ...option }
}

/** The default clock: reads `Date.now()` on every call, so fake timers installed later still apply. */
export const systemNow = (): number => Date.now()

/** A clock you move by hand, for deterministic tests without fake timers. */
export interface ManualClock {
  now: () => number
  /** Moves the clock forward by `ms` milliseconds. */
  advance: (ms: number) => void
  /** Sets the clock to an absolute epoch-milliseconds value. */
  set: (epochMs: number) => void
}

/**
 * Creates a manual clock to pass as `createFirehoseMock({ now: clock.now })`.
 * @example
 * const clock = createManualClock(Date.UTC(2026, 0, 1))
 * const aws = createFirehoseMock({ now: clock.now })
 * clock.advance(5_000)
 */
export function createManualClock(start: number = Date.UTC(2026, 0, 1)): ManualClock {
  let current = start
  return {
    now: () => current,
    advance: (ms) => {
      current += ms
    },
    set: (epochMs) => {
      current = epochMs
    },
  }
}

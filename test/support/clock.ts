/** Instants and durations for tests on a manual clock. */

/** The instant `useMock()`'s manual clock starts at (and returns to after every test). */
export const START = Date.UTC(2026, 10, 25, 12, 0, 0)

export const HOUR = 60 * 60 * 1000
export const DAY = 24 * HOUR

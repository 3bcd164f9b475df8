/**
 * fast-check run parameters for the property tests, from the environment: FC_SEED (and FC_PATH)
 * replay a failure fast-check reported; FC_RUNS_SCALE scales every numRuns (e.g. 10 for a soak).
 */
import type fc from 'fast-check'

const FC_SEED = process.env.FC_SEED !== undefined && process.env.FC_SEED !== '' ? Number(process.env.FC_SEED) : undefined
const FC_PATH = process.env.FC_PATH || undefined
export const RUNS_SCALE = Number(process.env.FC_RUNS_SCALE ?? '1') || 1

/** `numRuns` scaled by FC_RUNS_SCALE (at least 1), with FC_SEED and FC_PATH when they are set. */
export function fcParams<T = unknown>(numRuns: number): fc.Parameters<T> & { numRuns: number } {
  return {
    numRuns: Math.max(1, Math.round(numRuns * RUNS_SCALE)),
    ...(FC_SEED !== undefined ? { seed: FC_SEED } : {}),
    ...(FC_PATH !== undefined ? { path: FC_PATH } : {}),
  }
}

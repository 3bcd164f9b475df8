/**
 * The state machine of a stream's server-side encryption, as Firehose documents it. It knows
 * nothing of KMS; no timer moves it: reading the state at `now` completes what has come due (and
 * forgets Start/Stop calls older than the daily window), and accepting a change records it.
 * - A Start is ENABLING, then ENABLED (or ENABLING_FAILED) once its completion time has come;
 *   a Stop is DISABLING, then DISABLED.
 * - Puts see a completed change only `propagation` after it completed.
 * - A failed change of key leaves encryption on with the old key.
 */
import type { ServiceGrantRef } from '../kms/port'
import type { EncryptionConfig, EncryptionState } from './types'

export type EncryptionStatus = 'ENABLING' | 'ENABLED' | 'ENABLING_FAILED' | 'DISABLING' | 'DISABLED'
export type PendingChange = NonNullable<EncryptionState['pending']>

export const newEncryptionState = (): EncryptionState => ({ history: [], calls: [] })

/** Completes a pending change whose time has come. */
export function settleEncryption(state: EncryptionState, now: number): void {
  const pending = state.pending
  if (!pending || now < pending.completesAt) return
  state.pending = undefined
  if (pending.kind === 'disable') {
    state.history.push({ at: pending.completesAt, config: null })
    state.grant = undefined
  } else if (pending.failure) {
    state.failed = { config: pending.config, failure: pending.failure }
  } else {
    state.history.push({ at: pending.completesAt, config: pending.config })
    state.grant = pending.grant
  }
}

/** The configuration of the last completed change (`null`: off). */
export const currentConfig = (state: EncryptionState): EncryptionConfig | null => state.history.at(-1)?.config ?? null

export function encryptionStatus(state: EncryptionState, now: number): EncryptionStatus {
  settleEncryption(state, now)
  if (state.pending) return state.pending.kind === 'enable' ? 'ENABLING' : 'DISABLING'
  if (state.failed) return 'ENABLING_FAILED'
  return currentConfig(state) ? 'ENABLED' : 'DISABLED'
}

/** The configuration a put at `now` sees: the last change that completed at least `propagation` ago. */
export function effectiveConfig(state: EncryptionState, now: number, propagation: number): EncryptionConfig | null {
  settleEncryption(state, now)
  let effective: EncryptionConfig | null = null
  for (const entry of state.history) if (entry.at + propagation <= now) effective = entry.config
  return effective
}

/** The grant behind a configuration, when it is the one in use now. */
export const grantFor = (state: EncryptionState, config: EncryptionConfig): ServiceGrantRef | undefined =>
  config === currentConfig(state) ? state.grant : undefined

/** The keys the stream uses or is about to use (a pending Start's key counts). */
export function keysInUse(state: EncryptionState): string[] {
  const configs = [currentConfig(state), state.pending?.kind === 'enable' ? state.pending.config : null]
  return configs.flatMap((config) => (config?.keyArn ? [config.keyArn] : []))
}

/** Start and Stop calls within `window` before `now` (older ones are forgotten). */
export function recentCalls(state: EncryptionState, now: number, window: number): number {
  state.calls = state.calls.filter((t) => now - t < window)
  return state.calls.length
}

/**
 * Accepts a Start or a Stop at `now`. Returns the grants that stop being used when the change
 * completes: the caller schedules their retirement for `change.completesAt`.
 */
export function beginChange(state: EncryptionState, change: PendingChange, now: number): ServiceGrantRef[] {
  const released =
    change.kind === 'disable' || (!change.failure && state.grant && state.grant.grantId !== change.grant?.grantId) ? state.grant : undefined
  state.failed = undefined
  state.pending = change
  state.calls.push(now)
  return released ? [released] : []
}

/** Every grant the stream holds or is about to hold (for its deletion). */
export function grantsHeld(state: EncryptionState): ServiceGrantRef[] {
  const pending = state.pending?.kind === 'enable' ? state.pending.grant : undefined
  return [state.grant, pending].filter((g): g is ServiceGrantRef => g !== undefined)
}

/** Seeded state: every change has completed and propagated long ago, and no call counts against the daily limit. */
export function settleAsSeeded(state: EncryptionState, now: number): void {
  settleEncryption(state, now)
  for (const change of state.history) change.at = Number.NEGATIVE_INFINITY
}

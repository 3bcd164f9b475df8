/**
 * The shape every simulated service offers the composition root (src/mock.ts), and the rules
 * they share: what lives as long as the mock, what is read once per request, and the answer for
 * an operation the model has but the mock does not simulate.
 */
import type { Timing } from './clock'
import type { FaultDecision } from './faults'
import { AwsError } from './protocol/aws-error'
import { jsonErrors, type ErrorCatalog } from './protocol/catalog'
import { partitionOf } from './protocol/endpoints'
import type { AwsCall, ServiceProtocol } from './protocol/handler'

/** What lives as long as the mock and every service shares. */
export interface MockEnv {
  /** The account of callers that did not sign as another one. */
  accountId: string
  /** The clock, in epoch milliseconds. */
  now: () => number
  timing: Timing
}

/** Who asks, where, and when: fixed for the duration of one request (or one fixture load, or one inspection). */
export interface RequestScope {
  accountId: string
  region: string
  partition: string
  now: number
}

export const DEFAULT_REGION = 'us-east-1'

export const requestScope = (accountId: string, region: string, now: number): RequestScope => ({
  accountId,
  region,
  partition: partitionOf(region),
  now,
})

/** The scope of an inspection call (`aws.firehose.records(name, { region })`): defaults to the mock's account and us-east-1. */
export const inspectionScope = (env: MockEnv, options: { region?: string; accountId?: string } = {}): RequestScope =>
  requestScope(options.accountId ?? env.accountId, options.region ?? DEFAULT_REGION, env.now())

/** A service spoken to over AWS JSON: the composition root routes its calls and exposes its inspection. */
export interface JsonService<Inspect> {
  readonly protocol: ServiceProtocol
  /** The service's error catalog: what its errors (and faults injected into it) look like on the wire. */
  readonly errors: ErrorCatalog
  /** Runs one validated call; returns its output or throws an AwsError. `fault` is what fault rules left for the service to apply. */
  dispatch(call: AwsCall, scope: RequestScope, fault?: FaultDecision): unknown
  readonly inspect: Inspect
  /** Drops everything the service holds (fixtures are seeded again by the composition root). */
  reset(): void
}

/** A service's part of `aws.snapshot()`: its data as stored (Maps, Sets and bytes included), and back. */
export interface Stateful<State, Restored = State> {
  /** What the service holds now (settled on the clock), sharing the stored objects: the snapshot encodes it at once. */
  exportState(): State
  /** Takes in a decoded snapshot's part, on top of what the service holds. */
  importState(state: Restored): void
}

/**
 * A loader that runs `load` once — a service's model and operations, split out of the bundle and
 * imported on its first request — and tries again after a failure (a chunk that failed to load).
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined
      throw error
    }))
}

/**
 * A service's operation table, typed by its model (wire.gen.ts): an operation missing or misnamed,
 * or returning the wrong output, does not compile. Also readable by name as a string, the input as
 * readInput checked it.
 */
export type OperationTable<Inputs, Outputs, Ctx> = {
  [K in keyof Inputs & keyof Outputs]: (input: Inputs[K], ctx: Ctx) => Outputs[K] | Promise<Outputs[K]>
} & {
  readonly [name: string]: ((input: never, ctx: Ctx) => unknown) | undefined
}

/** An operation of the service's API model that the mock does not simulate. */
export const notSimulated = (operation: string): AwsError =>
  jsonErrors.error('UnsupportedOperationException', `${operation} is not simulated by firehose-msw.`)

/** The operation of a table, or UnsupportedOperationException: the one rule for every service. */
export function operationOf<T>(table: { readonly [name: string]: T | undefined }, name: string): T {
  if (!Object.prototype.hasOwnProperty.call(table, name)) throw notSimulated(name)
  return table[name]!
}

/** A fixture entry that cannot be seeded: which member of the entry, and why. */
export class SeedError extends Error {
  constructor(
    readonly member: string,
    reason: string,
  ) {
    super(reason)
  }
}

/** Runs one step of seeding an entry, reporting an AWS error it raises against `member`. */
export function seedStep<T>(member: string, step: () => T): T {
  try {
    return step()
  } catch (error) {
    if (error instanceof AwsError) throw new SeedError(member, `${error.code}: ${error.message}`)
    throw error
  }
}

/// <reference types="vitest" />
/**
 * firehose-msw/vitest: matchers over the mock's call log, named and shaped as aws-sdk-client-mock's
 * (`expect(aws).toHaveReceivedCommandWith(PutRecordCommand, { … })`). Register them with
 * `expect.extend(firehoseMatchers)`. They import nothing from Vitest (Jest runs them too), and
 * they also read aws-sdk-client-mock's mocks, so one registration serves a suite that uses both.
 */
import type { FirehoseMock } from '../types'
import { describeCalls, readCalls, type CallView } from './calls-of'
import { commandOf, type CommandRef } from './command'
import { closeness, matchesPartial } from './partial'

export type { CommandRef } from './command'

/** What a matcher receives as `this` from Vitest or Jest (the members used here). */
interface MatcherContext {
  isNot: boolean
  equals(a: unknown, b: unknown): boolean
  utils: {
    diff(a: unknown, b: unknown, options?: object): string | null | undefined
    printExpected(value: unknown): string
    printReceived(value: unknown): string
    stringify(value: unknown): string
  }
}
interface MatcherResult {
  pass: boolean
  message: () => string
}

const ordinal = (n: number): string => {
  const tens = n % 100
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')
  return `${n}${suffix}`
}
const times = (n: number): string => (n === 1 ? 'once' : `${n} times`)

/** The closest calls of a command to the expected input, as diffs (at most three). */
function closest(ctx: MatcherContext, calls: CallView[], expected: object): string {
  const ranked = calls
    .map((call) => ({ call, score: closeness(call.input, expected, ctx.equals) }))
    .sort((a, b) => a.score.misses - b.score.misses)
    .slice(0, 3)
  return ranked
    .map(
      ({ call, score }) =>
        `${ordinal(call.nth)} ${call.label}:\n${ctx.utils.diff(expected, score.shown, { omitAnnotationLines: true }) ?? ''}`,
    )
    .join('\n\n')
}

function match(ctx: MatcherContext, pass: boolean, says: () => string, detail?: () => string): MatcherResult {
  return { pass, message: () => [says(), detail?.()].filter(Boolean).join('\n\n') }
}

const not = (ctx: MatcherContext): string => (ctx.isNot ? 'not ' : '')

function toHaveReceivedCommand(this: MatcherContext, received: unknown, command: CommandRef): MatcherResult {
  const cmd = commandOf(command)
  const { name, all, of } = readCalls(received, cmd)
  return match(
    this,
    of.length > 0,
    () => `expected ${name} ${not(this)}to receive ${cmd.label} at least once, but it received it ${times(of.length)}`,
    () => describeCalls(all),
  )
}

function toHaveReceivedCommandTimes(this: MatcherContext, received: unknown, command: CommandRef, expected: number): MatcherResult {
  const cmd = commandOf(command)
  const { name, all, of } = readCalls(received, cmd)
  return match(
    this,
    of.length === expected,
    () => `expected ${name} ${not(this)}to receive ${cmd.label} ${times(expected)}, but it received it ${times(of.length)}`,
    () => describeCalls(all),
  )
}

function toHaveReceivedCommandWith(this: MatcherContext, received: unknown, command: CommandRef, input: object): MatcherResult {
  const cmd = commandOf(command)
  const { name, all, of } = readCalls(received, cmd)
  const hit = of.find((call) => matchesPartial(call.input, input, this.equals))
  return match(
    this,
    hit !== undefined,
    () =>
      `expected ${name} ${not(this)}to receive ${cmd.label} with ${this.utils.printExpected(input)}` +
      (hit ? `, but its ${ordinal(hit.nth)} ${cmd.label} had:` : of.length ? `; closest of ${of.length}:` : ', but it received none'),
    () =>
      hit
        ? this.utils.stringify(closeness(hit.input, input, this.equals).shown)
        : of.length
          ? closest(this, of, input)
          : describeCalls(all),
  )
}

/**
 * The nth call must be `command` with `input`: the nth of every call (`specific` false, as
 * aws-sdk-client-mock's toHaveReceivedNthCommandWith), or the nth call of `command`.
 */
function nthWith(
  ctx: MatcherContext,
  specific: boolean,
  received: unknown,
  nth: number,
  command: CommandRef,
  input: object,
): MatcherResult {
  if (!Number.isInteger(nth) || nth < 1) throw new TypeError(`[firehose-msw] the call number counts from 1, not ${String(nth)}`)
  const cmd = commandOf(command)
  const { name, all, of } = readCalls(received, cmd)
  const calls = specific ? of : all
  const call = calls[nth - 1]
  const isCommand = call !== undefined && cmd.matches(call)
  const pass = isCommand && matchesPartial(call.input, input, ctx.equals)
  const expected = ctx.utils.printExpected(input)
  return match(
    ctx,
    pass,
    () =>
      specific
        ? `expected the ${ordinal(nth)} ${cmd.label} to ${name} ${not(ctx)}to have ${expected}` +
          (call ? '' : `, but it received ${cmd.label} ${times(calls.length)}`)
        : `expected the ${ordinal(nth)} call to ${name} ${not(ctx)}to be ${cmd.label} with ${expected}` +
          (call ? `; it was ${call.label}` : `, but it received ${times(calls.length)}`),
    () => (isCommand && !pass ? closest(ctx, [call], input) : ''),
  )
}

/** The nth call of any command must be `command` with `input` (aws-sdk-client-mock's argument order). */
function toHaveReceivedNthCommandWith(this: MatcherContext, received: unknown, nth: number, command: CommandRef, input: object) {
  return nthWith(this, false, received, nth, command, input)
}

/** The nth call of `command` must have `input`. */
function toHaveReceivedNthSpecificCommandWith(this: MatcherContext, received: unknown, nth: number, command: CommandRef, input: object) {
  return nthWith(this, true, received, nth, command, input)
}

function toHaveReceivedAnyCommand(this: MatcherContext, received: unknown): MatcherResult {
  const { name, all } = readCalls(received)
  return match(
    this,
    all.length > 0,
    () => `expected ${name} ${not(this)}to receive any command`,
    () => describeCalls(all),
  )
}

/** Some call of `command` was answered with an AWS error (of that name, when given). Only the firehose-msw mock knows its answers. */
function toHaveAnsweredWithError(this: MatcherContext, received: unknown, command: CommandRef, errorName?: string): MatcherResult {
  const cmd = commandOf(command)
  const { name, of } = readCalls(received, cmd, true)
  const failed = of.filter((call) => call.error && (errorName === undefined || call.error.name === errorName))
  const answers = of.map(
    (call) => `${ordinal(call.nth)} ${cmd.label}: ${call.error ? `${call.error.name}: ${call.error.message}` : 'success'}`,
  )
  return match(
    this,
    failed.length > 0,
    () =>
      `expected ${name} ${not(this)}to answer ${cmd.label} with ${errorName ?? 'an error'}` +
      (of.length ? '; its answers:' : ', but it received none'),
    () => answers.join('\n'),
  )
}

/**
 * The matchers, for `expect.extend(firehoseMatchers)`. `received` is the mock (or an
 * aws-sdk-client-mock mock); a command is an SDK command class (`PutRecordCommand`) or an
 * operation name (`'PutRecord'`, `'kms:Encrypt'`). Inputs match as deep partial objects, with
 * asymmetric matchers anywhere, and a string stands for the UTF-8 bytes of a blob.
 */
export const firehoseMatchers = {
  toHaveReceivedCommand,
  toHaveReceivedCommandTimes,
  toHaveReceivedCommandWith,
  toHaveReceivedNthCommandWith,
  toHaveReceivedNthSpecificCommandWith,
  toHaveReceivedAnyCommand,
  toHaveAnsweredWithError,
}

/** A deep partial of a command's input; a string may stand for a blob's UTF-8 bytes. */
export type PartialInput<T> = T extends Uint8Array ? T | string : T extends object ? { [K in keyof T]?: PartialInput<T[K]> } | T : T

type CommandInput<C> = C extends new (input: infer I) => unknown ? I : Record<string, unknown>

/** The matchers' types, for `expect(aws)`. */
export interface FirehoseMatchers<R = unknown> {
  toHaveReceivedCommand<C extends CommandRef>(command: C): R
  toHaveReceivedCommandTimes<C extends CommandRef>(command: C, times: number): R
  toHaveReceivedCommandWith<C extends CommandRef>(command: C, input: PartialInput<CommandInput<C>>): R
  toHaveReceivedNthCommandWith<C extends CommandRef>(nth: number, command: C, input: PartialInput<CommandInput<C>>): R
  toHaveReceivedNthSpecificCommandWith<C extends CommandRef>(nth: number, command: C, input: PartialInput<CommandInput<C>>): R
  toHaveReceivedAnyCommand(): R
  toHaveAnsweredWithError<C extends CommandRef>(command: C, errorName?: string): R
}

declare global {
  // Vitest's `expect(x)` (3, 4 and 5 alike) carries every member of Chai's Assertion, an interface
  // without type parameters: the one place an augmentation fits every Vitest major.
  namespace Chai {
    interface Assertion extends FirehoseMatchers<void> {}
  }
}

/** A mock as the matchers accept it (the type is documentation: any mock with `calls()` works). */
export type MatchableMock = Pick<FirehoseMock, 'calls'>

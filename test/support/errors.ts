/** SDK errors in tests: the error a call rejects with, an assertion on its name, message and status, and answers several tests expect. */
import { stripVTControlCharacters } from 'node:util'
import { expect } from 'vitest'
import { FirehoseMswError } from '../../src'
import { ACCOUNT } from './aws'

export interface SdkError extends Error {
  $metadata?: { httpStatusCode?: number }
  $fault?: string
}

/** The error a call rejects with; fails the test if the call succeeds. */
export async function failureOf(call: Promise<unknown>): Promise<SdkError> {
  try {
    await call
  } catch (error) {
    return error as SdkError
  }
  throw new Error('expected the call to fail, but it succeeded')
}

/** Asserts that the call fails with the given error name, message (exact string or pattern) and HTTP status. */
export async function expectAwsError(
  call: Promise<unknown>,
  expected: { name: string; message?: string | RegExp; status: number },
): Promise<SdkError> {
  const error = await failureOf(call)
  expect(error.name).toBe(expected.name)
  if (typeof expected.message === 'string') expect(error.message).toBe(expected.message)
  else if (expected.message) expect(error.message).toMatch(expected.message)
  expect(error.$metadata?.httpStatusCode).toBe(expected.status)
  return error
}

/** Firehose's answer for a stream that does not exist. */
export const notFound = (name: string, account = ACCOUNT) => ({
  name: 'ResourceNotFoundException',
  message: `Firehose ${name} under account ${account} not found.`,
  status: 400,
})

/** Firehose's answer when a put goes over a per-stream put quota. */
export const SLOW_DOWN = { name: 'ServiceUnavailableException', message: 'Slow down.', status: 503 }

/** The message of InvalidSignatureException (a SigV4 signature that does not verify). */
export const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'

/** The message of the FirehoseMswError that `run` throws; fails the test if it throws nothing or something else. */
export function misuse(run: () => unknown): string {
  let caught: unknown
  try {
    run()
  } catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(FirehoseMswError)
  expect((caught as Error).name).toBe('FirehoseMswError')
  return (caught as Error).message
}

/** The message of a failing assertion, without its colours; throws if the assertion passes. */
export function assertionFailure(assertion: () => void): string {
  try {
    assertion()
  } catch (error) {
    return stripVTControlCharacters((error as Error).message)
  }
  throw new Error('expected the assertion to fail, but it passed')
}

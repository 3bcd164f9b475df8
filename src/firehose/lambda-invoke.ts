/**
 * One invocation of a Lambda processor as Firehose makes it: the event, the user's handler called
 * as Lambda calls it (sync, async or Node's callback style), retries of a failed invocation, and
 * the checks Firehose makes of the response before it accepts any record of it. The error codes
 * and messages are the ones Firehose writes to the error output and its logs.
 */
import { base64Problem, decodeBase64 } from '../protocol/base64'
import { randomUuid } from '../protocol/ids'
import type { LambdaContext, LambdaHandler, LambdaRegistration } from '../types'

export interface LambdaEvent {
  invocationId: string
  deliveryStreamArn: string
  region: string
  records: Array<{ recordId: string; approximateArrivalTimestamp: number; data: string }>
}

/** A record as the function returned it, checked. */
export interface ReturnedRecord {
  recordId: string
  result: 'Ok' | 'Dropped' | 'ProcessingFailed'
  data?: Uint8Array
  partitionKeys?: Record<string, string>
}

export type InvocationOutcome =
  | { records: ReturnedRecord[]; attempts: number; response: unknown }
  | { error: { errorCode: string; errorMessage: string }; attempts: number; response?: unknown }

/** Lambda's synchronous invocation payload limit (6 MB), for the response. */
const PAYLOAD_LIMIT = 6 * 1024 * 1024

/** Firehose waits at most this long for a function. */
const MAX_TIMEOUT_MS = 5 * 60_000

const failure = (errorCode: string, errorMessage: string) => ({ errorCode, errorMessage })

const NOT_FOUND = failure(
  'Lambda.ResourceNotFound',
  'The specified Lambda function does not exist. Use a different function that does exist.',
)
const FUNCTION_ERROR = failure('Lambda.FunctionError', 'The Lambda function was successfully invoked but it returned an error result.')
const TIMED_OUT = failure(
  'Lambda.FunctionTimedOut',
  'The Lambda function invocation timed out. Increase the Timeout setting in the Lambda function.',
)
const BAD_STRUCTURE = failure(
  'Lambda.FunctionError',
  'Invalid output structure. Check your function and make sure the output is in the required format. Also, make sure the processed records contain a valid result status of Dropped, Ok, or ProcessingFailed.',
)
const NOT_PARSED = failure(
  'Lambda.JsonProcessingException',
  'There was an error parsing returned records from the Lambda function. Ensure that the returned records follow the status model required by Amazon Data Firehose.',
)
const NOT_BASE64 = failure(
  'Lambda.JsonMappingException',
  'There was an error parsing returned records from the Lambda function. Ensure that data field is base-64 encoded.',
)
const DUPLICATED = failure(
  'Lambda.DuplicatedRecordId',
  'Multiple records were returned with the same record ID. Ensure that the Lambda function returns unique record IDs for each record.',
)
const MISSING = failure(
  'Lambda.MissingRecordId',
  'One or more record IDs were not returned. Ensure that the Lambda function returns all received record IDs.',
)

// Not src/checks.ts's twin: importing it here would split checks.ts out of the core chunk.
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const RESULTS = new Set(['Ok', 'Dropped', 'ProcessingFailed'])

/** The response's records in the event's order, or the failure that makes Firehose reject it whole. */
export function checkResponse(event: LambdaEvent, response: unknown): ReturnedRecord[] | { errorCode: string; errorMessage: string } {
  if (!isObject(response) || !Array.isArray(response.records) || !response.records.every(isObject)) return NOT_PARSED
  const byId = new Map<string, ReturnedRecord>()
  for (const entry of response.records as Array<Record<string, unknown>>) {
    if (typeof entry.recordId !== 'string') return NOT_PARSED
    if (typeof entry.result !== 'string' || !RESULTS.has(entry.result)) return BAD_STRUCTURE
    if (entry.data !== undefined && (typeof entry.data !== 'string' || base64Problem(entry.data) !== undefined)) return NOT_BASE64
    if (entry.result === 'Ok' && typeof entry.data !== 'string') return NOT_PARSED
    if (byId.has(entry.recordId)) return DUPLICATED
    const record: ReturnedRecord = { recordId: entry.recordId, result: entry.result as ReturnedRecord['result'] }
    if (typeof entry.data === 'string') record.data = decodeBase64(entry.data)
    const keys = isObject(entry.metadata) ? entry.metadata.partitionKeys : undefined
    if (isObject(keys)) {
      // A key the function left null or out is missing: the records that need it cannot be partitioned.
      record.partitionKeys = Object.fromEntries(
        Object.entries(keys).flatMap(([k, v]) => (v === null || v === undefined ? [] : [[k, String(v)]])),
      )
    }
    byId.set(entry.recordId, record)
  }
  const ordered = event.records.map((r) => byId.get(r.recordId))
  if (ordered.some((r) => r === undefined)) return MISSING
  // Every id came back, and more: a mismatch Firehose rejects the response for.
  if (byId.size > event.records.length) return BAD_STRUCTURE
  return ordered as ReturnedRecord[]
}

const handlerOf = (registration: LambdaRegistration): { handler: LambdaHandler; timeoutMs: number } =>
  typeof registration === 'function'
    ? { handler: registration, timeoutMs: MAX_TIMEOUT_MS }
    : { handler: registration.handler, timeoutMs: Math.min((registration.timeoutSeconds ?? 300) * 1000, MAX_TIMEOUT_MS) }

/**
 * Calls a handler as Lambda does: what it returns (a value or a promise), or what it passes to the
 * callback (or the context's legacy `done`/`succeed`/`fail`) when it returns nothing.
 */
function call(handler: LambdaHandler, event: LambdaEvent, base: Omit<LambdaContext, 'done' | 'fail' | 'succeed'>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const callback = (error?: unknown, result?: unknown) => (error ? reject(error) : resolve(result))
    const context: LambdaContext = {
      ...base,
      done: callback,
      fail: (error) => reject(error),
      succeed: (result) => resolve(result),
    }
    try {
      const value = handler(event, context, callback)
      if (value !== undefined || handler.length < 3) Promise.resolve(value).then(resolve, reject)
    } catch (error) {
      reject(error)
    }
  })
}

/**
 * Invokes the function for one batch. A thrown error or a timeout (measured on the mock's clock) is
 * retried `retries` times; a response the function returned is final, however malformed.
 */
export async function invoke(
  lambdaArn: string,
  registration: LambdaRegistration | undefined,
  event: LambdaEvent,
  retries: number,
  now: () => number,
): Promise<InvocationOutcome> {
  if (!registration) return { error: NOT_FOUND, attempts: 1 }
  const { handler, timeoutMs } = handlerOf(registration)
  const functionName = lambdaArn.split(':')[6] ?? lambdaArn
  let error = FUNCTION_ERROR
  for (let attempts = 1; attempts <= retries + 1; attempts++) {
    const started = now()
    const context = {
      callbackWaitsForEmptyEventLoop: true,
      awsRequestId: randomUuid(),
      functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: lambdaArn,
      memoryLimitInMB: '128',
      logGroupName: `/aws/lambda/${functionName}`,
      logStreamName: `${new Date(started).toISOString().slice(0, 10).replace(/-/g, '/')}/[$LATEST]mock`,
      getRemainingTimeInMillis: () => Math.max(0, started + timeoutMs - now()),
    }
    try {
      // Lambda hands each attempt its own copy of the event, as JSON does.
      const returned = await call(handler, JSON.parse(JSON.stringify(event)) as LambdaEvent, context)
      if (now() - started >= timeoutMs) {
        error = TIMED_OUT
        continue
      }
      // What the function returned reaches Firehose as JSON: a value JSON cannot carry does not parse.
      let text: string | undefined
      try {
        text = JSON.stringify(returned)
      } catch {
        return { error: NOT_PARSED, attempts }
      }
      // Lambda cannot return more than its 6 MB synchronous payload: the invocation fails (and is retried).
      if (text !== undefined && new TextEncoder().encode(text).length > PAYLOAD_LIMIT) {
        error = FUNCTION_ERROR
        continue
      }
      const response: unknown = text === undefined ? undefined : JSON.parse(text)
      const checked = checkResponse(event, response)
      return Array.isArray(checked) ? { records: checked, attempts, response } : { error: checked, attempts, response }
    } catch {
      error = now() - started >= timeoutMs ? TIMED_OUT : FUNCTION_ERROR
    }
  }
  return { error, attempts: retries + 1 }
}

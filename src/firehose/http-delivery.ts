/**
 * Delivery to an HTTP endpoint destination, as Firehose documents its request and response
 * specification. Accepted (or transformed) records gather in a buffer (BufferingHints, default
 * 5 MB / 300 s); a full or due buffer becomes one request, sent with `fetch` when Firehose next
 * settles asynchronously — so the receiver can be the user's own MSW handler or a real server.
 * Only a 200 with `{ requestId, timestamp }` echoing the request delivers; 413 drops the batch;
 * anything else is retried with Firehose's back-off (1 s doubling to 2 minutes, on the mock's
 * clock) until RetryOptions.DurationInSeconds (default 300) has passed since the first failure,
 * then the records go to the S3 backup under the `http-endpoint-failed` error output.
 */
import { encodeBase64 } from '../protocol/base64'
import { randomUuid } from '../protocol/ids'
import type { DeliverySinks } from './delivery'
import { writeErrorOutput, writeBackup } from './error-output'
import { publishStreamMetric } from './stream-metric'
import type { DeliveryStream, HttpDelivery, HttpRequestState, HttpState, HttpTarget, StoredRecord, WireObject } from './types'

const MIB = 1024 * 1024
/** How long an endpoint has to answer. */
const RESPONSE_TIMEOUT_MS = 180_000
const MAX_RESPONSE_BYTES = MIB
const MAX_RECORDS = 10_000

/** The stream's endpoint and delivery settings, with the documented defaults filled in. */
function httpTarget(stream: DeliveryStream): HttpTarget | undefined {
  const config = stream.destination.config
  if (stream.destination.kind !== 'HttpEndpoint') return undefined
  const endpoint = config.EndpointConfiguration as { Url: string; AccessKey?: string }
  const request = (config.RequestConfiguration ?? {}) as {
    ContentEncoding?: string
    CommonAttributes?: Array<{ AttributeName: string; AttributeValue: string }>
  }
  const hints = (config.BufferingHints ?? {}) as { SizeInMBs?: number; IntervalInSeconds?: number }
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'X-Amz-Firehose-Protocol-Version': '1.0',
    'X-Amz-Firehose-Source-Arn': stream.arn,
  }
  if (endpoint.AccessKey) headers['X-Amz-Firehose-Access-Key'] = endpoint.AccessKey
  if (request.CommonAttributes?.length) {
    const attributes = Object.fromEntries(request.CommonAttributes.map((a) => [a.AttributeName, a.AttributeValue]))
    headers['X-Amz-Firehose-Common-Attributes'] = JSON.stringify({ commonAttributes: attributes })
  }
  if (request.ContentEncoding === 'GZIP') headers['Content-Encoding'] = 'gzip'
  return {
    url: endpoint.Url,
    headers,
    gzip: request.ContentEncoding === 'GZIP',
    sizeBytes: (hints.SizeInMBs ?? 5) * MIB,
    intervalMs: (hints.IntervalInSeconds ?? 300) * 1000,
    retryMs: ((config.RetryOptions as { DurationInSeconds?: number } | undefined)?.DurationInSeconds ?? 300) * 1000,
    backupAll: config.S3BackupMode === 'AllData',
  }
}

/** Turns the buffer into a request due at `at`. */
function cut(stream: DeliveryStream, state: HttpState, target: HttpTarget, sinks: DeliverySinks, at: number): void {
  const buffer = state.buffer
  if (!buffer) return
  state.buffer = undefined
  const requestId = randomUuid()
  const entry: HttpDelivery = {
    requestId,
    url: target.url,
    request: {
      headers: { ...target.headers, 'X-Amz-Firehose-Request-Id': requestId },
      body: { requestId, timestamp: at, records: buffer.records.map((r) => ({ data: encodeBase64(r.data) })) },
    },
    records: buffer.records.length,
    attempts: [],
    outcome: 'pending',
  }
  state.log.push(entry)
  state.due.push({ records: buffer.records, nextAt: at, entry, target })
  // With S3BackupMode AllData, every record is also written to the S3 backup as it is sent.
  if (target.backupAll) writeBackup(stream, sinks, buffer.records, at)
}

/** Cuts the buffer once its interval has passed by `now`. */
function cutDue(stream: DeliveryStream, sinks: DeliverySinks, now: number): void {
  const target = httpTarget(stream)
  const state = stream.http
  if (target && state?.buffer && now >= state.buffer.startedAt + target.intervalMs) {
    cut(stream, state, target, sinks, state.buffer.startedAt + target.intervalMs)
  }
}

/** Takes records into the endpoint's buffer; a buffer that reaches its size (or zero buffering) is due at once. */
export function stageHttp(stream: DeliveryStream, sinks: DeliverySinks, records: StoredRecord[], now: number): void {
  const target = httpTarget(stream)
  if (!target || records.length === 0) return
  const state = (stream.http ??= { due: [], log: [] })
  cutDue(stream, sinks, now)
  for (const record of records) {
    state.buffer ??= { records: [], bytes: 0, startedAt: now }
    state.buffer.records.push(record)
    state.buffer.bytes += record.data.length
    // A request carries at most 10,000 records.
    if (state.buffer.bytes >= target.sizeBytes || state.buffer.records.length === MAX_RECORDS) cut(stream, state, target, sinks, now)
  }
  if (target.intervalMs === 0 || stream.deleting) cut(stream, state, target, sinks, now)
}

/** `flush()`: what the endpoint's buffer holds is due now. */
export function cutHttpNow(stream: DeliveryStream, sinks: DeliverySinks, at: number): void {
  const target = httpTarget(stream)
  if (target && stream.http) cut(stream, stream.http, target, sinks, at)
}

type Failure = { errorCode: string; errorMessage: string; status?: number; permanent?: boolean }

const INVALID: Failure = {
  errorCode: 'HttpEndpoint.InvalidResponseFromDestination',
  errorMessage: 'The response received from the specified endpoint is invalid. Contact the owner of the endpoint to resolve the issue.',
}

/** Why a response does not deliver, or undefined when it does (a 200 with `{ requestId, timestamp }`). */
async function checkResponse(response: Response, requestId: string): Promise<Failure | undefined> {
  const status = response.status
  if (status === 413) {
    return {
      status,
      permanent: true,
      errorCode: 'HttpEndpoint.DestinationException',
      errorMessage: `Delivery to the endpoint was unsuccessful. Response received with status code ${status}`,
    }
  }
  const text = await response.text()
  if (new TextEncoder().encode(text).length > MAX_RESPONSE_BYTES) {
    return {
      status,
      errorCode: 'HttpEndpoint.ResponseTooLarge',
      errorMessage: 'The response received from the endpoint is too large. Contact the owner of the endpoint to resolve this issue.',
    }
  }
  if (status !== 200) {
    return {
      status,
      errorCode: 'HttpEndpoint.DestinationException',
      errorMessage: `Delivery to the endpoint was unsuccessful. See Troubleshooting HTTP Endpoints in the Firehose documentation for more information. Response received with status code ${status}${text ? `: ${text}` : ''}`,
    }
  }
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return { ...INVALID, status }
  }
  const valid =
    !response.headers.get('content-encoding') &&
    (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json' &&
    typeof body === 'object' &&
    body !== null &&
    (body as WireObject).requestId === requestId &&
    typeof (body as WireObject).timestamp === 'number'
  return valid ? undefined : { ...INVALID, status }
}

/**
 * One attempt of a request: the failure, or undefined when it delivered. It goes to the endpoint
 * the stream has now, with its access key and attributes (Firehose applies an UpdateDestination
 * between attempts), under the request's id and body.
 */
async function attempt(
  request: HttpRequestState,
  target: HttpTarget,
  fetcher: typeof fetch,
  now: () => number,
): Promise<Failure | undefined> {
  const { entry } = request
  entry.url = target.url
  entry.request.headers = { ...target.headers, 'X-Amz-Firehose-Request-Id': entry.requestId }
  let payload: Uint8Array | string = JSON.stringify(entry.request.body)
  if (target.gzip) payload = await (await import('./gzip')).gzip(new TextEncoder().encode(payload))
  const started = now()
  let failure: Failure | undefined
  try {
    // Firehose does not follow redirects.
    const response = await fetcher(entry.url, {
      method: 'POST',
      headers: entry.request.headers,
      body: payload as BodyInit,
      redirect: 'manual',
    })
    failure =
      response.status < 200 || (response.status >= 300 && response.status < 400)
        ? {
            status: response.status,
            errorCode: 'HttpEndpoint.InvalidStatusCode',
            errorMessage: 'Received an invalid response status code.',
          }
        : await checkResponse(response, entry.requestId)
  } catch {
    failure = {
      errorCode: 'HttpEndpoint.ConnectionFailed',
      errorMessage: 'Unable to connect to the destination endpoint. Contact the owner of the endpoint to resolve this issue.',
    }
  }
  // The endpoint has 3 minutes (on the mock's clock) to answer.
  if (now() - started >= RESPONSE_TIMEOUT_MS) {
    return {
      errorCode: 'HttpEndpoint.RequestTimeout',
      errorMessage:
        'The delivery timed out before a response was received and will be retried. If this error persists, contact the AWS Firehose service team.',
    }
  }
  return failure
}

/** Firehose's back-off before the nth retry: 1 s doubling, at most 2 minutes. */
const backoffMs = (retry: number): number => Math.min(120, 2 ** (retry - 1)) * 1000

/**
 * Sends every request due by `at`, oldest first across streams, each attempt at its time on the
 * mock's clock; a failed one waits for its back-off (a later settle), or when the retry duration
 * is spent goes to the S3 backup.
 */
export async function deliverHttp(
  streams: DeliveryStream[],
  sinks: DeliverySinks & { recordId: (seq: number) => string },
  at: number,
  now: () => number,
  fetcher: typeof fetch,
): Promise<void> {
  const waiting = streams.filter((stream) => stream.http)
  for (const stream of waiting) cutDue(stream, sinks, at)
  for (;;) {
    let next: { stream: DeliveryStream; request: HttpRequestState } | undefined
    for (const stream of waiting) {
      for (const request of stream.http!.due)
        if (request.nextAt <= at && (!next || request.nextAt < next.request.nextAt)) next = { stream, request }
    }
    if (!next) return
    const { stream, request } = next
    const state = stream.http!
    const settle = (outcome: HttpDelivery['outcome']) => {
      request.entry.outcome = outcome
      state.due.splice(state.due.indexOf(request), 1)
    }
    // The stream's endpoint as it is now; if it no longer has one, the one the request was made for.
    const target = httpTarget(stream) ?? request.target
    const attemptAt = request.nextAt
    const started = now()
    const failure = await attempt(request, target, fetcher, now)
    // How long the attempt waited for its answer (at most the timeout), on the mock's clock.
    const waited = Math.min(now() - started, RESPONSE_TIMEOUT_MS)
    const endedAt = attemptAt + waited
    const bytes = request.records.reduce((sum, r) => sum + r.data.length, 0)
    const metric = (name: string, unit: 'Count' | 'Bytes' | 'Seconds', value: number) =>
      publishStreamMetric(sinks.metrics, stream, attemptAt, name, unit, value)
    metric('DeliveryToHttpEndpoint.ProcessedRecords', 'Count', request.records.length)
    metric('DeliveryToHttpEndpoint.ProcessedBytes', 'Bytes', bytes)
    // The age of the oldest record still in Firehose, at each attempt (retries included).
    metric('DeliveryToHttpEndpoint.DataFreshness', 'Seconds', (attemptAt - request.records[0]!.receivedAt) / 1000)
    request.entry.attempts.push({
      at: attemptAt,
      ...(failure?.status !== undefined ? { status: failure.status } : failure ? {} : { status: 200 }),
      ...(failure ? { errorCode: failure.errorCode, errorMessage: failure.errorMessage } : {}),
    })
    if (!failure) {
      metric('DeliveryToHttpEndpoint.Records', 'Count', request.records.length)
      metric('DeliveryToHttpEndpoint.Bytes', 'Bytes', bytes)
      metric('DeliveryToHttpEndpoint.Success', 'Count', 1)
      settle('delivered')
      continue
    }
    metric('DeliveryToHttpEndpoint.Success', 'Count', 0)
    if (failure.permanent) {
      settle('rejected')
      continue
    }
    // The retry duration runs from the first failure, without the time spent waiting for answers.
    if (request.failedSince === undefined) {
      request.failedSince = endedAt
      request.waited = 0
    } else request.waited! += waited
    const nextAt = endedAt + backoffMs(request.entry.attempts.length)
    if (nextAt - request.failedSince - request.waited! <= target.retryMs) {
      request.nextAt = nextAt
      continue
    }
    settle('failed')
    writeErrorOutput(
      stream,
      sinks,
      request.records.map((record) => ({ record, errorCode: failure.errorCode, errorMessage: failure.errorMessage })),
      { type: 'http-endpoint-failed', attempts: request.entry.attempts.length, at: endedAt, endedAt, recordId: sinks.recordId },
    )
  }
}

/**
 * Data transformation with a Lambda processor, as Firehose documents it. Accepted records gather
 * in the processor's own buffer (BufferSizeInMBs, default 1 MB; BufferIntervalInSeconds, default
 * 60 s); a full or due buffer becomes one invocation of the function registered for its LambdaArn.
 * Records returned Ok go on at the invocation's time, with the partition keys the function gave
 * them, to the destination's buffer (or their partition's: partitioning.ts); Dropped ones are
 * gone; ProcessingFailed ones, and every record of an invocation that failed after its retries, go
 * to the error output. Puts only cut buffers (synchronously); the invocations run when Firehose is
 * next settled asynchronously — a CloudWatch or S3 read, `deliveries()`, `flush()` — in time order.
 */
import type { MetricDatum } from '../cloudwatch/port'
import { encodeBase64 } from '../protocol/base64'
import { randomUuid } from '../protocol/ids'
import type { LambdaRegistration } from '../types'
import type { DeliverySinks } from './delivery'
import { writeErrorOutput, type FailedRecord } from './error-output'
import { invoke, type LambdaEvent } from './lambda-invoke'
import { deliverRecords, type RoutedRecord } from './partitioning'
import { parameterOf, processorIn } from './partitioning-config'
import { publishStreamMetric } from './stream-metric'
import type { DeliveryStream, LambdaInvocation, LambdaProcessor, ProcessingState, StoredRecord } from './types'

const MIB = 1024 * 1024

/** A number parameter, or the documented default when it is absent or not a number. */
const numberOr = (value: string | undefined, fallback: number): number =>
  value !== undefined && Number.isFinite(Number(value)) ? Number(value) : fallback

/** The stream's Lambda processor, when its ProcessingConfiguration is enabled and has one. */
export function lambdaProcessor(stream: DeliveryStream): LambdaProcessor | undefined {
  const processor = processorIn(stream.destination.config, 'Lambda')
  const parameter = (name: string) => parameterOf(processor, name)
  const lambdaArn = parameter('LambdaArn')
  if (lambdaArn === undefined) return undefined
  return {
    lambdaArn,
    retries: numberOr(parameter('NumberOfRetries'), 3),
    sizeBytes: numberOr(parameter('BufferSizeInMBs'), 1) * MIB,
    intervalMs: numberOr(parameter('BufferIntervalInSeconds'), 60) * 1000,
  }
}

/** Moves the processor's buffer to the due batches once its interval has passed by `now`. */
function cutDue(state: ProcessingState, processor: LambdaProcessor, now: number): void {
  const buffer = state.buffer
  if (buffer && now >= buffer.startedAt + processor.intervalMs) {
    state.due.push({ at: buffer.startedAt + processor.intervalMs, records: buffer.records, processor })
    state.buffer = undefined
  }
}

/** Takes accepted records into the processor's buffer; a buffer that reaches its size is due at once. */
export function stageRecords(stream: DeliveryStream, processor: LambdaProcessor, records: StoredRecord[], now: number): void {
  const state = (stream.processing ??= { due: [], invocations: [] })
  cutDue(state, processor, now)
  for (const record of records) {
    state.buffer ??= { records: [], bytes: 0, startedAt: now }
    state.buffer.records.push(record)
    state.buffer.bytes += record.data.length
    if (state.buffer.bytes >= processor.sizeBytes || processor.intervalMs === 0) {
      state.due.push({ at: now, records: state.buffer.records, processor })
      state.buffer = undefined
    }
  }
}

/** Runs one due batch: the invocation, then where each record goes. */
async function runBatch(
  stream: DeliveryStream,
  batch: ProcessingState['due'][number],
  sinks: DeliverySinks & { recordId: (seq: number) => string },
  lambdas: Record<string, LambdaRegistration>,
  now: () => number,
): Promise<LambdaInvocation> {
  const { processor } = batch
  const invocationId = randomUuid()
  const event: LambdaEvent = {
    invocationId,
    deliveryStreamArn: stream.arn,
    region: stream.region,
    records: batch.records.map((r) => ({
      recordId: sinks.recordId(r.seq),
      approximateArrivalTimestamp: r.receivedAt,
      data: encodeBase64(r.data),
    })),
  }
  const registration = Object.prototype.hasOwnProperty.call(lambdas, processor.lambdaArn) ? lambdas[processor.lambdaArn] : undefined
  const started = now()
  const outcome = await invoke(processor.lambdaArn, registration, event, processor.retries, now)
  const entry: LambdaInvocation = {
    invocationId,
    lambdaArn: processor.lambdaArn,
    invokedAt: batch.at,
    event,
    attempts: outcome.attempts,
    ok: 0,
    dropped: 0,
    failed: 0,
  }
  if ('response' in outcome) entry.response = outcome.response
  const failed: FailedRecord[] = []
  const ok: RoutedRecord[] = []
  if ('error' in outcome) {
    entry.error = outcome.error
    for (const record of batch.records) failed.push({ record, ...outcome.error })
  } else {
    outcome.records.forEach((returned, i) => {
      const record = batch.records[i]!
      if (returned.result === 'Ok')
        ok.push(Object.assign({}, record, { data: returned.data! }, returned.partitionKeys && { partitionKeys: returned.partitionKeys }))
      else if (returned.result === 'ProcessingFailed') {
        failed.push({ record, errorCode: 'Lambda.ProcessingFailedStatus', errorMessage: 'ProcessingFailed status set for record' })
      } else entry.dropped++
    })
  }
  entry.ok = ok.length
  entry.failed = failed.length
  publishProcessing(stream, sinks, batch.at, entry, ok, now() - started)
  deliverRecords(stream, sinks, ok, batch.at)
  // The attempts took the time the handler took on the mock's clock (retries and timeouts included).
  writeErrorOutput(stream, sinks, failed, {
    type: 'processing-failed',
    lambdaArn: processor.lambdaArn,
    attempts: outcome.attempts,
    at: batch.at,
    endedAt: batch.at + now() - started,
  })
  return entry
}

/**
 * The transformation metrics of one invocation, at its time: how long it took on the mock's clock
 * (ExecuteProcessing.Duration), whether it succeeded (ExecuteProcessing.Success, 1 or 0: its average
 * is the success rate), and the records processed successfully — Ok or Dropped — and the bytes
 * returned Ok (SucceedProcessing.Records/.Bytes).
 */
function publishProcessing(
  stream: DeliveryStream,
  sinks: DeliverySinks,
  at: number,
  entry: LambdaInvocation,
  ok: StoredRecord[],
  durationMs: number,
): void {
  const put = (name: string, unit: MetricDatum['unit'], value: number) => publishStreamMetric(sinks.metrics, stream, at, name, unit, value)
  put('ExecuteProcessing.Duration', 'Milliseconds', durationMs)
  put('ExecuteProcessing.Success', 'Count', entry.error ? 0 : 1)
  put('SucceedProcessing.Records', 'Count', entry.ok + entry.dropped)
  put(
    'SucceedProcessing.Bytes',
    'Bytes',
    ok.reduce((sum, r) => sum + r.data.length, 0),
  )
}

/**
 * Runs every invocation due by `at`, oldest first across streams, each under the processor its
 * records were staged for. A batch leaves `due` once it is done: until then its stream counts as
 * waiting, and a read that comes meanwhile does not deliver the stream's buffer without it.
 */
export async function processDue(
  streams: DeliveryStream[],
  sinks: DeliverySinks & { recordId: (seq: number) => string },
  lambdas: Record<string, LambdaRegistration>,
  at: number,
  now: () => number,
): Promise<void> {
  const waiting = streams.filter((stream) => stream.processing)
  for (const stream of waiting) {
    const processor = lambdaProcessor(stream)
    if (processor) cutDue(stream.processing!, processor, at)
  }
  for (;;) {
    let next: DeliveryStream | undefined
    for (const stream of waiting) {
      const first = stream.processing!.due[0]
      if (first && (!next || first.at < next.processing!.due[0]!.at)) next = stream
    }
    if (!next) return
    const state = next.processing!
    state.invocations.push(await runBatch(next, state.due[0]!, sinks, lambdas, now))
    state.due.shift()
  }
}

/**
 * `flush()`, or a change of the stream's configuration (UpdateDestination): what waits for the
 * processor is due now, under the processor it was staged for.
 */
export function cutNow(stream: DeliveryStream, at: number): void {
  const state = stream.processing
  const processor = lambdaProcessor(stream)
  if (!state || !processor) return
  cutDue(state, processor, at)
  if (state.buffer) {
    state.due.push({ at, records: state.buffer.records, processor })
    state.buffer = undefined
  }
}

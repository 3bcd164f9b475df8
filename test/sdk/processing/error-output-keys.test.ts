/**
 * Where the error output of a Lambda processor lands in S3: under ErrorOutputPrefix with
 * `!{firehose:error-output-type}` evaluated to `processing-failed` (its `!{timestamp:…}` from the
 * oldest failed record's arrival, and no time appended unless it asks for one), or, without an
 * ErrorOutputPrefix, under `<Prefix>processing-failed/yyyy/MM/dd/HH/`. Read back through
 * @aws-sdk/client-s3.
 */
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { BUCKET } from '../../support/aws'
import { decode } from '../../support/bytes'
import { START } from '../../support/clock'
import { RANDOM, s3Client, utcStamp } from '../../support/delivery'
import { putText } from '../../support/firehose'
import { useMock } from '../../support/mock'
import {
  b64,
  errorLines,
  functionArn,
  processedStream,
  unb64,
  type FirehoseEvent,
  type ProcessedStreamOptions,
} from '../../support/processing'

const ARN = functionArn('validate')
const MISSING = functionArn('not-registered')

const { clock, firehose, activeStream } = useMock({
  timing: 'instant',
  lambdas: {
    // Records whose text starts with "ok" pass; the others fail.
    [ARN]: (event: FirehoseEvent) => ({
      records: event.records.map((r) => ({
        recordId: r.recordId,
        result: unb64(r.data).startsWith('ok') ? 'Ok' : 'ProcessingFailed',
        data: r.data,
      })),
    }),
  },
})
const s3 = s3Client({ forcePathStyle: true })

/** Every key in the bucket, in key order. */
const keys = async () => ((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map((c) => c.Key!)
const body = async (Key: string) =>
  decode(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }))).Body!.transformToByteArray())

/** A stream with these key options; "ok" and "bad" put at `at`; the clock then 10 minutes later. */
async function failOneAt(at: number, options: ProcessedStreamOptions, lambdaArn = ARN) {
  await activeStream('orders', processedStream('orders', lambdaArn, options))
  clock.set(at)
  await putText(firehose, 'orders', 'ok')
  await putText(firehose, 'orders', 'bad')
  clock.set(at + 10 * 60_000)
}

const AT = START + 1_000
const SUFFIX = `orders-1-${utcStamp(AT)}-${RANDOM}$`

describe('ErrorOutputPrefix', () => {
  it('`failures/!{firehose:error-output-type}/!{timestamp:yyyy}/`: failures/processing-failed/<year>/', async () => {
    await failOneAt(AT, { errorOutputPrefix: 'failures/!{firehose:error-output-type}/!{timestamp:yyyy}/' })
    const [ok, failed, ...others] = await keys()
    expect(others).toEqual([])
    expect(ok).toMatch(/^2026\/11\/25\/12\/orders-1-/) // the records returned Ok keep the default prefix (their stamp: time-order.test.ts)
    expect(failed).toMatch(new RegExp(`^failures/processing-failed/2026/${SUFFIX}`))
    expect(await body(ok!)).toBe('ok')
    expect(errorLines(await body(failed!))).toEqual([
      {
        attemptsMade: 1,
        arrivalTimestamp: AT,
        errorCode: 'Lambda.ProcessingFailedStatus',
        errorMessage: 'ProcessingFailed status set for record',
        attemptEndingTimestamp: AT + 60_000,
        rawData: b64('bad'),
        lambdaArn: ARN,
      },
    ])
  })

  it('`failures/!{firehose:error-output-type}/`: failures/processing-failed/ with no time appended', async () => {
    await failOneAt(AT, { errorOutputPrefix: 'failures/!{firehose:error-output-type}/' })
    const failed = (await keys()).filter((key) => key.startsWith('failures/'))
    expect(failed).toHaveLength(1)
    expect(failed[0]).toMatch(new RegExp(`^failures/processing-failed/${SUFFIX}`))
  })

  it('takes its timestamp from the oldest failed record’s arrival, not from the invocation an hour later', async () => {
    const late = Date.UTC(2026, 10, 25, 12, 59, 50) // invoked at 13:00:50
    await failOneAt(late, { errorOutputPrefix: 'failures/!{firehose:error-output-type}/!{timestamp:yyyy-MM-dd-HH}/' })
    const failed = (await keys()).filter((key) => key.startsWith('failures/'))
    expect(failed).toEqual([
      expect.stringMatching(new RegExp(`^failures/processing-failed/2026-11-25-12/orders-1-${utcStamp(late)}-${RANDOM}$`)),
    ])
  })

  it('holds the failures of an invocation that failed as a whole too (an unregistered function)', async () => {
    await failOneAt(AT, { errorOutputPrefix: 'failures/!{firehose:error-output-type}/' }, MISSING)
    const [failed, ...others] = await keys()
    expect(others).toEqual([])
    expect(failed).toMatch(new RegExp(`^failures/processing-failed/${SUFFIX}`))
    expect(errorLines(await body(failed!)).map((line) => [unb64(line.rawData as string), line.errorCode])).toEqual([
      ['ok', 'Lambda.ResourceNotFound'],
      ['bad', 'Lambda.ResourceNotFound'],
    ])
  })
})

describe('without ErrorOutputPrefix', () => {
  it('with Prefix `data/`: data/processing-failed/yyyy/MM/dd/HH/, next to the records delivered under data/yyyy/MM/dd/HH/', async () => {
    await failOneAt(AT, { prefix: 'data/' })
    const [ok, failed, ...others] = await keys()
    expect(others).toEqual([])
    expect(ok).toMatch(/^data\/2026\/11\/25\/12\/orders-1-/)
    expect(failed).toMatch(new RegExp(`^data/processing-failed/2026/11/25/12/${SUFFIX}`))
    expect(errorLines(await body(failed!))).toMatchObject([{ rawData: b64('bad'), errorCode: 'Lambda.ProcessingFailedStatus' }])
  })

  it('and without Prefix: processing-failed/yyyy/MM/dd/HH/ of the oldest failed record’s arrival', async () => {
    const late = Date.UTC(2026, 10, 25, 23, 59, 59)
    await failOneAt(late, {})
    const failed = (await keys()).filter((key) => key.startsWith('processing-failed/'))
    expect(failed).toEqual([expect.stringMatching(new RegExp(`^processing-failed/2026/11/25/23/orders-1-${utcStamp(late)}-${RANDOM}$`))])
  })
})

/**
 * Property test of the ingestion metrics: random sequences of PutRecord and PutRecordBatch calls
 * (random record sizes) at random steps of the manual clock, sent through the real
 * @aws-sdk/client-firehose over msw/node. Afterwards, for IncomingRecords, IncomingBytes and
 * IncomingPutRequests, the per-minute Sums GetMetricStatistics answers (real
 * @aws-sdk/client-cloudwatch) equal the sums `aws.cloudwatch.datapoints()` stored, and both equal
 * a model of what was put; the sums per window of a random period equal the model's too.
 *
 * fast-check prints `{ seed, path }` on failure; replay with
 *   FC_SEED=<seed> [FC_PATH=<path>] npx vitest run test/property/cloudwatch-metrics.test.ts
 */
import { PutRecordBatchCommand, PutRecordCommand } from '@aws-sdk/client-firehose'
import fc from 'fast-check'
import { expect, it } from 'vitest'
import { START } from '../support/clock'
import { cloudWatchClient, getStatistics, MINUTE } from '../support/cloudwatch'
import { useMock } from '../support/mock'
import { fcParams } from '../support/property'

// No quotas: every record is accepted, so the model is what was sent.
const { aws, clock, firehose, activeStream } = useMock({ timing: 'instant', quotas: false })
const cloudwatch = cloudWatchClient()

/** The range the sequences stay in: at most 25 steps of at most 90 seconds. */
const RANGE_MINUTES = 40

type Put = { step: number; operation: 'PutRecord'; sizes: [number] } | { step: number; operation: 'PutRecordBatch'; sizes: number[] }

const size = fc.integer({ min: 1, max: 300 })
const putArb: fc.Arbitrary<Put> = fc.oneof(
  fc.record({ step: fc.integer({ min: 0, max: 90_000 }), operation: fc.constant('PutRecord' as const), sizes: fc.tuple(size) }),
  fc.record({
    step: fc.integer({ min: 0, max: 90_000 }),
    operation: fc.constant('PutRecordBatch' as const),
    sizes: fc.array(size, { minLength: 1, maxLength: 30 }),
  }),
)

type Totals = { IncomingRecords: number; IncomingBytes: number; IncomingPutRequests: number }
const METRICS = ['IncomingRecords', 'IncomingBytes', 'IncomingPutRequests'] as const

/** What the puts bring in per window of `periodMs` from START: window start → totals. */
function model(puts: Array<{ at: number; sizes: number[] }>, periodMs: number): Map<number, Totals> {
  const windows = new Map<number, Totals>()
  for (const { at, sizes } of puts) {
    const window = START + Math.floor((at - START) / periodMs) * periodMs
    const totals = windows.get(window) ?? { IncomingRecords: 0, IncomingBytes: 0, IncomingPutRequests: 0 }
    totals.IncomingRecords += sizes.length
    totals.IncomingBytes += sizes.reduce((a, b) => a + b, 0)
    totals.IncomingPutRequests += 1
    windows.set(window, totals)
  }
  return windows
}

const expected = (windows: Map<number, Totals>, metric: (typeof METRICS)[number]) =>
  [...windows].sort(([a], [b]) => a - b).map(([window, totals]) => [window, totals[metric]])

const fromSdk = async (metric: string, periodSeconds: number) =>
  (await getStatistics(cloudwatch, 'clicks', metric, { Period: periodSeconds }, RANGE_MINUTES)).Datapoints!.map((d) => [
    d.Timestamp!.getTime(),
    d.Sum,
  ])

it('per-minute sums from GetMetricStatistics equal the stored datapoints and a model of the puts', { timeout: 60_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(putArb, { minLength: 1, maxLength: 25 }), fc.integer({ min: 2, max: 15 }), async (puts, periodMinutes) => {
      aws.reset()
      clock.set(START)
      await activeStream('clicks')
      const done: Array<{ at: number; sizes: number[] }> = []
      for (const put of puts) {
        clock.advance(put.step)
        const records = put.sizes.map((n) => ({ Data: new Uint8Array(n).fill(0x7a) }))
        if (put.operation === 'PutRecord') {
          await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'clicks', Record: records[0]! }))
        } else {
          const out = await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'clicks', Records: records }))
          expect(out.FailedPutCount).toBe(0)
        }
        done.push({ at: clock.now(), sizes: put.sizes })
      }

      const perMinute = model(done, MINUTE)
      const perPeriod = model(done, periodMinutes * MINUTE)
      for (const metric of METRICS) {
        const stored = aws.cloudwatch.datapoints(metric, { stream: 'clicks' })
        expect(
          stored.map((m) => [m.timestamp, m.sum]),
          metric,
        ).toEqual(expected(perMinute, metric))
        expect(await fromSdk(metric, 60), metric).toEqual(expected(perMinute, metric))
        expect(await fromSdk(metric, periodMinutes * 60), `${metric} per ${periodMinutes} minutes`).toEqual(expected(perPeriod, metric))
        // One datum per put request in each of the three metrics.
        expect(
          stored.map((m) => m.sampleCount),
          metric,
        ).toEqual(expected(perMinute, 'IncomingPutRequests').map(([, n]) => n))
      }
    }),
    fcParams(25),
  )
})

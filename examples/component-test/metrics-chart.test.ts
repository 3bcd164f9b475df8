/**
 * Component tests for the metrics chart (metrics-chart.ts): traffic is put through the real
 * @aws-sdk/client-firehose while the test moves the mock's manual clock, and the chart reads what
 * CloudWatch counted with the real @aws-sdk/client-cloudwatch. The numbers asserted are the
 * traffic's, worked out by hand from the puts; nothing seeds the metrics.
 *
 * Run: npx vitest run --project examples
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import { FirehoseClient, PutRecordBatchCommand, PutRecordCommand } from '@aws-sdk/client-firehose'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest'
// In your app: import { createFirehoseMock, createManualClock, onUnhandled, type Fixture } from 'firehose-msw'
import { createFirehoseMock, createManualClock, onUnhandled, type Fixture } from '../../src'
import directPutS3 from '../../fixtures/direct-put-s3.json' // "clickstream": ACTIVE
import { mountMetricsChart, type MetricsChartHandle } from './metrics-chart'

const START = Date.UTC(2026, 0, 1, 12, 0)
const MINUTE = 60_000
const clock = createManualClock(START)
// 10 records per second per stream, so a batch of 25 is throttled.
const aws = createFirehoseMock({ seed: directPutS3 as Fixture, now: clock.now, quotas: { putRecordsPerSecond: 10 } })
const server = setupServer(...aws.handlers)

beforeAll(() => server.listen(onUnhandled('error')))
afterEach(() => {
  chart?.destroy()
  clock.set(START)
  aws.reset()
})
afterAll(() => server.close())

const config = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  maxAttempts: 1,
}
const firehose = new FirehoseClient(config)
const cloudwatch = new CloudWatchClient(config)

let chart: MetricsChartHandle | undefined
const mount = (minutes: number) =>
  (chart = mountMetricsChart(document.body, { cloudwatch, streamName: 'clickstream', minutes, now: clock.now }))

const Data = new TextEncoder().encode('{"event":"click"}\n')
const putRecord = () => firehose.send(new PutRecordCommand({ DeliveryStreamName: 'clickstream', Record: { Data } }))
const putBatch = (n: number) =>
  firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'clickstream', Records: Array.from({ length: n }, () => ({ Data })) }))

const state = () => document.querySelector<HTMLElement>('[data-testid="metrics-chart"]')?.dataset.state
/** The chart's table: [minute (ISO), IncomingRecords, ThrottledRecords] per row. */
const rows = () =>
  [...document.querySelectorAll('[data-testid="metrics-table"] tbody tr')].map((tr) => [
    tr.getAttribute('data-minute'),
    ...[...tr.querySelectorAll('td')].map((td) => Number(td.textContent)),
  ])
const at = (minute: number) => new Date(START + minute * MINUTE).toISOString()

it('shows the per-minute sums of what was put, throttled records included, and 0 for a quiet minute', async () => {
  clock.set(START + 10_000)
  await putBatch(4)
  await putRecord()
  clock.set(START + MINUTE + 30_000)
  const burst = await putBatch(25)
  expect(burst.FailedPutCount).toBe(15) // 10 fit in the second, 15 are refused
  await expect(putRecord()).rejects.toMatchObject({ name: 'ServiceUnavailableException' }) // still that second
  clock.set(START + 3 * MINUTE + 5_000)
  await putRecord()

  mount(4)
  await vi.waitFor(() => expect(state()).toBe('ready'))
  expect(rows()).toEqual([
    [at(0), 5, 0],
    [at(1), 10, 16],
    [at(2), 0, 0],
    [at(3), 1, 0],
  ])
  const label = document.querySelector('[data-testid="metrics-svg"]')!.getAttribute('aria-label')
  expect(label).toMatch(/: 16 incoming, 16 throttled$/)
})

it('reads again on refresh(), its window following the clock', async () => {
  clock.set(START + 5_000)
  await putRecord()
  mount(2)
  await vi.waitFor(() => expect(state()).toBe('ready'))
  expect(rows()).toEqual([
    [new Date(START - MINUTE).toISOString(), 0, 0],
    [at(0), 1, 0],
  ])

  clock.advance(MINUTE)
  await putBatch(3)
  expect(rows()).toEqual([
    [new Date(START - MINUTE).toISOString(), 0, 0],
    [at(0), 1, 0],
  ]) // not read yet
  await chart!.refresh()
  expect(rows()).toEqual([
    [at(0), 1, 0],
    [at(1), 3, 0],
  ])
})

it("shows GetMetricData's error instead of a chart", async () => {
  aws.faults.add({ service: 'cloudwatch', operation: 'GetMetricData', error: 'InternalServiceFault', message: 'Try again.' })
  mount(3)
  await vi.waitFor(() => expect(state()).toBe('error'))
  expect(document.querySelector('[data-testid="metrics-status"]')!.textContent).toMatch(/^GetMetricData failed: InternalServiceFault: /)
  expect(rows()).toEqual([])
})

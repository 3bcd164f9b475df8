/**
 * The MetricsChart component on a seeded history. The story's setup puts records through the real
 * @aws-sdk/client-firehose while it moves the mock's manual clock minute by minute (a burst over
 * the stream's records-per-second quota included); the chart then reads the per-minute sums with
 * GetMetricData from @aws-sdk/client-cloudwatch. No metric number is written here: what the chart
 * shows is what CloudWatch counted from that traffic.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import { FirehoseClient, PutRecordBatchCommand, PutRecordCommand } from '@aws-sdk/client-firehose'
import type { Meta, StoryObj } from '@storybook/html-vite'
import { createManualClock } from 'firehose-msw'
import { firehoseStory } from 'firehose-msw/storybook'
import { mountMetricsChart, type MetricsChartHandle } from '../component-test/metrics-chart'

const STREAM = 'clickstream'
const START = Date.UTC(2026, 0, 1, 9, 0)
const clock = createManualClock(START)
// 50 records per second per stream (AWS: 500,000 in us-east-1), so a burst of 80 is throttled.
const story = firehoseStory({ streamName: STREAM, now: clock.now, quotas: { putRecordsPerSecond: 50 } })

// Fake static credentials (the mock checks no signatures here), no retries: a throttled put fails at once.
const config = { region: 'us-east-1', credentials: { accessKeyId: 'AKIDSTORYBOOK', secretAccessKey: 'storybook-secret' }, maxAttempts: 1 }
const firehose = new FirehoseClient(config)
const cloudwatch = new CloudWatchClient(config)

/** Seconds after 09:00 on the mock's clock, and what is put then: `puts` PutRecord calls, or one PutRecordBatch of `batch` records. */
const TRAFFIC: Array<{ at: number; puts?: number; batch?: number }> = [
  { at: 5, batch: 20 },
  { at: 25, puts: 3 },
  { at: 70, batch: 80 }, // over the quota: the records beyond it come back failed
  { at: 70, puts: 1 }, // the same second: the quota is used up
  { at: 71, batch: 5 },
  { at: 210, batch: 12 },
  { at: 285, puts: 4 },
  { at: 320, batch: 8 },
]
/** The chart's window: 09:00 to the minute the traffic ends in. */
const MINUTES = 6

async function driveTraffic(): Promise<void> {
  const Data = new TextEncoder().encode('{"event":"page_view"}\n')
  for (const { at, puts = 0, batch } of TRAFFIC) {
    clock.set(START + at * 1000)
    if (batch) {
      await firehose.send(
        new PutRecordBatchCommand({ DeliveryStreamName: STREAM, Records: Array.from({ length: batch }, () => ({ Data })) }),
      )
    }
    for (let i = 0; i < puts; i++) {
      await firehose.send(new PutRecordCommand({ DeliveryStreamName: STREAM, Record: { Data } })).catch((error: Error) => {
        if (error.name !== 'ServiceUnavailableException') throw error // throttling is part of the history; anything else is a bug
      })
    }
  }
}

// Charts mounted by the current story: stopped when the story unmounts.
const mounted = new Set<MetricsChartHandle>()

function renderMetrics(): HTMLElement {
  const root = document.createElement('div')
  root.style.maxWidth = '600px'
  // The window is taken from the mock's clock, where the traffic happened.
  mounted.add(mountMetricsChart(root, { cloudwatch, streamName: STREAM, minutes: MINUTES, now: clock.now }))
  return root
}

const meta: Meta = {
  title: 'Firehose/Metrics',
  render: renderMetrics,
  beforeEach: async (context) => {
    clock.set(START) // first the clock: reset() seeds the stream at the clock's time
    story.beforeEach(context)
    await driveTraffic()
    return () => {
      for (const handle of mounted) handle.destroy()
      mounted.clear()
    }
  },
}
export default meta

/** Six minutes of puts to an ACTIVE stream, with a throttled burst in the second minute and a quiet third. */
export const SeededHistory: StoryObj = {}

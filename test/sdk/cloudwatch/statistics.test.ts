/**
 * Percentile statistics, the put latency and throughput-limit metrics, and the alarm arithmetic AWS
 * recommends over them, read with the real @aws-sdk/client-cloudwatch on a manual clock.
 */
import type { Statistic } from '@aws-sdk/client-cloudwatch'
import { PutRecordBatchCommand, PutRecordCommand } from '@aws-sdk/client-firehose'
import { describe, expect, it } from 'vitest'
import { createFirehoseMock } from '../../../src'
import { MIB } from '../../support/bytes'
import { firehoseClient } from '../../support/clients'
import { START } from '../../support/clock'
import { cloudWatchClient, getData, getStatistics, metricStat, MINUTE, sumsByMinute } from '../../support/cloudwatch'
import { expectAwsError, SLOW_DOWN } from '../../support/errors'
import { activeStream as makeActive } from '../../support/firehose'
import { useMock } from '../../support/mock'

const QUOTAS = { putRequestsPerSecond: 3, putRecordsPerSecond: 4, putMiBPerSecond: 0.5 }
const { aws, clock, server, firehose, activeStream } = useMock({ timing: 'instant', quotas: QUOTAS })
const cloudwatch = cloudWatchClient()

const data = (size: number) => new Uint8Array(size).fill(0x61)
const put = (size: number, stream = 'clicks', client = firehose) =>
  client.send(new PutRecordCommand({ DeliveryStreamName: stream, Record: { Data: data(size) } }))
const putBatch = (sizes: number[], stream = 'clicks') =>
  firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: stream, Records: sizes.map((n) => ({ Data: data(n) })) }))
const statistics = (metric: string, extra: Parameters<typeof getStatistics>[3] = {}) => getStatistics(cloudwatch, 'clicks', metric, extra)

/** One PutRecord per second from `at`, each of the given size: below every per-second quota. */
async function putsOf(at: number, sizes: number[]) {
  for (const [i, size] of sizes.entries()) {
    clock.set(at + i * 1_000)
    await put(size)
  }
}

describe('percentiles (ExtendedStatistics)', () => {
  // Minute 0, sorted: 1 2 3 3 3 3 5 7 9 20. Minute 1: 4 4 4 4 6 8.
  const traffic = async () => {
    await activeStream('clicks')
    await putsOf(START, [7, 1, 3, 3, 3, 9, 2, 20, 5, 3])
    await putsOf(START + MINUTE, [4, 4, 6, 4, 8, 4])
  }
  const PERCENTILES = ['p50', 'p90', 'p99', 'p100', 'p0']

  it('answers nearest-rank percentiles of the values each window received, and nothing else', async () => {
    await traffic()
    const { Datapoints } = await statistics('IncomingBytes', { Statistics: undefined, ExtendedStatistics: PERCENTILES })
    expect(Datapoints).toEqual([
      { Timestamp: new Date(START), Unit: 'Bytes', ExtendedStatistics: { p50: 3, p90: 9, p99: 20, p100: 20, p0: 1 } },
      { Timestamp: new Date(START + MINUTE), Unit: 'Bytes', ExtendedStatistics: { p50: 4, p90: 8, p99: 8, p100: 8, p0: 4 } },
    ])
    // Two minutes in one window: 1 2 3 3 3 3 4 4 4 4 5 6 7 8 9 20 (p90 is the 15th of 16).
    const wide = await statistics('IncomingBytes', { Statistics: undefined, ExtendedStatistics: ['p50', 'p90', 'p0'], Period: 120 })
    expect(wide.Datapoints).toEqual([{ Timestamp: new Date(START), Unit: 'Bytes', ExtendedStatistics: { p50: 4, p90: 9, p0: 1 } }])
  })

  it('answers a percentile Stat in GetMetricData', async () => {
    await traffic()
    const { MetricDataResults } = await getData(cloudwatch, [metricStat('p', 'IncomingBytes', 'clicks', 'p90')])
    expect(MetricDataResults![0]).toMatchObject({ Id: 'p', StatusCode: 'Complete', Values: [8, 9] })
    expect(MetricDataResults![0]!.Timestamps).toEqual([new Date(START + MINUTE), new Date(START)])
    const wide = await getData(cloudwatch, [metricStat('p', 'IncomingBytes', 'clicks', 'p50', 120)])
    expect(wide.MetricDataResults![0]!.Values).toEqual([4])
  })

  it('refuses Statistics and ExtendedStatistics together', async () => {
    const error = await expectAwsError(statistics('IncomingBytes', { ExtendedStatistics: ['p99'] }), {
      name: 'InvalidParameterCombinationException',
      message: 'The parameters Statistics and ExtendedStatistics are mutually exclusive and you have specified both.',
      status: 400,
    })
    expect(error).toMatchObject({ Code: 'InvalidParameterCombination' })
  })

  it('answers an extended statistic it does not compute as not simulated, and one that does not exist as invalid', async () => {
    await traffic()
    await expectAwsError(statistics('IncomingBytes', { Statistics: undefined, ExtendedStatistics: ['tm99'] }), {
      name: 'UnsupportedOperationException',
      message: /\btm99\b.*not simulated/,
      status: 400,
    })
    const error = await expectAwsError(statistics('IncomingBytes', { Statistics: undefined, ExtendedStatistics: ['foo'] }), {
      name: 'InvalidParameterValueException',
      message: /\bfoo\b/,
      status: 400,
    })
    expect(error).toMatchObject({ Code: 'InvalidParameterValue' })
  })
})

describe('PutRecord.Latency and PutRecordBatch.Latency', () => {
  const LATENCY: Statistic[] = ['SampleCount', 'Sum', 'Minimum', 'Maximum']

  it('are 0 when the simulation answers at once, and the delay of a fault rule that delayed the put', async () => {
    await activeStream('clicks')
    clock.set(START + 5_000)
    const slow = aws.faults.add({ operation: 'PutRecord', delayMs: 5 })
    await put(1)
    slow.remove()
    await put(1)
    clock.set(START + 10_000)
    const slowBatch = aws.faults.add({ operation: 'PutRecordBatch', delayMs: 5 })
    await putBatch([1, 2])
    slowBatch.remove()
    await putBatch([3])
    await putBatch([4])
    expect(slow.hits).toBe(1)
    expect(slowBatch.hits).toBe(1)

    const single = (await statistics('PutRecord.Latency', { Statistics: LATENCY })).Datapoints
    expect(single).toEqual([{ Timestamp: new Date(START), Unit: 'Milliseconds', SampleCount: 2, Sum: 5, Minimum: 0, Maximum: 5 }])
    const batch = (await statistics('PutRecordBatch.Latency', { Statistics: LATENCY })).Datapoints
    expect(batch).toEqual([{ Timestamp: new Date(START), Unit: 'Milliseconds', SampleCount: 3, Sum: 5, Minimum: 0, Maximum: 5 }])
  })

  it('are published for successful puts only', async () => {
    await activeStream('clicks')
    clock.set(START + 5_000)
    for (let i = 0; i < QUOTAS.putRequestsPerSecond; i++) await put(1)
    await expectAwsError(put(1), SLOW_DOWN)
    const { Datapoints } = await statistics('PutRecord.Latency', { Statistics: ['SampleCount', 'Maximum'] })
    expect(Datapoints).toEqual([{ Timestamp: new Date(START), Unit: 'Milliseconds', SampleCount: 3, Maximum: 0 }])
  })
})

describe('BytesPerSecondLimit, RecordsPerSecondLimit and PutRequestsPerSecondLimit', () => {
  const LIMITS: Array<[string, string, number]> = [
    ['BytesPerSecondLimit', 'Bytes', QUOTAS.putMiBPerSecond * MIB],
    ['RecordsPerSecondLimit', 'Count', QUOTAS.putRecordsPerSecond],
    ['PutRequestsPerSecondLimit', 'Count', QUOTAS.putRequestsPerSecond],
  ]

  it('publish the stream’s quotas with every put request, accepted or throttled', async () => {
    await activeStream('clicks')
    clock.set(START + 5_000)
    await put(10)
    await put(10)
    expect((await putBatch([1, 1, 1, 1, 1])).FailedPutCount).toBe(3) // 4 records a second
    await expectAwsError(put(1), SLOW_DOWN) // 3 requests a second
    clock.set(START + 2 * MINUTE + 1)
    await put(1)
    expect(await sumsByMinute(statistics('ThrottledRecords'))).toEqual([[0, 4]])
    for (const [metric, unit, limit] of LIMITS) {
      const { Datapoints } = await statistics(metric, { Statistics: ['SampleCount', 'Minimum', 'Maximum'] })
      expect(Datapoints, metric).toEqual([
        { Timestamp: new Date(START), Unit: unit, SampleCount: 4, Minimum: limit, Maximum: limit },
        { Timestamp: new Date(START + 2 * MINUTE), Unit: unit, SampleCount: 1, Minimum: limit, Maximum: limit },
      ])
    }
  })

  it('are not published when quotas are lifted (quotas: false)', async () => {
    const unlimited = createFirehoseMock({ now: clock.now, timing: 'instant', quotas: false })
    server.use(...unlimited.handlers)
    try {
      await makeActive({ aws: unlimited, clock, firehose }, 'clicks')
      await putBatch([1, 1, 1, 1, 1, 1, 1, 1])
      await put(1)
      expect(await sumsByMinute(statistics('IncomingRecords'))).toEqual([[0, 9]])
      for (const [metric] of LIMITS) {
        expect((await statistics(metric)).Datapoints, metric).toEqual([])
        expect(unlimited.cloudwatch.datapoints(metric, { stream: 'clicks' }), metric).toEqual([])
      }
    } finally {
      server.resetHandlers()
    }
  })

  it('make the alarm AWS recommends: IncomingBytes per second over 5 minutes, and its share of the limit', async () => {
    await activeStream('clicks')
    await putsOf(START, [100, 500])
    await putsOf(START + 3 * MINUTE, [900])
    await putsOf(START + 6 * MINUTE, [300])
    const { MetricDataResults } = await getData(
      cloudwatch,
      [
        { ...metricStat('m1', 'IncomingBytes', 'clicks', 'Sum', 300), ReturnData: false },
        { ...metricStat('m2', 'BytesPerSecondLimit', 'clicks', 'Maximum', 300), ReturnData: false },
        { Id: 'e1', Expression: 'm1 / 300', Label: 'bytes per second' },
        { Id: 'e2', Expression: '100 * (m1 / 300) / m2', Label: 'percent of the limit' },
      ],
      { ScanBy: 'TimestampAscending' },
    )
    const windows = [new Date(START), new Date(START + 5 * MINUTE)]
    expect(MetricDataResults).toEqual([
      { Id: 'e1', Label: 'bytes per second', Timestamps: windows, Values: [5, 1], StatusCode: 'Complete', Messages: [] },
      {
        Id: 'e2',
        Label: 'percent of the limit',
        Timestamps: windows,
        Values: [(100 * 5) / (0.5 * MIB), 100 / (0.5 * MIB)],
        StatusCode: 'Complete',
        Messages: [],
      },
    ])
  })
})

describe('aws.cloudwatch.datapoints()', () => {
  it('returns a metric’s minutes, oldest first, with their statistics', async () => {
    await activeStream('clicks')
    clock.set(START + 3 * MINUTE + 5_000)
    await put(5)
    clock.set(START + 10_000) // earlier: the minutes come back in time order all the same
    await put(4)
    clock.set(START + 11_000)
    await putBatch([1, 6])
    expect(aws.cloudwatch.datapoints('IncomingRecords', { stream: 'clicks' })).toEqual([
      { timestamp: START, unit: 'Count', sum: 3, sampleCount: 2, minimum: 1, maximum: 2 },
      { timestamp: START + 3 * MINUTE, unit: 'Count', sum: 1, sampleCount: 1, minimum: 1, maximum: 1 },
    ])
    expect(aws.cloudwatch.datapoints('IncomingBytes', { stream: 'clicks' })).toEqual([
      { timestamp: START, unit: 'Bytes', sum: 11, sampleCount: 2, minimum: 4, maximum: 7 },
      { timestamp: START + 3 * MINUTE, unit: 'Bytes', sum: 5, sampleCount: 1, minimum: 5, maximum: 5 },
    ])
  })

  it('selects by dimensions, namespace and region', async () => {
    await activeStream('clicks')
    await activeStream('orders')
    await put(3, 'clicks')
    await put(7, 'orders')
    const westFirehose = firehoseClient('us-west-2')
    await makeActive({ aws, clock, firehose: westFirehose }, 'clicks')
    await put(11, 'clicks', westFirehose)
    const minute = (sum: number) => [{ timestamp: START, unit: 'Bytes', sum, sampleCount: 1, minimum: sum, maximum: sum }]

    expect(aws.cloudwatch.datapoints('IncomingBytes', { stream: 'clicks' })).toEqual(minute(3))
    expect(aws.cloudwatch.datapoints('IncomingBytes', { dimensions: { DeliveryStreamName: 'orders' } })).toEqual(minute(7))
    expect(aws.cloudwatch.datapoints('IncomingBytes', { namespace: 'AWS/Firehose', stream: 'orders' })).toEqual(minute(7))
    expect(aws.cloudwatch.datapoints('IncomingBytes', { stream: 'clicks', region: 'us-west-2' })).toEqual(minute(11))
    // A metric is its exact set of dimensions: none, or one more, is another metric.
    expect(aws.cloudwatch.datapoints('IncomingBytes')).toEqual([])
    expect(aws.cloudwatch.datapoints('IncomingBytes', { dimensions: { DeliveryStreamName: 'clicks', Extra: 'x' } })).toEqual([])
    expect(aws.cloudwatch.datapoints('IncomingBytes', { namespace: 'AWS/Kinesis', stream: 'clicks' })).toEqual([])
    expect(aws.cloudwatch.datapoints('IncomingBytes', { stream: 'orders', region: 'us-west-2' })).toEqual([])
    expect(aws.cloudwatch.datapoints('NoSuchMetric', { stream: 'clicks' })).toEqual([])
  })

  it('shows a delivery whose time has passed, and nothing after reset()', async () => {
    await activeStream('clicks') // buffering: 300 seconds
    await put(3)
    clock.set(START + 10 * MINUTE)
    expect(aws.cloudwatch.datapoints('DeliveryToS3.Records', { stream: 'clicks' })).toEqual([
      { timestamp: START + 5 * MINUTE, unit: 'Count', sum: 1, sampleCount: 1, minimum: 1, maximum: 1 },
    ])
    aws.reset()
    expect(aws.cloudwatch.datapoints('IncomingRecords', { stream: 'clicks' })).toEqual([])
    expect(aws.cloudwatch.datapoints('DeliveryToS3.Records', { stream: 'clicks' })).toEqual([])
  })
})

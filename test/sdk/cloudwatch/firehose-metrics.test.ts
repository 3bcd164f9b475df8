/**
 * Firehose's CloudWatch metrics, computed from what the simulation did on the mock's clock, read
 * with the real @aws-sdk/client-cloudwatch (AWS JSON 1.0 with AWS Query error codes).
 */
import {
  CloudWatchClient,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
  type GetMetricStatisticsCommandInput,
} from '@aws-sdk/client-cloudwatch'
import { PutRecordBatchCommand } from '@aws-sdk/client-firehose'
import { describe, expect, it } from 'vitest'
import { credentials } from '../../support/aws'
import { bytes } from '../../support/bytes'
import { START } from '../../support/clock'
import { expectAwsError } from '../../support/errors'
import { putText } from '../../support/firehose'
import { useMock } from '../../support/mock'

const MINUTE = 60_000
const { aws, clock, firehose, activeStream } = useMock({
  timing: 'instant',
  quotas: { putRequestsPerSecond: 100, putRecordsPerSecond: 3, putMiBPerSecond: 1 },
})
const cloudwatch = new CloudWatchClient({ region: 'us-east-1', credentials, maxAttempts: 1 })

const seconds = (ms: number) => new Date(ms)
const statistics = (metric: string, extra: Partial<GetMetricStatisticsCommandInput> = {}) =>
  cloudwatch.send(
    new GetMetricStatisticsCommand({
      Namespace: 'AWS/Firehose',
      MetricName: metric,
      Dimensions: [{ Name: 'DeliveryStreamName', Value: 'clicks' }],
      StartTime: seconds(START),
      EndTime: seconds(START + 10 * MINUTE),
      Period: 60,
      Statistics: ['Sum'],
      ...extra,
    }),
  )
const sums = async (metric: string, extra: Partial<GetMetricStatisticsCommandInput> = {}) =>
  (await statistics(metric, extra)).Datapoints!.map((d) => [d.Timestamp!.getTime() - START, d.Sum])

describe('AWS/Firehose metrics from puts', () => {
  it('counts incoming records, bytes and requests per minute, leaving out minutes without data', async () => {
    await activeStream('clicks')
    clock.set(START + 5_000)
    await putText(firehose, 'clicks', 'abc')
    clock.set(START + 30_000)
    await putText(firehose, 'clicks', 'hello')
    clock.set(START + 3 * MINUTE + 1)
    await putText(firehose, 'clicks', 'z')
    expect(await sums('IncomingRecords')).toEqual([
      [0, 2],
      [3 * MINUTE, 1],
    ])
    expect(await sums('IncomingBytes')).toEqual([
      [0, 8],
      [3 * MINUTE, 1],
    ])
    expect(await sums('PutRecord.Requests')).toEqual([
      [0, 2],
      [3 * MINUTE, 1],
    ])
    const minute0 = (await statistics('IncomingBytes', { Statistics: ['SampleCount', 'Average', 'Minimum', 'Maximum'] })).Datapoints![0]!
    expect(minute0).toMatchObject({ SampleCount: 2, Average: 4, Minimum: 3, Maximum: 5, Unit: 'Bytes' })
    // One window of 5 minutes holds all three.
    expect(await sums('IncomingRecords', { Period: 300 })).toEqual([[0, 3]])
  })

  it('counts the records a batch had throttled, and only the accepted ones as incoming', async () => {
    await activeStream('clicks')
    clock.set(START + MINUTE)
    await firehose.send(
      new PutRecordBatchCommand({ DeliveryStreamName: 'clicks', Records: ['a', 'b', 'c', 'd', 'e'].map((t) => ({ Data: bytes(t) })) }),
    )
    expect(await sums('IncomingRecords')).toEqual([[MINUTE, 3]])
    expect(await sums('ThrottledRecords')).toEqual([[MINUTE, 2]])
    expect(await sums('PutRecordBatch.Records')).toEqual([[MINUTE, 3]])
    expect(await sums('IncomingPutRequests')).toEqual([[MINUTE, 1]])
  })

  it('answers a metric without data, or of another namespace, with no datapoints and its name as the label', async () => {
    expect(await statistics('IncomingRecords')).toMatchObject({ Label: 'IncomingRecords', Datapoints: [] })
    expect(await statistics('CPUUtilization', { Namespace: 'AWS/EC2', Dimensions: [] })).toMatchObject({
      Label: 'CPUUtilization',
      Datapoints: [],
    })
  })

  it('forgets the metrics on reset()', async () => {
    await activeStream('clicks')
    await putText(firehose, 'clicks', 'x')
    aws.reset()
    expect((await cloudwatch.send(new ListMetricsCommand({ Namespace: 'AWS/Firehose' }))).Metrics).toEqual([])
  })
})

describe('ListMetrics', () => {
  it('lists the stream’s metrics with their DeliveryStreamName, filtered by name and dimension', async () => {
    await activeStream('clicks')
    await putText(firehose, 'clicks', 'x')
    const { Metrics } = await cloudwatch.send(new ListMetricsCommand({ Namespace: 'AWS/Firehose', MetricName: 'IncomingRecords' }))
    expect(Metrics).toEqual([
      { Namespace: 'AWS/Firehose', MetricName: 'IncomingRecords', Dimensions: [{ Name: 'DeliveryStreamName', Value: 'clicks' }] },
    ])
    const other = await cloudwatch.send(new ListMetricsCommand({ Dimensions: [{ Name: 'DeliveryStreamName', Value: 'orders' }] }))
    expect(other.Metrics).toEqual([])
    const names = (await cloudwatch.send(new ListMetricsCommand({}))).Metrics!.map((m) => m.MetricName).sort()
    expect(names).toEqual(['IncomingBytes', 'IncomingPutRequests', 'IncomingRecords', 'PutRecord.Bytes', 'PutRecord.Requests'])
  })

  it('lists only metrics with data in the last three hours with RecentlyActive PT3H', async () => {
    await activeStream('clicks')
    await putText(firehose, 'clicks', 'x')
    clock.advance(3 * 60 * MINUTE + 1)
    expect((await cloudwatch.send(new ListMetricsCommand({ RecentlyActive: 'PT3H' }))).Metrics).toEqual([])
    expect((await cloudwatch.send(new ListMetricsCommand({}))).Metrics).toHaveLength(5)
  })
})

describe('GetMetricStatistics errors, with AWS Query codes', () => {
  it('refuses a StartTime that is not before EndTime', async () => {
    const error = await expectAwsError(statistics('IncomingRecords', { EndTime: seconds(START) }), {
      name: 'InvalidParameterValueException',
      message: 'The parameter StartTime must be less than the parameter EndTime.',
      status: 400,
    })
    expect(error).toMatchObject({ Code: 'InvalidParameterValue', Type: 'Sender' })
  })

  it('requires Statistics or ExtendedStatistics', async () => {
    const error = await expectAwsError(statistics('IncomingRecords', { Statistics: undefined }), {
      name: 'InvalidParameterCombinationException',
      message: 'At least one of the parameters Statistics and ExtendedStatistics must be specified.',
      status: 400,
    })
    expect(error).toMatchObject({ Code: 'InvalidParameterCombination' })
  })

  it('refuses more than 1440 datapoints', async () => {
    await expectAwsError(statistics('IncomingRecords', { EndTime: seconds(START + 24 * 60 * MINUTE + MINUTE) }), {
      name: 'InvalidParameterCombinationException',
      message:
        'You have requested up to 1441 datapoints, which exceeds the limit of 1440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.',
      status: 400,
    })
  })
})

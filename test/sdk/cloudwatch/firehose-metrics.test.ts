/**
 * Firehose's CloudWatch metrics, computed from what the simulation did on the mock's clock, read
 * with the real @aws-sdk/client-cloudwatch (AWS JSON 1.0 with AWS Query error codes).
 */
import {
  CloudWatchClient,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
  type GetMetricDataCommandInput,
  type GetMetricStatisticsCommandInput,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch'
import { PutRecordBatchCommand } from '@aws-sdk/client-firehose'
import { describe, expect, it } from 'vitest'
import { BUCKET_ARN, credentials, ROLE_ARN } from '../../support/aws'
import { bytes } from '../../support/bytes'
import { START } from '../../support/clock'
import { expectAwsError, failureOf } from '../../support/errors'
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

describe('AWS/Firehose metrics from deliveries to S3', () => {
  it('counts a delivery the buffer size triggered at the put that filled it, in that minute', async () => {
    const BufferingHints = { SizeInMBs: 1, IntervalInSeconds: 900 }
    const hinted = {
      DeliveryStreamName: 'clicks',
      ExtendedS3DestinationConfiguration: { RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN, BufferingHints },
    }
    await activeStream('clicks', hinted)
    const batch = () =>
      firehose.send(
        new PutRecordBatchCommand({ DeliveryStreamName: 'clicks', Records: [0, 1].map(() => ({ Data: new Uint8Array(300 * 1024) })) }),
      )
    clock.set(START + 10_000)
    await batch() // 600 KiB: waits
    clock.set(START + 2 * MINUTE + 10_000)
    await batch() // the 4th record takes the buffer past 1 MiB: delivered now
    expect(await sums('DeliveryToS3.Records')).toEqual([[2 * MINUTE, 4]])
    expect(await sums('DeliveryToS3.Bytes')).toEqual([[2 * MINUTE, 4 * 300 * 1024]])
    const freshness = await statistics('DeliveryToS3.DataFreshness', { Statistics: ['Maximum'] })
    expect(freshness.Datapoints!.map((d) => [d.Timestamp!.getTime() - START, d.Maximum])).toEqual([
      [MINUTE, 50],
      [2 * MINUTE, 120],
    ])
  })

  it('counts a delivery at the minute it happened, once the clock has passed it, with the age of its oldest record', async () => {
    await activeStream('clicks') // buffering: 5 MiB or 300 seconds
    clock.set(START + 5_000)
    await putText(firehose, 'clicks', 'abc')
    clock.set(START + 65_000)
    await putText(firehose, 'clicks', 'hello')
    expect(await sums('DeliveryToS3.Records')).toEqual([]) // not delivered yet
    clock.set(START + 10 * MINUTE)
    const deliveredAt = 5 * MINUTE // the interval flush at START + 305 s
    expect(await sums('DeliveryToS3.Records')).toEqual([[deliveredAt, 2]])
    expect(await sums('DeliveryToS3.Bytes')).toEqual([[deliveredAt, 8]])
    expect(await sums('DeliveryToS3.Success')).toEqual([[deliveredAt, 1]])
    // Each minute mark the records waited through: the age of the oldest one (put at START + 5 s);
    // the delivery's minute also has the age at delivery, 300 s.
    const freshness = await statistics('DeliveryToS3.DataFreshness', { Statistics: ['Maximum'] })
    expect(freshness.Datapoints!.map((d) => [d.Timestamp!.getTime() - START, d.Maximum, d.Unit])).toEqual([
      [MINUTE, 55, 'Seconds'],
      [2 * MINUTE, 115, 'Seconds'],
      [3 * MINUTE, 175, 'Seconds'],
      [4 * MINUTE, 235, 'Seconds'],
      [5 * MINUTE, 300, 'Seconds'],
    ])
    expect((await aws.firehose.deliveries('clicks')).map((d) => d.records)).toEqual([2])
  })

  it('shows the waiting records growing older each minute before the delivery, and nothing once delivered', async () => {
    await activeStream('clicks')
    clock.set(START + 30_000)
    await putText(firehose, 'clicks', 'abc')
    clock.set(START + 2 * MINUTE + 10_000) // still buffering (300 s)
    const ages = async () =>
      (
        await cloudwatch.send(
          new GetMetricStatisticsCommand({
            Namespace: 'AWS/Firehose',
            MetricName: 'DeliveryToS3.DataFreshness',
            Dimensions: [{ Name: 'DeliveryStreamName', Value: 'clicks' }],
            StartTime: seconds(START),
            EndTime: seconds(START + 20 * MINUTE),
            Period: 60,
            Statistics: ['Maximum', 'SampleCount'],
          }),
        )
      ).Datapoints!.map((d) => [(d.Timestamp!.getTime() - START) / MINUTE, d.Maximum, d.SampleCount])
    expect(await ages()).toEqual([
      [1, 30, 1],
      [2, 90, 1],
    ])
    expect(await ages()).toHaveLength(2) // a second read publishes nothing again
    clock.set(START + 15 * MINUTE) // delivered at START + 330 s
    expect(await ages()).toEqual([
      [1, 30, 1],
      [2, 90, 1],
      [3, 150, 1],
      [4, 210, 1],
      [5, 300, 2],
    ])
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
    expect(names).toEqual([
      ...['BytesPerSecondLimit', 'IncomingBytes', 'IncomingPutRequests', 'IncomingRecords', 'PutRecord.Bytes', 'PutRecord.Latency'],
      ...['PutRecord.Requests', 'PutRequestsPerSecondLimit', 'RecordsPerSecondLimit'],
    ])
  })

  it('answers InvalidNextToken for a token it did not give out', async () => {
    const error = await failureOf(cloudwatch.send(new ListMetricsCommand({ NextToken: btoa('fhmsw-metrics:') })))
    expect(error).toMatchObject({ name: 'InvalidNextToken', Code: 'InvalidNextToken' })
  })

  it('lists only metrics with data in the last three hours with RecentlyActive PT3H', async () => {
    await activeStream('clicks')
    await putText(firehose, 'clicks', 'x')
    // The put's buffer is delivered 300 s later: its DeliveryToS3 metrics are the newest.
    clock.advance(3 * 60 * MINUTE + 6 * MINUTE)
    expect((await cloudwatch.send(new ListMetricsCommand({ RecentlyActive: 'PT3H' }))).Metrics).toEqual([])
    expect((await cloudwatch.send(new ListMetricsCommand({}))).Metrics).toHaveLength(13)
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

describe('GetMetricData', () => {
  const stat = (Id: string, MetricName: string, Stat = 'Sum', Period = 60): MetricDataQuery => ({
    Id,
    MetricStat: {
      Metric: { Namespace: 'AWS/Firehose', MetricName, Dimensions: [{ Name: 'DeliveryStreamName', Value: 'clicks' }] },
      Period,
      Stat,
    },
  })
  const data = (MetricDataQueries: MetricDataQuery[], extra: Partial<GetMetricDataCommandInput> = {}) =>
    cloudwatch.send(
      new GetMetricDataCommand({ MetricDataQueries, StartTime: seconds(START), EndTime: seconds(START + 10 * MINUTE), ...extra }),
    )
  const traffic = async () => {
    await activeStream('clicks')
    clock.set(START + 5_000)
    await putText(firehose, 'clicks', 'abc')
    await putText(firehose, 'clicks', 'hello')
    clock.set(START + 2 * MINUTE)
    await putText(firehose, 'clicks', 'z')
  }

  it('answers per-minute values of several metrics, newest first by default, labelled by metric name', async () => {
    await traffic()
    const { MetricDataResults, Messages } = await data([stat('records', 'IncomingRecords'), stat('bytes', 'IncomingBytes')])
    expect(Messages).toEqual([])
    expect(MetricDataResults!.map(({ Id, Label, StatusCode, Values }) => ({ Id, Label, StatusCode, Values }))).toEqual([
      { Id: 'records', Label: 'IncomingRecords', StatusCode: 'Complete', Values: [1, 2] },
      { Id: 'bytes', Label: 'IncomingBytes', StatusCode: 'Complete', Values: [1, 8] },
    ])
    expect(MetricDataResults![0]!.Timestamps!.map((t) => t.getTime() - START)).toEqual([2 * MINUTE, 0])
    const ascending = await data([stat('records', 'IncomingRecords')], { ScanBy: 'TimestampAscending' })
    expect(ascending.MetricDataResults![0]!.Values).toEqual([2, 1])
  })

  it('evaluates the arithmetic AWS recommends for Firehose alarms (IncomingBytes per second over 5 minutes)', async () => {
    await traffic()
    const bytes = { ...stat('m1', 'IncomingBytes', 'Sum', 300), ReturnData: false }
    const { MetricDataResults } = await data([bytes, { Id: 'rate', Expression: 'm1 / 300', Label: 'bytes per second' }])
    expect(MetricDataResults).toHaveLength(1)
    expect(MetricDataResults![0]).toMatchObject({ Id: 'rate', Label: 'bytes per second', Values: [9 / 300] })
    const combined = await data([
      { ...stat('r', 'IncomingRecords'), ReturnData: false },
      { ...stat('b', 'IncomingBytes'), ReturnData: false },
      { Id: 'per', Expression: '(b - r) / r' },
    ])
    expect(combined.MetricDataResults![0]!.Values).toEqual([0, 3])
  })

  it('adds the statistic to the default labels when the queries use different ones', async () => {
    await traffic()
    const { MetricDataResults } = await data([stat('sum', 'IncomingBytes', 'Sum'), stat('max', 'IncomingBytes', 'Maximum')])
    expect(MetricDataResults!.map((r) => [r.Label, r.Values])).toEqual([
      ['IncomingBytes Sum', [1, 8]],
      ['IncomingBytes Maximum', [1, 5]],
    ])
  })

  it('refuses a query id that does not start with a lower-case letter, and equal start and end times', async () => {
    const error = await failureOf(data([stat('Records', 'IncomingRecords')]))
    expect(error).toMatchObject({ Code: 'ValidationError', Type: 'Sender' })
    expect(error.message).toBe(
      'The value Records for parameter MetricDataQueries.member.1.Id is not matching the expected pattern ^[a-z][a-zA-Z0-9_]*$.\n',
    )
    const same = await failureOf(data([stat('r', 'IncomingRecords')], { EndTime: seconds(START) }))
    expect(same.message).toBe('The parameter StartTime must not equal parameter EndTime.\n')
  })

  it('answers an expression with functions as not simulated, naming it', async () => {
    const error = await failureOf(
      data([
        { ...stat('m1', 'IncomingBytes'), ReturnData: false },
        { Id: 'e', Expression: 'SUM(METRICS())' },
      ]),
    )
    expect(error.name).toBe('UnsupportedOperationException')
    expect(error.message).toContain('SUM(METRICS())')
  })
})

/**
 * The CloudWatch side of the metric tests: a one-attempt @aws-sdk/client-cloudwatch client and the
 * requests they send for a stream's `AWS/Firehose` metrics, with times relative to START.
 */
import {
  CloudWatchClient,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  type GetMetricDataCommandInput,
  type GetMetricStatisticsCommandInput,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch'
import { oneAttempt } from './clients'
import { START } from './clock'

export const MINUTE = 60_000

export function cloudWatchClient(region = 'us-east-1'): CloudWatchClient {
  return new CloudWatchClient(oneAttempt(region))
}

/** The dimensions of a stream's metrics. */
export const streamDimensions = (stream: string) => [{ Name: 'DeliveryStreamName', Value: stream }]

/**
 * GetMetricStatistics of a stream's metric from START over `minutes` minutes, per minute, `Sum`
 * unless `extra` says otherwise (`Statistics: undefined` sends none).
 */
export function getStatistics(
  client: CloudWatchClient,
  stream: string,
  metric: string,
  extra: Partial<GetMetricStatisticsCommandInput> = {},
  minutes = 10,
) {
  return client.send(
    new GetMetricStatisticsCommand({
      Namespace: 'AWS/Firehose',
      MetricName: metric,
      Dimensions: streamDimensions(stream),
      StartTime: new Date(START),
      EndTime: new Date(START + minutes * MINUTE),
      Period: 60,
      Statistics: ['Sum'],
      ...extra,
    }),
  )
}

/** The datapoints of a GetMetricStatistics answer as [minutes after START, Sum], oldest first. */
export async function sumsByMinute(answer: Promise<{ Datapoints?: Array<{ Timestamp?: Date; Sum?: number }> }>) {
  return (await answer).Datapoints!.map((d) => [(d.Timestamp!.getTime() - START) / MINUTE, d.Sum])
}

/** A MetricStat query of a stream's metric. */
export const metricStat = (Id: string, MetricName: string, stream: string, Stat = 'Sum', Period = 60): MetricDataQuery => ({
  Id,
  MetricStat: { Metric: { Namespace: 'AWS/Firehose', MetricName, Dimensions: streamDimensions(stream) }, Period, Stat },
})

/** GetMetricData from START over `minutes` minutes. */
export function getData(
  client: CloudWatchClient,
  MetricDataQueries: MetricDataQuery[],
  extra: Partial<GetMetricDataCommandInput> = {},
  minutes = 10,
) {
  return client.send(
    new GetMetricDataCommand({ MetricDataQueries, StartTime: new Date(START), EndTime: new Date(START + minutes * MINUTE), ...extra }),
  )
}

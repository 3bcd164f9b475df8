/**
 * GetMetricStatistics: the statistics of one metric (namespace, name and exactly its dimensions)
 * over windows of `Period` seconds from StartTime (rounded down to the minute) up to EndTime
 * (exclusive). Windows without data are left out, as CloudWatch leaves them out.
 */
import { invalidParameterCombination, invalidParameterValue } from '../errors'
import { notSimulated } from '../../service'
import type { CloudWatchContext } from '../store'
import type { Aggregate } from '../metrics'
import { rangeStart, statisticOf, windowsOf } from '../windows'
import { findSeries } from '../select'
import type { Datapoint, GetMetricStatisticsInput, GetMetricStatisticsOutput, Statistic } from '../wire.gen'

const MAX_DATAPOINTS = 1440

export function getMetricStatistics(input: GetMetricStatisticsInput, ctx: CloudWatchContext): GetMetricStatisticsOutput {
  const start = rangeStart(input.StartTime)
  const end = input.EndTime * 1000
  if (input.StartTime >= input.EndTime) throw invalidParameterValue('The parameter StartTime must be less than the parameter EndTime.')
  const statistics = input.Statistics ?? []
  if (statistics.length === 0 && input.ExtendedStatistics === undefined) {
    throw invalidParameterCombination('At least one of the parameters Statistics and ExtendedStatistics must be specified.')
  }
  if (statistics.length > 0 && input.ExtendedStatistics !== undefined) {
    throw invalidParameterCombination(
      'The parameters Statistics and ExtendedStatistics are mutually exclusive and you have specified both.',
    )
  }
  const periodMs = input.Period * 1000
  const requested = Math.ceil((end - start) / periodMs)
  if (requested > MAX_DATAPOINTS) {
    throw invalidParameterCombination(
      `You have requested up to ${requested} datapoints, which exceeds the limit of ${MAX_DATAPOINTS}. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
    )
  }
  if (input.ExtendedStatistics !== undefined) throw notSimulated('GetMetricStatistics with ExtendedStatistics')
  const series = findSeries(ctx, input)
  if (!series || (input.Unit !== undefined && input.Unit !== series.unit)) return { Label: input.MetricName, Datapoints: [] }
  const datapoints = windowsOf(series, start, end, periodMs).map(([window, agg]) => datapoint(window, agg, statistics, series.unit))
  return { Label: input.MetricName, Datapoints: datapoints }
}

function datapoint(window: number, agg: Aggregate, statistics: Statistic[], unit: Datapoint['Unit']): Datapoint {
  const point: Datapoint = { Timestamp: window / 1000, Unit: unit }
  for (const statistic of statistics) point[statistic] = statisticOf(agg, statistic)
  return point
}

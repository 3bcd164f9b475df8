/**
 * GetMetricStatistics: the statistics of one metric (namespace, name and exactly its dimensions)
 * over windows of `Period` seconds from StartTime (rounded down to the minute) up to EndTime
 * (exclusive). Windows without data are left out, as CloudWatch leaves them out. Percentiles
 * (`ExtendedStatistics: ['p99']`) are nearest-rank over the values the window received.
 */
import { invalidParameterCombination, invalidParameterValue } from '../errors'
import { notSimulated } from '../../service'
import type { CloudWatchContext } from '../store'
import { percentOf, rangeStart, statisticOf, windowsOf } from '../windows'
import { findSeries } from '../select'
import type { Datapoint, GetMetricStatisticsInput, GetMetricStatisticsOutput } from '../wire.gen'

const MAX_DATAPOINTS = 1440
/** CloudWatch's other extended statistics (trimmed mean, winsorized mean, trimmed count and sum, IQM), which are not simulated. */
const STATISTIC = /^(IQM|(tm|wm|tc|ts)(\d{1,2}(\.\d{0,10})?|100)|(TM|WM|TC|TS|PR)\(.+\))$/

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
  const extended = input.ExtendedStatistics ?? []
  for (const statistic of extended) {
    if (percentOf(statistic) !== undefined) continue
    if (STATISTIC.test(statistic)) throw notSimulated(`The extended statistic ${statistic}`)
    throw invalidParameterValue(`The value ${statistic} for parameter ExtendedStatistics is not a valid extended statistic.`)
  }
  const series = findSeries(ctx, input)
  if (!series || (input.Unit !== undefined && input.Unit !== series.unit)) return { Label: input.MetricName, Datapoints: [] }
  const datapoints = windowsOf(series, start, end, periodMs).map(([window, agg]) => {
    const point: Datapoint = { Timestamp: window / 1000, Unit: series.unit }
    for (const statistic of statistics) point[statistic] = statisticOf(agg, statistic)
    if (extended.length > 0) point.ExtendedStatistics = Object.fromEntries(extended.map((s) => [s, statisticOf(agg, s)!]))
    return point
  })
  return { Label: input.MetricName, Datapoints: datapoints }
}

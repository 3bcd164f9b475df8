/**
 * GetMetricData: several metrics (MetricStat queries) and metric math over them, in one time range.
 * Each query's values are per window of its Period from StartTime (rounded down to the minute) up
 * to EndTime (exclusive), windows without data left out; newest first unless ScanBy says otherwise.
 * More than MaxDatapoints points page with NextToken (results cut short say PartialData).
 */
import { pageOffset, pageToken } from '../../protocol/page-token'
import { cloudWatchErrors, invalidNextToken } from '../errors'
import { evaluate, type MathValue } from '../math'
import { findSeries } from '../select'
import type { CloudWatchContext } from '../store'
import { rangeStart, statisticOf, windowsOf } from '../windows'
import type { GetMetricDataInput, GetMetricDataOutput, MetricDataQuery, MetricDataResult } from '../wire.gen'

const ID = /^[a-z][a-zA-Z0-9_]*$/
/** CloudWatch's default MaxDatapoints, and the most one call returns. */
const MAX_DATAPOINTS = 100_800
const PREFIX = 'fhmsw-data:'

/** CloudWatch's validation answer for GetMetricData: one line per problem, each ending in a newline. */
const validation = (lines: string[]) => cloudWatchErrors.error('ValidationException', lines.map((line) => `${line}\n`).join(''))

function check(input: GetMetricDataInput): void {
  if (input.StartTime === input.EndTime) throw validation(['The parameter StartTime must not equal parameter EndTime.'])
  if (input.StartTime > input.EndTime) throw validation(['The parameter EndTime must be greater than StartTime.'])
  const problems: string[] = []
  input.MetricDataQueries.forEach((query, i) => {
    const at = `MetricDataQueries.member.${i + 1}`
    if (!ID.test(query.Id)) problems.push(`The value ${query.Id} for parameter ${at}.Id is not matching the expected pattern ${ID.source}.`)
    if (query.MetricStat === undefined && query.Expression === undefined) problems.push(`The parameter ${at}.MetricStat is required.`)
  })
  if (problems.length > 0) throw validation(problems)
}

/** The default label: the metric name, with the statistic and period when the request's MetricStat queries differ in them. */
function labels(queries: MetricDataQuery[]): Map<string, string> {
  const stats = queries.flatMap((q) => (q.MetricStat ? [q.MetricStat] : []))
  const stat = new Set(stats.map((s) => s.Stat)).size > 1
  const period = new Set(stats.map((s) => s.Period)).size > 1
  return new Map(
    queries.map((q) => {
      if (q.Label !== undefined) return [q.Id, q.Label]
      if (!q.MetricStat) return [q.Id, q.Id]
      const parts = [q.MetricStat.Metric.MetricName ?? q.Id, stat ? q.MetricStat.Stat : '', period ? String(q.MetricStat.Period) : '']
      return [q.Id, parts.filter(Boolean).join(' ')]
    }),
  )
}

export function getMetricData(input: GetMetricDataInput, ctx: CloudWatchContext): GetMetricDataOutput {
  check(input)
  const start = rangeStart(input.StartTime)
  const end = input.EndTime * 1000
  const values = new Map<string, MathValue>()
  const byId = new Map(input.MetricDataQueries.map((q) => [q.Id, q]))
  const valueOf = (query: MetricDataQuery, visiting: Set<string>): MathValue => {
    const known = values.get(query.Id)
    if (known !== undefined) return known
    let value: MathValue
    if (query.MetricStat) {
      const { Metric, Period, Stat, Unit } = query.MetricStat
      const series =
        Metric.Namespace !== undefined && Metric.MetricName !== undefined
          ? findSeries(ctx, { Namespace: Metric.Namespace, MetricName: Metric.MetricName, Dimensions: Metric.Dimensions })
          : undefined
      const points = new Map<number, number>()
      if (series && (Unit === undefined || Unit === series.unit)) {
        for (const [window, agg] of windowsOf(series, start, end, Period * 1000)) {
          const v = statisticOf(agg, Stat)
          if (v === undefined)
            throw cloudWatchErrors.error('UnsupportedOperationException', `The statistic ${Stat} is not simulated by firehose-msw.`)
          points.set(window, v)
        }
      }
      value = points
    } else {
      visiting.add(query.Id)
      value = evaluate(query.Expression!, (id) => {
        const other = byId.get(id)
        return other && !visiting.has(id) ? valueOf(other, visiting) : undefined
      })
      visiting.delete(query.Id)
    }
    values.set(query.Id, value)
    return value
  }
  const names = labels(input.MetricDataQueries)
  const ascending = input.ScanBy === 'TimestampAscending'
  // Pages cut the results' points taken one after another, MaxDatapoints at a time.
  const offset = pageOffset(PREFIX, input.NextToken, () => invalidNextToken('The service cannot read the NextToken it was given.'))
  let skip = offset
  let room = input.MaxDatapoints ?? MAX_DATAPOINTS
  let partial = false
  const results: MetricDataResult[] = input.MetricDataQueries.filter((q) => q.ReturnData !== false).map((query) => {
    const value = valueOf(query, new Set())
    const all = typeof value === 'number' ? [] : [...value].sort(([a], [b]) => (ascending ? a - b : b - a))
    const from = Math.min(skip, all.length)
    const points = all.slice(from, from + room)
    skip -= from
    room -= points.length
    const complete = from + points.length === all.length
    partial ||= !complete
    return {
      Id: query.Id,
      Label: names.get(query.Id)!,
      Timestamps: points.map(([t]) => t / 1000),
      Values: points.map(([, v]) => v),
      StatusCode: complete ? 'Complete' : 'PartialData',
      Messages: [],
    }
  })
  // CloudWatch gives no NextToken to a request with metric math.
  const math = input.MetricDataQueries.some((q) => q.Expression !== undefined)
  const taken = (input.MaxDatapoints ?? MAX_DATAPOINTS) - room
  const next = partial && !math ? { NextToken: pageToken(PREFIX, offset + taken) } : {}
  return { MetricDataResults: results, ...next, Messages: [] }
}

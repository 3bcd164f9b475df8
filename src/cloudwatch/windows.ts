/** A series' one-minute aggregates gathered into windows of a period, and the statistics of a window. */
import { MINUTE, type Aggregate, type Series } from './metrics'

/** The start of a request's time range: StartTime rounded down to the minute (data is kept per minute). */
export const rangeStart = (startTimeSeconds: number): number => Math.floor((startTimeSeconds * 1000) / MINUTE) * MINUTE

/** Windows of `periodMs` from `start`, up to `end` (exclusive), that hold data; by window start, ascending. */
export function windowsOf(series: Series, start: number, end: number, periodMs: number): Array<[number, Aggregate]> {
  const windows = new Map<number, Aggregate>()
  for (const [minute, agg] of series.minutes) {
    if (minute < start || minute >= end) continue
    const window = start + Math.floor((minute - start) / periodMs) * periodMs
    const into = windows.get(window)
    if (!into) windows.set(window, { ...agg, values: new Map(agg.values) })
    else {
      into.sum += agg.sum
      into.count += agg.count
      into.min = Math.min(into.min, agg.min)
      into.max = Math.max(into.max, agg.max)
      for (const [value, n] of agg.values) into.values.set(value, (into.values.get(value) ?? 0) + n)
    }
  }
  return [...windows].sort(([a], [b]) => a - b)
}

/** A percentile statistic as CloudWatch names it (`p99`, `p99.9`, `p0`, `p100`): its percent, or undefined. */
export function percentOf(statistic: string): number | undefined {
  const match = /^p(\d{1,2}(?:\.\d{0,10})?|100(?:\.0{0,10})?)$/.exec(statistic)
  return match ? Number(match[1]) : undefined
}

/** The nearest-rank percentile of a window's values: the smallest value with at least `percent`% of the data at or below it. */
function percentile(agg: Aggregate, percent: number): number {
  const rank = Math.max(1, Math.ceil((percent / 100) * agg.count))
  let seen = 0
  for (const value of [...agg.values.keys()].sort((a, b) => a - b)) {
    seen += agg.values.get(value)!
    if (seen >= rank) return value
  }
  return agg.max
}

/** A statistic of a window — one of CloudWatch's basic ones or a percentile — or undefined for one not simulated. */
export function statisticOf(agg: Aggregate, statistic: string): number | undefined {
  switch (statistic) {
    case 'Sum':
      return agg.sum
    case 'SampleCount':
      return agg.count
    case 'Average':
      return agg.sum / agg.count
    case 'Minimum':
      return agg.min
    case 'Maximum':
      return agg.max
  }
  const percent = percentOf(statistic)
  return percent === undefined ? undefined : percentile(agg, percent)
}

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
    if (!into) windows.set(window, { ...agg })
    else {
      into.sum += agg.sum
      into.count += agg.count
      into.min = Math.min(into.min, agg.min)
      into.max = Math.max(into.max, agg.max)
    }
  }
  return [...windows].sort(([a], [b]) => a - b)
}

/** One of CloudWatch's basic statistics of a window, or undefined for a statistic that is not one of them. */
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
    default:
      return undefined
  }
}

/**
 * Metric series and their one-minute aggregates (sum, count, minimum, maximum, the values), per account and
 * region: what CloudWatch keeps of the data services publish. Minutes older than CloudWatch's
 * one-minute retention (15 days) are dropped as new data arrives.
 */
import type { MetricDatum } from './port'
import type { Dimension, StandardUnit } from './wire.gen'

export const MINUTE = 60_000
const RETENTION_MS = 15 * 24 * 60 * MINUTE

export interface Aggregate {
  sum: number
  count: number
  min: number
  max: number
  /** value → how many data had it: what percentiles are computed from (most metrics repeat few values) */
  values: Map<number, number>
}

export interface Series {
  accountId: string
  region: string
  namespace: string
  name: string
  /** sorted by name */
  dimensions: Dimension[]
  unit: StandardUnit
  /** minute start (epoch ms) → aggregate, in arrival order */
  minutes: Map<number, Aggregate>
  /** epoch ms of the newest datum */
  lastAt: number
}

/** NUL-separated: every put computes it (several per PutRecord), and no name or value holds a NUL. */
const seriesKey = (accountId: string, region: string, datum: MetricDatum, dimensions: readonly Dimension[]): string => {
  let key = `${accountId}\0${region}\0${datum.namespace}\0${datum.name}\0${datum.unit}`
  for (const d of dimensions) key += `\0${d.Name}\0${d.Value}`
  return key
}

const byName = (a: Dimension, b: Dimension): number => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0)

export class MetricStore {
  private readonly series = new Map<string, Series>()

  put(accountId: string, region: string, at: number, datum: MetricDatum): void {
    const dimensions = datum.dimensions.length > 1 ? [...datum.dimensions].sort(byName) : datum.dimensions
    const key = seriesKey(accountId, region, datum, dimensions)
    let series = this.series.get(key)
    if (!series) {
      series = {
        accountId,
        region,
        namespace: datum.namespace,
        name: datum.name,
        dimensions: dimensions.map((d) => ({ Name: d.Name, Value: d.Value })),
        unit: datum.unit,
        minutes: new Map(),
        lastAt: at,
      }
      this.series.set(key, series)
    }
    const minute = Math.floor(at / MINUTE) * MINUTE
    const agg = series.minutes.get(minute)
    if (agg) {
      agg.sum += datum.value
      agg.count++
      agg.min = Math.min(agg.min, datum.value)
      agg.max = Math.max(agg.max, datum.value)
      agg.values.set(datum.value, (agg.values.get(datum.value) ?? 0) + 1)
    } else {
      const values = new Map([[datum.value, 1]])
      series.minutes.set(minute, { sum: datum.value, count: 1, min: datum.value, max: datum.value, values })
      for (const old of series.minutes.keys()) {
        if (old >= at - RETENTION_MS) break
        series.minutes.delete(old)
      }
    }
    series.lastAt = Math.max(series.lastAt, at)
  }

  /** The series of an account and region, in the order they first received data. */
  seriesIn(accountId: string, region: string): Series[] {
    return [...this.series.values()].filter((s) => s.accountId === accountId && s.region === region)
  }

  /** Every series by its key, for a snapshot. */
  held(): Array<[string, Series]> {
    return [...this.series]
  }

  restore(series: Array<[string, Series]>): void {
    for (const [key, one] of series) this.series.set(key, one)
  }

  clear(): void {
    this.series.clear()
  }
}

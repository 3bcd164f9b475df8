/** Which series a request names: a metric is its namespace, name and exact set of dimensions. */
import type { Series } from './metrics'
import type { CloudWatchContext } from './store'
import type { Dimension, DimensionFilter } from './wire.gen'

/** The series of exactly this metric in the request's account and region, if it has data. */
export function findSeries(
  ctx: CloudWatchContext,
  metric: { Namespace: string; MetricName: string; Dimensions?: Dimension[] },
): Series | undefined {
  const wanted = metric.Dimensions ?? []
  return ctx.store
    .seriesIn(ctx.accountId, ctx.region)
    .find(
      (s) =>
        s.namespace === metric.Namespace &&
        s.name === metric.MetricName &&
        s.dimensions.length === wanted.length &&
        wanted.every((d) => s.dimensions.some((own) => own.Name === d.Name && own.Value === d.Value)),
    )
}

/** Whether a series has every dimension a ListMetrics filter names (with its value, when the filter gives one). */
export const matchesFilters = (series: Series, filters: DimensionFilter[]): boolean =>
  filters.every((f) => series.dimensions.some((d) => d.Name === f.Name && (f.Value === undefined || d.Value === f.Value)))

/**
 * ListMetrics: the metrics that have data in the last two weeks (or the last three hours with
 * `RecentlyActive: 'PT3H'`), filtered by namespace, name and dimensions, 500 per page.
 */
import { pageOffset, pageToken } from '../../protocol/page-token'
import { invalidNextToken } from '../errors'
import { matchesFilters } from '../select'
import type { CloudWatchContext } from '../store'
import type { ListMetricsInput, ListMetricsOutput } from '../wire.gen'

const PAGE = 500
const TWO_WEEKS_MS = 14 * 24 * 3600_000
const THREE_HOURS_MS = 3 * 3600_000
const PREFIX = 'fhmsw-metrics:'

export function listMetrics(input: ListMetricsInput, ctx: CloudWatchContext): ListMetricsOutput {
  const since = ctx.now - (input.RecentlyActive === 'PT3H' ? THREE_HOURS_MS : TWO_WEEKS_MS)
  const metrics = ctx.store
    .seriesIn(ctx.accountId, ctx.region)
    .filter(
      (s) =>
        s.lastAt >= since &&
        (input.Namespace === undefined || s.namespace === input.Namespace) &&
        (input.MetricName === undefined || s.name === input.MetricName) &&
        matchesFilters(s, input.Dimensions ?? []),
    )
    .map((s) => ({ Namespace: s.namespace, MetricName: s.name, Dimensions: s.dimensions.map((d) => ({ ...d })) }))
  const start = pageOffset(PREFIX, input.NextToken, () => invalidNextToken('The service cannot read the NextToken it was given.'))
  const page = metrics.slice(start, start + PAGE)
  const next = start + PAGE < metrics.length ? { NextToken: pageToken(PREFIX, start + PAGE) } : {}
  return { Metrics: page, ...next }
}

/** What a CloudWatch operation works with: who asks, where, when, and the metric store. */
import type { RequestScope } from '../service'
import type { MetricStore } from './metrics'

export interface CloudWatchContext extends RequestScope {
  store: MetricStore
}

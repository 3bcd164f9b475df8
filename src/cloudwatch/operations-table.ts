/** The simulated CloudWatch operations; the model's other operations answer UnsupportedOperationException. */
import { getMetricData } from './operations/get-metric-data'
import { getMetricStatistics } from './operations/get-metric-statistics'
import { listMetrics } from './operations/list-metrics'
import type { OperationTable } from '../service'
import type { CloudWatchContext } from './store'
import type { CloudWatchInputs, CloudWatchOutputs } from './wire.gen'

export const cloudWatchOperations: OperationTable<CloudWatchInputs, CloudWatchOutputs, CloudWatchContext> = {
  GetMetricData: getMetricData,
  GetMetricStatistics: getMetricStatistics,
  ListMetrics: listMetrics,
}

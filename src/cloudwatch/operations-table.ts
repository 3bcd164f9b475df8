/** The simulated CloudWatch operations; the model's other operations answer UnsupportedOperationException. */
import { getMetricData } from './operations/get-metric-data'
import { getMetricStatistics } from './operations/get-metric-statistics'
import { listMetrics } from './operations/list-metrics'
import type { CloudWatchContext } from './store'
import type { CloudWatchInputs, CloudWatchOperationName, CloudWatchOutputs } from './wire.gen'

/** Every simulated operation, typed by the model (wire.gen.ts): one missing or misnamed does not compile. */
export type CloudWatchOperations = {
  [K in CloudWatchOperationName]: (input: CloudWatchInputs[K], ctx: CloudWatchContext) => CloudWatchOutputs[K]
}

/** The table as its callers see it: also by name as a string, the input as readInput checked it. */
export type CloudWatchOperationTable = CloudWatchOperations & {
  readonly [name: string]: ((input: never, ctx: CloudWatchContext) => unknown) | undefined
}

export const cloudWatchOperations: CloudWatchOperationTable = {
  GetMetricData: getMetricData,
  GetMetricStatistics: getMetricStatistics,
  ListMetrics: listMetrics,
}

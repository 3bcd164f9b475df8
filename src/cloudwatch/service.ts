/**
 * CloudWatch as the composition root sees it: the metric store other services publish to (its
 * `publisher` port), and the reads a dashboard makes. Its model and operations load on first use.
 */
import { inspectionScope, operationOf, type JsonService, type MockEnv, type Stateful } from '../service'
import type { CloudWatchInspection } from '../types'
import { cloudWatchErrors } from './errors'
import { cloudWatchProtocol, loadCloudWatch } from './index'
import { MetricStore, type Series } from './metrics'
import type { MetricsPublisher } from './port'
import { findSeries } from './select'

export interface CloudWatchService extends JsonService<CloudWatchInspection>, Stateful<Array<[string, Series]>> {
  readonly publisher: MetricsPublisher
}

/**
 * `settle` applies what is due before a read: deliveries whose time has come publish their metrics
 * then (asynchronously when Lambda invocations come first; the inspection reads what is settled).
 */
export function createCloudWatchService(env: MockEnv, settle: (invocations: boolean) => Promise<void> | void): CloudWatchService {
  const store = new MetricStore()
  return {
    protocol: cloudWatchProtocol,
    errors: cloudWatchErrors,
    publisher: store,
    async dispatch(call, scope) {
      const operation = operationOf((await loadCloudWatch()).operations, call.operation)
      await settle(true)
      return operation(call.input as never, Object.assign({}, scope, { store }))
    },
    inspect: {
      datapoints(name, options = {}) {
        settle(false)
        const dimensions = options.dimensions ?? (options.stream === undefined ? {} : { DeliveryStreamName: options.stream })
        const series = findSeries(Object.assign(inspectionScope(env, options), { store }), {
          Namespace: options.namespace ?? 'AWS/Firehose',
          MetricName: name,
          Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
        })
        if (!series) return []
        return [...series.minutes]
          .sort(([a], [b]) => a - b)
          .map(([timestamp, m]) => ({ timestamp, sum: m.sum, sampleCount: m.count, minimum: m.min, maximum: m.max, unit: series.unit }))
      },
    },
    exportState() {
      settle(false)
      return store.held()
    },
    importState: (state) => store.restore(state),
    reset: () => store.clear(),
  }
}

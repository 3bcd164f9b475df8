/**
 * CloudWatch as the composition root sees it: the metric store other services publish to (its
 * `publisher` port), and the reads a dashboard makes. Its model and operations load on first use.
 */
import { operationOf, type JsonService } from '../service'
import { cloudWatchErrors } from './errors'
import { cloudWatchProtocol, loadCloudWatch } from './index'
import { MetricStore } from './metrics'
import type { MetricsPublisher } from './port'

export interface CloudWatchService extends JsonService<Record<string, never>> {
  readonly publisher: MetricsPublisher
}

/** `settle` applies what is due before a read: deliveries whose time has come publish their metrics then. */
export function createCloudWatchService(settle: () => void): CloudWatchService {
  const store = new MetricStore()
  return {
    protocol: cloudWatchProtocol,
    errors: cloudWatchErrors,
    publisher: { put: (accountId, region, at, datum) => store.put(accountId, region, at, datum) },
    async dispatch(call, scope) {
      const operation = operationOf((await loadCloudWatch()).operations, call.operation)
      settle()
      return operation(call.input as never, { ...scope, store })
    },
    inspect: {},
    reset: () => store.clear(),
  }
}

/**
 * What CloudWatch offers the services that publish to it, as AWS services publish their metrics:
 * one datum at a time, at a time on the mock's clock. The store aggregates them per minute.
 */
import type { StandardUnit } from './wire.gen'

export interface MetricDatum {
  namespace: string
  name: string
  dimensions: ReadonlyArray<{ Name: string; Value: string }>
  unit: StandardUnit
  value: number
}

export interface MetricsPublisher {
  /** Adds a datum to the minute `at` (epoch ms) falls in, for the account and region. */
  put(accountId: string, region: string, at: number, datum: MetricDatum): void
}

/** firehose-msw: Amazon Data Firehose (and AWS KMS) as MSW request handlers. Browser-safe. */
export { createFirehoseMock } from './mock'
export type { FirehoseMock, FirehoseMockOptions, FirehoseRecord, KmsGrantInfo, KmsKeyInfo, ScopeOptions } from './mock'
export { createManualClock, instantTiming, realisticTiming } from './clock'
export type { ManualClock, Timing, TimingOption } from './clock'
export { AwsError, FirehoseMswError } from './protocol/aws-error'
export type { DeliveryStreamFixture, Fixture, KeyFixture, RecordFixture } from './fixtures'

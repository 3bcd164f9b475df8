/** firehose-msw: Amazon Data Firehose (with AWS KMS, Cognito identity pools and CloudWatch metrics) as MSW request handlers. Browser-safe. */
export { createFirehoseMock } from './mock'
export type {
  CallFilter,
  CloudWatchInspection,
  CognitoIdentityInfo,
  CognitoInspection,
  DeliveredObject,
  FirehoseInspection,
  FirehoseMock,
  FirehoseMockOptions,
  FirehoseRecord,
  IdentityPoolInfo,
  KmsGrantInfo,
  KmsInspection,
  KmsKeyInfo,
  LambdaContext,
  LambdaHandler,
  HttpDelivery,
  LambdaInvocation,
  LambdaRegistration,
  MetricMinute,
  MetricSelector,
  RecordedCall,
  StreamView,
  ScopeOptions,
} from './types'
export { createManualClock, instantTiming, realisticTiming } from './clock'
export type { ManualClock, Timing, TimingOption } from './clock'
export { AwsError, FirehoseMswError } from './protocol/aws-error'
export { onUnhandled } from './unhandled'
export type { UnhandledOptions, UnhandledStrategy } from './unhandled'
export type { FaultHandle, FaultRule } from './faults'
export type { AuthCredential, AuthOptions } from './protocol/sigv4'
export type { ControlPlaneOperation, Quotas, QuotasOption } from './firehose/quotas'
export { defaultQuotas } from './firehose/quotas'
export type { DeliveryStreamFixture, Fixture, IdentityPoolFixture, KeyFixture, MockState, RecordFixture } from './types'

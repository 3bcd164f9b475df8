/**
 * `createFirehoseMock()`: the composition root. It builds one in-memory AWS per call — the
 * services, the ports between them, the handlers — and routes each call through fault rules to
 * its service. Nothing lives in module scope, so separate mocks never share state.
 */
import { delay } from 'msw'
import { authenticator, consoleUnexpected, hintOnce } from './auth'
import { CallLog } from './calls'
import { systemNow } from './clock'
import { createCloudWatchService } from './cloudwatch/service'
import { createCognitoService } from './cognito/service'
import { FaultRegistry } from './faults'
import { createFirehoseService } from './firehose/service'
import { loadFixture, type Fixture } from './fixtures'
import { createKmsService } from './kms/service'
import { resolveOptions } from './options'
import { faultCatalogs } from './protocol/catalog'
import { createAwsProtocol, type AwsCall, type AwsProtocol } from './protocol/handler'
import { createS3Reads, type S3Reads } from './s3/service'
import { requestScope, type MockEnv } from './service'
import type { FirehoseMock, FirehoseMockOptions } from './types'
type Doors = { serve: AwsProtocol['serve']; serveS3: S3Reads['serve'] }

/**
 * Creates an in-memory Firehose that the real AWS SDK talks to through MSW.
 * @example
 * const aws = createFirehoseMock({ timing: 'instant' })
 * const server = setupServer(...aws.handlers)
 * server.listen()
 * await new FirehoseClient({ region: 'us-east-1' }).send(new PutRecordCommand({ ... }))
 * aws.firehose.records('my-stream')
 */
export function createFirehoseMock(options: FirehoseMockOptions = {}): FirehoseMock {
  return composeMock(options).mock
}

/**
 * A mock, and the doors the standalone server answers through: the protocol layer's (no Fetch objects)
 * and S3's. `initial`: fixtures loaded at start in place of the seeds (a saved state); `reset()` loads the seeds.
 */
export function composeMock(options: FirehoseMockOptions, initial?: Fixture[]): { mock: FirehoseMock } & Doors {
  const { accountId, timing, maxRecordsPerStream, maxObjectsPerStream, maxCalls } = resolveOptions(options)
  const env: MockEnv = { accountId, timing, now: options.now ?? systemNow }
  const faults = new FaultRegistry(options.random ?? Math.random)
  const reportUnexpected = options.onUnexpectedError ?? consoleUnexpected

  const kms = createKmsService(env)
  const cognito = createCognitoService(env)
  const cloudwatch = createCloudWatchService(env, (invocations) => firehose.settle(invocations))
  const s3 = createS3Reads({
    settle: () => firehose.settle(),
    isDestination: (bucket) => firehose.deliversTo(bucket),
    onUnexpectedError: reportUnexpected,
    maxObjectsPerStream,
  })
  // Session tokens named in the options, then those Cognito issued: both feed the encryption 6-hour rule.
  const sessionIssuedAt = (token: string) => options.temporaryCredentialsIssuedAt?.[token] ?? cognito.credentials.issuedAt(token)
  const firehoseOptions = { quotas: options.quotas, maxRecordsPerStream, sessionIssuedAt, lambdas: options.lambdas }
  const firehose = createFirehoseService(env, firehoseOptions, { kms: kms.forFirehose, s3: s3.forFirehose, metrics: cloudwatch.publisher })
  const services = { firehose, kms, cognito, cloudwatch }
  const stateful = { firehose, kms, cognito, cloudwatch, s3 }
  /** The shape of an injected error: its service's, or another's for a code the service does not have. */
  const injected = faultCatalogs(services)

  const dispatch = async (call: AwsCall): Promise<unknown> => {
    // Loaded with the first rule: suites without faults never pay for the decision code.
    const fault =
      faults.active.length > 0 ? (await import('./fault-decision')).decideFaults(faults, call, injected[call.service]) : undefined
    if (fault?.delayMs) await delay(fault.delayMs)
    if (fault?.error) throw fault.error
    return services[call.service].dispatch(call, requestScope(call.accountId ?? accountId, call.region, env.now()), fault)
  }

  const log = new CallLog(maxCalls, env.now, accountId)
  const { handlers, serve } = createAwsProtocol({
    services: [firehose.protocol, kms.protocol, cognito.protocol, cloudwatch.protocol],
    endpoints: options.endpoints,
    dispatch,
    ...(options.auth && { authenticate: authenticator(options.auth, cognito.credentials.byAccessKey, accountId, env.now) }),
    onHint: hintOnce(),
    onUnexpectedError: reportUnexpected,
    onAnswered: log.record,
  })

  const load = (fixture: Fixture, index: number): void => {
    const now = env.now()
    loadFixture(fixture, index, {
      seedKey: (region, account, seed) => kms.seed(requestScope(account ?? accountId, region, now), seed),
      seedStream: (region, account, seed) => firehose.seed(requestScope(account ?? accountId, region, now), seed),
      seedPool: (region, account, seed) => cognito.seed(requestScope(account ?? accountId, region, now), seed),
      restore: (state) => Object.entries(stateful).forEach(([name, part]) => part.importState(state[name as keyof typeof stateful])),
    })
  }
  const seeds = options.seed === undefined ? [] : [options.seed].flat()
  ;(initial ?? seeds).forEach(load)

  const mock: FirehoseMock = {
    handlers: [...handlers, ...s3.handlers],
    timing,
    load: (fixture) => load(fixture, 0),
    faults: { add: (rule) => faults.add(rule), clear: () => faults.clear() },
    calls: (filter) => log.list(filter),
    // Loaded on first use; the state is read in one go once what is due (invocations included) has settled.
    snapshot: async () => {
      const [{ takeSnapshot }] = await Promise.all([import('./snapshot'), firehose.settle()])
      const held = Object.fromEntries(Object.entries(stateful).map(([name, part]) => [name, part.exportState()]))
      return takeSnapshot(held as never, env.now())
    },
    reset() {
      for (const service of [firehose, kms, cognito, cloudwatch, s3, log]) service.reset()
      faults.clear()
      seeds.forEach(load)
    },
    firehose: firehose.inspect,
    kms: kms.inspect,
    cognito: cognito.inspect,
    cloudwatch: cloudwatch.inspect,
  }
  return { mock, serve, serveS3: s3.serve }
}

/**
 * firehose-msw/storybook: one line per story for msw-storybook-addon. Each scenario seeds a
 * stream (and a KMS key) in the state the story shows; the mock is reset before every story.
 */
import type { RequestHandler } from 'msw'
import type { SetupWorker } from 'msw/browser'
import { createFirehoseMock } from '../mock'
import { checkWrapperOptions } from '../options'
import type { FirehoseMock, FirehoseMockOptions } from '../types'
import type { Fixture } from '../fixtures'
import { onUnhandled } from '../unhandled'

/**
 * - `active`: an ACTIVE stream without encryption
 * - `enabling`: encryption with a customer managed key was just started (watch it become ENABLED)
 * - `enabled`: encrypted with a customer managed key
 * - `enabling-failed`: the key is disabled, so encryption is ENABLING_FAILED
 * - `quota-exceeded`: the region's stream quota is used up: CreateDeliveryStream is LimitExceededException
 * - `throttled`: every put answers ServiceUnavailableException ("Slow down.")
 */
export type FirehoseScenario = 'active' | 'enabling' | 'enabled' | 'enabling-failed' | 'quota-exceeded' | 'throttled'

export interface FirehoseStoryOptions extends FirehoseMockOptions {
  scenario?: FirehoseScenario
  /** The stream the scenario prepares. Default 'clickstream'. */
  streamName?: string
  /** Region of the scenario's stream and key. Default 'us-east-1'. */
  region?: string
}

export interface FirehoseStory {
  mock: FirehoseMock
  handlers: RequestHandler[]
  /** For CSF 3 stories: `parameters: story.parameters`. */
  parameters: { msw: { handlers: RequestHandler[] } }
  /** For `beforeEach`: resets the mock, applies the scenario and installs the handlers. */
  beforeEach: (context: { msw?: { use: (...handlers: RequestHandler[]) => void } }) => void
}

/** The scenario key's id: stable, so stories and docs can name its ARN. */
export const SCENARIO_KEY_ID = '5c3f1e2a-7b4d-4e6f-9a8b-1c2d3e4f5a6b'

function scenarioFixture(scenario: FirehoseScenario, streamName: string, region: string, accountId: string): Fixture {
  const keyArn = `arn:aws:kms:${region}:${accountId}:key/${SCENARIO_KEY_ID}`
  const encryption =
    scenario === 'enabling' || scenario === 'enabled' || scenario === 'enabling-failed'
      ? {
          startEncryption: { KeyType: 'CUSTOMER_MANAGED_CMK' as const, KeyARN: keyArn },
          ...(scenario === 'enabling' ? { settled: false } : {}),
        }
      : {}
  return {
    name: `storybook:${scenario}`,
    kms: {
      keys: [
        {
          region,
          keyId: SCENARIO_KEY_ID,
          description: 'Storybook scenario key',
          aliases: ['alias/storybook'],
          state: scenario === 'enabling-failed' ? 'Disabled' : 'Enabled',
        },
      ],
    },
    firehose: {
      deliveryStreams: [
        {
          region,
          definition: {
            DeliveryStreamName: streamName,
            ExtendedS3DestinationConfiguration: {
              RoleARN: `arn:aws:iam::${accountId}:role/firehose-delivery`,
              BucketARN: 'arn:aws:s3:::storybook-archive',
            },
          },
          ...encryption,
        },
      ],
    },
  }
}

/**
 * Builds the mock and handlers for one story.
 * @example
 * const enabling = firehoseStory({ scenario: 'enabling' })
 * export const Enabling: Story = { beforeEach: enabling.beforeEach }
 */
export function firehoseStory(options: FirehoseStoryOptions = {}): FirehoseStory {
  checkWrapperOptions(options, 'create the story', ['scenario', 'streamName', 'region'])
  const { scenario = 'active', streamName = 'clickstream', region = 'us-east-1', seed, quotas, ...rest } = options
  const accountId = rest.accountId ?? '123456789012'
  const seeds = [
    scenarioFixture(scenario, streamName, region, accountId),
    ...(seed === undefined ? [] : Array.isArray(seed) ? seed : [seed]),
  ]
  // The quota is per region (and account): count the seeded streams where the scenario's stream lives.
  const streamCount = seeds.reduce(
    (n, f) =>
      n +
      (f.firehose?.deliveryStreams ?? []).filter((d) => (d.region ?? 'us-east-1') === region && (d.accountId ?? accountId) === accountId)
        .length,
    0,
  )
  const mock = createFirehoseMock({
    ...rest,
    seed: seeds,
    quotas: scenario === 'quota-exceeded' && quotas !== false ? { ...quotas, deliveryStreamsPerRegion: streamCount } : quotas,
  })
  const applyScenario = (): void => {
    if (scenario === 'throttled') {
      mock.faults.add({ service: 'firehose', operation: 'PutRecord', error: 'ServiceUnavailableException' })
      mock.faults.add({ service: 'firehose', operation: 'PutRecordBatch', error: 'ServiceUnavailableException' })
    }
  }
  applyScenario()
  return {
    mock,
    handlers: mock.handlers,
    parameters: { msw: { handlers: mock.handlers } },
    beforeEach(context) {
      mock.reset()
      applyScenario()
      context.msw?.use(...mock.handlers)
    },
  }
}

/**
 * A worker setup for msw-storybook-addon (`mswLoader(startStorybookWorker)` in CSF 3,
 * `addonMsw(startStorybookWorker)` in CSF Next): starts MSW's service worker quietly and lets
 * every request no story handles through, under MSW 2 and MSW 3 alike. (The addon's own setup
 * sets MSW 2's `onUnhandledRequest`, which MSW 3 ignores.)
 */
export async function startStorybookWorker(): Promise<SetupWorker> {
  const { setupWorker } = await import('msw/browser')
  const worker = setupWorker()
  await worker.start({ quiet: true, ...onUnhandled('bypass') })
  return worker
}

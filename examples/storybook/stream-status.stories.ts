/**
 * The StreamStatus component against the real @aws-sdk/client-firehose, with the mock in MSW's
 * service worker. Each story is one `firehoseStory({ scenario })` call: its `beforeEach` resets
 * the in-memory AWS, applies the scenario and installs the handlers through `msw.use()`.
 */
import { CreateDeliveryStreamCommand, FirehoseClient } from '@aws-sdk/client-firehose'
import type { Meta, StoryObj } from '@storybook/html-vite'
import type { Fixture } from 'firehose-msw'
import { firehoseStory, SCENARIO_KEY_ID } from 'firehose-msw/storybook'
import { mountStreamStatus, type StreamStatusHandle } from '../component-test/stream-status'
// A state saved with the dev app's "Save state" button (`aws.snapshot()`): "clickstream" encrypted
// with the seeded customer managed key, holding three page views.
import savedState from './saved-state.json'

const STREAM = 'clickstream'
const KEY_ARN = `arn:aws:kms:us-east-1:123456789012:key/${SCENARIO_KEY_ID}`

// The real SDK client: fake static credentials, no retries so faults show at once.
const firehose = (): FirehoseClient =>
  new FirehoseClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDSTORYBOOK', secretAccessKey: 'storybook-secret' },
    maxAttempts: 1,
  })

// Components mounted by the current story: stopped (polling included) when the story unmounts.
const mounted = new Set<StreamStatusHandle>()

function renderStreamStatus(): HTMLElement {
  const root = document.createElement('div')
  mounted.add(mountStreamStatus(root, { firehose: firehose(), streamName: STREAM, keyArn: KEY_ARN, pollMs: 500 }))
  return root
}

/** StreamStatus plus a "Create stream" button, to show CreateDeliveryStream hitting the quota. */
function renderWithCreate(): HTMLElement {
  const root = renderStreamStatus()
  const create = document.createElement('button')
  create.type = 'button'
  create.dataset.testid = 'create'
  create.textContent = 'Create stream "clickstream-2"'
  const result = document.createElement('p')
  result.dataset.testid = 'create-result'
  result.setAttribute('role', 'status')
  create.addEventListener('click', async () => {
    result.textContent = 'Creating…'
    try {
      const out = await firehose().send(
        new CreateDeliveryStreamCommand({
          DeliveryStreamName: 'clickstream-2',
          ExtendedS3DestinationConfiguration: {
            RoleARN: 'arn:aws:iam::123456789012:role/firehose-delivery',
            BucketARN: 'arn:aws:s3:::storybook-archive',
          },
        }),
      )
      result.textContent = `Created ${out.DeliveryStreamARN}`
    } catch (error) {
      result.textContent = `Failed: ${(error as Error).name}: ${(error as Error).message}`
    }
  })
  root.append(create, result)
  return root
}

const meta: Meta = {
  title: 'Firehose/StreamStatus',
  render: renderStreamStatus,
  beforeEach: () => () => {
    for (const handle of mounted) handle.destroy()
    mounted.clear()
  },
}
export default meta

type Story = StoryObj

/** Encryption with a customer managed key was just started: ENABLING, then ENABLED after ~3 s. */
export const Enabling: Story = { beforeEach: firehoseStory({ scenario: 'enabling' }).beforeEach }

/** Encrypted with a customer managed key: a put answers `Encrypted: true`. */
export const Enabled: Story = { beforeEach: firehoseStory({ scenario: 'enabled' }).beforeEach }

/** The key is disabled, so encryption failed: ENABLING_FAILED with DISABLED_KMS_KEY. */
export const EnablingFailed: Story = { beforeEach: firehoseStory({ scenario: 'enabling-failed' }).beforeEach }

/** The region's stream quota is used up: CreateDeliveryStream fails with LimitExceededException. */
export const QuotaExceeded: Story = { beforeEach: firehoseStory({ scenario: 'quota-exceeded' }).beforeEach, render: renderWithCreate }

/** Every put is throttled: ServiceUnavailableException, "Slow down." */
export const Throttled: Story = { beforeEach: firehoseStory({ scenario: 'throttled' }).beforeEach }

/** A state saved from the dev app, replayed: the stream as it was left, encrypted with the customer managed key. */
export const SavedState: Story = { beforeEach: firehoseStory({ seed: savedState as Fixture }).beforeEach }

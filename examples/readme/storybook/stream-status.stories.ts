// stream-status.stories.ts
import { DescribeDeliveryStreamCommand, FirehoseClient } from '@aws-sdk/client-firehose'
import type { Meta, StoryObj } from '@storybook/html-vite'
import { firehoseStory } from 'firehose-msw/storybook'

const firehose = new FirehoseClient({ region: 'us-east-1', credentials: { accessKeyId: 'dev', secretAccessKey: 'dev' }, maxAttempts: 1 })

/** The component: the stream "clickstream" and its encryption status. */
function renderStreamStatus(): HTMLElement {
  const root = document.createElement('p')
  root.textContent = 'Loading…'
  firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'clickstream' })).then(
    ({ DeliveryStreamDescription: stream }) => {
      const encryption = stream!.DeliveryStreamEncryptionConfiguration!
      root.textContent =
        `${stream!.DeliveryStreamStatus}, encryption ${encryption.Status} ${encryption.FailureDescription?.Type ?? ''}`.trim()
    },
    (error: Error) => (root.textContent = `${error.name}: ${error.message}`),
  )
  return root
}

export default { title: 'StreamStatus', render: renderStreamStatus } satisfies Meta
type Story = StoryObj

export const Active: Story = { beforeEach: firehoseStory({ scenario: 'active' }).beforeEach }
export const Enabling: Story = { beforeEach: firehoseStory({ scenario: 'enabling' }).beforeEach }
export const Enabled: Story = { beforeEach: firehoseStory({ scenario: 'enabled' }).beforeEach }
export const EnablingFailed: Story = { beforeEach: firehoseStory({ scenario: 'enabling-failed' }).beforeEach }

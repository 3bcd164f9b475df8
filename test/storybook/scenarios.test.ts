/** firehose-msw/storybook: the scenarios' state, through the real SDK over msw/node. */
import { CreateDeliveryStreamCommand } from '@aws-sdk/client-firehose'
import { describe, expect, it } from 'vitest'
import { firehoseStory } from '../../src/storybook'
import { s3Stream } from '../support/aws'
import { firehoseClient } from '../support/clients'
import { failureOf } from '../support/errors'
import { useServer } from '../support/mock'

const server = useServer()

describe('quota-exceeded', () => {
  it('sets the quota to the streams seeded in the scenario region, not in every region', async () => {
    const story = firehoseStory({
      scenario: 'quota-exceeded',
      timing: 'instant',
      seed: { firehose: { deliveryStreams: [{ region: 'eu-west-1', definition: s3Stream('elsewhere') }] } },
    })
    const context = { msw: { use: (...handlers: Parameters<typeof server.use>) => server.use(...handlers) } }
    story.beforeEach(context)
    const error = await failureOf(firehoseClient().send(new CreateDeliveryStreamCommand(s3Stream('clickstream-2'))))
    expect(error.name).toBe('LimitExceededException')
    expect(error.message).toBe('You have already consumed your firehose quota of 1 hoses. Firehose names: [clickstream]')
  })
})

import {
  CreateDeliveryStreamCommand,
  StartDeliveryStreamEncryptionCommand,
  StopDeliveryStreamEncryptionCommand,
  type FirehoseClient,
} from '@aws-sdk/client-firehose'
import { describe, expect, it } from 'vitest'
import { s3Stream } from '../../support/aws'
import { DAY } from '../../support/clock'
import { expectAwsError } from '../../support/errors'
import { describeStream } from '../../support/firehose'
import { useMock } from '../../support/mock'

const LIMIT = { name: 'LimitExceededException', status: 400 }

const start = (client: FirehoseClient, name = 's') =>
  client.send(
    new StartDeliveryStreamEncryptionCommand({
      DeliveryStreamName: name,
      DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' },
    }),
  )
const stop = (client: FirehoseClient, name = 's') => client.send(new StopDeliveryStreamEncryptionCommand({ DeliveryStreamName: name }))
const status = async (client: FirehoseClient, name = 's') =>
  (await describeStream(client, name)).DeliveryStreamEncryptionConfiguration?.Status

/** Alternates Start and Stop `n` times (Start first). */
async function toggle(client: FirehoseClient, n: number, name = 's') {
  for (let i = 0; i < n; i++) await (i % 2 === 0 ? start(client, name) : stop(client, name))
}

describe('encryptionCallsPerDay override', () => {
  const { clock, firehose } = useMock({ timing: 'instant', quotas: { encryptionCallsPerDay: 3 } })

  it('refuses the 4th Start/Stop call on a stream within 24 hours with LimitExceededException, leaving encryption as it was', async () => {
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('s')))
    await toggle(firehose, 3)
    expect(await status(firehose)).toBe('ENABLED')
    const error = await expectAwsError(stop(firehose), LIMIT)
    expect(error.message).toContain('3')
    expect(await status(firehose)).toBe('ENABLED')
    await expectAwsError(start(firehose), LIMIT)
  })

  it('uses a rolling 24-hour window', async () => {
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('s')))
    await start(firehose)
    clock.advance(12 * 60 * 60 * 1000)
    await stop(firehose)
    await start(firehose)
    clock.advance(12 * 60 * 60 * 1000 - 1)
    await expectAwsError(stop(firehose), LIMIT)
    clock.advance(1) // the first call is now 24 h old
    await stop(firehose)
    await expectAwsError(start(firehose), LIMIT)
    clock.advance(DAY)
    await start(firehose)
  })

  it('counts per stream', async () => {
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('s')))
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('t')))
    await toggle(firehose, 3, 's')
    await expectAwsError(stop(firehose, 's'), LIMIT)
    await toggle(firehose, 3, 't')
    expect(await status(firehose, 't')).toBe('ENABLED')
  })
})

describe('encryptionCallsPerDay default (25)', () => {
  const { firehose } = useMock({ timing: 'instant' })

  it('accepts 25 Start/Stop calls on a stream in a day and refuses the 26th', async () => {
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('s')))
    await toggle(firehose, 25)
    const error = await expectAwsError(stop(firehose), LIMIT)
    expect(error.message).toContain('25')
  })
})

describe('encryption calls with quotas: false', () => {
  const { firehose } = useMock({ timing: 'instant', quotas: false })

  it('accepts more than 25 Start/Stop calls in a day', async () => {
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('s')))
    await toggle(firehose, 30)
    expect(await status(firehose)).toBe('DISABLED')
  })
})

import { CreateDeliveryStreamCommand, DeleteDeliveryStreamCommand, ListDeliveryStreamsCommand } from '@aws-sdk/client-firehose'
import { describe, expect, it } from 'vitest'
import { defaultQuotas } from '../../../src'
import { s3Stream } from '../../support/aws'
import { firehoseClient } from '../../support/clients'
import { expectAwsError } from '../../support/errors'
import { useMock } from '../../support/mock'

describe('deliveryStreamsPerRegion override', () => {
  const { aws, clock, firehose } = useMock({ timing: 'instant', quotas: { deliveryStreamsPerRegion: 3 } })
  const create = (name: string, client = firehose) => client.send(new CreateDeliveryStreamCommand(s3Stream(name)))

  it('refuses the 4th CreateDeliveryStream with LimitExceededException naming the existing streams', async () => {
    for (const name of ['a', 'b', 'c']) await create(name)
    await expectAwsError(create('d'), {
      name: 'LimitExceededException',
      message: 'You have already consumed your firehose quota of 3 hoses. Firehose names: [a, b, c]',
      status: 400,
    })
    expect(aws.firehose.streamNames()).toEqual(['a', 'b', 'c'])
  })

  it('does not move with the clock: the quota is a count, not a rate', async () => {
    for (const name of ['a', 'b', 'c']) await create(name)
    clock.advance(24 * 60 * 60 * 1000)
    await expectAwsError(create('d'), { name: 'LimitExceededException', status: 400 })
  })

  it('frees a slot once a stream is deleted', async () => {
    for (const name of ['a', 'b', 'c']) await create(name)
    await firehose.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: 'b' }))
    clock.advance(aws.timing.streamDeleting + 1)
    await create('d')
    expect(aws.firehose.streamNames()).toEqual(['a', 'c', 'd'])
  })

  it('counts streams per region', async () => {
    for (const name of ['a', 'b', 'c']) await create(name)
    const frankfurt = firehoseClient('eu-central-1')
    for (const name of ['a', 'b', 'c']) await create(name, frankfurt)
    await expectAwsError(create('x', frankfurt), {
      name: 'LimitExceededException',
      message: 'You have already consumed your firehose quota of 3 hoses. Firehose names: [a, b, c]',
      status: 400,
    })
    const listed = await frankfurt.send(new ListDeliveryStreamsCommand({}))
    expect(listed.DeliveryStreamNames).toEqual(['a', 'b', 'c'])
  })
})

describe('default streams per region (mock without overrides)', () => {
  const { aws } = useMock({ timing: 'instant' })

  it('allows 100 streams in eu-central-2 and refuses the 101st', async () => {
    const zurich = firehoseClient('eu-central-2')
    const names = Array.from({ length: 100 }, (_, i) => `s${String(i).padStart(3, '0')}`)
    for (const name of names) await zurich.send(new CreateDeliveryStreamCommand(s3Stream(name)))
    const error = await expectAwsError(zurich.send(new CreateDeliveryStreamCommand(s3Stream('one-too-many'))), {
      name: 'LimitExceededException',
      status: 400,
    })
    expect(error.message).toBe(`You have already consumed your firehose quota of 100 hoses. Firehose names: [${names.join(', ')}]`)
    expect(aws.firehose.streamNames({ region: 'eu-central-2' })).toHaveLength(100)
  })
})

describe('defaultQuotas(region)', () => {
  it.each([
    ['us-east-1', 5000],
    ['us-east-2', 5000],
    ['us-west-2', 5000],
    ['eu-west-1', 5000],
    ['ap-northeast-1', 5000],
    ['eu-central-1', 2000],
    ['eu-west-2', 2000],
    ['ap-southeast-2', 2000],
    ['eu-north-1', 500],
    ['sa-east-1', 500],
    ['af-south-1', 500],
    ['eu-central-2', 100],
    ['ap-southeast-4', 100],
    ['il-central-1', 100],
  ])('streams per region in %s is %i', (region, streams) => {
    expect(defaultQuotas(region).deliveryStreamsPerRegion).toBe(streams)
  })

  it.each(['us-east-1', 'us-west-2', 'eu-west-1'])(
    '%s has the larger put throughput (500,000 records/s, 2,000 requests/s, 5 MiB/s)',
    (region) => {
      const q = defaultQuotas(region)
      expect([q.putRecordsPerSecond, q.putRequestsPerSecond, q.putMiBPerSecond]).toEqual([500_000, 2_000, 5])
    },
  )

  it.each(['us-east-2', 'eu-central-1', 'eu-north-1', 'eu-central-2', 'ap-northeast-1'])(
    '%s has the smaller put throughput (100,000 records/s, 1,000 requests/s, 1 MiB/s)',
    (region) => {
      const q = defaultQuotas(region)
      expect([q.putRecordsPerSecond, q.putRequestsPerSecond, q.putMiBPerSecond]).toEqual([100_000, 1_000, 1])
    },
  )

  it('allows 25 encryption calls per stream per day and leaves control-plane TPS unlimited', () => {
    const q = defaultQuotas('us-east-1')
    expect(q.encryptionCallsPerDay).toBe(25)
    expect(q.controlPlaneTps).toEqual({})
  })
})

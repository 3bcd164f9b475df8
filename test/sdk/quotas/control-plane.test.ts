import {
  CreateDeliveryStreamCommand,
  DescribeDeliveryStreamCommand,
  ListDeliveryStreamsCommand,
  PutRecordCommand,
} from '@aws-sdk/client-firehose'
import { describe, expect, it } from 'vitest'
import { s3Stream } from '../../support/aws'
import { bytes } from '../../support/bytes'
import { firehoseClient } from '../../support/clients'
import { expectAwsError } from '../../support/errors'
import { useMock } from '../../support/mock'

const THROTTLED = { name: 'LimitExceededException', message: /Rate exceeded/, status: 400 }

describe('controlPlaneTps is off by default', () => {
  const { aws, firehose } = useMock({ timing: 'instant' })

  it('answers 20 DescribeDeliveryStream calls at a frozen clock', async () => {
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('s')))
    for (let i = 0; i < 20; i++) {
      const out = await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 's' }))
      expect(out.DeliveryStreamDescription?.DeliveryStreamName).toBe('s')
    }
  })

  it('answers 20 CreateDeliveryStream calls at a frozen clock', async () => {
    for (let i = 0; i < 20; i++) {
      const out = await firehose.send(new CreateDeliveryStreamCommand(s3Stream(`s${i}`)))
      expect(out.DeliveryStreamARN).toMatch(new RegExp(`:deliverystream/s${i}$`))
    }
    expect(aws.firehose.streamNames()).toHaveLength(20)
  })
})

describe('controlPlaneTps: true (AWS: 5 calls per second per operation)', () => {
  const { aws, clock, firehose } = useMock({ timing: 'instant', quotas: { controlPlaneTps: true } })
  const describeStream = () => firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 's' }))

  it('refuses the 6th DescribeDeliveryStream within a second with LimitExceededException', async () => {
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('s')))
    for (let i = 0; i < 5; i++) await describeStream()
    await expectAwsError(describeStream(), THROTTLED)
  })

  it('recovers after a second (sliding window)', async () => {
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('s')))
    for (let i = 0; i < 5; i++) await describeStream()
    clock.advance(999)
    await expectAwsError(describeStream(), THROTTLED)
    clock.advance(1)
    await describeStream()
  })

  it('counts each operation separately', async () => {
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('s')))
    for (let i = 0; i < 5; i++) await describeStream()
    for (let i = 0; i < 5; i++) await firehose.send(new ListDeliveryStreamsCommand({}))
    await expectAwsError(firehose.send(new ListDeliveryStreamsCommand({})), THROTTLED)
    await expectAwsError(describeStream(), THROTTLED)
  })

  it('refuses the 6th CreateDeliveryStream in a second and creates nothing for it', async () => {
    for (let i = 0; i < 5; i++) await firehose.send(new CreateDeliveryStreamCommand(s3Stream(`s${i}`)))
    await expectAwsError(firehose.send(new CreateDeliveryStreamCommand(s3Stream('s5'))), THROTTLED)
    expect(aws.firehose.streamNames()).toEqual(['s0', 's1', 's2', 's3', 's4'])
  })

  it('counts per region', async () => {
    for (let i = 0; i < 5; i++) await firehose.send(new ListDeliveryStreamsCommand({}))
    const tokyo = firehoseClient('ap-northeast-1')
    for (let i = 0; i < 5; i++) await tokyo.send(new ListDeliveryStreamsCommand({}))
    await expectAwsError(tokyo.send(new ListDeliveryStreamsCommand({})), THROTTLED)
  })

  it('does not limit PutRecord (data plane)', async () => {
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('s')))
    for (let i = 0; i < 10; i++) await firehose.send(new PutRecordCommand({ DeliveryStreamName: 's', Record: { Data: bytes(`r${i}`) } }))
    expect(aws.firehose.records('s')).toHaveLength(10)
  })

  it('does not count calls failed by an injected fault', async () => {
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('s')))
    aws.faults.add({ operation: 'DescribeDeliveryStream', error: 'InternalFailure', times: 3 })
    for (let i = 0; i < 3; i++) await expectAwsError(describeStream(), { name: 'InternalFailure', status: 500 })
    for (let i = 0; i < 5; i++) await describeStream()
  })

  it('is cleared by reset()', async () => {
    for (let i = 0; i < 5; i++) await firehose.send(new ListDeliveryStreamsCommand({}))
    aws.reset()
    const out = await firehose.send(new ListDeliveryStreamsCommand({}))
    expect(out.DeliveryStreamNames).toEqual([])
  })
})

describe('controlPlaneTps per operation', () => {
  const { clock, firehose } = useMock({ timing: 'instant', quotas: { controlPlaneTps: { DescribeDeliveryStream: 2 } } })
  const describeStream = () => firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 's' }))

  it('limits the named operation at its own rate', async () => {
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('s')))
    await describeStream()
    await describeStream()
    const error = await expectAwsError(describeStream(), THROTTLED)
    expect(error.message).toContain('DescribeDeliveryStream')
    clock.advance(1000)
    await describeStream()
  })

  it('leaves the other operations unlimited', async () => {
    for (let i = 0; i < 20; i++) await firehose.send(new CreateDeliveryStreamCommand(s3Stream(`s${i}`)))
    for (let i = 0; i < 20; i++) {
      const out = await firehose.send(new ListDeliveryStreamsCommand({ Limit: 100 }))
      expect(out.DeliveryStreamNames).toHaveLength(20)
    }
  })
})

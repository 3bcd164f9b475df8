import { CreateDeliveryStreamCommand } from '@aws-sdk/client-firehose'
import { describe, expect, it } from 'vitest'
import { kinesisStream, s3Stream } from '../../support/aws'
import { awsOwned, cmk, encryptionKit } from '../../support/encryption'
import { expectAwsError, notFound } from '../../support/errors'
import { useMock } from '../../support/mock'

const { aws, clock, firehose } = useMock()
const k = encryptionKit({ aws, clock, firehose })

describe('StopDeliveryStreamEncryption', () => {
  it('answers at once with DISABLING, then DISABLED after timing.encryptionDisabling', async () => {
    await k.activeStream('orders')
    const key = await k.createKey()
    await k.enabled('orders', cmk(key.arn))

    const out = await k.stop('orders')
    expect(out.$metadata.httpStatusCode).toBe(200)
    expect((await k.encryptionOf('orders')).Status).toBe('DISABLING')
    clock.advance(aws.timing.encryptionDisabling - 1)
    expect((await k.encryptionOf('orders')).Status).toBe('DISABLING')
    clock.advance(1)
    const encryption = await k.encryptionOf('orders')
    expect(encryption.Status).toBe('DISABLED')
    expect(encryption.FailureDescription).toBeUndefined()
    expect((await k.describe('orders')).DeliveryStreamStatus).toBe('ACTIVE')
  })

  it('keeps puts encrypted while DISABLING and for timing.encryptionPropagation after DISABLED, then unencrypted', async () => {
    await k.activeStream('orders')
    const key = await k.createKey()
    await k.enabled('orders', cmk(key.arn))

    await k.stop('orders')
    await k.expectPutsEncrypted('orders', true)
    clock.advance(aws.timing.encryptionDisabling)
    expect((await k.encryptionOf('orders')).Status).toBe('DISABLED')
    clock.advance(aws.timing.encryptionPropagation - 1)
    await k.expectPutsEncrypted('orders', true)
    clock.advance(1)
    await k.expectPutsEncrypted('orders', false)

    const records = aws.firehose.records('orders')
    expect(records).toHaveLength(9)
    expect(records.slice(0, 6).every((r) => r.encrypted && r.keyArn === key.arn)).toBe(true)
    expect(records.slice(6).every((r) => !r.encrypted && r.keyArn === undefined)).toBe(true)
  })

  it("retires Firehose's grant on the customer managed key", async () => {
    await k.activeStream('orders')
    const key = await k.createKey()
    await k.enabled('orders', cmk(key.arn))
    expect(await k.firehoseGrants(key.keyId)).toHaveLength(1)

    await k.stop('orders')
    clock.advance(aws.timing.encryptionDisabling)
    expect((await k.encryptionOf('orders')).Status).toBe('DISABLED')
    expect(await k.firehoseGrants(key.keyId)).toEqual([])
    expect(aws.kms.grants(key.keyId)).toEqual([])
  })

  it('stops encryption with the AWS owned key too', async () => {
    await k.activeStream('orders')
    await k.enabled('orders', awsOwned)
    await k.stop('orders')
    expect((await k.encryptionOf('orders')).Status).toBe('DISABLING')
    clock.advance(aws.timing.encryptionDisabling + aws.timing.encryptionPropagation)
    expect((await k.encryptionOf('orders')).Status).toBe('DISABLED')
    await k.expectPutsEncrypted('orders', false)
  })

  it('lets encryption be started again after it was stopped, with a new grant', async () => {
    await k.activeStream('orders')
    const key = await k.createKey()
    await k.enabled('orders', cmk(key.arn))
    const [first] = await k.firehoseGrants(key.keyId)
    await k.stop('orders')
    clock.advance(aws.timing.encryptionDisabling)

    await k.start('orders', cmk(key.arn))
    expect((await k.encryptionOf('orders')).Status).toBe('ENABLING')
    k.settleStart()
    expect(await k.encryptionOf('orders')).toEqual({ KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: key.arn, Status: 'ENABLED' })
    const grants = await k.firehoseGrants(key.keyId)
    expect(grants).toHaveLength(1)
    expect(grants[0]!.GrantId).not.toBe(first!.GrantId)
    await k.expectPutsEncrypted('orders', true)
  })
})

describe('StopDeliveryStreamEncryption errors', () => {
  it('returns ResourceInUseException while encryption is ENABLING, and the Start goes on', async () => {
    await k.activeStream('orders')
    await k.start('orders', awsOwned)
    await expectAwsError(k.stop('orders'), { name: 'ResourceInUseException', message: /orders/, status: 400 })
    clock.advance(aws.timing.encryptionEnabling)
    expect((await k.encryptionOf('orders')).Status).toBe('ENABLED')
  })

  it('returns ResourceInUseException for Start or Stop while encryption is DISABLING', async () => {
    await k.activeStream('orders')
    await k.enabled('orders', awsOwned)
    await k.stop('orders')
    await expectAwsError(k.stop('orders'), { name: 'ResourceInUseException', message: /orders/, status: 400 })
    await expectAwsError(k.start('orders', awsOwned), { name: 'ResourceInUseException', message: /orders/, status: 400 })
    clock.advance(aws.timing.encryptionDisabling)
    expect((await k.encryptionOf('orders')).Status).toBe('DISABLED')
  })

  it('returns ResourceInUseException for a stream that is still CREATING', async () => {
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('orders')))
    await expectAwsError(k.stop('orders'), { name: 'ResourceInUseException', message: /orders/, status: 400 })
  })

  it('returns InvalidArgumentException for a KinesisStreamAsSource stream', async () => {
    await k.activeStream('from-kinesis', kinesisStream('from-kinesis'))
    await expectAwsError(k.stop('from-kinesis'), { name: 'InvalidArgumentException', status: 400 })
  })

  it('returns ResourceNotFoundException for an unknown stream', async () => {
    await expectAwsError(k.stop('missing'), notFound('missing'))
  })
})

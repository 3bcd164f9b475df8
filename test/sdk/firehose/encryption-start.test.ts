import { describe, expect, it } from 'vitest'
import { s3Stream } from '../../support/aws'
import { decode } from '../../support/bytes'
import { awsOwned, cmk, encryptionKit } from '../../support/encryption'
import { useMock } from '../../support/mock'

// Realistic timing: every step of ENABLING → ENABLED and of the propagation window is checked.
const { aws, clock, firehose } = useMock()
const k = encryptionKit({ aws, clock, firehose })

describe('StartDeliveryStreamEncryption on an ACTIVE DirectPut stream', () => {
  it('answers at once with ENABLING (KeyType and KeyARN for a customer managed key), then ENABLED after timing.encryptionEnabling', async () => {
    await k.activeStream('orders')
    const key = await k.createKey()
    const out = await k.start('orders', cmk(key.arn))
    expect(out.$metadata.httpStatusCode).toBe(200)

    expect(await k.encryptionOf('orders')).toEqual({ KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: key.arn, Status: 'ENABLING' })
    clock.advance(aws.timing.encryptionEnabling - 1)
    expect((await k.encryptionOf('orders')).Status).toBe('ENABLING')
    clock.advance(1)
    expect(await k.encryptionOf('orders')).toEqual({ KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: key.arn, Status: 'ENABLED' })

    const description = await k.describe('orders')
    expect(description.DeliveryStreamStatus).toBe('ACTIVE')
    expect(description.FailureDescription).toBeUndefined()
  })

  it('shows KeyType AWS_OWNED_CMK without a KeyARN for the AWS owned key', async () => {
    await k.activeStream('orders')
    await k.start('orders', awsOwned)
    expect(await k.encryptionOf('orders')).toEqual({ KeyType: 'AWS_OWNED_CMK', Status: 'ENABLING' })
    clock.advance(aws.timing.encryptionEnabling)
    expect(await k.encryptionOf('orders')).toEqual({ KeyType: 'AWS_OWNED_CMK', Status: 'ENABLED' })
  })

  it('uses AWS_OWNED_CMK when no configuration input is given', async () => {
    await k.activeStream('orders')
    await k.start('orders')
    const enabling = await k.encryptionOf('orders')
    expect(enabling.Status).toBe('ENABLING')
    expect(enabling.KeyType).toBe('AWS_OWNED_CMK')
    expect(enabling.KeyARN).toBeUndefined()
    clock.advance(aws.timing.encryptionEnabling)
    expect(await k.encryptionOf('orders')).toEqual({ KeyType: 'AWS_OWNED_CMK', Status: 'ENABLED' })
  })

  it('shows Status DISABLED (no KeyType) for a stream that never had encryption', async () => {
    await k.activeStream('orders')
    const encryption = await k.encryptionOf('orders')
    expect(encryption.Status).toBe('DISABLED')
    expect(encryption.KeyType).toBeUndefined()
    expect(encryption.KeyARN).toBeUndefined()
  })

  it('accepts an alias ARN as KeyARN and encrypts with the key the alias points at', async () => {
    await k.activeStream('orders')
    const key = await k.createKey()
    await k.createAlias('alias/firehose-orders', key.keyId)
    const aliasArn = key.arn.replace(/:key\/.*$/, ':alias/firehose-orders')

    await k.start('orders', cmk(aliasArn))
    const enabling = await k.encryptionOf('orders')
    expect(enabling.Status).toBe('ENABLING')
    expect(enabling.KeyType).toBe('CUSTOMER_MANAGED_CMK')
    expect(enabling.KeyARN).toBeDefined()
    expect((await k.firehoseGrants(key.keyId)).length).toBe(1)

    k.settleStart()
    const enabled = await k.encryptionOf('orders')
    expect(enabled.Status).toBe('ENABLED')
    expect(enabled.FailureDescription).toBeUndefined()
    await k.expectPutsEncrypted('orders', true)
    for (const record of aws.firehose.records('orders')) expect(record.keyArn).toBe(key.arn)
  })
})

describe('Encrypted on puts while encryption is being enabled', () => {
  it('is false during ENABLING and during timing.encryptionPropagation after ENABLED, then true on PutRecord and PutRecordBatch', async () => {
    await k.activeStream('orders')
    const key = await k.createKey()
    await k.start('orders', cmk(key.arn))

    // Reading and writing keep working while ENABLING, unencrypted.
    await k.expectPutsEncrypted('orders', false)
    clock.advance(aws.timing.encryptionEnabling - 1)
    await k.expectPutsEncrypted('orders', false)

    clock.advance(1)
    expect((await k.encryptionOf('orders')).Status).toBe('ENABLED')
    await k.expectPutsEncrypted('orders', false)
    clock.advance(aws.timing.encryptionPropagation - 1)
    await k.expectPutsEncrypted('orders', false)

    clock.advance(1)
    await k.expectPutsEncrypted('orders', true)

    const records = aws.firehose.records('orders')
    expect(records).toHaveLength(15)
    expect(records.slice(0, 12).every((r) => !r.encrypted && r.keyArn === undefined)).toBe(true)
    expect(records.slice(12).every((r) => r.encrypted && r.keyArn === key.arn)).toBe(true)
  })

  it('answers Encrypted true without a key for the AWS owned key once propagated', async () => {
    await k.activeStream('orders')
    await k.start('orders', awsOwned)
    k.settleStart()
    await k.expectPutsEncrypted('orders', true)
    for (const record of aws.firehose.records('orders')) {
      expect(record.encrypted).toBe(true)
      expect(record.keyArn).toBeUndefined()
    }
  })

  it('keeps each stored record its own encrypted flag and key across changes of key', async () => {
    await k.activeStream('orders')
    const keyA = await k.createKey({ Description: 'A' })
    const keyB = await k.createKey({ Description: 'B' })

    await k.put('orders', 'plain')
    await k.enabled('orders', cmk(keyA.arn))
    await k.put('orders', 'with-a')
    await k.enabled('orders', cmk(keyB.arn))
    await k.put('orders', 'with-b')
    await k.enabled('orders', awsOwned)
    await k.put('orders', 'aws-owned')
    await k.stop('orders')
    clock.advance(aws.timing.encryptionDisabling + aws.timing.encryptionPropagation)
    await k.put('orders', 'plain-again')

    const records = aws.firehose.records('orders').map((r) => ({ text: decode(r.data), encrypted: r.encrypted, keyArn: r.keyArn }))
    expect(records).toEqual([
      { text: 'plain', encrypted: false, keyArn: undefined },
      { text: 'with-a', encrypted: true, keyArn: keyA.arn },
      { text: 'with-b', encrypted: true, keyArn: keyB.arn },
      { text: 'aws-owned', encrypted: true, keyArn: undefined },
      { text: 'plain-again', encrypted: false, keyArn: undefined },
    ])
  })

  it('keeps puts encrypted with the old key while a change of key is ENABLING, and uses the new key once it has propagated', async () => {
    await k.activeStream('orders')
    const keyA = await k.createKey()
    const keyB = await k.createKey()
    await k.enabled('orders', cmk(keyA.arn))

    await k.start('orders', cmk(keyB.arn))
    expect(await k.encryptionOf('orders')).toEqual({ KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: keyB.arn, Status: 'ENABLING' })
    await k.expectPutsEncrypted('orders', true)
    expect(aws.firehose.records('orders').at(-1)!.keyArn).toBe(keyA.arn)

    clock.advance(aws.timing.encryptionEnabling)
    expect(await k.encryptionOf('orders')).toEqual({ KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: keyB.arn, Status: 'ENABLED' })
    await k.expectPutsEncrypted('orders', true)

    clock.advance(aws.timing.encryptionPropagation)
    await k.expectPutsEncrypted('orders', true)
    expect(aws.firehose.records('orders').at(-1)!.keyArn).toBe(keyB.arn)
    expect(aws.firehose.records('orders').every((r) => r.encrypted)).toBe(true)
  })
})

describe('CreateDeliveryStream with DeliveryStreamEncryptionConfigurationInput', () => {
  it('creates a stream whose encryption is ENABLED with the customer managed key when it becomes ACTIVE', async () => {
    const key = await k.createKey()
    await k.create(s3Stream('orders', { DeliveryStreamEncryptionConfigurationInput: cmk(key.arn) }))
    expect((await k.describe('orders')).DeliveryStreamStatus).toBe('CREATING')

    clock.advance(aws.timing.streamCreating)
    const description = await k.describe('orders')
    expect(description.DeliveryStreamStatus).toBe('ACTIVE')
    expect(description.DeliveryStreamEncryptionConfiguration).toEqual({
      KeyType: 'CUSTOMER_MANAGED_CMK',
      KeyARN: key.arn,
      Status: 'ENABLED',
    })
    expect(description.FailureDescription).toBeUndefined()

    const grants = await k.firehoseGrants(key.keyId)
    expect(grants).toHaveLength(1)

    clock.advance(aws.timing.encryptionPropagation)
    await k.expectPutsEncrypted('orders', true)
    expect(aws.firehose.records('orders').every((r) => r.keyArn === key.arn)).toBe(true)
  })

  it('creates a stream encrypted with the AWS owned key', async () => {
    await k.create(s3Stream('orders', { DeliveryStreamEncryptionConfigurationInput: awsOwned }))
    clock.advance(aws.timing.streamCreating)
    expect(await k.encryptionOf('orders')).toEqual({ KeyType: 'AWS_OWNED_CMK', Status: 'ENABLED' })
    clock.advance(aws.timing.encryptionPropagation)
    await k.expectPutsEncrypted('orders', true)
  })

  it('refuses a KeyARN with AWS_OWNED_CMK and a missing KeyARN with CUSTOMER_MANAGED_CMK (InvalidArgumentException), creating nothing', async () => {
    const key = await k.createKey()
    for (const config of [{ KeyType: 'AWS_OWNED_CMK', KeyARN: key.arn }, { KeyType: 'CUSTOMER_MANAGED_CMK' }]) {
      const error = await k.create(s3Stream('orders', { DeliveryStreamEncryptionConfigurationInput: config })).then(
        () => undefined,
        (e: Error & { $metadata?: { httpStatusCode?: number } }) => e,
      )
      expect(error?.name).toBe('InvalidArgumentException')
      expect(error?.$metadata?.httpStatusCode).toBe(400)
    }
    expect(aws.firehose.streamNames()).toEqual([])
    expect(await k.firehoseGrants(key.keyId)).toEqual([])
  })
})

import { PutKeyPolicyCommand } from '@aws-sdk/client-kms'
import { describe, expect, it } from 'vitest'
import { credentials, kinesisStream, s3Stream } from '../../support/aws'
import { firehoseClient } from '../../support/clients'
import { HOUR, START } from '../../support/clock'
import { awsOwned, cmk, DENY_FIREHOSE_POLICY, encryptionKit, expectFailure } from '../../support/encryption'
import { expectAwsError, notFound } from '../../support/errors'
import { useMock } from '../../support/mock'

// Session tokens the mock is told about: one issued 7 hours before the clock's start, one 1 hour before.
const OLD_TOKEN = 'session-token-issued-7h-ago'
const FRESH_TOKEN = 'session-token-issued-1h-ago'

const { aws, clock, firehose } = useMock({
  temporaryCredentialsIssuedAt: { [OLD_TOKEN]: START - 7 * HOUR, [FRESH_TOKEN]: START - 1 * HOUR },
})
const k = encryptionKit({ aws, clock, firehose })

const withSession = (sessionToken: string) => firehoseClient('us-east-1', { credentials: { ...credentials, sessionToken } })

const KMS_ERROR = { name: 'InvalidKMSResourceException', status: 400 }

describe('StartDeliveryStreamEncryption request errors', () => {
  it('requires a KeyARN for CUSTOMER_MANAGED_CMK (InvalidArgumentException) and changes nothing', async () => {
    await k.activeStream('orders')
    await expectAwsError(k.start('orders', { KeyType: 'CUSTOMER_MANAGED_CMK' }), { name: 'InvalidArgumentException', status: 400 })
    expect((await k.encryptionOf('orders')).Status).toBe('DISABLED')
  })

  it('refuses a KeyARN for AWS_OWNED_CMK (InvalidArgumentException) and changes nothing', async () => {
    await k.activeStream('orders')
    const key = await k.createKey()
    await expectAwsError(k.start('orders', { KeyType: 'AWS_OWNED_CMK', KeyARN: key.arn }), {
      name: 'InvalidArgumentException',
      status: 400,
    })
    expect((await k.encryptionOf('orders')).Status).toBe('DISABLED')
    expect(await k.firehoseGrants(key.keyId)).toEqual([])
  })

  it('returns InvalidArgumentException for a KinesisStreamAsSource stream', async () => {
    await k.activeStream('from-kinesis', kinesisStream('from-kinesis'))
    await expectAwsError(k.start('from-kinesis', awsOwned), { name: 'InvalidArgumentException', status: 400 })
    await expectAwsError(k.start('from-kinesis'), { name: 'InvalidArgumentException', status: 400 })
  })

  it('returns ResourceInUseException while the stream is CREATING', async () => {
    await k.create(s3Stream('orders'))
    await expectAwsError(k.start('orders', awsOwned), { name: 'ResourceInUseException', message: /orders/, status: 400 })
    clock.advance(aws.timing.streamCreating)
    expect((await k.describe('orders')).DeliveryStreamStatus).toBe('ACTIVE')
    expect((await k.encryptionOf('orders')).Status).toBe('DISABLED')
  })

  it('returns ResourceInUseException for a second Start while ENABLING, leaving the first to complete', async () => {
    await k.activeStream('orders')
    const keyA = await k.createKey()
    const keyB = await k.createKey()
    await k.start('orders', cmk(keyA.arn))
    await expectAwsError(k.start('orders', cmk(keyB.arn)), { name: 'ResourceInUseException', message: /orders/, status: 400 })
    await expectAwsError(k.start('orders', awsOwned), { name: 'ResourceInUseException', message: /orders/, status: 400 })
    expect(await k.firehoseGrants(keyB.keyId)).toEqual([])
    clock.advance(aws.timing.encryptionEnabling)
    expect(await k.encryptionOf('orders')).toEqual({ KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: keyA.arn, Status: 'ENABLED' })
  })

  it('returns ResourceNotFoundException for an unknown stream', async () => {
    await expectAwsError(k.start('missing', awsOwned), notFound('missing'))
  })
})

describe('ENABLING_FAILED: the customer managed key cannot be used', () => {
  const cases: Array<{ what: string; type: string; key: () => Promise<{ arn: string; keyId?: string }> }> = [
    {
      what: 'a key that does not exist',
      type: 'KMS_KEY_NOT_FOUND',
      key: async () => ({ arn: 'arn:aws:kms:us-east-1:123456789012:key/00000000-0000-4000-8000-000000000000' }),
    },
    {
      what: 'a disabled key',
      type: 'DISABLED_KMS_KEY',
      key: async () => {
        const key = await k.createKey()
        await k.disableKey(key.keyId)
        return key
      },
    },
    {
      what: 'a key pending deletion',
      type: 'INVALID_KMS_KEY',
      key: async () => {
        const key = await k.createKey()
        await k.scheduleDeletion(key.keyId, 30)
        return key
      },
    },
    {
      what: 'an asymmetric RSA key',
      type: 'INVALID_KMS_KEY',
      key: () => k.createKey({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' }),
    },
    {
      what: 'a key whose policy explicitly denies Firehose',
      type: 'KMS_ACCESS_DENIED',
      key: () => k.createKey({ Policy: DENY_FIREHOSE_POLICY }),
    },
  ]

  for (const { what, type, key: makeKey } of cases) {
    it(`${type} for ${what}: ENABLING first, then ENABLING_FAILED with the FailureDescription on the config and the stream`, async () => {
      await k.activeStream('orders')
      const key = await makeKey()
      await k.start('orders', cmk(key.arn))
      expect(await k.encryptionOf('orders')).toEqual({ KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: key.arn, Status: 'ENABLING' })
      expect((await k.describe('orders')).FailureDescription).toBeUndefined()

      clock.advance(aws.timing.encryptionEnabling)
      const description = await k.describe('orders')
      const encryption = description.DeliveryStreamEncryptionConfiguration!
      expect(encryption.Status).toBe('ENABLING_FAILED')
      expect(encryption.KeyType).toBe('CUSTOMER_MANAGED_CMK')
      expect(encryption.KeyARN).toBe(key.arn)
      expectFailure(encryption.FailureDescription, type)
      expect(description.FailureDescription).toEqual(encryption.FailureDescription)
      expect(description.DeliveryStreamStatus).toBe('ACTIVE')

      // No grant was left behind, and puts carry on unencrypted.
      if (key.keyId) expect(await k.firehoseGrants(key.keyId)).toEqual([])
      clock.advance(aws.timing.encryptionPropagation)
      await k.expectPutsEncrypted('orders', false)
    })
  }

  it('accepts Start again with a valid key after ENABLING_FAILED, clearing the FailureDescription', async () => {
    await k.activeStream('orders')
    const bad = await k.createKey()
    await k.disableKey(bad.keyId)
    await k.start('orders', cmk(bad.arn))
    clock.advance(aws.timing.encryptionEnabling)
    expect((await k.encryptionOf('orders')).Status).toBe('ENABLING_FAILED')

    const good = await k.createKey()
    await k.start('orders', cmk(good.arn))
    expect(await k.encryptionOf('orders')).toEqual({ KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: good.arn, Status: 'ENABLING' })
    clock.advance(aws.timing.encryptionEnabling)
    const description = await k.describe('orders')
    expect(description.DeliveryStreamEncryptionConfiguration).toEqual({
      KeyType: 'CUSTOMER_MANAGED_CMK',
      KeyARN: good.arn,
      Status: 'ENABLED',
    })
    expect(description.FailureDescription).toBeUndefined()
    expect(await k.firehoseGrants(good.keyId)).toHaveLength(1)
    clock.advance(aws.timing.encryptionPropagation)
    await k.expectPutsEncrypted('orders', true)
  })

  it('fails a change to a disabled key while keeping encryption on with the old key', async () => {
    await k.activeStream('orders')
    const keyA = await k.createKey()
    const keyB = await k.createKey()
    await k.disableKey(keyB.keyId)
    await k.enabled('orders', cmk(keyA.arn))

    await k.start('orders', cmk(keyB.arn))
    expect((await k.encryptionOf('orders')).Status).toBe('ENABLING')
    clock.advance(aws.timing.encryptionEnabling)
    const description = await k.describe('orders')
    expect(description.DeliveryStreamEncryptionConfiguration!.Status).toBe('ENABLING_FAILED')
    expectFailure(description.DeliveryStreamEncryptionConfiguration!.FailureDescription, 'DISABLED_KMS_KEY')
    expectFailure(description.FailureDescription, 'DISABLED_KMS_KEY')

    clock.advance(aws.timing.encryptionPropagation)
    await k.expectPutsEncrypted('orders', true)
    for (const record of aws.firehose.records('orders')) expect(record.keyArn).toBe(keyA.arn)
    expect(await k.firehoseGrants(keyA.keyId)).toHaveLength(1)
    expect(await k.firehoseGrants(keyB.keyId)).toEqual([])
  })

  it('fails with KMS_ACCESS_DENIED when the key policy is changed to deny Firehose before Start', async () => {
    await k.activeStream('orders')
    const key = await k.createKey()
    await k.kms.send(new PutKeyPolicyCommand({ KeyId: key.keyId, PolicyName: 'default', Policy: DENY_FIREHOSE_POLICY }))
    await k.start('orders', cmk(key.arn))
    clock.advance(aws.timing.encryptionEnabling)
    const encryption = await k.encryptionOf('orders')
    expect(encryption.Status).toBe('ENABLING_FAILED')
    expectFailure(encryption.FailureDescription, 'KMS_ACCESS_DENIED')
  })
})

describe('CreateDeliveryStream with an unusable key', () => {
  it('ends CREATING_FAILED with a KMS_KEY_NOT_FOUND FailureDescription for a missing key', async () => {
    const missing = 'arn:aws:kms:us-east-1:123456789012:key/00000000-0000-4000-8000-000000000000'
    await k.create(s3Stream('orders', { DeliveryStreamEncryptionConfigurationInput: cmk(missing) }))
    expect((await k.describe('orders')).DeliveryStreamStatus).toBe('CREATING')
    clock.advance(aws.timing.streamCreating)
    const description = await k.describe('orders')
    expect(description.DeliveryStreamStatus).toBe('CREATING_FAILED')
    expectFailure(description.FailureDescription, 'KMS_KEY_NOT_FOUND')
    expectFailure(description.DeliveryStreamEncryptionConfiguration!.FailureDescription, 'KMS_KEY_NOT_FOUND')
  })

  it('ends CREATING_FAILED with a DISABLED_KMS_KEY FailureDescription for a disabled key', async () => {
    const key = await k.createKey()
    await k.disableKey(key.keyId)
    await k.create(s3Stream('orders', { DeliveryStreamEncryptionConfigurationInput: cmk(key.arn) }))
    clock.advance(aws.timing.streamCreating)
    const description = await k.describe('orders')
    expect(description.DeliveryStreamStatus).toBe('CREATING_FAILED')
    expectFailure(description.FailureDescription, 'DISABLED_KMS_KEY')
    expect(await k.firehoseGrants(key.keyId)).toEqual([])
  })
})

describe('a customer managed key that becomes unusable after ENABLED', () => {
  it('fails PutRecord and PutRecordBatch with InvalidKMSResourceException once the key is disabled, storing nothing, and Describe shows it', async () => {
    await k.activeStream('orders')
    const key = await k.createKey()
    await k.enabled('orders', cmk(key.arn))
    await k.disableKey(key.keyId)

    await expectAwsError(k.put('orders'), KMS_ERROR)
    await expectAwsError(k.putBatch('orders'), KMS_ERROR)
    expect(aws.firehose.records('orders')).toEqual([])

    const description = await k.describe('orders')
    expect(description.DeliveryStreamEncryptionConfiguration!.KeyARN).toBe(key.arn)
    expectFailure(description.DeliveryStreamEncryptionConfiguration!.FailureDescription, 'DISABLED_KMS_KEY')
    expectFailure(description.FailureDescription, 'DISABLED_KMS_KEY')

    // Enabling the key again lets puts through, encrypted.
    await k.enableKey(key.keyId)
    await k.expectPutsEncrypted('orders', true)
    expect((await k.describe('orders')).FailureDescription).toBeUndefined()
  })

  it('fails puts with InvalidKMSResourceException once the key is scheduled for deletion, and after it is deleted', async () => {
    await k.activeStream('orders')
    const key = await k.createKey()
    await k.enabled('orders', cmk(key.arn))
    await k.scheduleDeletion(key.keyId, 7)

    await expectAwsError(k.put('orders'), KMS_ERROR)
    await expectAwsError(k.putBatch('orders'), KMS_ERROR)
    const description = await k.describe('orders')
    expectFailure(description.DeliveryStreamEncryptionConfiguration!.FailureDescription, 'INVALID_KMS_KEY')
    expectFailure(description.FailureDescription, 'INVALID_KMS_KEY')

    clock.advance(7 * 24 * HOUR)
    expect(aws.kms.keys().map((x) => x.keyId)).not.toContain(key.keyId)
    await expectAwsError(k.put('orders'), KMS_ERROR)
    await expectAwsError(k.putBatch('orders'), KMS_ERROR)
    expect((await k.describe('orders')).FailureDescription).toBeDefined()
    expect(aws.firehose.records('orders')).toEqual([])
  })

  it("fails puts with InvalidKMSResourceException once Firehose's grant is revoked through KMS RevokeGrant", async () => {
    await k.activeStream('orders')
    const key = await k.createKey()
    await k.enabled('orders', cmk(key.arn))
    const [grant] = await k.firehoseGrants(key.keyId)
    await k.revokeGrant(key.keyId, grant!.GrantId!)
    expect(await k.firehoseGrants(key.keyId)).toEqual([])

    const message =
      'The grant for the CMK to this delivery stream might have been revoked or caller might not have sufficient permissions for the CMK.'
    await expectAwsError(k.put('orders'), { ...KMS_ERROR, message })
    await expectAwsError(k.putBatch('orders'), { ...KMS_ERROR, message })
    expect(aws.firehose.records('orders')).toEqual([])
  })

  it('shows why in Describe once the grant is revoked', async () => {
    await k.activeStream('orders')
    const key = await k.createKey()
    await k.enabled('orders', cmk(key.arn))
    const [grant] = await k.firehoseGrants(key.keyId)
    await k.revokeGrant(key.keyId, grant!.GrantId!)
    const description = await k.describe('orders')
    expect(description.DeliveryStreamEncryptionConfiguration?.Status).toBe('ENABLED')
    expect(description.DeliveryStreamEncryptionConfiguration?.FailureDescription?.Type).toBe('KMS_ACCESS_DENIED')
    expect(description.FailureDescription?.Type).toBe('KMS_ACCESS_DENIED')
  })
})

describe('the 6-hour rule for temporary credentials', () => {
  it('starts from the clock the temporary credentials are measured against', () => {
    expect(clock.now()).toBe(START)
  })

  it('ends ENABLING_FAILED with CREATE_KMS_GRANT_FAILED when Start is signed with a session token issued 7 hours earlier', async () => {
    await k.activeStream('orders')
    const key = await k.createKey()
    await k.start('orders', cmk(key.arn), withSession(OLD_TOKEN))
    expect((await k.encryptionOf('orders')).Status).toBe('ENABLING')
    clock.advance(aws.timing.encryptionEnabling)
    const description = await k.describe('orders')
    expect(description.DeliveryStreamEncryptionConfiguration!.Status).toBe('ENABLING_FAILED')
    expectFailure(description.DeliveryStreamEncryptionConfiguration!.FailureDescription, 'CREATE_KMS_GRANT_FAILED')
    expectFailure(description.FailureDescription, 'CREATE_KMS_GRANT_FAILED')
    expect(await k.firehoseGrants(key.keyId)).toEqual([])
  })

  it('ends ENABLED when Start is signed with a session token issued 1 hour earlier', async () => {
    await k.activeStream('orders')
    const key = await k.createKey()
    await k.start('orders', cmk(key.arn), withSession(FRESH_TOKEN))
    clock.advance(aws.timing.encryptionEnabling)
    expect(await k.encryptionOf('orders')).toEqual({ KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: key.arn, Status: 'ENABLED' })
    expect(await k.firehoseGrants(key.keyId)).toHaveLength(1)
  })

  it('fails the same session token once the clock has moved past 6 hours after its issue', async () => {
    await k.activeStream('orders')
    const key = await k.createKey()
    clock.advance(5 * HOUR + 1)
    await k.start('orders', cmk(key.arn), withSession(FRESH_TOKEN))
    clock.advance(aws.timing.encryptionEnabling)
    const encryption = await k.encryptionOf('orders')
    expect(encryption.Status).toBe('ENABLING_FAILED')
    expectFailure(encryption.FailureDescription, 'CREATE_KMS_GRANT_FAILED')
  })

  it('ends CREATING_FAILED with CREATE_KMS_GRANT_FAILED for CreateDeliveryStream with encryption signed with the old token', async () => {
    const key = await k.createKey()
    await k.create(s3Stream('orders', { DeliveryStreamEncryptionConfigurationInput: cmk(key.arn) }), withSession(OLD_TOKEN))
    clock.advance(aws.timing.streamCreating)
    const description = await k.describe('orders')
    expect(description.DeliveryStreamStatus).toBe('CREATING_FAILED')
    expectFailure(description.FailureDescription, 'CREATE_KMS_GRANT_FAILED')
    expect(await k.firehoseGrants(key.keyId)).toEqual([])
  })
})

import { beforeEach, describe, expect, it } from 'vitest'
import type { Fixture } from '../../../src'
import { aliasArnOf, keyArnOf, s3Stream } from '../../support/aws'
import { cmk, encryptionKit, expectFailure } from '../../support/encryption'
import { useMock } from '../../support/mock'

const GOOD_KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab'
const DISABLED_KEY_ID = '0b1c2d3e-4f50-4617-8a9b-0c1d2e3f4a5b'
const ALIAS_ARN = aliasArnOf('alias/firehose-payments')

const stream = (name: string, startEncryption?: Record<string, string>) => ({
  definition: s3Stream(name),
  ...(startEncryption ? { startEncryption } : {}),
})

const fixture = {
  name: 'encryption-fixtures',
  kms: {
    keys: [
      { keyId: GOOD_KEY_ID, description: 'payments key', aliases: ['alias/firehose-payments'] },
      { keyId: DISABLED_KEY_ID, description: 'disabled key', state: 'Disabled' },
    ],
  },
  firehose: {
    deliveryStreams: [
      stream('payments', { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: keyArnOf(GOOD_KEY_ID) }),
      stream('via-alias', { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: ALIAS_ARN }),
      stream('audit-log', { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: keyArnOf(DISABLED_KEY_ID) }),
      stream('aws-owned', { KeyType: 'AWS_OWNED_CMK' }),
    ],
  },
} as Fixture

const { aws, clock, firehose } = useMock({ seed: fixture })
const k = encryptionKit({ aws, clock, firehose })

// useMock resets the mock before it sets the clock back; reload the seeds at the start time so
// seeded streams are not dated after the clock of the next test.
beforeEach(() => aws.reset())

describe('fixtures with startEncryption', () => {
  it('seeds a stream ENABLED with a customer managed key whose first put is Encrypted true', async () => {
    expect(aws.kms.keys().map((key) => key.keyId)).toEqual([GOOD_KEY_ID, DISABLED_KEY_ID])
    const description = await k.describe('payments')
    expect(description.DeliveryStreamStatus).toBe('ACTIVE')
    expect(description.DeliveryStreamEncryptionConfiguration).toEqual({
      KeyType: 'CUSTOMER_MANAGED_CMK',
      KeyARN: keyArnOf(GOOD_KEY_ID),
      Status: 'ENABLED',
    })
    expect(description.FailureDescription).toBeUndefined()

    const out = await k.put('payments', 'first')
    expect(out.Encrypted).toBe(true)
    const batch = await k.putBatch('payments')
    expect(batch.Encrypted).toBe(true)
    const records = aws.firehose.records('payments')
    expect(records.map((r) => [r.encrypted, r.keyArn])).toEqual([
      [true, keyArnOf(GOOD_KEY_ID)],
      [true, keyArnOf(GOOD_KEY_ID)],
      [true, keyArnOf(GOOD_KEY_ID)],
    ])
  })

  it("gives the seeded stream Firehose's grant on its key", async () => {
    const grants = await k.firehoseGrants(GOOD_KEY_ID)
    // one for 'payments', one for 'via-alias'
    expect(grants).toHaveLength(2)
  })

  it('seeds a stream with a disabled key in ENABLING_FAILED with its FailureDescription, writing unencrypted', async () => {
    const description = await k.describe('audit-log')
    expect(description.DeliveryStreamStatus).toBe('ACTIVE')
    const encryption = description.DeliveryStreamEncryptionConfiguration!
    expect(encryption.Status).toBe('ENABLING_FAILED')
    expect(encryption.KeyARN).toBe(keyArnOf(DISABLED_KEY_ID))
    expectFailure(encryption.FailureDescription, 'DISABLED_KMS_KEY')
    expectFailure(description.FailureDescription, 'DISABLED_KMS_KEY')
    await k.expectPutsEncrypted('audit-log', false)
    expect(await k.firehoseGrants(DISABLED_KEY_ID)).toEqual([])
  })

  it('lets the ENABLING_FAILED stream start again with a valid key', async () => {
    await k.start('audit-log', cmk(keyArnOf(GOOD_KEY_ID)))
    expect((await k.encryptionOf('audit-log')).Status).toBe('ENABLING')
    k.settleStart()
    expect(await k.encryptionOf('audit-log')).toEqual({ KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: keyArnOf(GOOD_KEY_ID), Status: 'ENABLED' })
    expect((await k.describe('audit-log')).FailureDescription).toBeUndefined()
    await k.expectPutsEncrypted('audit-log', true)
  })

  it('accepts an alias ARN as KeyARN: ENABLED, and puts are encrypted with the key behind the alias', async () => {
    const encryption = await k.encryptionOf('via-alias')
    expect(encryption.Status).toBe('ENABLED')
    expect(encryption.KeyType).toBe('CUSTOMER_MANAGED_CMK')
    await k.expectPutsEncrypted('via-alias', true)
    for (const record of aws.firehose.records('via-alias')) expect(record.keyArn).toBe(keyArnOf(GOOD_KEY_ID))
  })

  it('seeds a stream ENABLED with the AWS owned key', async () => {
    expect(await k.encryptionOf('aws-owned')).toEqual({ KeyType: 'AWS_OWNED_CMK', Status: 'ENABLED' })
    await k.expectPutsEncrypted('aws-owned', true)
  })

  it('does not count seeded Starts against the daily limit', async () => {
    for (let i = 0; i < 25; i++) {
      if (i % 2 === 0) {
        await k.stop('aws-owned')
        clock.advance(aws.timing.encryptionDisabling)
      } else {
        await k.start('aws-owned')
        clock.advance(aws.timing.encryptionEnabling)
      }
    }
    expect((await k.encryptionOf('aws-owned')).Status).toBe('DISABLED')
  })

  it('returns to the seeded encryption state on reset()', async () => {
    await k.stop('payments')
    clock.advance(aws.timing.encryptionDisabling)
    expect((await k.encryptionOf('payments')).Status).toBe('DISABLED')
    aws.reset()
    expect((await k.encryptionOf('payments')).Status).toBe('ENABLED')
    expect(await k.firehoseGrants(GOOD_KEY_ID)).toHaveLength(2)
    expect((await k.put('payments')).Encrypted).toBe(true)
  })
})

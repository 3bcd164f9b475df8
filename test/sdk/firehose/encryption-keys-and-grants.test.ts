import { ListGrantsCommand } from '@aws-sdk/client-kms'
import { describe, expect, it } from 'vitest'
import { ACCOUNT, FIREHOSE_PRINCIPAL } from '../../support/aws'
import { awsOwned, cmk, encryptionKit } from '../../support/encryption'
import { useMock } from '../../support/mock'

const { aws, clock, firehose } = useMock()
const k = encryptionKit({ aws, clock, firehose })

describe("Firehose's KMS grant on a customer managed key", () => {
  it('appears in KMS ListGrants as soon as Start is accepted, for the operations Firehose needs', async () => {
    await k.activeStream('orders')
    const key = await k.createKey()
    expect(await k.firehoseGrants(key.keyId)).toEqual([])

    await k.start('orders', cmk(key.arn))
    expect((await k.encryptionOf('orders')).Status).toBe('ENABLING')
    const grants = await k.firehoseGrants(key.keyId)
    expect(grants).toHaveLength(1)
    const grant = grants[0]!
    expect(grant.GranteePrincipal).toBe(FIREHOSE_PRINCIPAL)
    expect(grant.KeyId).toBe(key.arn)
    expect(grant.GrantId).toMatch(/^[0-9a-f]{64}$/)
    expect(grant.Operations).toEqual(expect.arrayContaining(['Encrypt', 'Decrypt', 'GenerateDataKey']))

    // ListGrants filtered by grantee, and the inspection API, agree.
    const filtered = await k.kms.send(new ListGrantsCommand({ KeyId: key.keyId, GranteePrincipal: FIREHOSE_PRINCIPAL }))
    expect(filtered.Grants!.map((g) => g.GrantId)).toEqual([grant.GrantId])
    const inspected = aws.kms.grants(key.arn)
    expect(inspected.map((g) => g.grantId)).toEqual([grant.GrantId])
    expect(inspected[0]!.granteePrincipal).toBe(FIREHOSE_PRINCIPAL)

    clock.advance(aws.timing.encryptionEnabling)
    expect((await k.firehoseGrants(key.keyId)).map((g) => g.GrantId)).toEqual([grant.GrantId])
  })

  it('is not created for the AWS owned key', async () => {
    await k.activeStream('orders')
    const key = await k.createKey()
    await k.enabled('orders', awsOwned)
    expect(await k.firehoseGrants(key.keyId)).toEqual([])
    expect(aws.kms.grants()).toEqual([])
  })

  it('is one grant per stream: two streams on one key hold two grants, and stopping one leaves the other', async () => {
    await k.activeStream('orders')
    await k.activeStream('payments')
    const key = await k.createKey()
    await k.start('orders', cmk(key.arn))
    await k.start('payments', cmk(key.arn))
    k.settleStart()
    const grants = await k.firehoseGrants(key.keyId)
    expect(grants).toHaveLength(2)

    await k.stop('orders')
    clock.advance(aws.timing.encryptionDisabling)
    expect(await k.firehoseGrants(key.keyId)).toHaveLength(1)
    await k.expectPutsEncrypted('payments', true)
  })
})

describe('changing the customer managed key while ENABLED', () => {
  it("gives the new key a grant at once and retires the old key's grant when the change completes", async () => {
    await k.activeStream('orders')
    const keyA = await k.createKey({ Description: 'A' })
    const keyB = await k.createKey({ Description: 'B' })
    await k.enabled('orders', cmk(keyA.arn))
    const [grantA] = await k.firehoseGrants(keyA.keyId)

    await k.start('orders', cmk(keyB.arn))
    expect((await k.encryptionOf('orders')).Status).toBe('ENABLING')
    expect(await k.firehoseGrants(keyB.keyId)).toHaveLength(1)
    // The old key is still in use while the change is ENABLING.
    expect((await k.firehoseGrants(keyA.keyId)).map((g) => g.GrantId)).toEqual([grantA!.GrantId])
    await k.expectPutsEncrypted('orders', true)

    clock.advance(aws.timing.encryptionEnabling)
    expect(await k.encryptionOf('orders')).toEqual({ KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: keyB.arn, Status: 'ENABLED' })
    expect(await k.firehoseGrants(keyA.keyId)).toEqual([])
    const grantsB = await k.firehoseGrants(keyB.keyId)
    expect(grantsB).toHaveLength(1)
    expect(grantsB[0]!.GranteePrincipal).toBe(FIREHOSE_PRINCIPAL)

    clock.advance(aws.timing.encryptionPropagation)
    await k.expectPutsEncrypted('orders', true)
    expect(aws.firehose.records('orders').at(-1)!.keyArn).toBe(keyB.arn)
  })

  it("retires the customer managed key's grant after a change to the AWS owned key", async () => {
    await k.activeStream('orders')
    const key = await k.createKey()
    await k.enabled('orders', cmk(key.arn))
    await k.start('orders', awsOwned)
    expect(await k.firehoseGrants(key.keyId)).toHaveLength(1)
    clock.advance(aws.timing.encryptionEnabling)
    expect(await k.encryptionOf('orders')).toEqual({ KeyType: 'AWS_OWNED_CMK', Status: 'ENABLED' })
    expect(await k.firehoseGrants(key.keyId)).toEqual([])
    clock.advance(aws.timing.encryptionPropagation)
    await k.expectPutsEncrypted('orders', true)
    expect(aws.firehose.records('orders').at(-1)!.keyArn).toBeUndefined()
  })

  it("keeps the old key's grant when the change fails, and retires it after a later successful change", async () => {
    await k.activeStream('orders')
    const keyA = await k.createKey()
    const bad = await k.createKey()
    const keyC = await k.createKey()
    await k.disableKey(bad.keyId)
    await k.enabled('orders', cmk(keyA.arn))

    await k.start('orders', cmk(bad.arn))
    clock.advance(aws.timing.encryptionEnabling)
    expect((await k.encryptionOf('orders')).Status).toBe('ENABLING_FAILED')
    expect(await k.firehoseGrants(keyA.keyId)).toHaveLength(1)
    expect(await k.firehoseGrants(bad.keyId)).toEqual([])

    await k.start('orders', cmk(keyC.arn))
    k.settleStart()
    expect(await k.encryptionOf('orders')).toEqual({ KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: keyC.arn, Status: 'ENABLED' })
    expect(await k.firehoseGrants(keyA.keyId)).toEqual([])
    expect(await k.firehoseGrants(keyC.keyId)).toHaveLength(1)
    await k.expectPutsEncrypted('orders', true)
    expect(aws.firehose.records('orders').at(-1)!.keyArn).toBe(keyC.arn)
  })
})

describe('DeleteDeliveryStream', () => {
  it("retires Firehose's grant on the stream's key", async () => {
    await k.activeStream('orders')
    const key = await k.createKey()
    await k.enabled('orders', cmk(key.arn))
    expect(await k.firehoseGrants(key.keyId)).toHaveLength(1)

    await k.del('orders')
    clock.advance(aws.timing.streamDeleting)
    expect(aws.firehose.streamNames()).toEqual([])
    expect(await k.firehoseGrants(key.keyId)).toEqual([])
    expect(aws.kms.grants(key.keyId)).toEqual([])
  })

  it('retires the grant of a Start that was still ENABLING when the stream was deleted', async () => {
    await k.activeStream('orders')
    const key = await k.createKey()
    await k.start('orders', cmk(key.arn))
    await k.del('orders')
    clock.advance(Math.max(aws.timing.streamDeleting, aws.timing.encryptionEnabling))
    expect(await k.firehoseGrants(key.keyId)).toEqual([])
  })

  it("retires the grant of a stream created with encryption, leaving another stream's grant on the same key", async () => {
    const key = await k.createKey()
    await k.create({
      DeliveryStreamName: 'orders',
      ExtendedS3DestinationConfiguration: { RoleARN: `arn:aws:iam::${ACCOUNT}:role/r`, BucketARN: 'arn:aws:s3:::b' },
      DeliveryStreamEncryptionConfigurationInput: cmk(key.arn),
    })
    await k.activeStream('payments')
    await k.enabled('payments', cmk(key.arn))
    expect(await k.firehoseGrants(key.keyId)).toHaveLength(2)

    await k.del('orders')
    clock.advance(aws.timing.streamDeleting)
    expect(await k.firehoseGrants(key.keyId)).toHaveLength(1)
    await k.expectPutsEncrypted('payments', true)
  })
})

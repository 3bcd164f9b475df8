import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateGrantCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GetKeyPolicyCommand,
  ListAliasesCommand,
  ListGrantsCommand,
  ListKeysCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  UpdateKeyDescriptionCommand,
} from '@aws-sdk/client-kms'
import { describe, expect, it } from 'vitest'
import { FIREHOSE_PRINCIPAL } from '../../support/aws'
import { bytes } from '../../support/bytes'
import { kmsClient } from '../../support/clients'
import { DAY, START } from '../../support/clock'
import { expectAwsError, failureOf } from '../../support/errors'
import { createKey, disabled, notFoundAlias, notFoundKey, pendingDeletion } from '../../support/kms'
import { useMock } from '../../support/mock'

const { aws, clock } = useMock({ timing: 'instant' })
const kms = kmsClient()

describe('ScheduleKeyDeletion', () => {
  it('schedules deletion 30 days out by default and answers with the key ARN, DeletionDate, KeyState and window', async () => {
    const { keyId, arn } = await createKey(kms)
    const out = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId }))
    expect(out.KeyId).toBe(arn)
    expect(out.KeyState).toBe('PendingDeletion')
    expect(out.PendingWindowInDays).toBe(30)
    expect(out.DeletionDate).toBeInstanceOf(Date)
    expect(out.DeletionDate!.getTime()).toBe(START + 30 * DAY)
  })

  it('honours a PendingWindowInDays of 7', async () => {
    const { keyId } = await createKey(kms)
    const out = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }))
    expect(out.PendingWindowInDays).toBe(7)
    expect(out.DeletionDate!.getTime()).toBe(START + 7 * DAY)
    expect(aws.kms.keys()[0]).toMatchObject({ state: 'PendingDeletion', deletionDate: START + 7 * DAY })
  })

  it('makes DescribeKey show Enabled false, KeyState PendingDeletion and the DeletionDate', async () => {
    const { keyId } = await createKey(kms)
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 10 }))
    const m = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!
    expect(m.Enabled).toBe(false)
    expect(m.KeyState).toBe('PendingDeletion')
    expect(m.DeletionDate!.getTime()).toBe(START + 10 * DAY)
  })

  it.each([6, 31, 1])('rejects PendingWindowInDays %i with ValidationException and leaves the key Enabled', async (days) => {
    const { keyId } = await createKey(kms)
    await expectAwsError(kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: days })), {
      name: 'ValidationException',
      message: 'PendingWindowInDays must be between 7 and 30',
      status: 400,
    })
    expect(aws.kms.keys()[0]!.state).toBe('Enabled')
  })

  it('returns KMSInvalidStateException "<arn> is pending deletion." when the key is already pending deletion', async () => {
    const { keyId, arn } = await createKey(kms)
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }))
    await expectAwsError(kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId })), pendingDeletion(arn))
    expect(aws.kms.keys()[0]!.deletionDate).toBe(START + 7 * DAY)
  })

  it('schedules a Disabled key too', async () => {
    const { keyId } = await createKey(kms)
    await kms.send(new DisableKeyCommand({ KeyId: keyId }))
    const out = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId }))
    expect(out.KeyState).toBe('PendingDeletion')
  })

  it('returns NotFoundException for an unknown key', async () => {
    const missing = 'aaaaaaaa-1111-2222-3333-444455556666'
    await expectAwsError(kms.send(new ScheduleKeyDeletionCommand({ KeyId: missing })), notFoundKey(missing))
  })
})

describe('a key pending deletion', () => {
  async function pendingKey() {
    const key = await createKey(kms)
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId }))
    return key
  }

  it('refuses Encrypt with KMSInvalidStateException "<arn> is pending deletion."', async () => {
    const { keyId, arn } = await pendingKey()
    await expectAwsError(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('secret') })), pendingDeletion(arn))
  })

  it('refuses Decrypt of a ciphertext made before the deletion was scheduled', async () => {
    const { keyId, arn } = await createKey(kms)
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('secret') }))
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId }))
    await expectAwsError(kms.send(new DecryptCommand({ CiphertextBlob })), pendingDeletion(arn))
  })

  it('refuses GenerateDataKey and CreateGrant with KMSInvalidStateException', async () => {
    const { keyId, arn } = await pendingKey()
    await expectAwsError(kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' })), pendingDeletion(arn))
    await expectAwsError(
      kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: FIREHOSE_PRINCIPAL, Operations: ['Encrypt'] })),
      pendingDeletion(arn),
    )
  })

  it('refuses EnableKey and DisableKey with KMSInvalidStateException', async () => {
    const { keyId, arn } = await pendingKey()
    await expectAwsError(kms.send(new EnableKeyCommand({ KeyId: keyId })), pendingDeletion(arn))
    await expectAwsError(kms.send(new DisableKeyCommand({ KeyId: keyId })), pendingDeletion(arn))
  })

  it('refuses CreateAlias, TagResource and UpdateKeyDescription with KMSInvalidStateException', async () => {
    const { keyId, arn } = await pendingKey()
    await expectAwsError(kms.send(new CreateAliasCommand({ AliasName: 'alias/late', TargetKeyId: keyId })), pendingDeletion(arn))
    await expectAwsError(
      kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: 'team', TagValue: 'data' }] })),
      pendingDeletion(arn),
    )
    await expectAwsError(kms.send(new UpdateKeyDescriptionCommand({ KeyId: keyId, Description: 'x' })), pendingDeletion(arn))
  })

  it('can still be described, listed and have its policy read', async () => {
    const { keyId } = await pendingKey()
    expect((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyState).toBe('PendingDeletion')
    expect((await kms.send(new ListKeysCommand({}))).Keys!.map((k) => k.KeyId)).toEqual([keyId])
    expect((await kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }))).Policy).toContain('kms:*')
  })

  it('still exists one millisecond before the DeletionDate', async () => {
    const { keyId } = await pendingKey()
    clock.advance(30 * DAY - 1)
    expect((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyState).toBe('PendingDeletion')
  })

  it('is gone once the waiting period passes on the clock: DescribeKey answers NotFoundException', async () => {
    const { keyId } = await pendingKey()
    clock.advance(30 * DAY)
    await expectAwsError(kms.send(new DescribeKeyCommand({ KeyId: keyId })), notFoundKey(keyId))
    expect((await kms.send(new ListKeysCommand({}))).Keys).toEqual([])
    expect(aws.kms.keys()).toEqual([])
  })

  it('leaves its ciphertexts undecryptable once it is deleted', async () => {
    const { keyId } = await createKey(kms)
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('orphan') }))
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }))
    clock.advance(7 * DAY)
    // Observed AWS answer: 400 AccessDeniedException with this message; the API reference names no error for it.
    const error = await failureOf(kms.send(new DecryptCommand({ CiphertextBlob })))
    expect(['AccessDeniedException', 'InvalidCiphertextException']).toContain(error.name)
    expect(error.message).toBe(
      'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
    )
    expect(error.$metadata?.httpStatusCode).toBe(400)
  })

  it('takes its aliases and grants with it when it is deleted', async () => {
    const { keyId, arn } = await createKey(kms)
    const other = await createKey(kms)
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/doomed', TargetKeyId: keyId }))
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/survivor', TargetKeyId: other.keyId }))
    await kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: FIREHOSE_PRINCIPAL, Operations: ['Encrypt'] }))
    await kms.send(new CreateGrantCommand({ KeyId: other.keyId, GranteePrincipal: FIREHOSE_PRINCIPAL, Operations: ['Decrypt'] }))
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }))
    // While pending, the alias and grant are still there.
    expect(aws.kms.grants(arn)).toHaveLength(1)

    clock.advance(7 * DAY)
    const names = (await kms.send(new ListAliasesCommand({}))).Aliases!.map((a) => a.AliasName)
    expect(names).not.toContain('alias/doomed')
    expect(names).toContain('alias/survivor')
    await expectAwsError(kms.send(new DescribeKeyCommand({ KeyId: 'alias/doomed' })), notFoundAlias('alias/doomed'))
    expect(aws.kms.grants(arn)).toEqual([])
    expect(aws.kms.grants()).toHaveLength(1)
    expect((await kms.send(new ListGrantsCommand({ KeyId: other.keyId }))).Grants).toHaveLength(1)
    await expectAwsError(kms.send(new ListGrantsCommand({ KeyId: keyId })), notFoundKey(keyId))
  })
})

describe('CancelKeyDeletion', () => {
  it('returns the key ARN and leaves the key Disabled, without a DeletionDate', async () => {
    const { keyId, arn } = await createKey(kms)
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId }))
    const out = await kms.send(new CancelKeyDeletionCommand({ KeyId: keyId }))
    expect(out.KeyId).toBe(arn)
    const m = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!
    expect(m.KeyState).toBe('Disabled')
    expect(m.Enabled).toBe(false)
    expect(m.DeletionDate).toBeUndefined()
    expect(aws.kms.keys()[0]!.deletionDate).toBeUndefined()
  })

  it('keeps the key after the original deletion date, and EnableKey makes it usable again', async () => {
    const { keyId, arn } = await createKey(kms)
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }))
    await kms.send(new CancelKeyDeletionCommand({ KeyId: arn }))
    clock.advance(8 * DAY)
    await expectAwsError(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x') })), disabled(arn))
    await kms.send(new EnableKeyCommand({ KeyId: keyId }))
    const out = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x') }))
    expect(out.KeyId).toBe(arn)
  })

  it('returns KMSInvalidStateException "<arn> is not pending deletion." for an Enabled or Disabled key', async () => {
    const { keyId, arn } = await createKey(kms)
    const notPending = { name: 'KMSInvalidStateException', message: `${arn} is not pending deletion.`, status: 400 }
    await expectAwsError(kms.send(new CancelKeyDeletionCommand({ KeyId: keyId })), notPending)
    await kms.send(new DisableKeyCommand({ KeyId: keyId }))
    await expectAwsError(kms.send(new CancelKeyDeletionCommand({ KeyId: keyId })), notPending)
  })

  it('returns NotFoundException once the key has been deleted', async () => {
    const { keyId } = await createKey(kms)
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }))
    clock.advance(7 * DAY)
    await expectAwsError(kms.send(new CancelKeyDeletionCommand({ KeyId: keyId })), notFoundKey(keyId))
  })
})

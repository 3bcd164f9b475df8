import {
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  ListAliasesCommand,
  ListKeysCommand,
  UpdateKeyDescriptionCommand,
} from '@aws-sdk/client-kms'
import { describe, expect, it } from 'vitest'
import { aliasArnOf } from '../../support/aws'
import { kmsClient } from '../../support/clients'
import { START } from '../../support/clock'
import { expectAwsError } from '../../support/errors'
import { createKey, KEY_ARN, notFoundAlias, notFoundKey } from '../../support/kms'
import { useMock } from '../../support/mock'

const { aws } = useMock({ timing: 'instant' })
const kms = kmsClient()

describe('CreateKey', () => {
  it('creates an enabled customer managed symmetric key with the default KeyMetadata', async () => {
    const { KeyMetadata: m } = await kms.send(new CreateKeyCommand({}))
    expect(m).toMatchObject({
      AWSAccountId: '123456789012',
      CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      Description: '',
      Enabled: true,
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
      KeyManager: 'CUSTOMER',
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyState: 'Enabled',
      KeyUsage: 'ENCRYPT_DECRYPT',
      MultiRegion: false,
      Origin: 'AWS_KMS',
    })
    expect(m!.KeyId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(m!.Arn).toMatch(KEY_ARN)
    expect(m!.Arn).toBe(`arn:aws:kms:us-east-1:123456789012:key/${m!.KeyId}`)
    expect(m!.CreationDate).toBeInstanceOf(Date)
    expect(m!.CreationDate!.getTime()).toBe(START)
    expect(m!.DeletionDate).toBeUndefined()
    expect(m!.SigningAlgorithms).toBeUndefined()
  })

  it('keeps the Description it was given', async () => {
    const { KeyMetadata: m } = await kms.send(new CreateKeyCommand({ Description: 'orders key' }))
    expect(m!.Description).toBe('orders key')
    expect(aws.kms.keys()).toMatchObject([{ keyId: m!.KeyId, description: 'orders key', keyManager: 'CUSTOMER', state: 'Enabled' }])
  })

  it('gives every key a new KeyId', async () => {
    const a = await createKey(kms)
    const b = await createKey(kms)
    expect(a.keyId).not.toBe(b.keyId)
  })

  it('creates an RSA_2048 SIGN_VERIFY key that lists signing algorithms and no encryption algorithms', async () => {
    const { KeyMetadata: m } = await kms.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }))
    expect(m).toMatchObject({ KeySpec: 'RSA_2048', CustomerMasterKeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY', KeyState: 'Enabled' })
    expect(m!.SigningAlgorithms).toEqual(expect.arrayContaining(['RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PSS_SHA_256']))
    expect(m!.EncryptionAlgorithms).toBeUndefined()
  })

  it('creates an HMAC_256 key with KeyUsage GENERATE_VERIFY_MAC and lists its MAC algorithm', async () => {
    const { KeyMetadata: m } = await kms.send(new CreateKeyCommand({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }))
    expect(m).toMatchObject({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC', MacAlgorithms: ['HMAC_SHA_256'] })
    expect(m!.EncryptionAlgorithms).toBeUndefined()
  })

  it('rejects an HMAC_256 key without KeyUsage GENERATE_VERIFY_MAC with ValidationException and creates nothing', async () => {
    await expectAwsError(kms.send(new CreateKeyCommand({ KeySpec: 'HMAC_256' })), { name: 'ValidationException', status: 400 })
    await expectAwsError(kms.send(new CreateKeyCommand({ KeySpec: 'HMAC_256', KeyUsage: 'ENCRYPT_DECRYPT' })), {
      name: 'ValidationException',
      status: 400,
    })
    expect(aws.kms.keys()).toEqual([])
  })

  it('rejects a SYMMETRIC_DEFAULT key with KeyUsage SIGN_VERIFY with ValidationException', async () => {
    await expectAwsError(kms.send(new CreateKeyCommand({ KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'SIGN_VERIFY' })), {
      name: 'ValidationException',
      status: 400,
    })
  })

  it('treats CustomerMasterKeySpec as the deprecated name of KeySpec', async () => {
    const { KeyMetadata: m } = await kms.send(new CreateKeyCommand({ CustomerMasterKeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' }))
    expect(m).toMatchObject({ KeySpec: 'RSA_2048', CustomerMasterKeySpec: 'RSA_2048' })
    expect(m!.EncryptionAlgorithms).toEqual(['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'])
  })
})

describe('DescribeKey', () => {
  it('finds a key by key id, key ARN, alias name and alias ARN', async () => {
    const { keyId, arn } = await createKey(kms)
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/orders', TargetKeyId: keyId }))
    for (const id of [keyId, arn, 'alias/orders', aliasArnOf('alias/orders')]) {
      const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: id }))
      expect(KeyMetadata!.KeyId).toBe(keyId)
      expect(KeyMetadata!.Arn).toBe(arn)
    }
  })

  it('returns NotFoundException naming the key ARN for an unknown key id', async () => {
    const missing = '0a1b2c3d-1111-2222-3333-444455556666'
    await expectAwsError(kms.send(new DescribeKeyCommand({ KeyId: missing })), notFoundKey(missing))
  })

  it('returns NotFoundException naming the key ARN for an unknown key ARN', async () => {
    const missing = '0a1b2c3d-1111-2222-3333-444455556666'
    await expectAwsError(
      kms.send(new DescribeKeyCommand({ KeyId: `arn:aws:kms:us-east-1:123456789012:key/${missing}` })),
      notFoundKey(missing),
    )
  })

  it('returns NotFoundException naming the alias ARN for an unknown alias', async () => {
    await expectAwsError(kms.send(new DescribeKeyCommand({ KeyId: 'alias/x' })), {
      name: 'NotFoundException',
      message: 'Alias arn:aws:kms:us-east-1:123456789012:alias/x is not found.',
      status: 400,
    })
    await expectAwsError(kms.send(new DescribeKeyCommand({ KeyId: aliasArnOf('alias/x') })), notFoundAlias('alias/x'))
  })

  it('creates the AWS managed key the first time alias/aws/firehose is described, and returns the same key afterwards', async () => {
    const before = await kms.send(new ListAliasesCommand({}))
    const listed = before.Aliases!.find((a) => a.AliasName === 'alias/aws/firehose')
    expect(listed).toBeDefined()
    expect(listed!.TargetKeyId).toBeUndefined()
    expect(aws.kms.keys()).toEqual([])

    const first = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/firehose' }))
    expect(first.KeyMetadata).toMatchObject({
      KeyManager: 'AWS',
      KeyState: 'Enabled',
      Enabled: true,
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyUsage: 'ENCRYPT_DECRYPT',
      Origin: 'AWS_KMS',
    })
    expect(first.KeyMetadata!.Arn).toMatch(KEY_ARN)
    const again = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/firehose' }))
    expect(again.KeyMetadata!.KeyId).toBe(first.KeyMetadata!.KeyId)

    const after = await kms.send(new ListAliasesCommand({}))
    expect(after.Aliases!.find((a) => a.AliasName === 'alias/aws/firehose')!.TargetKeyId).toBe(first.KeyMetadata!.KeyId)
    expect(aws.kms.keys()).toMatchObject([{ keyId: first.KeyMetadata!.KeyId, keyManager: 'AWS', aliases: ['alias/aws/firehose'] }])
  })
})

describe('ListKeys', () => {
  it('lists every key as KeyId and KeyArn, not truncated', async () => {
    const a = await createKey(kms)
    const b = await createKey(kms)
    const out = await kms.send(new ListKeysCommand({}))
    expect(out.Keys).toEqual([
      { KeyId: a.keyId, KeyArn: a.arn },
      { KeyId: b.keyId, KeyArn: b.arn },
    ])
    expect(out.Truncated).toBe(false)
    expect(out.NextMarker).toBeUndefined()
  })

  it('pages with Limit and Marker: Truncated with a NextMarker until the last page', async () => {
    const created: string[] = []
    for (let i = 0; i < 5; i++) created.push((await createKey(kms)).keyId)
    const seen: string[] = []
    let marker: string | undefined
    const pages: boolean[] = []
    do {
      const out = await kms.send(new ListKeysCommand({ Limit: 2, Marker: marker }))
      expect(out.Keys!.length).toBeLessThanOrEqual(2)
      seen.push(...out.Keys!.map((k) => k.KeyId!))
      pages.push(out.Truncated!)
      if (out.Truncated) expect(typeof out.NextMarker).toBe('string')
      else expect(out.NextMarker).toBeUndefined()
      marker = out.NextMarker
    } while (marker)
    expect(pages).toEqual([true, true, false])
    expect(seen).toEqual(created)
  })

  it('returns InvalidMarkerException for a Marker it did not issue', async () => {
    await createKey(kms)
    await expectAwsError(kms.send(new ListKeysCommand({ Marker: 'not-a-marker' })), { name: 'InvalidMarkerException', status: 400 })
    // The form of the mock's own markers, without an offset: not read as the first page.
    await expectAwsError(kms.send(new ListKeysCommand({ Marker: btoa('fhmsw:') })), { name: 'InvalidMarkerException', status: 400 })
  })

  it('returns an empty list when the region has no keys', async () => {
    const out = await kms.send(new ListKeysCommand({}))
    expect(out.Keys).toEqual([])
    expect(out.Truncated).toBe(false)
  })
})

describe('EnableKey and DisableKey', () => {
  it('DisableKey sets Enabled false and KeyState Disabled; EnableKey brings Enabled back', async () => {
    const { keyId, arn } = await createKey(kms)
    await kms.send(new DisableKeyCommand({ KeyId: keyId }))
    let m = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!
    expect(m.Enabled).toBe(false)
    expect(m.KeyState).toBe('Disabled')
    expect(aws.kms.keys()[0]!.state).toBe('Disabled')

    await kms.send(new EnableKeyCommand({ KeyId: arn }))
    m = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!
    expect(m.Enabled).toBe(true)
    expect(m.KeyState).toBe('Enabled')
  })

  it('disabling an already disabled key and enabling an enabled key both succeed', async () => {
    const { keyId } = await createKey(kms)
    await kms.send(new EnableKeyCommand({ KeyId: keyId }))
    await kms.send(new DisableKeyCommand({ KeyId: keyId }))
    await kms.send(new DisableKeyCommand({ KeyId: keyId }))
    expect(aws.kms.keys()[0]!.state).toBe('Disabled')
  })

  it('returns NotFoundException for an unknown key', async () => {
    const missing = 'ffffffff-1111-2222-3333-444455556666'
    await expectAwsError(kms.send(new DisableKeyCommand({ KeyId: missing })), notFoundKey(missing))
    await expectAwsError(kms.send(new EnableKeyCommand({ KeyId: missing })), notFoundKey(missing))
  })
})

describe('UpdateKeyDescription', () => {
  it('replaces the description DescribeKey shows', async () => {
    const { keyId } = await createKey(kms, { Description: 'old' })
    await kms.send(new UpdateKeyDescriptionCommand({ KeyId: keyId, Description: 'new' }))
    expect((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.Description).toBe('new')
  })
})

describe('model constraints on key inputs', () => {
  it('DescribeKey answers NotFoundException "Invalid keyId" for a KeyId that is no key id, ARN or alias', async () => {
    await expectAwsError(kms.send(new DescribeKeyCommand({ KeyId: 'not-a-key' })), {
      name: 'NotFoundException',
      message: 'Invalid keyId not-a-key',
      status: 400,
    })
  })

  it('ListKeys answers ValidationException for Limit 0 or 1001', async () => {
    for (const Limit of [0, 1001]) {
      await expectAwsError(kms.send(new ListKeysCommand({ Limit })), { name: 'ValidationException', status: 400 })
    }
  })

  it('CreateKey answers ValidationException for a Description above 8,192 characters', async () => {
    await expectAwsError(kms.send(new CreateKeyCommand({ Description: 'd'.repeat(8193) })), { name: 'ValidationException', status: 400 })
    expect(aws.kms.keys()).toEqual([])
  })
})

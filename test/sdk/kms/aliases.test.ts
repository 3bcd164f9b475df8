import {
  CreateAliasCommand,
  DecryptCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  ListAliasesCommand,
  ScheduleKeyDeletionCommand,
  UpdateAliasCommand,
  type ListAliasesCommandOutput,
} from '@aws-sdk/client-kms'
import { describe, expect, it } from 'vitest'
import { aliasArnOf } from '../../support/aws'
import { bytes, decode } from '../../support/bytes'
import { kmsClient } from '../../support/clients'
import { START } from '../../support/clock'
import { expectAwsError } from '../../support/errors'
import { createKey, notFoundAlias, notFoundKey, pendingDeletion } from '../../support/kms'
import { useMock } from '../../support/mock'

const { aws, clock } = useMock({ timing: 'instant' })
const kms = kmsClient()

const createAlias = (AliasName: string, TargetKeyId: string) => kms.send(new CreateAliasCommand({ AliasName, TargetKeyId }))
const customerAliases = async (KeyId?: string) =>
  (await kms.send(new ListAliasesCommand({ KeyId }))).Aliases!.filter((a) => !a.AliasName!.startsWith('alias/aws/'))

describe('CreateAlias', () => {
  it('points a new alias at a key; ListAliases shows its name, ARN, target and dates', async () => {
    const { keyId } = await createKey(kms)
    await createAlias('alias/orders', keyId)
    const [entry] = await customerAliases()
    expect(entry).toEqual({
      AliasName: 'alias/orders',
      AliasArn: 'arn:aws:kms:us-east-1:123456789012:alias/orders',
      TargetKeyId: keyId,
      CreationDate: new Date(START),
      LastUpdatedDate: new Date(START),
    })
    expect(aws.kms.keys()[0]!.aliases).toEqual(['alias/orders'])
  })

  it('accepts a key ARN as TargetKeyId and allows several aliases for one key', async () => {
    const { keyId, arn } = await createKey(kms)
    await createAlias('alias/a', arn)
    await createAlias('alias/b', keyId)
    expect((await customerAliases()).map((a) => a.AliasName)).toEqual(['alias/a', 'alias/b'])
    expect(aws.kms.keys()[0]!.aliases.sort()).toEqual(['alias/a', 'alias/b'])
  })

  it('rejects a name without the alias/ prefix with ValidationException and AWS’s message', async () => {
    const { keyId } = await createKey(kms)
    await expectAwsError(createAlias('orders', keyId), {
      name: 'ValidationException',
      message: 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
      status: 400,
    })
    expect(aws.kms.keys()[0]!.aliases).toEqual([])
  })

  it('rejects a name that contains ":" with ValidationException, though the model pattern allows it', async () => {
    const { keyId } = await createKey(kms)
    await expectAwsError(createAlias('alias/Service:Test', keyId), {
      name: 'ValidationException',
      message: 'alias/Service:Test contains invalid characters for an alias',
      status: 400,
    })
  })

  it('refuses the reserved alias/aws/ prefix with NotAuthorizedException, which has no message', async () => {
    const { keyId } = await createKey(kms)
    await expectAwsError(createAlias('alias/aws/mine', keyId), { name: 'NotAuthorizedException', status: 400 })
    const raw = await fetch('https://kms.us-east-1.amazonaws.com/', {
      method: 'POST',
      headers: { 'X-Amz-Target': 'TrentService.CreateAlias', 'content-type': 'application/x-amz-json-1.1' },
      body: JSON.stringify({ AliasName: 'alias/aws/mine', TargetKeyId: keyId }),
    })
    expect(await raw.json()).toEqual({ __type: 'NotAuthorizedException' })
    expect(aws.kms.keys()[0]!.aliases).toEqual([])
  })

  it('returns AlreadyExistsException for a name already in use, even for another key', async () => {
    const a = await createKey(kms)
    const b = await createKey(kms)
    await createAlias('alias/orders', a.keyId)
    await expectAwsError(createAlias('alias/orders', b.keyId), { name: 'AlreadyExistsException', status: 400 })
    await expectAwsError(createAlias('alias/orders', a.keyId), { name: 'AlreadyExistsException', status: 400 })
    expect((await kms.send(new DescribeKeyCommand({ KeyId: 'alias/orders' }))).KeyMetadata!.KeyId).toBe(a.keyId)
  })

  it('returns NotFoundException for an unknown target key', async () => {
    const missing = '12345678-1111-2222-3333-444455556666'
    await expectAwsError(createAlias('alias/orders', missing), notFoundKey(missing))
  })
})

describe('UpdateAlias', () => {
  it('moves an alias to another key and updates LastUpdatedDate', async () => {
    const a = await createKey(kms)
    const b = await createKey(kms)
    await createAlias('alias/current', a.keyId)
    clock.advance(60_000)
    await kms.send(new UpdateAliasCommand({ AliasName: 'alias/current', TargetKeyId: b.keyId }))
    expect((await kms.send(new DescribeKeyCommand({ KeyId: 'alias/current' }))).KeyMetadata!.KeyId).toBe(b.keyId)
    const [entry] = await customerAliases()
    expect(entry!.TargetKeyId).toBe(b.keyId)
    expect(entry!.CreationDate).toEqual(new Date(START))
    expect(entry!.LastUpdatedDate).toEqual(new Date(START + 60_000))
  })

  it('returns NotFoundException for an alias that does not exist', async () => {
    const { keyId } = await createKey(kms)
    await expectAwsError(kms.send(new UpdateAliasCommand({ AliasName: 'alias/ghost', TargetKeyId: keyId })), notFoundAlias('alias/ghost'))
  })

  it('refuses a new target of a different key type and usage with ValidationException', async () => {
    const symmetric = await createKey(kms)
    const signing = await createKey(kms, { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' })
    await createAlias('alias/current', symmetric.keyId)
    await expectAwsError(kms.send(new UpdateAliasCommand({ AliasName: 'alias/current', TargetKeyId: signing.keyId })), {
      name: 'ValidationException',
      status: 400,
    })
  })

  it('may move an alias away from a key pending deletion, but not onto one', async () => {
    const old = await createKey(kms)
    const fresh = await createKey(kms)
    await createAlias('alias/current', old.keyId)
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: old.keyId }))
    await kms.send(new UpdateAliasCommand({ AliasName: 'alias/current', TargetKeyId: fresh.keyId }))

    await createAlias('alias/other', fresh.keyId)
    const doomed = await createKey(kms)
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: doomed.keyId }))
    await expectAwsError(
      kms.send(new UpdateAliasCommand({ AliasName: 'alias/other', TargetKeyId: doomed.keyId })),
      pendingDeletion(doomed.arn),
    )
  })
})

describe('DeleteAlias', () => {
  it('refuses a name without the alias/ prefix as CreateAlias does, not as an unknown alias', async () => {
    await expectAwsError(kms.send(new DeleteAliasCommand({ AliasName: 'orders' })), {
      name: 'ValidationException',
      message: 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
      status: 400,
    })
  })

  it('deletes the alias and leaves the key', async () => {
    const { keyId } = await createKey(kms)
    await createAlias('alias/orders', keyId)
    await kms.send(new DeleteAliasCommand({ AliasName: 'alias/orders' }))
    expect(await customerAliases()).toEqual([])
    await expectAwsError(kms.send(new DescribeKeyCommand({ KeyId: 'alias/orders' })), notFoundAlias('alias/orders'))
    expect((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyState).toBe('Enabled')
  })

  it('returns NotFoundException for an alias that does not exist', async () => {
    await expectAwsError(kms.send(new DeleteAliasCommand({ AliasName: 'alias/ghost' })), notFoundAlias('alias/ghost'))
  })

  it('frees the name for a new alias', async () => {
    const a = await createKey(kms)
    const b = await createKey(kms)
    await createAlias('alias/orders', a.keyId)
    await kms.send(new DeleteAliasCommand({ AliasName: 'alias/orders' }))
    await createAlias('alias/orders', b.keyId)
    expect((await kms.send(new DescribeKeyCommand({ KeyId: 'alias/orders' }))).KeyMetadata!.KeyId).toBe(b.keyId)
  })
})

describe('ListAliases', () => {
  it('includes the predefined AWS managed aliases, without a TargetKeyId before their keys exist', async () => {
    const out = await kms.send(new ListAliasesCommand({}))
    const managed = out.Aliases!.filter((a) => a.AliasName!.startsWith('alias/aws/'))
    expect(managed.map((a) => a.AliasName)).toEqual(expect.arrayContaining(['alias/aws/firehose', 'alias/aws/s3', 'alias/aws/ebs']))
    for (const entry of managed) {
      expect(entry.AliasArn).toBe(aliasArnOf(entry.AliasName!))
      expect(entry.TargetKeyId).toBeUndefined()
    }
  })

  it('filters by KeyId (key id or ARN) to the aliases of that key only', async () => {
    const a = await createKey(kms)
    const b = await createKey(kms)
    await createAlias('alias/a1', a.keyId)
    await createAlias('alias/a2', a.keyId)
    await createAlias('alias/b1', b.keyId)
    const ofA = await kms.send(new ListAliasesCommand({ KeyId: a.keyId }))
    expect(ofA.Aliases!.map((x) => x.AliasName)).toEqual(['alias/a1', 'alias/a2'])
    expect(ofA.Truncated).toBe(false)
    const ofB = await kms.send(new ListAliasesCommand({ KeyId: b.arn }))
    expect(ofB.Aliases!.map((x) => x.AliasName)).toEqual(['alias/b1'])
    const none = await kms.send(new ListAliasesCommand({ KeyId: (await createKey(kms)).keyId }))
    expect(none.Aliases).toEqual([])
  })

  it('returns NotFoundException when the KeyId filter names an unknown key', async () => {
    const missing = '87654321-1111-2222-3333-444455556666'
    await expectAwsError(kms.send(new ListAliasesCommand({ KeyId: missing })), notFoundKey(missing))
  })

  it('pages with Limit and Marker through every alias exactly once', async () => {
    const { keyId } = await createKey(kms)
    for (let i = 0; i < 5; i++) await createAlias(`alias/page-${i}`, keyId)
    const seen: string[] = []
    let marker: string | undefined
    let pages = 0
    do {
      const out = await kms.send(new ListAliasesCommand({ KeyId: keyId, Limit: 2, Marker: marker }))
      pages++
      seen.push(...out.Aliases!.map((a) => a.AliasName!))
      expect(out.Truncated).toBe(out.NextMarker !== undefined)
      marker = out.NextMarker
    } while (marker)
    expect(pages).toBe(3)
    expect(seen).toEqual(['alias/page-0', 'alias/page-1', 'alias/page-2', 'alias/page-3', 'alias/page-4'])

    // Unfiltered, the pages cover the customer aliases and the predefined AWS ones, without repeats.
    const all: string[] = []
    marker = undefined
    do {
      const out: ListAliasesCommandOutput = await kms.send(new ListAliasesCommand({ Limit: 4, Marker: marker }))
      all.push(...out.Aliases!.map((a) => a.AliasName!))
      marker = out.NextMarker
    } while (marker)
    expect(new Set(all).size).toBe(all.length)
    expect(all).toEqual(expect.arrayContaining([...seen, 'alias/aws/firehose']))
  })

  it('returns InvalidMarkerException for a Marker it did not issue', async () => {
    await expectAwsError(kms.send(new ListAliasesCommand({ Marker: 'bogus' })), { name: 'InvalidMarkerException', status: 400 })
  })
})

describe('aliases in cryptographic operations', () => {
  it('Encrypt accepts an alias name or alias ARN and answers with the key ARN; Decrypt needs no KeyId', async () => {
    const { keyId, arn } = await createKey(kms)
    await createAlias('alias/orders', keyId)
    for (const id of ['alias/orders', aliasArnOf('alias/orders')]) {
      const out = await kms.send(new EncryptCommand({ KeyId: id, Plaintext: bytes('via alias') }))
      expect(out.KeyId).toBe(arn)
      const back = await kms.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob }))
      expect(back.KeyId).toBe(arn)
      expect(decode(back.Plaintext)).toBe('via alias')
    }
  })

  it('Decrypt accepts the alias as KeyId for a ciphertext of the aliased key', async () => {
    const { keyId, arn } = await createKey(kms)
    await createAlias('alias/orders', keyId)
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x') }))
    const back = await kms.send(new DecryptCommand({ CiphertextBlob, KeyId: 'alias/orders' }))
    expect(back.KeyId).toBe(arn)
  })

  it('GenerateDataKey accepts an alias', async () => {
    const { keyId, arn } = await createKey(kms)
    await createAlias('alias/orders', keyId)
    const out = await kms.send(new GenerateDataKeyCommand({ KeyId: 'alias/orders', KeySpec: 'AES_256' }))
    expect(out.KeyId).toBe(arn)
  })

  it('Encrypt with an unknown alias returns NotFoundException naming the alias ARN', async () => {
    await expectAwsError(kms.send(new EncryptCommand({ KeyId: 'alias/ghost', Plaintext: bytes('x') })), notFoundAlias('alias/ghost'))
  })
})

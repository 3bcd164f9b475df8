import {
  CreateAliasCommand,
  CreateGrantCommand,
  DisableKeyCommand,
  ListGrantsCommand,
  ListRetirableGrantsCommand,
  RetireGrantCommand,
  RevokeGrantCommand,
  type CreateGrantCommandInput,
} from '@aws-sdk/client-kms'
import { describe, expect, it } from 'vitest'
import { aliasArnOf, FIREHOSE_PRINCIPAL } from '../../support/aws'
import { kmsClient } from '../../support/clients'
import { START } from '../../support/clock'
import { expectAwsError } from '../../support/errors'
import { createKey, disabled, notFoundKey } from '../../support/kms'
import { useMock } from '../../support/mock'

const { aws } = useMock({ timing: 'instant' })
const kms = kmsClient()

const RETIRER = 'arn:aws:iam::123456789012:role/retirer'
const GRANT_ID = /^[0-9a-f]{64}$/

const createGrant = (input: Partial<CreateGrantCommandInput> & { KeyId: string }) =>
  kms.send(new CreateGrantCommand({ GranteePrincipal: FIREHOSE_PRINCIPAL, Operations: ['Encrypt', 'GenerateDataKey'], ...input }))

const dryRun = { name: 'DryRunOperationException', message: 'The request would have succeeded, but the DryRun option is set.', status: 400 }

describe('CreateGrant', () => {
  it('returns a 64-hex GrantId and an opaque GrantToken; ListGrants shows the grant with the key ARN', async () => {
    const { keyId, arn } = await createKey(kms)
    const out = await createGrant({ KeyId: keyId, RetiringPrincipal: RETIRER, Name: 'firehose-grant' })
    expect(out.GrantId).toMatch(GRANT_ID)
    expect(typeof out.GrantToken).toBe('string')
    expect(out.GrantToken!.length).toBeGreaterThan(0)

    const { Grants, Truncated } = await kms.send(new ListGrantsCommand({ KeyId: keyId }))
    expect(Truncated).toBe(false)
    expect(Grants).toEqual([
      {
        KeyId: arn,
        GrantId: out.GrantId,
        Name: 'firehose-grant',
        CreationDate: new Date(START),
        GranteePrincipal: FIREHOSE_PRINCIPAL,
        RetiringPrincipal: RETIRER,
        IssuingAccount: 'arn:aws:iam::123456789012:root',
        Operations: ['Encrypt', 'GenerateDataKey'],
      },
    ])
    expect(aws.kms.grants(arn)).toMatchObject([
      { grantId: out.GrantId, keyArn: arn, name: 'firehose-grant', granteePrincipal: FIREHOSE_PRINCIPAL, createdAt: START },
    ])
  })

  it('stores Constraints and shows them in ListGrants', async () => {
    const { keyId } = await createKey(kms)
    const Constraints = { EncryptionContextSubset: { stream: 'orders' } }
    await createGrant({ KeyId: keyId, Constraints })
    const { Grants } = await kms.send(new ListGrantsCommand({ KeyId: keyId }))
    expect(Grants![0]!.Constraints).toEqual(Constraints)
  })

  it('returns the same GrantId, with a new token, for the same Name and identical parameters', async () => {
    const { keyId } = await createKey(kms)
    const first = await createGrant({ KeyId: keyId, Name: 'same' })
    const second = await createGrant({ KeyId: keyId, Name: 'same', Operations: ['GenerateDataKey', 'Encrypt'] })
    expect(second.GrantId).toBe(first.GrantId)
    expect(second.GrantToken).not.toBe(first.GrantToken)
    expect(aws.kms.grants(keyId)).toHaveLength(1)
  })

  it('makes a new grant for the same Name with different parameters, and for every call without a Name', async () => {
    const { keyId } = await createKey(kms)
    const a = await createGrant({ KeyId: keyId, Name: 'same' })
    const b = await createGrant({ KeyId: keyId, Name: 'same', Operations: ['Decrypt'] })
    const c = await createGrant({ KeyId: keyId })
    const d = await createGrant({ KeyId: keyId })
    expect(new Set([a.GrantId, b.GrantId, c.GrantId, d.GrantId]).size).toBe(4)
    expect(aws.kms.grants(keyId)).toHaveLength(4)
  })

  it('accepts the key ARN', async () => {
    const { arn } = await createKey(kms)
    const out = await createGrant({ KeyId: arn })
    expect(out.GrantId).toMatch(GRANT_ID)
  })

  it('refuses an alias name or alias ARN with InvalidArnException "Key Aliases are not supported for this operation."', async () => {
    const { keyId } = await createKey(kms)
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/orders', TargetKeyId: keyId }))
    for (const KeyId of ['alias/orders', aliasArnOf('alias/orders')]) {
      await expectAwsError(createGrant({ KeyId }), {
        name: 'InvalidArnException',
        message: 'Key Aliases are not supported for this operation.',
        status: 400,
      })
    }
    expect(aws.kms.grants()).toEqual([])
  })

  it('refuses a disabled key with DisabledException "<arn> is disabled."', async () => {
    const { keyId, arn } = await createKey(kms)
    await kms.send(new DisableKeyCommand({ KeyId: keyId }))
    await expectAwsError(createGrant({ KeyId: keyId }), disabled(arn))
    expect(aws.kms.grants()).toEqual([])
  })

  it('refuses operations that are not valid for the key type with ValidationException', async () => {
    const hmac = await createKey(kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })
    await expectAwsError(createGrant({ KeyId: hmac.keyId, Operations: ['Encrypt'] }), { name: 'ValidationException', status: 400 })
    const symmetric = await createKey(kms)
    await expectAwsError(createGrant({ KeyId: symmetric.keyId, Operations: ['Sign'] }), { name: 'ValidationException', status: 400 })
    expect(aws.kms.grants()).toEqual([])
    const ok = await createGrant({ KeyId: hmac.keyId, Operations: ['GenerateMac', 'VerifyMac'] })
    expect(ok.GrantId).toMatch(GRANT_ID)
  })

  it('answers DryRun with DryRunOperationException (400, as AWS answers it) and creates no grant', async () => {
    const { keyId } = await createKey(kms)
    await expectAwsError(createGrant({ KeyId: keyId, DryRun: true }), dryRun)
    expect(aws.kms.grants()).toEqual([])
  })

  it('answers a DryRun that would fail with the real error, not DryRunOperationException', async () => {
    const hmac = await createKey(kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })
    await expectAwsError(createGrant({ KeyId: hmac.keyId, Operations: ['Encrypt'], DryRun: true }), {
      name: 'ValidationException',
      status: 400,
    })
    const off = await createKey(kms)
    await kms.send(new DisableKeyCommand({ KeyId: off.keyId }))
    await expectAwsError(createGrant({ KeyId: off.keyId, DryRun: true }), disabled(off.arn))
  })

  it('returns NotFoundException for an unknown key', async () => {
    const missing = 'cafebabe-1111-2222-3333-444455556666'
    await expectAwsError(createGrant({ KeyId: missing }), notFoundKey(missing))
  })
})

describe('ListGrants', () => {
  it('filters by GrantId and GranteePrincipal', async () => {
    const { keyId } = await createKey(kms)
    const a = await createGrant({ KeyId: keyId })
    await createGrant({ KeyId: keyId, GranteePrincipal: 'arn:aws:iam::123456789012:role/app' })
    const byId = await kms.send(new ListGrantsCommand({ KeyId: keyId, GrantId: a.GrantId }))
    expect(byId.Grants!.map((g) => g.GrantId)).toEqual([a.GrantId])
    const byGrantee = await kms.send(new ListGrantsCommand({ KeyId: keyId, GranteePrincipal: 'arn:aws:iam::123456789012:role/app' }))
    expect(byGrantee.Grants!.map((g) => g.GranteePrincipal)).toEqual(['arn:aws:iam::123456789012:role/app'])
  })

  it('lists only the grants of the key it names', async () => {
    const a = await createKey(kms)
    const b = await createKey(kms)
    await createGrant({ KeyId: a.keyId })
    await createGrant({ KeyId: b.keyId })
    expect((await kms.send(new ListGrantsCommand({ KeyId: a.keyId }))).Grants!.map((g) => g.KeyId)).toEqual([a.arn])
    expect(aws.kms.grants()).toHaveLength(2)
  })

  it('pages with Limit and Marker', async () => {
    const { keyId } = await createKey(kms)
    const ids: string[] = []
    for (let i = 0; i < 3; i++) ids.push((await createGrant({ KeyId: keyId })).GrantId!)
    const first = await kms.send(new ListGrantsCommand({ KeyId: keyId, Limit: 2 }))
    expect(first.Grants).toHaveLength(2)
    expect(first.Truncated).toBe(true)
    const second = await kms.send(new ListGrantsCommand({ KeyId: keyId, Limit: 2, Marker: first.NextMarker }))
    expect(second.Truncated).toBe(false)
    expect(second.NextMarker).toBeUndefined()
    expect([...first.Grants!, ...second.Grants!].map((g) => g.GrantId)).toEqual(ids)
  })

  it('returns InvalidGrantIdException for a GrantId filter that is not a grant id', async () => {
    const { keyId } = await createKey(kms)
    await expectAwsError(kms.send(new ListGrantsCommand({ KeyId: keyId, GrantId: 'nope' })), {
      name: 'InvalidGrantIdException',
      status: 400,
    })
  })
})

describe('ListRetirableGrants', () => {
  it('lists the grants naming the RetiringPrincipal, across keys', async () => {
    const a = await createKey(kms)
    const b = await createKey(kms)
    const ga = await createGrant({ KeyId: a.keyId, RetiringPrincipal: RETIRER })
    const gb = await createGrant({ KeyId: b.keyId, RetiringPrincipal: RETIRER })
    await createGrant({ KeyId: b.keyId })
    const out = await kms.send(new ListRetirableGrantsCommand({ RetiringPrincipal: RETIRER }))
    expect(out.Grants!.map((g) => g.GrantId).sort()).toEqual([ga.GrantId, gb.GrantId].sort())
    expect(out.Grants!.every((g) => g.RetiringPrincipal === RETIRER)).toBe(true)
    expect(out.Truncated).toBe(false)
  })
})

describe('RetireGrant and RevokeGrant', () => {
  it('RetireGrant with the GrantToken removes the grant', async () => {
    const { keyId } = await createKey(kms)
    const { GrantToken } = await createGrant({ KeyId: keyId, RetiringPrincipal: RETIRER })
    await kms.send(new RetireGrantCommand({ GrantToken }))
    expect((await kms.send(new ListGrantsCommand({ KeyId: keyId }))).Grants).toEqual([])
    expect(aws.kms.grants()).toEqual([])
  })

  it('RetireGrant with KeyId and GrantId removes only that grant', async () => {
    const { keyId, arn } = await createKey(kms)
    const a = await createGrant({ KeyId: keyId })
    const b = await createGrant({ KeyId: keyId })
    await kms.send(new RetireGrantCommand({ KeyId: arn, GrantId: a.GrantId }))
    expect(aws.kms.grants(keyId).map((g) => g.grantId)).toEqual([b.GrantId])
  })

  it('RetireGrant with an unknown token returns InvalidGrantTokenException', async () => {
    await expectAwsError(kms.send(new RetireGrantCommand({ GrantToken: 'not-a-token' })), {
      name: 'InvalidGrantTokenException',
      status: 400,
    })
  })

  it('RetireGrant with DryRun returns DryRunOperationException (400, as AWS answers it) and keeps the grant', async () => {
    const { keyId } = await createKey(kms)
    const { GrantToken } = await createGrant({ KeyId: keyId })
    await expectAwsError(kms.send(new RetireGrantCommand({ GrantToken, DryRun: true })), dryRun)
    expect(aws.kms.grants()).toHaveLength(1)
  })

  it('RevokeGrant removes the grant, and works on a disabled key', async () => {
    const { keyId } = await createKey(kms)
    const { GrantId } = await createGrant({ KeyId: keyId })
    await kms.send(new DisableKeyCommand({ KeyId: keyId }))
    await kms.send(new RevokeGrantCommand({ KeyId: keyId, GrantId }))
    expect((await kms.send(new ListGrantsCommand({ KeyId: keyId }))).Grants).toEqual([])
  })

  it('RevokeGrant with DryRun returns DryRunOperationException (400, as AWS answers it) and keeps the grant', async () => {
    const { keyId } = await createKey(kms)
    const { GrantId } = await createGrant({ KeyId: keyId })
    await expectAwsError(kms.send(new RevokeGrantCommand({ KeyId: keyId, GrantId, DryRun: true })), dryRun)
    expect(aws.kms.grants()).toHaveLength(1)
  })

  it('RevokeGrant of a grant id that is not a grant id returns InvalidGrantIdException', async () => {
    const { keyId } = await createKey(kms)
    await expectAwsError(kms.send(new RevokeGrantCommand({ KeyId: keyId, GrantId: 'xyz' })), {
      name: 'InvalidGrantIdException',
      status: 400,
    })
  })

  it('RevokeGrant of a grant that belongs to another key returns NotFoundException', async () => {
    const a = await createKey(kms)
    const b = await createKey(kms)
    const { GrantId } = await createGrant({ KeyId: a.keyId })
    await expectAwsError(kms.send(new RevokeGrantCommand({ KeyId: b.keyId, GrantId })), { name: 'NotFoundException', status: 400 })
    expect(aws.kms.grants()).toHaveLength(1)
  })
})

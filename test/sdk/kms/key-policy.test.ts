import { CreateKeyCommand, GetKeyPolicyCommand, ListKeyPoliciesCommand, PutKeyPolicyCommand } from '@aws-sdk/client-kms'
import { describe, expect, it } from 'vitest'
import { kmsClient } from '../../support/clients'
import { expectAwsError } from '../../support/errors'
import { createKey, notFoundKey } from '../../support/kms'
import { useMock } from '../../support/mock'

const { aws } = useMock({ timing: 'instant' })
const kms = kmsClient()

const policyOf = async (KeyId: string) => (await kms.send(new GetKeyPolicyCommand({ KeyId, PolicyName: 'default' }))).Policy!

const customPolicy = {
  Version: '2012-10-17',
  Id: 'custom',
  Statement: [
    { Sid: 'Key administrators', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*' },
    {
      Sid: 'Allow Firehose',
      Effect: 'Allow',
      Principal: { Service: 'firehose.amazonaws.com' },
      Action: ['kms:Encrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
    },
  ],
}

describe('GetKeyPolicy', () => {
  it('returns the default key policy, which lets the account root do kms:* on the key', async () => {
    const { keyId } = await createKey(kms)
    const out = await kms.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }))
    expect(out.PolicyName).toBe('default')
    const policy = JSON.parse(out.Policy!)
    expect(policy.Version).toBe('2012-10-17')
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::123456789012:root' },
        Action: 'kms:*',
        Resource: '*',
      }),
    ])
  })

  it('works without a PolicyName and with the key ARN', async () => {
    const { arn } = await createKey(kms)
    const out = await kms.send(new GetKeyPolicyCommand({ KeyId: arn }))
    expect(JSON.parse(out.Policy!).Statement[0].Action).toBe('kms:*')
  })

  it('returns the policy CreateKey was given', async () => {
    const { keyId } = await createKey(kms, { Policy: JSON.stringify(customPolicy) })
    expect(JSON.parse(await policyOf(keyId))).toEqual(customPolicy)
  })

  it('returns NotFoundException for an unknown key', async () => {
    const missing = '01234567-89ab-cdef-0123-456789abcdef'
    await expectAwsError(kms.send(new GetKeyPolicyCommand({ KeyId: missing, PolicyName: 'default' })), notFoundKey(missing))
  })
})

describe('PutKeyPolicy', () => {
  it('replaces the key policy that GetKeyPolicy returns and the inspection API shows', async () => {
    const { keyId } = await createKey(kms)
    const document = JSON.stringify(customPolicy)
    await kms.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default', Policy: document }))
    expect(JSON.parse(await policyOf(keyId))).toEqual(customPolicy)
    expect(JSON.parse(aws.kms.keys()[0]!.policy)).toEqual(customPolicy)
  })

  it('rejects a policy that is not JSON with MalformedPolicyDocumentException and keeps the old policy', async () => {
    const { keyId } = await createKey(kms)
    const before = await policyOf(keyId)
    await expectAwsError(kms.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default', Policy: '{ not json' })), {
      name: 'MalformedPolicyDocumentException',
      status: 400,
    })
    expect(await policyOf(keyId)).toBe(before)
  })

  it('rejects a policy without statements with MalformedPolicyDocumentException', async () => {
    const { keyId } = await createKey(kms)
    await expectAwsError(
      kms.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default', Policy: '{"Version":"2012-10-17","Statement":[]}' })),
      { name: 'MalformedPolicyDocumentException', status: 400 },
    )
  })

  it('makes CreateKey fail with MalformedPolicyDocumentException for a policy that is not JSON, creating no key', async () => {
    await expectAwsError(kms.send(new CreateKeyCommand({ Policy: 'nope' })), { name: 'MalformedPolicyDocumentException', status: 400 })
    expect(aws.kms.keys()).toEqual([])
  })

  it('rejects a policy above 32 KB with LimitExceededException', async () => {
    const { keyId } = await createKey(kms)
    const big = JSON.stringify({ ...customPolicy, Id: 'x'.repeat(33_000) })
    await expectAwsError(kms.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default', Policy: big })), {
      name: 'LimitExceededException',
      status: 400,
    })
  })
})

describe('ListKeyPolicies', () => {
  it('lists the single policy name "default"', async () => {
    const { keyId } = await createKey(kms)
    const out = await kms.send(new ListKeyPoliciesCommand({ KeyId: keyId }))
    expect(out.PolicyNames).toEqual(['default'])
    expect(out.Truncated).toBe(false)
  })

  it('returns NotFoundException for an unknown key', async () => {
    const missing = '01234567-89ab-cdef-0123-456789abcdef'
    await expectAwsError(kms.send(new ListKeyPoliciesCommand({ KeyId: missing })), notFoundKey(missing))
  })
})

import {
  CreateGrantCommand,
  DecryptCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  EnableKeyCommand,
  EncryptCommand,
  GetKeyPolicyCommand,
  ListAliasesCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  PutKeyPolicyCommand,
} from '@aws-sdk/client-kms'
import { describe, expect, it } from 'vitest'
import { createFirehoseMock, FirehoseMswError, type Fixture, type KeyFixture } from '../../../src'
import { keyArnOf } from '../../support/aws'
import { bytes, decode } from '../../support/bytes'
import { kmsClient } from '../../support/clients'
import { DAY, START } from '../../support/clock'
import { expectAwsError } from '../../support/errors'
import { createKey, disabled, notFoundKey } from '../../support/kms'
import { useMock } from '../../support/mock'

const FIREHOSE_KEY = '11111111-2222-4333-8444-555555555555'
const DISABLED_KEY = '22222222-3333-4444-8555-666666666666'
const PENDING_KEY = '33333333-4444-4555-8666-777777777777'
const WEST_KEY = '44444444-5555-4666-8777-888888888888'

const firehosePolicy = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*' },
    {
      Sid: 'firehose',
      Effect: 'Allow',
      Principal: { Service: 'firehose.amazonaws.com' },
      Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      Resource: '*',
    },
  ],
}

const seed: Fixture = {
  name: 'kms-keys',
  kms: {
    keys: [
      {
        keyId: FIREHOSE_KEY,
        description: 'key for the clickstream',
        aliases: ['alias/firehose-key', 'alias/clickstream'],
        policy: firehosePolicy,
        tags: { team: 'data' },
      },
      { keyId: DISABLED_KEY, state: 'Disabled', aliases: ['alias/disabled'] },
      { keyId: PENDING_KEY, state: 'PendingDeletion', pendingWindowInDays: 7 },
      { keyId: WEST_KEY, region: 'eu-west-1', aliases: ['alias/west'] },
    ],
  },
}

const { aws, clock } = useMock({ timing: 'instant', seed })
const kms = kmsClient()

describe('KMS key fixtures', () => {
  it('load with their fixed key ids, in fixture order, into the region they name', async () => {
    const { Keys } = await kms.send(new ListKeysCommand({}))
    expect(Keys).toEqual([
      { KeyId: FIREHOSE_KEY, KeyArn: keyArnOf(FIREHOSE_KEY) },
      { KeyId: DISABLED_KEY, KeyArn: keyArnOf(DISABLED_KEY) },
      { KeyId: PENDING_KEY, KeyArn: keyArnOf(PENDING_KEY) },
    ])
    const west = await kmsClient('eu-west-1').send(new ListKeysCommand({}))
    expect(west.Keys).toEqual([{ KeyId: WEST_KEY, KeyArn: keyArnOf(WEST_KEY, 'eu-west-1') }])
  })

  it('describe as enabled customer managed symmetric keys with the fixture description, reachable by alias', async () => {
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/firehose-key' }))
    expect(KeyMetadata).toMatchObject({
      KeyId: FIREHOSE_KEY,
      Arn: keyArnOf(FIREHOSE_KEY),
      Description: 'key for the clickstream',
      KeyManager: 'CUSTOMER',
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeyState: 'Enabled',
      Enabled: true,
    })
    expect((await kms.send(new DescribeKeyCommand({ KeyId: 'alias/clickstream' }))).KeyMetadata!.KeyId).toBe(FIREHOSE_KEY)
    const aliases = (await kms.send(new ListAliasesCommand({ KeyId: FIREHOSE_KEY }))).Aliases!.map((a) => a.AliasName)
    expect(aliases).toEqual(['alias/clickstream', 'alias/firehose-key'])
  })

  it('carry their policy object as the key policy document, and their tags', async () => {
    const { Policy } = await kms.send(new GetKeyPolicyCommand({ KeyId: FIREHOSE_KEY, PolicyName: 'default' }))
    expect(JSON.parse(Policy!)).toEqual(firehosePolicy)
    const { Tags } = await kms.send(new ListResourceTagsCommand({ KeyId: FIREHOSE_KEY }))
    expect(Tags).toEqual([{ TagKey: 'team', TagValue: 'data' }])
  })

  it('get the default key policy when they name none', async () => {
    const { Policy } = await kms.send(new GetKeyPolicyCommand({ KeyId: DISABLED_KEY, PolicyName: 'default' }))
    expect(JSON.parse(Policy!).Statement[0]).toMatchObject({ Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*' })
  })

  it('start Disabled when the fixture says so: Encrypt answers DisabledException', async () => {
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/disabled' }))
    expect(KeyMetadata).toMatchObject({ KeyState: 'Disabled', Enabled: false })
    await expectAwsError(kms.send(new EncryptCommand({ KeyId: 'alias/disabled', Plaintext: bytes('x') })), disabled(keyArnOf(DISABLED_KEY)))
  })

  it('start PendingDeletion with a DeletionDate pendingWindowInDays after load', async () => {
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: PENDING_KEY }))
    expect(KeyMetadata!.KeyState).toBe('PendingDeletion')
    expect(KeyMetadata!.DeletionDate!.getTime()).toBe(START + 7 * DAY)
  })

  it('are usable for Encrypt and Decrypt', async () => {
    const { CiphertextBlob, KeyId } = await kms.send(new EncryptCommand({ KeyId: 'alias/firehose-key', Plaintext: bytes('seeded') }))
    expect(KeyId).toBe(keyArnOf(FIREHOSE_KEY))
    expect(decode((await kms.send(new DecryptCommand({ CiphertextBlob }))).Plaintext)).toBe('seeded')
  })

  it('come back exactly as seeded after reset(), and what the test created is gone', async () => {
    await kms.send(new EnableKeyCommand({ KeyId: DISABLED_KEY }))
    await kms.send(new DeleteAliasCommand({ AliasName: 'alias/firehose-key' }))
    const extra = await createKey(kms)
    await kms.send(new CreateGrantCommand({ KeyId: FIREHOSE_KEY, GranteePrincipal: 'firehose.amazonaws.com', Operations: ['Encrypt'] }))
    // A policy that locks everyone out (past the lockout safety check), which reset() must undo too.
    const denyAll = JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*' }] })
    await kms.send(
      new PutKeyPolicyCommand({ KeyId: FIREHOSE_KEY, PolicyName: 'default', Policy: denyAll, BypassPolicyLockoutSafetyCheck: true }),
    )

    aws.reset()

    const keys = aws.kms.keys()
    expect(keys.map((k) => k.keyId)).toEqual([FIREHOSE_KEY, DISABLED_KEY, PENDING_KEY])
    expect(keys.find((k) => k.keyId === DISABLED_KEY)!.state).toBe('Disabled')
    expect(keys.find((k) => k.keyId === FIREHOSE_KEY)!.aliases.sort()).toEqual(['alias/clickstream', 'alias/firehose-key'])
    expect(JSON.parse(keys.find((k) => k.keyId === FIREHOSE_KEY)!.policy)).toEqual(firehosePolicy)
    expect(aws.kms.grants()).toEqual([])
    await expectAwsError(kms.send(new DescribeKeyCommand({ KeyId: extra.keyId })), notFoundKey(extra.keyId))
  })

  it('a seeded PendingDeletion key is deleted when its window passes on the clock', async () => {
    clock.advance(7 * DAY)
    await expectAwsError(kms.send(new DescribeKeyCommand({ KeyId: PENDING_KEY })), notFoundKey(PENDING_KEY))
    expect(aws.kms.keys().map((k) => k.keyId)).toEqual([FIREHOSE_KEY, DISABLED_KEY])
    // useMock's afterEach resets before it rewinds the clock, which would reload the seeds at START + 7 days.
    clock.set(START)
    aws.reset()
  })
})

describe('the inspection API', () => {
  it('aws.kms.keys() describes each key: id, ARN, state, manager, spec, usage, description, aliases, policy, tags', () => {
    const [first, second, third] = aws.kms.keys()
    expect(first).toEqual({
      keyId: FIREHOSE_KEY,
      arn: keyArnOf(FIREHOSE_KEY),
      state: 'Enabled',
      keyManager: 'CUSTOMER',
      keySpec: 'SYMMETRIC_DEFAULT',
      keyUsage: 'ENCRYPT_DECRYPT',
      description: 'key for the clickstream',
      aliases: expect.arrayContaining(['alias/firehose-key', 'alias/clickstream']),
      policy: expect.any(String),
      tags: { team: 'data' },
    })
    expect(second).toMatchObject({ keyId: DISABLED_KEY, state: 'Disabled', aliases: ['alias/disabled'], description: '', tags: {} })
    expect(third).toMatchObject({ keyId: PENDING_KEY, state: 'PendingDeletion', deletionDate: START + 7 * DAY, aliases: [] })
    expect(first!.deletionDate).toBeUndefined()
  })

  it('aws.kms.keys({ region }) reads another region', () => {
    expect(aws.kms.keys({ region: 'eu-west-1' })).toMatchObject([
      { keyId: WEST_KEY, arn: keyArnOf(WEST_KEY, 'eu-west-1'), aliases: ['alias/west'] },
    ])
    expect(aws.kms.keys({ region: 'ap-southeast-2' })).toEqual([])
  })

  it('aws.kms.grants() lists grants of one key, by id or ARN, or of all keys', async () => {
    const other = await createKey(kms)
    const a = await kms.send(
      new CreateGrantCommand({
        KeyId: FIREHOSE_KEY,
        GranteePrincipal: 'firehose.amazonaws.com',
        RetiringPrincipal: 'arn:aws:iam::123456789012:role/r',
        Operations: ['GenerateDataKey'],
        Constraints: { EncryptionContextEquals: { a: 'b' } },
        Name: 'g',
      }),
    )
    await kms.send(new CreateGrantCommand({ KeyId: other.keyId, GranteePrincipal: 'firehose.amazonaws.com', Operations: ['Decrypt'] }))
    const byId = aws.kms.grants(FIREHOSE_KEY)
    expect(byId).toEqual([
      {
        grantId: a.GrantId,
        keyArn: keyArnOf(FIREHOSE_KEY),
        name: 'g',
        granteePrincipal: 'firehose.amazonaws.com',
        retiringPrincipal: 'arn:aws:iam::123456789012:role/r',
        operations: ['GenerateDataKey'],
        constraints: { EncryptionContextEquals: { a: 'b' } },
        createdAt: START,
      },
    ])
    expect(aws.kms.grants(keyArnOf(FIREHOSE_KEY))).toEqual(byId)
    expect(aws.kms.grants()).toHaveLength(2)
  })

  it('returns copies: changing what it returns does not change the mock', () => {
    const [key] = aws.kms.keys()
    key!.aliases.push('alias/not-real')
    key!.tags.extra = 'x'
    expect(aws.kms.keys()[0]!.aliases).not.toContain('alias/not-real')
    expect(aws.kms.keys()[0]!.tags).toEqual({ team: 'data' })
  })
})

describe('bad key fixtures', () => {
  const load =
    (...keys: unknown[]) =>
    () =>
      createFirehoseMock({ seed: { name: 'bad', kms: { keys: keys as KeyFixture[] } } })
  const failure = (run: () => unknown): FirehoseMswError => {
    try {
      run()
    } catch (error) {
      return error as FirehoseMswError
    }
    throw new Error('expected the fixture to be rejected')
  }

  it('reject a keyId that is not a UUID, naming the field', () => {
    const error = failure(load({ keyId: 'my-key' }))
    expect(error).toBeInstanceOf(FirehoseMswError)
    expect(error.message).toContain('Failed to load fixture "bad"')
    expect(error.message).toContain('kms.keys[0].keyId')
    expect(error.message).toContain('my-key')
  })

  it('reject an unknown field, naming it', () => {
    const error = failure(load({}, { keyId: FIREHOSE_KEY, colour: 'blue' }))
    expect(error).toBeInstanceOf(FirehoseMswError)
    expect(error.message).toContain('kms.keys[1]')
    expect(error.message).toContain('"colour"')
  })

  it('reject an alias without the alias/ prefix, naming the aliases field', () => {
    const error = failure(load({ aliases: ['firehose-key'] }))
    expect(error).toBeInstanceOf(FirehoseMswError)
    expect(error.message).toContain('kms.keys[0].aliases')
    expect(error.message).toContain('alias/')
  })

  it('reject a reserved alias/aws/ alias', () => {
    const error = failure(load({ aliases: ['alias/aws/firehose'] }))
    expect(error).toBeInstanceOf(FirehoseMswError)
    expect(error.message).toContain('kms.keys[0].aliases')
  })

  it('reject the same alias on two keys and the same keyId twice', () => {
    expect(failure(load({ aliases: ['alias/a'] }, { aliases: ['alias/a'] })).message).toContain('kms.keys[1].aliases')
    expect(failure(load({ keyId: FIREHOSE_KEY }, { keyId: FIREHOSE_KEY })).message).toContain('kms.keys[1].keyId')
  })

  it('reject a key spec and usage that CreateKey would reject', () => {
    const error = failure(load({ keySpec: 'HMAC_256' }))
    expect(error).toBeInstanceOf(FirehoseMswError)
    expect(error.message).toContain('kms.keys[0]')
    expect(error.message).toContain('ValidationException')
  })

  it('reject an unknown state and a pending window outside 7–30 days', () => {
    expect(failure(load({ state: 'Deleted' })).message).toContain('kms.keys[0].state')
    expect(failure(load({ state: 'PendingDeletion', pendingWindowInDays: 3 })).message).toContain('kms.keys[0].pendingWindowInDays')
  })

  it('reject a policy that is not JSON', () => {
    const error = failure(load({ policy: '{oops' }))
    expect(error).toBeInstanceOf(FirehoseMswError)
    expect(error.message).toContain('kms.keys[0]')
    expect(error.message).toContain('MalformedPolicyDocumentException')
  })
})

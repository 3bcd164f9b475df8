/**
 * Key policies evaluated for the caller: the principal a request signed as (with `auth`, a
 * credential's `principal`, or the role session Cognito's credentials act as), the account's root
 * otherwise. An explicit Deny wins over any Allow, without an Allow the call is denied, in KMS's
 * words; Action and NotAction wildcards, Principal forms and Conditions as IAM reads them; grants
 * as a second source of permission, with their constraints; ReEncrypt's two actions, one per key;
 * and KMS's lockout safety check on PutKeyPolicy and CreateKey.
 */
import {
  CreateAliasCommand,
  CreateGrantCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  type GrantOperation,
  GetKeyPolicyCommand,
  ListGrantsCommand,
  PutKeyPolicyCommand,
  ReEncryptCommand,
  RetireGrantCommand,
  RevokeGrantCommand,
  SignCommand,
  type KMSClient,
} from '@aws-sdk/client-kms'
import { GetCredentialsForIdentityCommand, GetIdCommand, SetIdentityPoolRolesCommand } from '@aws-sdk/client-cognito-identity'
import { describe, expect, it } from 'vitest'
import { ACCOUNT, credentials } from '../../support/aws'
import { bytes } from '../../support/bytes'
import { kmsClient } from '../../support/clients'
import { expectAwsError } from '../../support/errors'
import { cognitoClient, createPool } from '../../support/cognito'
import { createKey } from '../../support/kms'
import { useMock } from '../../support/mock'

const ROOT = `arn:aws:iam::${ACCOUNT}:root`
const APP_ROLE = `arn:aws:iam::${ACCOUNT}:role/app`
const APP = { accessKeyId: 'AKIAAPPAPPAPPAPPAPPA', secretAccessKey: 'app/secret+aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', principal: APP_ROLE }

// On real time: the SDK signs with the machine's clock.
useMock({ timing: 'instant', now: () => Date.now(), auth: { credentials: [credentials, APP] } })
const admin = kmsClient() // the account's root
const app = kmsClient('us-east-1', { credentials: { accessKeyId: APP.accessKeyId, secretAccessKey: APP.secretAccessKey } })

const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements })
const rootAdmin = { Sid: 'admin', Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' }
// The account (its root) may only manage grants and the policy: without a grant nobody may use the key.
const grantsOnly = {
  Effect: 'Allow',
  Principal: { AWS: ROOT },
  Action: ['kms:CreateGrant', 'kms:RevokeGrant', 'kms:PutKeyPolicy'],
  Resource: '*',
}
const denied = (principal: string, action: string, arn: string, explicit: boolean) => ({
  name: 'AccessDeniedException',
  message: `User: ${principal} is not authorized to perform: ${action} on resource: ${arn} ${
    explicit ? 'with an explicit deny in a resource-based policy' : `because no resource-based policy allows the ${action} action`
  }`,
  status: 400,
})

async function keyWith(client: KMSClient, ...statements: object[]) {
  return createKey(client, { Policy: policy(...statements) })
}

describe('an explicit Deny', () => {
  it('denies the principal it names, for the actions it names (wildcards too), while the Allow serves the rest', async () => {
    const { keyId, arn } = await keyWith(admin, rootAdmin, {
      Effect: 'Deny',
      Principal: { AWS: APP_ROLE },
      Action: 'kms:Decr*',
      Resource: '*',
    })
    const { CiphertextBlob } = await app.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x') }))
    await expectAwsError(app.send(new DecryptCommand({ CiphertextBlob })), denied(APP_ROLE, 'kms:Decrypt', arn, true))
    // The account root is not the role: the same Decrypt is allowed to it.
    await admin.send(new DecryptCommand({ CiphertextBlob }))
  })

  it('beats an Allow of the same principal and action; a Deny of everyone ("*") denies the root too', async () => {
    const { keyId, arn } = await keyWith(admin, rootAdmin, { Effect: 'Deny', Principal: '*', Action: 'kms:DescribeKey', Resource: '*' })
    await expectAwsError(admin.send(new DescribeKeyCommand({ KeyId: keyId })), denied(ROOT, 'kms:DescribeKey', arn, true))
    await expectAwsError(app.send(new DescribeKeyCommand({ KeyId: keyId })), denied(APP_ROLE, 'kms:DescribeKey', arn, true))
    await admin.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('still allowed') }))
  })

  it('with NotAction: everything but the actions listed', async () => {
    const { keyId, arn } = await keyWith(admin, rootAdmin, {
      Effect: 'Deny',
      Principal: { AWS: APP_ROLE },
      NotAction: 'kms:Encrypt',
      Resource: '*',
    })
    await app.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x') }))
    await expectAwsError(app.send(new DescribeKeyCommand({ KeyId: keyId })), denied(APP_ROLE, 'kms:DescribeKey', arn, true))
  })
})

describe('without an Allow', () => {
  it('a principal the policy does not name is denied; the account (as an id or its root) names all of its principals', async () => {
    const { keyId } = await keyWith(admin, rootAdmin)
    await app.send(new DescribeKeyCommand({ KeyId: keyId })) // the root statement covers the account's role
    const roleOnly = await createKey(admin, {
      Policy: policy({ Effect: 'Allow', Principal: { AWS: APP_ROLE }, Action: 'kms:*', Resource: '*' }),
      BypassPolicyLockoutSafetyCheck: true,
    })
    await expectAwsError(
      admin.send(new DescribeKeyCommand({ KeyId: roleOnly.keyId })),
      denied(ROOT, 'kms:DescribeKey', roleOnly.arn, false),
    )
    await app.send(new DescribeKeyCommand({ KeyId: roleOnly.keyId }))
    const byAccountId = await keyWith(admin, { Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'kms:*', Resource: '*' })
    await app.send(new DescribeKeyCommand({ KeyId: byAccountId.keyId }))
  })
})

describe('conditions', () => {
  it('kms:CallerAccount and aws:PrincipalArn hold for a direct call; kms:GrantIsForAWSResource does not', async () => {
    const { keyId, arn } = await keyWith(
      admin,
      { Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*', Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT } } },
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 'kms:Encrypt',
        Resource: '*',
        Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ap*' } },
      },
    )
    await admin.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x') }))
    await expectAwsError(app.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x') })), denied(APP_ROLE, 'kms:Encrypt', arn, true))
    const servicesOnly = await createKey(admin, {
      Policy: policy(
        { Effect: 'Allow', Principal: { AWS: APP_ROLE }, Action: 'kms:DescribeKey', Resource: '*' },
        {
          Effect: 'Allow',
          Principal: { AWS: APP_ROLE },
          Action: 'kms:CreateGrant',
          Resource: '*',
          Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
        },
      ),
      BypassPolicyLockoutSafetyCheck: true,
    })
    await app.send(new DescribeKeyCommand({ KeyId: servicesOnly.keyId }))
    // Allowed only when an AWS service creates the grant on the role's behalf: a direct CreateGrant is not.
    await expectAwsError(
      app.send(new CreateGrantCommand({ KeyId: servicesOnly.keyId, GranteePrincipal: APP_ROLE, Operations: ['Decrypt'] })),
      denied(APP_ROLE, 'kms:CreateGrant', servicesOnly.arn, false),
    )
  })
})

describe('condition keys from the request and the key', () => {
  const denyApp = (Action: string, Condition: object) => ({
    Effect: 'Deny',
    Principal: { AWS: APP_ROLE },
    Action,
    Resource: '*',
    Condition,
  })

  it('read a request parameter, a parameter left out counting with its default (MessageType RAW, EncryptionAlgorithm SYMMETRIC_DEFAULT)', async () => {
    const signing = await createKey(admin, {
      KeySpec: 'ECC_NIST_P256',
      KeyUsage: 'SIGN_VERIFY',
      Policy: policy(rootAdmin, denyApp('kms:Sign', { StringEquals: { 'kms:MessageType': 'RAW' } })),
    })
    const digest = new Uint8Array(32)
    await app.send(new SignCommand({ KeyId: signing.keyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' }))
    await expectAwsError(
      app.send(new SignCommand({ KeyId: signing.keyId, Message: bytes('m'), SigningAlgorithm: 'ECDSA_SHA_256' })),
      denied(APP_ROLE, 'kms:Sign', signing.arn, true),
    )
    const encrypting = await keyWith(
      admin,
      rootAdmin,
      denyApp('kms:Encrypt', { StringEquals: { 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT' } }),
    )
    await expectAwsError(
      app.send(new EncryptCommand({ KeyId: encrypting.keyId, Plaintext: bytes('x') })),
      denied(APP_ROLE, 'kms:Encrypt', encrypting.arn, true),
    )
  })

  it('compare numbers with the Numeric operators: kms:RotationPeriodInDays (365 when left out)', async () => {
    const { keyId, arn } = await keyWith(
      admin,
      rootAdmin,
      denyApp('kms:EnableKeyRotation', { NumericGreaterThan: { 'kms:RotationPeriodInDays': 180 } }),
    )
    await expectAwsError(app.send(new EnableKeyRotationCommand({ KeyId: keyId })), denied(APP_ROLE, 'kms:EnableKeyRotation', arn, true))
    await app.send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: 90 }))
  })

  it('multi-valued keys with ForAllValues/ForAnyValue: kms:GrantOperations, kms:EncryptionContextKeys, kms:ResourceAliases', async () => {
    const rootManages = { Effect: 'Allow', Principal: { AWS: ROOT }, Action: ['kms:PutKeyPolicy', 'kms:CreateAlias'], Resource: '*' }
    const appEncrypts = { Effect: 'Allow', Principal: { AWS: APP_ROLE }, Action: 'kms:Encrypt', Resource: '*' }
    const appGrantsUse = {
      Effect: 'Allow',
      Principal: { AWS: APP_ROLE },
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { 'ForAllValues:StringEquals': { 'kms:GrantOperations': ['Encrypt', 'Decrypt'] } },
    }
    const noSecretKey = denyApp('kms:Encrypt', { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': 'secret' } })
    const key = await keyWith(admin, rootManages, appEncrypts, appGrantsUse, noSecretKey)
    const grant = (Operations: GrantOperation[]) =>
      app.send(new CreateGrantCommand({ KeyId: key.keyId, GranteePrincipal: APP_ROLE, Operations }))
    await grant(['Decrypt'])
    await expectAwsError(grant(['Decrypt', 'ReEncryptFrom']), denied(APP_ROLE, 'kms:CreateGrant', key.arn, false))
    const encrypt = (KeyId: string, EncryptionContext?: Record<string, string>) =>
      app.send(new EncryptCommand({ KeyId, Plaintext: bytes('x'), EncryptionContext }))
    await encrypt(key.keyId) // no context: ForAnyValue has nothing to hold for
    await encrypt(key.keyId, { other: 'x' })
    await expectAwsError(encrypt(key.keyId, { other: 'x', secret: 'y' }), denied(APP_ROLE, 'kms:Encrypt', key.arn, true))

    const notLocked = denyApp('kms:Encrypt', { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/locked' } })
    const locked = await keyWith(admin, rootManages, appEncrypts, notLocked)
    await encrypt(locked.keyId)
    await admin.send(new CreateAliasCommand({ AliasName: 'alias/locked', TargetKeyId: locked.keyId }))
    await expectAwsError(encrypt(locked.keyId), denied(APP_ROLE, 'kms:Encrypt', locked.arn, true))
  })

  it('read the key: kms:KeySpec, kms:MultiRegion', async () => {
    const statements = [
      rootAdmin,
      denyApp('kms:Encrypt', { StringEquals: { 'kms:MultiRegion': 'true', 'kms:KeySpec': 'SYMMETRIC_DEFAULT' } }),
    ]
    const single = await keyWith(admin, ...statements)
    await app.send(new EncryptCommand({ KeyId: single.keyId, Plaintext: bytes('x') }))
    const multi = await createKey(admin, { MultiRegion: true, Policy: policy(...statements) })
    await expectAwsError(
      app.send(new EncryptCommand({ KeyId: multi.keyId, Plaintext: bytes('x') })),
      denied(APP_ROLE, 'kms:Encrypt', multi.arn, true),
    )
  })
})

describe('the lockout safety check', () => {
  it('refuses a policy that would not let the caller change it again, unless bypassed', async () => {
    const { keyId } = await createKey(admin)
    const lockout = policy({ Effect: 'Allow', Principal: { AWS: APP_ROLE }, Action: 'kms:*', Resource: '*' })
    const refusal = {
      name: 'MalformedPolicyDocumentException',
      message: 'The new key policy will not allow you to update the key policy in the future.',
      status: 400,
    }
    await expectAwsError(admin.send(new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default', Policy: lockout })), refusal)
    await expectAwsError(admin.send(new CreateKeyCommand({ Policy: lockout })), refusal)
    // Unchanged by the refused call; the same policy passes when the check is bypassed.
    const { Policy } = await admin.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }))
    expect(JSON.parse(Policy!).Statement[0].Principal.AWS).toBe(ROOT)
    await admin.send(
      new PutKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default', Policy: lockout, BypassPolicyLockoutSafetyCheck: true }),
    )
    await app.send(new DescribeKeyCommand({ KeyId: keyId }))
  })
})

describe('grants', () => {
  it('a grant is created by a caller the policy allows CreateGrant to', async () => {
    const { keyId } = await keyWith(admin, rootAdmin)
    const { GrantId } = await app.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: APP_ROLE, Operations: ['Decrypt'] }))
    expect(GrantId).toMatch(/^[0-9a-f]{64}$/)
  })

  it('a grant lets its grantee do the operations it lists where the policy allows nothing; revoked, it no longer does', async () => {
    const { keyId, arn } = await keyWith(admin, grantsOnly)
    await expectAwsError(app.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x') })), denied(APP_ROLE, 'kms:Encrypt', arn, false))
    const { GrantId } = await admin.send(
      new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: APP_ROLE, Operations: ['Encrypt', 'Decrypt'] }),
    )
    const { CiphertextBlob } = await app.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('granted') }))
    expect(new TextDecoder().decode((await app.send(new DecryptCommand({ CiphertextBlob }))).Plaintext)).toBe('granted')
    // Not an operation of the grant; nor is the root its grantee.
    await expectAwsError(app.send(new DescribeKeyCommand({ KeyId: keyId })), denied(APP_ROLE, 'kms:DescribeKey', arn, false))
    await expectAwsError(admin.send(new DecryptCommand({ CiphertextBlob })), denied(ROOT, 'kms:Decrypt', arn, false))
    await admin.send(new RevokeGrantCommand({ KeyId: keyId, GrantId }))
    await expectAwsError(app.send(new DecryptCommand({ CiphertextBlob })), denied(APP_ROLE, 'kms:Decrypt', arn, false))
  })

  it('an explicit Deny in the key policy beats a grant', async () => {
    const { keyId, arn } = await keyWith(admin, grantsOnly)
    await admin.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: APP_ROLE, Operations: ['Encrypt'] }))
    await app.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x') }))
    await admin.send(
      new PutKeyPolicyCommand({
        KeyId: keyId,
        Policy: policy(grantsOnly, { Effect: 'Deny', Principal: { AWS: APP_ROLE }, Action: 'kms:Encrypt', Resource: '*' }),
      }),
    )
    await expectAwsError(app.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x') })), denied(APP_ROLE, 'kms:Encrypt', arn, true))
  })

  it('with EncryptionContextSubset: the request’s context must hold its pairs (keys in any case, values as written)', async () => {
    const { keyId, arn } = await keyWith(admin, grantsOnly)
    const Constraints = { EncryptionContextSubset: { purpose: 'orders' } }
    await admin.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: APP_ROLE, Operations: ['Encrypt', 'Decrypt'], Constraints }))
    const EncryptionContext = { Purpose: 'orders', tenant: 'a' }
    const { CiphertextBlob } = await app.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x'), EncryptionContext }))
    await app.send(new DecryptCommand({ CiphertextBlob, EncryptionContext }))
    for (const context of [undefined, { purpose: 'ORDERS' }, { tenant: 'a' }] as Array<Record<string, string> | undefined>) {
      await expectAwsError(
        app.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x'), EncryptionContext: context })),
        denied(APP_ROLE, 'kms:Encrypt', arn, false),
      )
    }
  })

  it('with EncryptionContextEquals: the request’s context must be exactly its pairs', async () => {
    const { keyId, arn } = await keyWith(admin, grantsOnly)
    const Constraints = { EncryptionContextEquals: { purpose: 'orders' } }
    await admin.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: APP_ROLE, Operations: ['GenerateDataKey'], Constraints }))
    await app.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: { purpose: 'orders' } }))
    await expectAwsError(
      app.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: { purpose: 'orders', tenant: 'a' } })),
      denied(APP_ROLE, 'kms:GenerateDataKey', arn, false),
    )
  })

  it('constraints do not apply to operations without an encryption context (DescribeKey)', async () => {
    const { keyId } = await keyWith(admin, grantsOnly)
    const Constraints = { EncryptionContextSubset: { purpose: 'orders' } }
    await admin.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: APP_ROLE, Operations: ['DescribeKey'], Constraints }))
    expect((await app.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyId).toBe(keyId)
  })

  it('a policy condition on kms:EncryptionContext:<key> reads the request’s encryption context', async () => {
    const onlyOrders = {
      Effect: 'Allow',
      Principal: { AWS: APP_ROLE },
      Action: 'kms:Encrypt',
      Resource: '*',
      Condition: { StringEquals: { 'kms:EncryptionContext:purpose': 'orders' } },
    }
    const { keyId, arn } = await keyWith(admin, grantsOnly, onlyOrders)
    await app.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x'), EncryptionContext: { purpose: 'orders' } }))
    await expectAwsError(
      app.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x'), EncryptionContext: { purpose: 'billing' } })),
      denied(APP_ROLE, 'kms:Encrypt', arn, false),
    )
  })

  it('RetireGrant is the grant’s to allow, not the key policy’s: its retiring principal retires it despite a Deny', async () => {
    const { keyId } = await keyWith(admin, rootAdmin, {
      Effect: 'Deny',
      Principal: { AWS: APP_ROLE },
      Action: 'kms:RetireGrant',
      Resource: '*',
    })
    const { GrantId } = await admin.send(
      new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: APP_ROLE, RetiringPrincipal: APP_ROLE, Operations: ['Decrypt'] }),
    )
    await app.send(new RetireGrantCommand({ KeyId: keyId, GrantId }))
    expect((await admin.send(new ListGrantsCommand({ KeyId: keyId }))).Grants).toEqual([])
  })
})

describe('ReEncrypt', () => {
  it("grants decide each side with that side's encryption context", async () => {
    const source = await keyWith(admin, grantsOnly)
    const destination = await keyWith(admin, grantsOnly)
    const grant = (KeyId: string, Operations: GrantOperation[], side: string) =>
      admin.send(
        new CreateGrantCommand({ KeyId, GranteePrincipal: APP_ROLE, Operations, Constraints: { EncryptionContextSubset: { side } } }),
      )
    await grant(source.keyId, ['Encrypt', 'ReEncryptFrom'], 'source')
    await grant(destination.keyId, ['ReEncryptTo'], 'destination')
    const SourceEncryptionContext = { side: 'source' }
    const { CiphertextBlob } = await app.send(
      new EncryptCommand({ KeyId: source.keyId, Plaintext: bytes('x'), EncryptionContext: SourceEncryptionContext }),
    )
    const reEncrypt = (DestinationEncryptionContext: Record<string, string>) =>
      app.send(
        new ReEncryptCommand({
          CiphertextBlob,
          SourceEncryptionContext,
          DestinationKeyId: destination.keyId,
          DestinationEncryptionContext,
        }),
      )
    expect((await reEncrypt({ side: 'destination' })).KeyId).toBe(destination.arn)
    await expectAwsError(reEncrypt(SourceEncryptionContext), denied(APP_ROLE, 'kms:ReEncryptTo', destination.arn, false))
  })

  it('needs kms:ReEncryptFrom on the source key only and kms:ReEncryptTo on the destination key only', async () => {
    const source = await keyWith(admin, rootAdmin, {
      Effect: 'Deny',
      Principal: { AWS: APP_ROLE },
      Action: 'kms:ReEncryptTo',
      Resource: '*',
    })
    const destination = await keyWith(admin, rootAdmin, {
      Effect: 'Deny',
      Principal: { AWS: APP_ROLE },
      Action: 'kms:ReEncryptFrom',
      Resource: '*',
    })
    const { CiphertextBlob } = await app.send(new EncryptCommand({ KeyId: source.keyId, Plaintext: bytes('moved') }))
    const moved = await app.send(new ReEncryptCommand({ CiphertextBlob, DestinationKeyId: destination.keyId }))
    expect(moved.KeyId).toBe(destination.arn)
    await expectAwsError(
      app.send(new ReEncryptCommand({ CiphertextBlob: moved.CiphertextBlob, DestinationKeyId: source.keyId })),
      denied(APP_ROLE, 'kms:ReEncryptFrom', destination.arn, true),
    )
  })
})

describe('credentials from a Cognito identity pool', () => {
  it('act as a session of the pool’s role: a policy naming the role names them', async () => {
    const cognito = cognitoClient()
    const IdentityPoolId = await createPool(cognito, 'guests')
    const role = `arn:aws:iam::${ACCOUNT}:role/service-role/guest`
    await cognito.send(new SetIdentityPoolRolesCommand({ IdentityPoolId, Roles: { unauthenticated: role } }))
    const { IdentityId } = await cognito.send(new GetIdCommand({ IdentityPoolId }))
    const { Credentials } = await cognito.send(new GetCredentialsForIdentityCommand({ IdentityId }))
    const guest = kmsClient('us-east-1', {
      credentials: {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretKey!,
        sessionToken: Credentials!.SessionToken!,
      },
    })
    // The session's ARN names the role without its path; the policy names the role with it.
    const session = `arn:aws:sts::${ACCOUNT}:assumed-role/guest/CognitoIdentityCredentials`
    const { keyId, arn } = await keyWith(admin, rootAdmin, {
      Effect: 'Deny',
      Principal: { AWS: role },
      Action: 'kms:Encrypt',
      Resource: '*',
    })
    await expectAwsError(guest.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x') })), denied(session, 'kms:Encrypt', arn, true))
    await guest.send(new DescribeKeyCommand({ KeyId: keyId }))
    // aws:PrincipalArn is the role's ARN for a role session (without its path, which the session's ARN lacks).
    const byArn = await keyWith(admin, rootAdmin, {
      Effect: 'Deny',
      Principal: '*',
      Action: 'kms:DescribeKey',
      Resource: '*',
      Condition: { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/guest` } },
    })
    await expectAwsError(guest.send(new DescribeKeyCommand({ KeyId: byArn.keyId })), denied(session, 'kms:DescribeKey', byArn.arn, true))
    await admin.send(new DescribeKeyCommand({ KeyId: byArn.keyId }))
  })
})

describe('IAM details', () => {
  it('a negated condition holds when the request lacks its key: a Deny unless through S3 denies a direct call', async () => {
    const { keyId, arn } = await keyWith(admin, rootAdmin, {
      Effect: 'Deny',
      Principal: { AWS: APP_ROLE },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { StringNotEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
    })
    const { CiphertextBlob } = await app.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x') }))
    await expectAwsError(app.send(new DecryptCommand({ CiphertextBlob })), denied(APP_ROLE, 'kms:Decrypt', arn, true))
  })

  it('NotPrincipal excludes only the principals it lists as themselves: the root, not every principal of the account', async () => {
    const { keyId, arn } = await keyWith(admin, rootAdmin, {
      Effect: 'Deny',
      NotPrincipal: { AWS: ROOT },
      Action: 'kms:DescribeKey',
      Resource: '*',
    })
    await admin.send(new DescribeKeyCommand({ KeyId: keyId }))
    await expectAwsError(app.send(new DescribeKeyCommand({ KeyId: keyId })), denied(APP_ROLE, 'kms:DescribeKey', arn, true))
  })
})

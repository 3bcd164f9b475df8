/**
 * The grant Firehose creates on a customer managed key is created as the caller, through KMS: the
 * key's policy decides for the caller's principal, on a request that carries kms:ViaService
 * (firehose.<region>.amazonaws.com) and kms:GrantIsForAWSResource. A refusal is the Start's (or the
 * Create's) ENABLING_FAILED with CREATE_KMS_GRANT_FAILED, naming KMS's reason; conditions that
 * allow grants only through Firehose let the Start through and the same caller's direct
 * CreateGrant not; where the policy says nothing of the caller, a grant for CreateGrant it holds
 * lets it through.
 */
import { CreateDeliveryStreamCommand, DescribeDeliveryStreamCommand, StartDeliveryStreamEncryptionCommand } from '@aws-sdk/client-firehose'
import { CreateGrantCommand, CreateKeyCommand } from '@aws-sdk/client-kms'
import { describe, expect, it } from 'vitest'
import { ACCOUNT, credentials, s3Stream } from '../../support/aws'
import { firehoseClient, kmsClient } from '../../support/clients'
import { cmk } from '../../support/encryption'
import { expectAwsError } from '../../support/errors'
import { useMock } from '../../support/mock'

const ROOT = `arn:aws:iam::${ACCOUNT}:root`
const APP_ROLE = `arn:aws:iam::${ACCOUNT}:role/app`
const APP = { accessKeyId: 'AKIAAPPAPPAPPAPPAPPB', secretAccessKey: 'app/secret+bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', principal: APP_ROLE }

// On real time (the SDK signs with the machine's clock) and instant timing: transitions end at once.
useMock({ timing: 'instant', now: () => Date.now(), auth: { credentials: [credentials, APP] } })
const appCredentials = { credentials: { accessKeyId: APP.accessKeyId, secretAccessKey: APP.secretAccessKey } }
const adminKms = kmsClient()
const appKms = kmsClient('us-east-1', appCredentials)
const admin = firehoseClient()
const app = firehoseClient('us-east-1', appCredentials)

const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements })
const rootAdmin = { Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' }

async function keyArn(Policy: string): Promise<string> {
  return (await adminKms.send(new CreateKeyCommand({ Policy, BypassPolicyLockoutSafetyCheck: true }))).KeyMetadata!.Arn!
}
async function encryption(name: string) {
  return (await admin.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }))).DeliveryStreamDescription!
}

describe('the grant Firehose creates as the caller', () => {
  it('is refused for a caller the policy denies grants for AWS resources: ENABLING_FAILED, CREATE_KMS_GRANT_FAILED', async () => {
    const arn = await keyArn(
      policy(rootAdmin, {
        Effect: 'Deny',
        Principal: { AWS: APP_ROLE },
        Action: 'kms:CreateGrant',
        Resource: '*',
        Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      }),
    )
    await admin.send(new CreateDeliveryStreamCommand(s3Stream('by-app')))
    await admin.send(new CreateDeliveryStreamCommand(s3Stream('by-root')))
    await app.send(
      new StartDeliveryStreamEncryptionCommand({ DeliveryStreamName: 'by-app', DeliveryStreamEncryptionConfigurationInput: cmk(arn) }),
    )
    const refused = (await encryption('by-app')).DeliveryStreamEncryptionConfiguration!
    expect(refused).toMatchObject({ Status: 'ENABLING_FAILED', KeyARN: arn })
    expect(refused.FailureDescription).toEqual({
      Type: 'CREATE_KMS_GRANT_FAILED',
      Details: `User: ${APP_ROLE} is not authorized to perform: kms:CreateGrant on resource: ${arn} with an explicit deny in a resource-based policy`,
    })
    // The root is not denied: the same key encrypts its stream.
    await admin.send(
      new StartDeliveryStreamEncryptionCommand({ DeliveryStreamName: 'by-root', DeliveryStreamEncryptionConfigurationInput: cmk(arn) }),
    )
    expect((await encryption('by-root')).DeliveryStreamEncryptionConfiguration!.Status).toBe('ENABLED')
  })

  it('is allowed by a statement for grants through Firehose only, which the same caller cannot use directly', async () => {
    const viaFirehose = {
      Effect: 'Allow',
      Principal: { AWS: APP_ROLE },
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': 'firehose.us-east-1.amazonaws.com' }, Bool: { 'kms:GrantIsForAWSResource': true } },
    }
    const arn = await keyArn(
      policy(viaFirehose, { Effect: 'Allow', Principal: { AWS: APP_ROLE }, Action: 'kms:DescribeKey', Resource: '*' }),
    )
    await app.send(new CreateDeliveryStreamCommand(s3Stream('orders')))
    await app.send(
      new StartDeliveryStreamEncryptionCommand({ DeliveryStreamName: 'orders', DeliveryStreamEncryptionConfigurationInput: cmk(arn) }),
    )
    expect((await encryption('orders')).DeliveryStreamEncryptionConfiguration).toMatchObject({ Status: 'ENABLED', KeyARN: arn })
    await expectAwsError(appKms.send(new CreateGrantCommand({ KeyId: arn, GranteePrincipal: APP_ROLE, Operations: ['Decrypt'] })), {
      name: 'AccessDeniedException',
      message: `User: ${APP_ROLE} is not authorized to perform: kms:CreateGrant on resource: ${arn} because no resource-based policy allows the kms:CreateGrant action`,
      status: 400,
    })
  })

  it('is refused at CreateDeliveryStream with the key: the stream ends CREATING_FAILED with the same failure', async () => {
    const arn = await keyArn(policy({ Effect: 'Allow', Principal: { AWS: APP_ROLE }, Action: 'kms:DescribeKey', Resource: '*' }))
    await app.send(new CreateDeliveryStreamCommand({ ...s3Stream('sealed'), DeliveryStreamEncryptionConfigurationInput: cmk(arn) }))
    const description = await encryption('sealed')
    expect(description.DeliveryStreamStatus).toBe('CREATING_FAILED')
    expect(description.FailureDescription).toEqual({
      Type: 'CREATE_KMS_GRANT_FAILED',
      Details: `User: ${APP_ROLE} is not authorized to perform: kms:CreateGrant on resource: ${arn} because no resource-based policy allows the kms:CreateGrant action`,
    })
  })

  it("is allowed by the caller's own grant for CreateGrant where the policy says nothing of the caller", async () => {
    // Only the root itself (not every principal of the account) may create grants.
    const rootOnly = {
      Effect: 'Allow',
      Principal: { AWS: ROOT },
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalArn': ROOT } },
    }
    const arn = await keyArn(policy(rootOnly))
    await app.send(new CreateDeliveryStreamCommand(s3Stream('before')))
    await app.send(new CreateDeliveryStreamCommand(s3Stream('after')))
    const start = (name: string) =>
      app.send(new StartDeliveryStreamEncryptionCommand({ DeliveryStreamName: name, DeliveryStreamEncryptionConfigurationInput: cmk(arn) }))
    await start('before')
    expect((await encryption('before')).DeliveryStreamEncryptionConfiguration).toMatchObject({ Status: 'ENABLING_FAILED' })
    await adminKms.send(new CreateGrantCommand({ KeyId: arn, GranteePrincipal: APP_ROLE, Operations: ['CreateGrant'] }))
    await start('after')
    expect((await encryption('after')).DeliveryStreamEncryptionConfiguration).toMatchObject({ Status: 'ENABLED', KeyARN: arn })
  })
})

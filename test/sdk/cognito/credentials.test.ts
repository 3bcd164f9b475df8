/**
 * Credentials from a Cognito identity pool are real to the rest of the mock: the SDK's own
 * fromCognitoIdentityPool gets them (unsigned GetId and GetCredentialsForIdentity), SigV4
 * verification under `auth` accepts them for the pool's account until they expire, and their
 * issue time feeds the encryption 6-hour rule. The mock runs on the system clock, faked
 * (`vi.useFakeTimers`), so the SDK's view of expiry and the mock's agree.
 */
import {
  CognitoIdentityClient,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  ListIdentityPoolsCommand,
} from '@aws-sdk/client-cognito-identity'
import {
  DescribeDeliveryStreamCommand,
  FirehoseClient,
  PutRecordCommand,
  StartDeliveryStreamEncryptionCommand,
} from '@aws-sdk/client-firehose'
import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createFirehoseMock, type FirehoseMockOptions } from '../../../src'
import { ACCOUNT, keyArnOf, OTHER_ACCOUNT } from '../../support/aws'
import { bytes, decode } from '../../support/bytes'
import { HOUR, START } from '../../support/clock'
import { expectAwsError } from '../../support/errors'
import { recordRequests, useServer } from '../../support/mock'
import { freshCache, GUEST_POOL_ID, guestPoolFixture } from '../../support/identity-pools'

const server = useServer()
const recorded = recordRequests(server)

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(START)
})
afterEach(() => vi.useRealTimers())

function mockWith(options: FirehoseMockOptions = {}) {
  const aws = createFirehoseMock({ timing: 'instant', seed: guestPoolFixture(), ...options })
  server.use(...aws.handlers)
  return aws
}

/** A Firehose client whose credentials come from the guest pool, as a browser app's would. */
const guestFirehose = () =>
  new FirehoseClient({
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: fromCognitoIdentityPool({ identityPoolId: GUEST_POOL_ID, cache: freshCache(), clientConfig: { region: 'us-east-1' } }),
  })

const put = (firehose: FirehoseClient, text: string) =>
  firehose.send(new PutRecordCommand({ DeliveryStreamName: 'clickstream', Record: { Data: bytes(text) } }))

const targets = () => recorded.list.map((request) => request.headers.get('x-amz-target'))

/** Guest credentials straight from the API, for clients that hold them as static credentials. */
async function guestCredentials() {
  const cognito = new CognitoIdentityClient({
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
  })
  const { IdentityId } = await cognito.send(new GetIdCommand({ IdentityPoolId: GUEST_POOL_ID }))
  const { Credentials } = await cognito.send(new GetCredentialsForIdentityCommand({ IdentityId }))
  return { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretKey!, sessionToken: Credentials!.SessionToken! }
}

describe('fromCognitoIdentityPool with the Firehose client', () => {
  it('gets guest credentials unsigned, and the put they sign is verified and stored once', async () => {
    const aws = mockWith({ auth: { credentials: [] } })
    const firehose = guestFirehose()
    await put(firehose, 'first')
    await put(firehose, 'second')
    expect(targets()).toEqual([
      'AWSCognitoIdentityService.GetId',
      'AWSCognitoIdentityService.GetCredentialsForIdentity',
      'Firehose_20150804.PutRecord',
      'Firehose_20150804.PutRecord',
    ])
    // The public calls carry no signature; the puts carry the issued session token.
    expect(recorded.list[0]!.headers.get('authorization')).toBeNull()
    expect(recorded.list[1]!.headers.get('authorization')).toBeNull()
    const [identity] = aws.cognito.identities(GUEST_POOL_ID)
    expect(recorded.list[2]!.headers.get('authorization')).toContain(`Credential=${identity!.credentials[0]!.accessKeyId}/`)
    expect(aws.firehose.records('clickstream').map((record) => decode(record.data))).toEqual(['first', 'second'])
  })

  it('acts as the pool’s account', async () => {
    const aws = mockWith({ auth: { credentials: [] }, seed: guestPoolFixture(OTHER_ACCOUNT) })
    await put(guestFirehose(), 'from a guest')
    expect(aws.firehose.records('clickstream', { accountId: OTHER_ACCOUNT })).toHaveLength(1)
    expect(aws.firehose.streamNames({ accountId: ACCOUNT })).toEqual([])
  })

  it('is refreshed by the SDK before the hour is up, and the new credentials are accepted for the same identity', async () => {
    const aws = mockWith({ auth: { credentials: [] } })
    const firehose = guestFirehose()
    await put(firehose, 'at issue')
    vi.setSystemTime(START + 56 * 60 * 1000) // inside the SDK's 5-minute refresh window
    await put(firehose, 'after refresh')
    const [identity] = aws.cognito.identities(GUEST_POOL_ID)
    expect(aws.cognito.identities(GUEST_POOL_ID)).toHaveLength(1)
    expect(identity!.credentials.map((c) => c.issuedAt)).toEqual([START, START + 56 * 60 * 1000])
    expect(targets().filter((target) => target?.endsWith('GetId'))).toHaveLength(1)
    expect(aws.firehose.records('clickstream')).toHaveLength(2)
  })
})

describe('issued credentials under `auth`', () => {
  it('expire one hour after issue: a request signed with them then gets ExpiredTokenException and stores nothing', async () => {
    const aws = mockWith({ auth: { credentials: [] } })
    const firehose = new FirehoseClient({ region: 'us-east-1', maxAttempts: 1, credentials: await guestCredentials() })
    vi.setSystemTime(START + HOUR - 1)
    await put(firehose, 'just in time')
    vi.setSystemTime(START + HOUR)
    await expectAwsError(put(firehose, 'too late'), {
      name: 'ExpiredTokenException',
      message: 'The security token included in the request is expired',
      status: 400,
    })
    expect(aws.firehose.records('clickstream').map((record) => decode(record.data))).toEqual(['just in time'])
  })

  it('stop working at the whole second their Expiration names, even when issued mid-second', async () => {
    mockWith({ auth: { credentials: [] } })
    vi.setSystemTime(START + 500)
    const firehose = new FirehoseClient({ region: 'us-east-1', maxAttempts: 1, credentials: await guestCredentials() })
    vi.setSystemTime(START + HOUR - 1)
    await put(firehose, 'before the Expiration')
    vi.setSystemTime(START + HOUR)
    await expectAwsError(put(firehose, 'at the Expiration'), { name: 'ExpiredTokenException', status: 400 })
  })

  it('need their session token: the keys alone are not recognized', async () => {
    mockWith({ auth: { credentials: [] } })
    const { accessKeyId, secretAccessKey } = await guestCredentials()
    const firehose = new FirehoseClient({ region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId, secretAccessKey } })
    await expectAwsError(put(firehose, 'no token'), {
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
      status: 400,
    })
  })

  it('do not survive reset(), which forgets what Cognito issued', async () => {
    const aws = mockWith({ auth: { credentials: [] } })
    const firehose = new FirehoseClient({ region: 'us-east-1', maxAttempts: 1, credentials: await guestCredentials() })
    aws.reset()
    await expectAwsError(put(firehose, 'after reset'), { name: 'UnrecognizedClientException', status: 400 })
  })

  it('still require a signature for the pool management calls', async () => {
    mockWith({ auth: { credentials: [] } })
    const cognito = new CognitoIdentityClient({
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' },
    })
    await expectAwsError(cognito.send(new ListIdentityPoolsCommand({ MaxResults: 10 })), {
      name: 'UnrecognizedClientException',
      status: 400,
    })
  })
})

describe('what the mock remembers of issued credentials', () => {
  it('forgets credentials a day after issue, when it issues new ones: memory does not grow with a long dev session', async () => {
    const aws = mockWith()
    await guestCredentials()
    vi.setSystemTime(START + 24 * HOUR + 1)
    await guestCredentials()
    const issued = aws.cognito.identities(GUEST_POOL_ID).flatMap((identity) => identity.credentials.map((c) => c.issuedAt))
    expect(issued).toEqual([START + 24 * HOUR + 1])
  })
})

describe('the encryption 6-hour rule with Cognito credentials', () => {
  const KEY_ID = '4f1c2a7e-9b3d-4e8f-a6c5-1d2e3f4a5b6c'
  const startWith = async (credentials: Awaited<ReturnType<typeof guestCredentials>>) => {
    const firehose = new FirehoseClient({ region: 'us-east-1', maxAttempts: 1, credentials })
    await firehose.send(
      new StartDeliveryStreamEncryptionCommand({
        DeliveryStreamName: 'clickstream',
        DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: keyArnOf(KEY_ID) },
      }),
    )
    const { DeliveryStreamDescription } = await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'clickstream' }))
    return DeliveryStreamDescription!.DeliveryStreamEncryptionConfiguration!
  }
  const withKey = (): FirehoseMockOptions => ({ seed: [guestPoolFixture(), { kms: { keys: [{ keyId: KEY_ID }] } }] })

  it('fails a Start signed more than 6 hours after the credentials were issued (the mock does not check expiry without `auth`)', async () => {
    mockWith(withKey())
    const credentials = await guestCredentials()
    vi.setSystemTime(START + 6 * HOUR + 1)
    const encryption = await startWith(credentials)
    expect(encryption.Status).toBe('ENABLING_FAILED')
    expect(encryption.FailureDescription?.Type).toBe('CREATE_KMS_GRANT_FAILED')
  })

  it('enables encryption for a Start signed within 6 hours of issue', async () => {
    mockWith(withKey())
    const credentials = await guestCredentials()
    vi.setSystemTime(START + 6 * HOUR - 1)
    expect((await startWith(credentials)).Status).toBe('ENABLED')
  })
})

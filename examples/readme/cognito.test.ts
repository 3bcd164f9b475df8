import { FirehoseClient, PutRecordCommand } from '@aws-sdk/client-firehose'
import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createFirehoseMock, onUnhandled, type Fixture } from 'firehose-msw'
import clickstream from 'firehose-msw/fixtures/direct-put-s3.json' // stream "clickstream"
import guests from 'firehose-msw/fixtures/guest-identity-pool.json' // pool "us-east-1:6e1b7c43-…", guests allowed

// `auth` with no keys of its own: only the credentials the identity pool issues are accepted.
const aws = createFirehoseMock({ seed: [clickstream, guests] as Fixture[], auth: { credentials: [] } })
const server = setupServer(...aws.handlers)
beforeAll(() => server.listen(onUnhandled('error')))
afterAll(() => server.close())

const IDENTITY_POOL_ID = 'us-east-1:6e1b7c43-2f0a-4d5e-9b8c-3a1f5d7e9c20'

// The app's code, unchanged: guest credentials from the identity pool sign every Firehose call.
const firehose = new FirehoseClient({
  region: 'us-east-1',
  credentials: fromCognitoIdentityPool({ identityPoolId: IDENTITY_POOL_ID, clientConfig: { region: 'us-east-1' } }),
})

it('puts with guest credentials from the identity pool', async () => {
  const Data = new TextEncoder().encode('{"page":"/checkout"}\n')
  await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'clickstream', Record: { Data } }))

  expect(aws.firehose.records('clickstream').at(-1)!.data).toEqual(Data)
  const [guest] = aws.cognito.identities(IDENTITY_POOL_ID)
  expect(guest).toMatchObject({ logins: [], credentials: [{ accessKeyId: expect.stringMatching(/^ASIA/) }] })
})

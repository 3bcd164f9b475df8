import { FirehoseClient, ListDeliveryStreamsCommand } from '@aws-sdk/client-firehose'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createFirehoseMock, onUnhandled } from 'firehose-msw'

const aws = createFirehoseMock({
  auth: {
    credentials: [
      { accessKeyId: 'AKIDALICE', secretAccessKey: 'alice-secret', accountId: '111111111111' },
      { accessKeyId: 'ASIABOB', secretAccessKey: 'bob-secret', sessionToken: 'bob-token', accountId: '222222222222' },
    ],
  },
})
const server = setupServer(...aws.handlers)
beforeAll(() => server.listen(onUnhandled('error')))
afterAll(() => server.close())

const client = (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) =>
  new FirehoseClient({ region: 'us-east-1', credentials, maxAttempts: 1 })
const list = new ListDeliveryStreamsCommand({})

it('checks every signature', async () => {
  await expect(client({ accessKeyId: 'AKIDALICE', secretAccessKey: 'alice-secret' }).send(list)).resolves.toMatchObject({
    DeliveryStreamNames: [],
  })
  await expect(client({ accessKeyId: 'AKIDALICE', secretAccessKey: 'wrong' }).send(list)).rejects.toMatchObject({
    name: 'InvalidSignatureException',
  })
  await expect(client({ accessKeyId: 'ASIABOB', secretAccessKey: 'bob-secret' }).send(list)).rejects.toMatchObject({
    name: 'UnrecognizedClientException', // the session token is missing
  })
})

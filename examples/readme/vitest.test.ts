import { FirehoseClient, PutRecordCommand } from '@aws-sdk/client-firehose'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { createFirehoseMock, onUnhandled, type Fixture } from 'firehose-msw'
import clickstream from 'firehose-msw/fixtures/direct-put-s3.json' // an ACTIVE stream "clickstream" holding 4 records

const aws = createFirehoseMock({ seed: clickstream as Fixture })
const server = setupServer(...aws.handlers)
beforeAll(() => server.listen(onUnhandled('error'))) // an unmocked request fails, under MSW 2 and MSW 3
afterEach(() => aws.reset()) // back to the seeded state
afterAll(() => server.close())

const firehose = new FirehoseClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, // any: the mock checks signatures only with `auth`
  maxAttempts: 1, // no retries, so an error shows at once
})

it('stores what the app sends', async () => {
  const Data = new TextEncoder().encode('{"page":"/"}\n')
  const { Encrypted } = await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'clickstream', Record: { Data } }))

  expect(Encrypted).toBe(false)
  const records = aws.firehose.records('clickstream')
  expect(records).toHaveLength(5)
  expect(new TextDecoder().decode(records[4]!.data)).toBe('{"page":"/"}\n')
})

it('answers as AWS does', async () => {
  const put = new PutRecordCommand({ DeliveryStreamName: 'no-such-stream', Record: { Data: new Uint8Array([1]) } })

  await expect(firehose.send(put)).rejects.toMatchObject({
    name: 'ResourceNotFoundException',
    message: 'Firehose no-such-stream under account 123456789012 not found.',
  })
})

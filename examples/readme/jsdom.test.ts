// @vitest-environment jsdom
import { FirehoseClient, PutRecordCommand } from '@aws-sdk/client-firehose'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createFirehoseMock, onUnhandled, type Fixture } from 'firehose-msw'
import clickstream from 'firehose-msw/fixtures/direct-put-s3.json'

const aws = createFirehoseMock({ seed: clickstream as Fixture })
const server = setupServer(...aws.handlers)
beforeAll(() => server.listen(onUnhandled('error')))
afterAll(() => server.close())

const firehose = new FirehoseClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 })
const put = (Data: Uint8Array) => firehose.send(new PutRecordCommand({ DeliveryStreamName: 'clickstream', Record: { Data } }))

it("needs bytes of jsdom's Uint8Array", async () => {
  // TextEncoder (and Buffer) make Node's Uint8Array; the SDK sends those as {"0":123,…}, and AWS refuses that.
  await expect(put(new TextEncoder().encode('{"page":"/"}\n'))).rejects.toMatchObject({ name: 'SerializationException' })

  // Copied into the global Uint8Array, the same bytes go through.
  await put(new Uint8Array(new TextEncoder().encode('{"page":"/"}\n')))
  expect(aws.firehose.records('clickstream')).toHaveLength(5)
})

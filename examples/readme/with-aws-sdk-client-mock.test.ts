import { FirehoseClient, PutRecordCommand } from '@aws-sdk/client-firehose'
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { mockClient } from 'aws-sdk-client-mock'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { createFirehoseMock, onUnhandled, type Fixture } from 'firehose-msw'
import { firehoseMatchers } from 'firehose-msw/vitest'
import directPutS3 from 'firehose-msw/fixtures/direct-put-s3.json' // stream "clickstream"

// aws-sdk-client-mock-jest's matcher names, reading both kinds of mock (register after its own, if you keep it).
expect.extend(firehoseMatchers)

// Firehose through firehose-msw (an AWS simulation behind MSW)…
const aws = createFirehoseMock({ seed: directPutS3 as Fixture })
const server = setupServer(...aws.handlers)
beforeAll(() => server.listen(onUnhandled('error')))
afterAll(() => server.close())
// …and S3 uploads stubbed with aws-sdk-client-mock: those requests never reach the network, nor MSW.
const s3Mock = mockClient(S3Client)
afterEach(() => {
  aws.reset()
  s3Mock.reset()
})

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' }
const firehose = new FirehoseClient({ region: 'us-east-1', credentials, maxAttempts: 1 })
const s3 = new S3Client({ region: 'us-east-1', credentials })

/** The code under test: archives an upload in S3 and reports it to Firehose. */
async function upload(name: string, body: string): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: 'uploads', Key: name, Body: body }))
  const Data = new TextEncoder().encode(`${JSON.stringify({ uploaded: name })}\n`)
  await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'clickstream', Record: { Data } }))
}

it('asserts both with the same matchers', async () => {
  s3Mock.on(PutObjectCommand).resolves({ ETag: '"1"' })
  await upload('report.csv', 'a,b\n1,2\n')

  expect(s3Mock).toHaveReceivedCommandWith(PutObjectCommand, { Bucket: 'uploads', Key: 'report.csv' })
  expect(aws).toHaveReceivedCommandWith(PutRecordCommand, { Record: { Data: '{"uploaded":"report.csv"}\n' } })
  expect(aws.firehose.records('clickstream').at(-1)!.encrypted).toBe(false) // and the simulated state behind it
})

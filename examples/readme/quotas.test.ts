import { FirehoseClient, PutRecordCommand } from '@aws-sdk/client-firehose'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createFirehoseMock, createManualClock, onUnhandled, type Fixture } from 'firehose-msw'
import clickstream from 'firehose-msw/fixtures/direct-put-s3.json'

const clock = createManualClock()
const aws = createFirehoseMock({ seed: clickstream as Fixture, now: clock.now, quotas: { putRequestsPerSecond: 5 } })
const server = setupServer(...aws.handlers)
beforeAll(() => server.listen(onUnhandled('error')))
afterAll(() => server.close())

// maxAttempts: 1, or the SDK retries the throttled call (3 attempts by default)
const firehose = new FirehoseClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 })
const put = new PutRecordCommand({ DeliveryStreamName: 'clickstream', Record: { Data: new TextEncoder().encode('x') } })

it('throttles the 6th put within one second, and recovers in the next', async () => {
  for (let i = 0; i < 5; i++) await firehose.send(put)
  await expect(firehose.send(put)).rejects.toMatchObject({ name: 'ServiceUnavailableException', message: 'Slow down.' })

  clock.advance(1000)
  await expect(firehose.send(put)).resolves.toMatchObject({ Encrypted: false })
})

import { FirehoseClient, PutRecordBatchCommand, StartDeliveryStreamEncryptionCommand } from '@aws-sdk/client-firehose'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { createFirehoseMock, onUnhandled, type Fixture } from 'firehose-msw'
import { firehoseMatchers } from 'firehose-msw/vitest'
import directPutS3 from 'firehose-msw/fixtures/direct-put-s3.json' // stream "clickstream"

expect.extend(firehoseMatchers) // once, e.g. in a setup file

const aws = createFirehoseMock({ seed: directPutS3 as Fixture, timing: 'instant' })
const server = setupServer(...aws.handlers)
beforeAll(() => server.listen(onUnhandled('error')))
afterEach(() => aws.reset()) // also clears the call log
afterAll(() => server.close())

const firehose = new FirehoseClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 })
const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'

/** The code under test: what a UI's "encrypt" and "send" buttons would do. */
async function encryptAndSend(events: string[]): Promise<void> {
  await firehose.send(
    new StartDeliveryStreamEncryptionCommand({
      DeliveryStreamName: 'clickstream',
      DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: KEY_ARN },
    }),
  )
  await firehose
    .send(
      new PutRecordBatchCommand({ DeliveryStreamName: 'clickstream', Records: events.map((e) => ({ Data: new TextEncoder().encode(e) })) }),
    )
    .catch(() => undefined) // the UI shows a retry button instead
}

it('asserts what the app sent, and the state it left, in one line each', async () => {
  await encryptAndSend(['{"page":"/home"}', '{"page":"/cart"}'])

  // What the app sent: command classes or operation names; inputs match as deep partial objects,
  // and a string stands for a blob's UTF-8 bytes.
  expect(aws).toHaveReceivedCommandWith(StartDeliveryStreamEncryptionCommand, {
    DeliveryStreamEncryptionConfigurationInput: { KeyARN: KEY_ARN },
  })
  expect(aws).toHaveReceivedCommandWith(PutRecordBatchCommand, {
    Records: [{ Data: '{"page":"/home"}' }, { Data: expect.any(Uint8Array) }],
  })
  expect(aws).toHaveReceivedCommandTimes('PutRecordBatch', 1)
  expect(aws).toHaveReceivedNthSpecificCommandWith(1, PutRecordBatchCommand, { DeliveryStreamName: 'clickstream' })

  // The stream as the simulation sees it now, without the SDK: Firehose accepted the Start, then
  // found no such key in this account, as AWS would.
  expect(aws.firehose.stream('clickstream')).toMatchObject({
    status: 'ACTIVE',
    encryption: { status: 'ENABLING_FAILED', keyArn: KEY_ARN, failure: { type: 'KMS_KEY_NOT_FOUND' } },
    records: 6, // the fixture's 4, and the 2 sent
  })

  // The log itself: every answered call, oldest first, with its input and its output or error.
  const [start, put] = aws.calls({ streamName: 'clickstream' })
  expect(start).toMatchObject({ service: 'firehose', operation: 'StartDeliveryStreamEncryption', output: {}, region: 'us-east-1' })
  expect(put).toMatchObject({ operation: 'PutRecordBatch', output: { FailedPutCount: 0 } })
})

it('asserts what AWS answered: throttles and injected faults are what the client saw', async () => {
  aws.faults.add({ operation: 'PutRecordBatch', error: 'ServiceUnavailableException', times: 1 })
  await encryptAndSend(['{"page":"/home"}'])
  expect(aws).toHaveAnsweredWithError(PutRecordBatchCommand, 'ServiceUnavailableException')
  expect(aws.calls({ operation: 'PutRecordBatch' })[0]!.error).toEqual({
    name: 'ServiceUnavailableException',
    status: 503,
    message: 'Slow down.',
  })
})

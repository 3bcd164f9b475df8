import { FirehoseClient, PutRecordBatchCommand, PutRecordCommand } from '@aws-sdk/client-firehose'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { createFirehoseMock, onUnhandled, type Fixture } from 'firehose-msw'
import clickstream from 'firehose-msw/fixtures/direct-put-s3.json'

const aws = createFirehoseMock({ seed: clickstream as Fixture })
const server = setupServer(...aws.handlers)
beforeAll(() => server.listen(onUnhandled('error')))
afterEach(() => aws.reset()) // also removes every fault rule
afterAll(() => server.close())

const firehose = new FirehoseClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 })
const encode = (text: string) => new TextEncoder().encode(text)

it('fails matching calls', async () => {
  const rule = aws.faults.add({
    service: 'firehose', // or 'kms', 'cognito'
    operation: 'PutRecord',
    streamName: 'clickstream', // matches the request's DeliveryStreamName
    error: 'ServiceUnavailableException', // any AWS exception name: answered with the status AWS uses for it
    message: 'Slow down.',
    times: 1, // then the rule is spent (without it, every matching call fails until remove() or reset())
  })
  const put = new PutRecordCommand({ DeliveryStreamName: 'clickstream', Record: { Data: encode('x') } })

  await expect(firehose.send(put)).rejects.toMatchObject({ name: 'ServiceUnavailableException', $metadata: { httpStatusCode: 503 } })
  await firehose.send(put) // the rule is spent
  expect(rule.hits).toBe(1)
  expect(aws.firehose.records('clickstream')).toHaveLength(5) // the failed call stored nothing
})

it('fails some records of a batch, and the app retries just those', async () => {
  aws.faults.add({ operation: 'PutRecordBatch', failRecords: 2, times: 1 }) // the first 2 records of one call
  let pending = ['a', 'b', 'c'].map((text) => ({ Data: encode(text) }))
  let calls = 0
  while (pending.length > 0) {
    calls++
    const { FailedPutCount, RequestResponses } = await firehose.send(
      new PutRecordBatchCommand({ DeliveryStreamName: 'clickstream', Records: pending }),
    )
    if (calls === 1) expect(FailedPutCount).toBe(2) // HTTP 200; failed entries carry ErrorCode and ErrorMessage, no RecordId
    pending = pending.filter((_, i) => RequestResponses![i]!.ErrorCode)
  }
  expect(calls).toBe(2)
  const stored = aws.firehose.records('clickstream').slice(4)
  expect(stored.map((r) => new TextDecoder().decode(r.data))).toEqual(['c', 'a', 'b'])
})

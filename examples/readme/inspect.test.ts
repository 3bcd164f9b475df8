import { FirehoseClient, PutRecordCommand } from '@aws-sdk/client-firehose'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createFirehoseMock, onUnhandled, type Fixture } from 'firehose-msw'
import encryptedCmk from 'firehose-msw/fixtures/encrypted-cmk.json' // stream "payments", encrypted with a customer managed key
import directPutS3 from 'firehose-msw/fixtures/direct-put-s3.json' // stream "clickstream"

const aws = createFirehoseMock({ seed: encryptedCmk as Fixture })
const server = setupServer(...aws.handlers)
beforeAll(() => server.listen(onUnhandled('error')))
afterAll(() => server.close())

const firehose = new FirehoseClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 })

it('shows what AWS holds', async () => {
  const Data = new TextEncoder().encode('{"amount":42}\n')
  await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'payments', Record: { Data } }))

  // Firehose: streams and the records they accepted (us-east-1 and the mock's account unless told otherwise)
  expect(aws.firehose.streamNames()).toEqual(['payments'])
  expect(aws.firehose.streamNames({ region: 'eu-west-1' })).toEqual([])
  const [record] = aws.firehose.records('payments')
  expect(record).toMatchObject({ encrypted: true, keyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' })
  expect(record!.data).toEqual(Data) // also recordId and receivedAt (epoch ms)
  expect(() => aws.firehose.records('paymnets')).toThrow('no such stream in us-east-1') // a typo fails loudly

  // KMS: keys (with aliases, policy and tags) and grants
  const [key] = aws.kms.keys()
  expect(key).toMatchObject({ keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', state: 'Enabled', aliases: ['alias/firehose-payments'] })
  expect(aws.kms.grants(key!.keyId)).toMatchObject([{ granteePrincipal: 'firehose.amazonaws.com' }]) // Firehose's grant

  // More state on top, until reset() goes back to the seeds
  aws.load(directPutS3 as Fixture)
  expect(aws.firehose.streamNames()).toEqual(['clickstream', 'payments'])
  aws.reset()
  expect(aws.firehose.streamNames()).toEqual(['payments'])
  expect(aws.firehose.records('payments')).toEqual([])
})

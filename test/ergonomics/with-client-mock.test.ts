/**
 * A suite that uses aws-sdk-client-mock and firehose-msw side by side: S3Client stubbed with
 * `mockClient(S3Client)`, FirehoseClient talking to the mock through msw/node, and one
 * registration of firehoseMatchers asserting on both.
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { PutRecordCommand, type FirehoseClient } from '@aws-sdk/client-firehose'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, describe, expect, it } from 'vitest'
import { firehoseMatchers } from '../../src/vitest'
import { credentials } from '../support/aws'
import { bytes } from '../support/bytes'
import { useMock } from '../support/mock'
import { assertionFailure } from '../support/errors'

expect.extend(firehoseMatchers)

const { aws, firehose, activeStream } = useMock({ timing: 'instant' })
const s3Mock = mockClient(S3Client)
afterEach(() => s3Mock.reset())

/** Code under test: keeps an order in S3 and sends it to a Firehose stream. */
async function archiveOrder(s3: S3Client, client: FirehoseClient, order: { id: string; total: number }): Promise<void> {
  const body = JSON.stringify(order)
  await s3.send(new PutObjectCommand({ Bucket: 'orders-bucket', Key: `orders/${order.id}.json`, Body: body }))
  await client.send(new PutRecordCommand({ DeliveryStreamName: 'orders', Record: { Data: bytes(`${body}\n`) } }))
}

describe('one matcher registration for both kinds of mock', () => {
  it('asserts the stubbed S3 calls and the Firehose calls with the same matchers', async () => {
    s3Mock.on(PutObjectCommand).resolves({})
    await activeStream('orders')
    const s3 = new S3Client({ region: 'us-east-1', credentials })
    await archiveOrder(s3, firehose, { id: 'o-1', total: 42 })
    await archiveOrder(s3, firehose, { id: 'o-2', total: 7 })

    expect(s3Mock).toHaveReceivedCommandTimes(PutObjectCommand, 2)
    expect(s3Mock).toHaveReceivedCommandWith(PutObjectCommand, { Bucket: 'orders-bucket', Key: 'orders/o-1.json' })
    expect(s3Mock).toHaveReceivedNthCommandWith(2, PutObjectCommand, { Key: 'orders/o-2.json', Body: '{"id":"o-2","total":7}' })
    expect(s3Mock).toHaveReceivedNthSpecificCommandWith(1, PutObjectCommand, { Body: expect.stringContaining('"total":42') })
    expect(s3Mock).toHaveReceivedAnyCommand()
    expect(s3Mock).not.toHaveReceivedCommand(GetObjectCommand)

    expect(aws).toHaveReceivedCommandTimes(PutRecordCommand, 2)
    expect(aws).toHaveReceivedNthSpecificCommandWith(1, PutRecordCommand, { Record: { Data: '{"id":"o-1","total":42}\n' } })
    expect(aws).toHaveReceivedCommandWith(PutRecordCommand, { DeliveryStreamName: 'orders', Record: { Data: expect.any(Uint8Array) } })
  })

  it('keeps the two apart: the stub’s calls are not in the call log, and the mock’s are not the stub’s', async () => {
    s3Mock.on(PutObjectCommand).resolves({})
    await activeStream('orders')
    await archiveOrder(new S3Client({ region: 'us-east-1', credentials }), firehose, { id: 'o-1', total: 1 })
    expect(aws.calls().map((call) => call.operation)).toEqual(['CreateDeliveryStream', 'PutRecord'])
    expect(aws).not.toHaveReceivedCommand(PutObjectCommand)
    expect(aws).not.toHaveReceivedCommand('PutObject')
    expect(s3Mock).not.toHaveReceivedCommand(PutRecordCommand)
    expect(s3Mock).toHaveReceivedCommandTimes('PutObject', 1)
  })

  it('reads the service of a stubbed command: s3:PutObject matches, kms:PutObject does not', async () => {
    s3Mock.on(PutObjectCommand).resolves({})
    await new S3Client({ region: 'us-east-1', credentials }).send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x' }))
    expect(s3Mock).toHaveReceivedCommand('s3:PutObject')
    expect(s3Mock).not.toHaveReceivedCommand('kms:PutObject')
    expect(s3Mock).toHaveReceivedNthCommandWith(1, 's3:PutObject', { Key: 'k' })
  })

  it('fails on the stub with the client’s name, the counts and the closest calls', async () => {
    s3Mock.on(PutObjectCommand).resolves({})
    const s3 = new S3Client({ region: 'us-east-1', credentials })
    await s3.send(new PutObjectCommand({ Bucket: 'orders-bucket', Key: 'orders/o-1.json', Body: 'a' }))
    await s3.send(new GetObjectCommand({ Bucket: 'orders-bucket', Key: 'orders/o-1.json' }))
    expect(assertionFailure(() => expect(s3Mock).toHaveReceivedCommandTimes(PutObjectCommand, 2))).toBe(
      'expected S3Client to receive PutObjectCommand 2 times, but it received it once\n\nIt received 2 calls: PutObject, GetObject.',
    )
    const message = assertionFailure(() => expect(s3Mock).toHaveReceivedCommandWith(PutObjectCommand, { Key: 'orders/o-2.json' }))
    expect(message).toMatch(/^expected S3Client to receive PutObjectCommand with Object \{[^]*\}; closest of 1:\n\n1st PutObject:/)
    expect(message).toContain('-   "Key": "orders/o-2.json",')
    expect(message).toContain('+   "Key": "orders/o-1.json",')
    expect(message).not.toContain('Bucket')
    expect(assertionFailure(() => expect(s3Mock).toHaveReceivedNthCommandWith(2, PutObjectCommand, {}))).toBe(
      'expected the 2nd call to S3Client to be PutObjectCommand with Object {}; it was GetObject',
    )
    expect(assertionFailure(() => expect(s3Mock).not.toHaveReceivedAnyCommand())).toBe(
      'expected S3Client not to receive any command\n\nIt received 2 calls: PutObject, GetObject.',
    )
  })

  it('a stub that received nothing', () => {
    expect(s3Mock).not.toHaveReceivedAnyCommand()
    expect(s3Mock).toHaveReceivedCommandTimes(PutObjectCommand, 0)
    expect(assertionFailure(() => expect(s3Mock).toHaveReceivedCommand(PutObjectCommand))).toBe(
      'expected S3Client to receive PutObjectCommand at least once, but it received it 0 times\n\nIt received no calls.',
    )
  })

  it('toHaveAnsweredWithError on a stub throws a TypeError: only the firehose-msw mock has answers to check', async () => {
    s3Mock.on(PutObjectCommand).rejects(new Error('denied'))
    await expect(new S3Client({ region: 'us-east-1', credentials }).send(new PutObjectCommand({ Bucket: 'b', Key: 'k' }))).rejects.toThrow(
      'denied',
    )
    expect(() => expect(s3Mock).toHaveAnsweredWithError(PutObjectCommand)).toThrow(TypeError)
    expect(() => expect(s3Mock).not.toHaveAnsweredWithError(PutObjectCommand)).toThrow(
      "[firehose-msw] an aws-sdk-client-mock mock answers what it was told to: only firehose-msw's mock has answers to check",
    )
  })
})

/**
 * firehoseMatchers next to aws-sdk-client-mock-jest, whose `aws-sdk-client-mock-jest/vitest`
 * registers matchers of the same names when imported. Registered after it, firehoseMatchers take
 * those names and serve both the aws-sdk-client-mock stub and the firehose-msw mock; the other
 * library's own aliases (`toReceiveCommand`…) stay its own.
 */
import 'aws-sdk-client-mock-jest/vitest'
import { PutRecordCommand } from '@aws-sdk/client-firehose'
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { firehoseMatchers } from '../../src/vitest'
import { credentials } from '../support/aws'
import { putText } from '../support/firehose'
import { useMock } from '../support/mock'
import { assertionFailure } from '../support/errors'

// aws-sdk-client-mock-jest 4.1.0 loads chalk 5's `Chalk` class but declares chalk only as a
// devDependency (m-radzikowski/aws-sdk-client-mock#243), and this install resolves chalk 4, whose
// equivalent class is `chalk.Instance`.
vi.mock('chalk', async (importOriginal) => {
  const chalk = ((await importOriginal()) as { default: { Instance: unknown } }).default
  return { ...chalk, default: chalk, Chalk: chalk.Instance }
})

// After the import above has registered aws-sdk-client-mock-jest's matchers: these replace the shared names.
expect.extend(firehoseMatchers)

const { aws, firehose, activeStream } = useMock({ timing: 'instant' })
const s3Mock = mockClient(S3Client)
afterEach(() => s3Mock.reset())

async function s3AndFirehoseCalls(): Promise<void> {
  s3Mock.on(PutObjectCommand).resolves({})
  await activeStream('orders')
  await new S3Client({ region: 'us-east-1', credentials }).send(new PutObjectCommand({ Bucket: 'b', Key: 'orders/1.json', Body: '{}' }))
  await putText(firehose, 'orders', '{"id":1}')
}

describe('registered after aws-sdk-client-mock-jest/vitest', () => {
  it('the shared matcher names serve both the stub and the firehose-msw mock', async () => {
    await s3AndFirehoseCalls()
    expect(s3Mock).toHaveReceivedCommand(PutObjectCommand)
    expect(s3Mock).toHaveReceivedCommandTimes(PutObjectCommand, 1)
    expect(s3Mock).toHaveReceivedCommandWith(PutObjectCommand, { Key: 'orders/1.json' })
    expect(s3Mock).toHaveReceivedNthCommandWith(1, PutObjectCommand, { Bucket: 'b' })
    expect(s3Mock).toHaveReceivedNthSpecificCommandWith(1, PutObjectCommand, { Body: '{}' })
    expect(s3Mock).toHaveReceivedAnyCommand()
    expect(aws).toHaveReceivedCommand(PutRecordCommand)
    expect(aws).toHaveReceivedCommandTimes(PutRecordCommand, 1)
    expect(aws).toHaveReceivedCommandWith(PutRecordCommand, { Record: { Data: '{"id":1}' } })
    expect(aws).toHaveReceivedNthCommandWith(2, PutRecordCommand, { DeliveryStreamName: 'orders' })
    expect(aws).toHaveReceivedNthSpecificCommandWith(1, PutRecordCommand, { DeliveryStreamName: 'orders' })
    expect(aws).toHaveReceivedAnyCommand()
    expect(aws).not.toHaveAnsweredWithError(PutRecordCommand)
  })

  it('the shared names fail with firehose-msw’s messages, for the stub too', async () => {
    await s3AndFirehoseCalls()
    expect(assertionFailure(() => expect(s3Mock).toHaveReceivedCommandTimes(PutObjectCommand, 2))).toBe(
      'expected S3Client to receive PutObjectCommand 2 times, but it received it once\n\nIt received 1 call: PutObject.',
    )
    expect(assertionFailure(() => expect(aws).toHaveReceivedCommandTimes(PutRecordCommand, 2))).toBe(
      'expected the mock to receive PutRecordCommand 2 times, but it received it once\n\nIt received 2 calls: CreateDeliveryStream, PutRecord.',
    )
  })

  it('aws-sdk-client-mock-jest’s own aliases still read the stub, and refuse the firehose-msw mock', async () => {
    await s3AndFirehoseCalls()
    expect(s3Mock).toReceiveCommand(PutObjectCommand)
    expect(s3Mock).toReceiveCommandTimes(PutObjectCommand, 1)
    expect(s3Mock).toReceiveCommandWith(PutObjectCommand, { Key: 'orders/1.json' })
    expect(() => expect(aws).toReceiveCommand(PutRecordCommand)).toThrow('The actual must be a client mock instance')
  })
})

/**
 * firehose-msw/vitest: the matchers over the call log (`expect.extend(firehoseMatchers)`), each
 * passing and failing with the message a test author reads, their `.not` forms, the ways to name a
 * command (an SDK command class, 'PutRecord', 'kms:Encrypt'), the deep partial matching of inputs,
 * and the TypeErrors for what is neither a mock nor a command.
 */
import { TagResourceCommand as CognitoTagResourceCommand } from '@aws-sdk/client-cognito-identity'
import {
  CreateDeliveryStreamCommand,
  DescribeDeliveryStreamCommand,
  ListDeliveryStreamsCommand,
  PutRecordBatchCommand,
  PutRecordCommand,
} from '@aws-sdk/client-firehose'
import { EncryptCommand, ListKeysCommand, TagResourceCommand as KmsTagResourceCommand } from '@aws-sdk/client-kms'
import { GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch'
import { describe, expect, it } from 'vitest'
import { firehoseMatchers } from '../../src/vitest'
import { ACCOUNT, BUCKET_ARN, ROLE_ARN } from '../support/aws'
import { bytes } from '../support/bytes'
import { kmsClient } from '../support/clients'
import { START } from '../support/clock'
import { cloudWatchClient, getStatistics } from '../support/cloudwatch'
import { cognitoClient, createPool } from '../support/cognito'
import { assertionFailure, expectAwsError, notFound, SLOW_DOWN } from '../support/errors'
import { putText } from '../support/firehose'
import { createKey } from '../support/kms'
import { useMock } from '../support/mock'

expect.extend(firehoseMatchers)

const { aws, firehose, activeStream } = useMock({ timing: 'instant', quotas: { putRequestsPerSecond: 3 } })
const kms = kmsClient()

/** The message an assertion fails with, without colours; fails the test if the assertion passes. */
const put = (stream: string, text: string) => putText(firehose, stream, text)
const putBatch = (stream: string, texts: string[]) =>
  firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: stream, Records: texts.map((text) => ({ Data: bytes(text) })) }))

describe('toHaveReceivedCommand', () => {
  it('passes once the mock received the command, named by class, by operation or by service:operation', async () => {
    await activeStream('orders')
    await put('orders', 'a')
    expect(aws).toHaveReceivedCommand(PutRecordCommand)
    expect(aws).toHaveReceivedCommand('PutRecord')
    expect(aws).toHaveReceivedCommand('firehose:PutRecord')
    expect(aws).toHaveReceivedCommand(CreateDeliveryStreamCommand)
  })

  it('counts a call the mock answered with an error: it was received', async () => {
    await expectAwsError(put('missing', 'x'), notFound('missing'))
    expect(aws).toHaveReceivedCommand(PutRecordCommand)
  })

  it('fails naming the command, how often it came and what the mock received instead', async () => {
    await activeStream('orders')
    await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'orders' }))
    await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'orders' }))
    const message = assertionFailure(() => expect(aws).toHaveReceivedCommand(PutRecordCommand))
    expect(message).toBe(
      'expected the mock to receive PutRecordCommand at least once, but it received it 0 times\n\n' +
        'It received 3 calls: CreateDeliveryStream, DescribeDeliveryStream ×2.',
    )
  })

  it('fails on a mock that received nothing', () => {
    expect(assertionFailure(() => expect(aws).toHaveReceivedCommand('PutRecord'))).toMatch(/received it 0 times\n\nIt received no calls\.$/)
  })

  it('.not passes when the command never came, and fails saying how often it did', async () => {
    await kms.send(new ListKeysCommand({}))
    expect(aws).not.toHaveReceivedCommand(PutRecordCommand)
    expect(aws).not.toHaveReceivedCommand('ListDeliveryStreams')
    expect(assertionFailure(() => expect(aws).not.toHaveReceivedCommand(ListKeysCommand))).toBe(
      'expected the mock not to receive ListKeysCommand at least once, but it received it once\n\nIt received 1 call: ListKeys.',
    )
  })

  it('a class or a service:operation string matches only its own service; a bare operation name matches any', async () => {
    const cognito = cognitoClient()
    const poolId = await createPool(cognito)
    const ResourceArn = `arn:aws:cognito-identity:us-east-1:${ACCOUNT}:identitypool/${poolId}`
    await cognito.send(new CognitoTagResourceCommand({ ResourceArn, Tags: { team: 'web' } }))
    expect(aws).toHaveReceivedCommand(CognitoTagResourceCommand)
    expect(aws).toHaveReceivedCommand('cognito:TagResource')
    expect(aws).toHaveReceivedCommand('TagResource')
    expect(aws).not.toHaveReceivedCommand(KmsTagResourceCommand)
    expect(aws).not.toHaveReceivedCommand('kms:TagResource')
    expect(aws).not.toHaveReceivedCommandWith('kms:TagResource', {})
    expect(assertionFailure(() => expect(aws).toHaveReceivedCommand('kms:TagResource'))).toMatch(
      /^expected the mock to receive kms:TagResource at least once, but it received it 0 times/,
    )
  })

  it('a service:operation string of another service does not match the operation of that name', async () => {
    await activeStream('orders')
    await put('orders', 'a')
    expect(aws).not.toHaveReceivedCommand('kms:PutRecord')
    expect(aws).not.toHaveReceivedCommand('kms:ListGrants')
    expect(aws).toHaveReceivedCommandTimes('cognito:PutRecord', 0)
    expect(aws).toHaveReceivedCommandTimes('firehose:PutRecord', 1)
  })
})

describe('toHaveReceivedCommandTimes', () => {
  it('passes with the exact count, 0 included', async () => {
    await activeStream('orders')
    await put('orders', 'a')
    await put('orders', 'b')
    expect(aws).toHaveReceivedCommandTimes(PutRecordCommand, 2)
    expect(aws).toHaveReceivedCommandTimes('CreateDeliveryStream', 1)
    expect(aws).toHaveReceivedCommandTimes(PutRecordBatchCommand, 0)
  })

  it('fails with the expected and the actual count, and the calls received', async () => {
    await activeStream('orders')
    await put('orders', 'a')
    await put('orders', 'b')
    expect(assertionFailure(() => expect(aws).toHaveReceivedCommandTimes('PutRecord', 3))).toBe(
      'expected the mock to receive PutRecord 3 times, but it received it 2 times\n\nIt received 3 calls: CreateDeliveryStream, PutRecord ×2.',
    )
    expect(assertionFailure(() => expect(aws).toHaveReceivedCommandTimes(PutRecordCommand, 1))).toMatch(
      /^expected the mock to receive PutRecordCommand once, but it received it 2 times/,
    )
  })

  it('.not passes with another count and fails with the same one', async () => {
    await activeStream('orders')
    await put('orders', 'a')
    expect(aws).not.toHaveReceivedCommandTimes(PutRecordCommand, 2)
    expect(assertionFailure(() => expect(aws).not.toHaveReceivedCommandTimes(PutRecordCommand, 1))).toMatch(
      /^expected the mock not to receive PutRecordCommand once, but it received it once/,
    )
  })
})

describe('toHaveReceivedCommandWith: matching the input', () => {
  it('matches a partial input: only the members named, nested objects partially too', async () => {
    await activeStream('orders', {
      DeliveryStreamName: 'orders',
      ExtendedS3DestinationConfiguration: { RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN, Prefix: 'raw/', BufferingHints: { SizeInMBs: 1 } },
    })
    expect(aws).toHaveReceivedCommandWith(CreateDeliveryStreamCommand, { DeliveryStreamName: 'orders' })
    expect(aws).toHaveReceivedCommandWith(CreateDeliveryStreamCommand, { ExtendedS3DestinationConfiguration: { Prefix: 'raw/' } })
    expect(aws).toHaveReceivedCommandWith(CreateDeliveryStreamCommand, {
      ExtendedS3DestinationConfiguration: { BufferingHints: { SizeInMBs: 1 } },
    })
    expect(aws).toHaveReceivedCommandWith(CreateDeliveryStreamCommand, {})
    expect(aws).not.toHaveReceivedCommandWith(CreateDeliveryStreamCommand, { ExtendedS3DestinationConfiguration: { Prefix: 'other/' } })
    expect(aws).not.toHaveReceivedCommandWith(CreateDeliveryStreamCommand, {
      ExtendedS3DestinationConfiguration: { BufferingHints: { SizeInMBs: 2 } },
    })
    expect(aws).not.toHaveReceivedCommandWith(CreateDeliveryStreamCommand, { DeliveryStreamType: 'KinesisStreamAsSource' })
  })

  it('a string matches a blob holding its UTF-8 bytes; Uint8Array and Buffer match by bytes', async () => {
    await activeStream('orders')
    await put('orders', 'héllo 😀')
    expect(aws).toHaveReceivedCommandWith(PutRecordCommand, { Record: { Data: 'héllo 😀' } })
    expect(aws).toHaveReceivedCommandWith(PutRecordCommand, { Record: { Data: bytes('héllo 😀') } })
    expect(aws).toHaveReceivedCommandWith(PutRecordCommand, { Record: { Data: Buffer.from('héllo 😀', 'utf8') } })
    expect(aws).not.toHaveReceivedCommandWith(PutRecordCommand, { Record: { Data: 'hello' } })
    expect(aws).not.toHaveReceivedCommandWith(PutRecordCommand, { Record: { Data: 'héllo' } })
    expect(aws).not.toHaveReceivedCommandWith(PutRecordCommand, { Record: { Data: bytes('héllo 😀!') } })
    expect(aws).not.toHaveReceivedCommandWith(PutRecordCommand, { Record: { Data: Buffer.from('héllo 😁') } })
  })

  it('matches binary blobs byte for byte', async () => {
    const { keyId } = await createKey(kms)
    const plaintext = Uint8Array.from({ length: 256 }, (_, i) => 255 - i)
    await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: { purpose: 'test', app: 'web' } }))
    expect(aws).toHaveReceivedCommandWith(EncryptCommand, { Plaintext: plaintext.slice() })
    expect(aws).toHaveReceivedCommandWith('kms:Encrypt', { KeyId: keyId, EncryptionContext: { purpose: 'test' } })
    const changed = plaintext.slice()
    changed[200] = 0
    expect(aws).not.toHaveReceivedCommandWith(EncryptCommand, { Plaintext: changed })
    expect(aws).not.toHaveReceivedCommandWith(EncryptCommand, { Plaintext: plaintext.subarray(1) })
    expect(aws).not.toHaveReceivedCommandWith(EncryptCommand, { EncryptionContext: { purpose: 'prod' } })
  })

  it('arrays match element by element, in order, with the same length; each element partially', async () => {
    await activeStream('orders')
    await putBatch('orders', ['a', 'b'])
    expect(aws).toHaveReceivedCommandWith(PutRecordBatchCommand, { Records: [{ Data: 'a' }, { Data: 'b' }] })
    expect(aws).toHaveReceivedCommandWith(PutRecordBatchCommand, { Records: [{}, { Data: bytes('b') }] })
    expect(aws).not.toHaveReceivedCommandWith(PutRecordBatchCommand, { Records: [{ Data: 'a' }] })
    expect(aws).not.toHaveReceivedCommandWith(PutRecordBatchCommand, { Records: [{ Data: 'a' }, { Data: 'b' }, { Data: 'c' }] })
    expect(aws).not.toHaveReceivedCommandWith(PutRecordBatchCommand, { Records: [{ Data: 'b' }, { Data: 'a' }] })
    expect(aws).not.toHaveReceivedCommandWith(PutRecordBatchCommand, { Records: [] })
  })

  it('takes asymmetric matchers anywhere: at the top, nested, for blobs and for arrays', async () => {
    await activeStream('orders-2026')
    await putBatch('orders-2026', ['first', 'second'])
    expect(aws).toHaveReceivedCommandWith(PutRecordBatchCommand, { DeliveryStreamName: expect.stringMatching(/^orders-\d+$/) })
    expect(aws).toHaveReceivedCommandWith(PutRecordBatchCommand, { DeliveryStreamName: expect.stringContaining('2026') })
    expect(aws).toHaveReceivedCommandWith(PutRecordBatchCommand, { Records: expect.any(Array) })
    expect(aws).toHaveReceivedCommandWith(PutRecordBatchCommand, { Records: [{ Data: expect.any(Uint8Array) }, expect.anything()] })
    expect(aws).toHaveReceivedCommandWith(PutRecordBatchCommand, { Records: expect.arrayContaining([expect.objectContaining({})]) })
    expect(aws).toHaveReceivedCommandWith(PutRecordBatchCommand, expect.objectContaining({ DeliveryStreamName: 'orders-2026' }))
    expect(aws).not.toHaveReceivedCommandWith(PutRecordBatchCommand, { DeliveryStreamName: expect.stringContaining('2025') })
    expect(aws).not.toHaveReceivedCommandWith(PutRecordBatchCommand, { Records: [{ Data: expect.any(String) }, expect.anything()] })
  })

  it('an expected member the input lacks does not match, unless expected as undefined', async () => {
    await kms.send(new ListKeysCommand({}))
    expect(aws).toHaveReceivedCommandWith(ListKeysCommand, { Limit: undefined })
    expect(aws).not.toHaveReceivedCommandWith(ListKeysCommand, { Limit: 10 })
    expect(aws).not.toHaveReceivedCommandWith(ListKeysCommand, { Limit: expect.anything() })
  })

  it('matches any one of the calls of the command, not only the last', async () => {
    await activeStream('orders')
    await put('orders', 'first')
    await put('orders', 'second')
    expect(aws).toHaveReceivedCommandWith(PutRecordCommand, { Record: { Data: 'first' } })
    expect(aws).toHaveReceivedCommandWith(PutRecordCommand, { Record: { Data: 'second' } })
  })
})

describe('toHaveReceivedCommandWith: failure messages', () => {
  it('show the closest call as a diff of only the members named, blobs as text where text was expected', async () => {
    await activeStream('orders')
    await put('orders', 'hello')
    const message = assertionFailure(() => expect(aws).toHaveReceivedCommandWith(PutRecordCommand, { Record: { Data: 'hellx' } }))
    expect(message).toMatch(
      /^expected the mock to receive PutRecordCommand with Object \{\s+"Record": Object \{\s+"Data": "hellx",\s+\},\s+\}; closest of 1:/,
    )
    expect(message).toContain('1st PutRecord:')
    expect(message).toContain('-     "Data": "hellx",')
    expect(message).toContain('+     "Data": "hello",')
    expect(message).not.toContain('DeliveryStreamName')
  })

  it('list at most three of the calls, the closest first', async () => {
    for (const name of ['s1', 's2', 's3']) await activeStream(name)
    await put('s1', 'x')
    await put('s2', 'y')
    await put('s1', 'hello')
    await put('s3', 'z')
    const message = assertionFailure(() =>
      expect(aws).toHaveReceivedCommandWith(PutRecordCommand, { DeliveryStreamName: 's1', Record: { Data: 'hellx' } }),
    )
    expect(message).toContain('closest of 4:')
    // One member off: the 1st and 3rd; two off: the 2nd and 4th, of which only the first is shown.
    const shown = [...message.matchAll(/^(\d\w\w) PutRecord:$/gm)].map((match) => match[1])
    expect(shown).toEqual(['1st', '3rd', '2nd'])
    expect(message).toContain('+     "Data": "hello",')
    expect(message).toContain('+   "DeliveryStreamName": "s2",')
    expect(message).not.toContain('"s3"')
  })

  it('say when the command never came, and what did', async () => {
    await kms.send(new ListKeysCommand({}))
    expect(assertionFailure(() => expect(aws).toHaveReceivedCommandWith(PutRecordCommand, { DeliveryStreamName: 'orders' }))).toMatch(
      /^expected the mock to receive PutRecordCommand with Object \{\s+"DeliveryStreamName": "orders",\s+\}, but it received none\n\nIt received 1 call: ListKeys\.$/,
    )
  })

  it('.not passes when no call matches and fails naming the call that did', async () => {
    await activeStream('orders')
    await put('orders', 'a')
    await put('orders', 'b')
    expect(aws).not.toHaveReceivedCommandWith(PutRecordCommand, { Record: { Data: 'c' } })
    const message = assertionFailure(() => expect(aws).not.toHaveReceivedCommandWith(PutRecordCommand, { Record: { Data: 'b' } }))
    expect(message).toMatch(
      /^expected the mock not to receive PutRecordCommand with Object \{[^]*\}, but its 2nd PutRecordCommand had:[^]*"Data": "b"/,
    )
  })
})

describe('toHaveReceivedNthCommandWith: the nth call of any command', () => {
  /** 1st CreateDeliveryStream, 2nd PutRecord "a", 3rd DescribeDeliveryStream, 4th PutRecord "b". */
  async function fourCalls() {
    await activeStream('orders')
    await put('orders', 'a')
    await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'orders' }))
    await put('orders', 'b')
  }

  it('passes when the nth of all calls is the command with that input', async () => {
    await fourCalls()
    expect(aws).toHaveReceivedNthCommandWith(1, CreateDeliveryStreamCommand, { DeliveryStreamName: 'orders' })
    expect(aws).toHaveReceivedNthCommandWith(2, PutRecordCommand, { Record: { Data: 'a' } })
    expect(aws).toHaveReceivedNthCommandWith(3, 'DescribeDeliveryStream', {})
    expect(aws).toHaveReceivedNthCommandWith(4, 'firehose:PutRecord', { Record: { Data: 'b' } })
  })

  it('counts every command: the 2nd PutRecord is the 4th call, not the 2nd', async () => {
    await fourCalls()
    expect(aws).not.toHaveReceivedNthCommandWith(2, PutRecordCommand, { Record: { Data: 'b' } })
    expect(aws).toHaveReceivedNthSpecificCommandWith(2, PutRecordCommand, { Record: { Data: 'b' } })
  })

  it('fails naming the command the nth call was', async () => {
    await fourCalls()
    expect(assertionFailure(() => expect(aws).toHaveReceivedNthCommandWith(3, PutRecordCommand, {}))).toBe(
      'expected the 3rd call to the mock to be PutRecordCommand with Object {}; it was DescribeDeliveryStream',
    )
  })

  it('fails with the diff when the nth call is the command with another input', async () => {
    await fourCalls()
    const message = assertionFailure(() => expect(aws).toHaveReceivedNthCommandWith(2, PutRecordCommand, { Record: { Data: 'b' } }))
    expect(message).toMatch(/^expected the 2nd call to the mock to be PutRecordCommand with Object \{[^]*\}; it was PutRecord/)
    expect(message).toContain('2nd PutRecord:')
    expect(message).toContain('-     "Data": "b",')
    expect(message).toContain('+     "Data": "a",')
  })

  it('fails saying how many calls came when there is no nth', async () => {
    await fourCalls()
    expect(assertionFailure(() => expect(aws).toHaveReceivedNthCommandWith(5, PutRecordCommand, {}))).toBe(
      'expected the 5th call to the mock to be PutRecordCommand with Object {}, but it received 4 times',
    )
  })

  it('.not passes for another command or input at n, and fails for the one there', async () => {
    await fourCalls()
    expect(aws).not.toHaveReceivedNthCommandWith(3, PutRecordCommand, {})
    expect(aws).not.toHaveReceivedNthCommandWith(2, PutRecordCommand, { Record: { Data: 'x' } })
    expect(aws).not.toHaveReceivedNthCommandWith(2, 'kms:PutRecord', {})
    expect(assertionFailure(() => expect(aws).not.toHaveReceivedNthCommandWith(2, PutRecordCommand, { Record: { Data: 'a' } }))).toMatch(
      /^expected the 2nd call to the mock not to be PutRecordCommand with Object \{/,
    )
  })
})

describe('toHaveReceivedNthSpecificCommandWith: the nth call of that command', () => {
  async function threePuts() {
    await activeStream('orders')
    await put('orders', 'a')
    await kms.send(new ListKeysCommand({}))
    await put('orders', 'b')
    await put('orders', 'c')
  }

  it('passes when the nth call of the command has the input, whatever came between', async () => {
    await threePuts()
    expect(aws).toHaveReceivedNthSpecificCommandWith(1, PutRecordCommand, { Record: { Data: 'a' } })
    expect(aws).toHaveReceivedNthSpecificCommandWith(2, 'PutRecord', { Record: { Data: 'b' } })
    expect(aws).toHaveReceivedNthSpecificCommandWith(3, 'firehose:PutRecord', { DeliveryStreamName: 'orders', Record: { Data: 'c' } })
    expect(aws).toHaveReceivedNthSpecificCommandWith(1, ListKeysCommand, {})
  })

  it('fails with a diff of the nth call of the command', async () => {
    await threePuts()
    const message = assertionFailure(() => expect(aws).toHaveReceivedNthSpecificCommandWith(2, PutRecordCommand, { Record: { Data: 'c' } }))
    expect(message).toMatch(/^expected the 2nd PutRecordCommand to the mock to have Object \{[^]*\}\n\n2nd PutRecord:/)
    expect(message).toContain('-     "Data": "c",')
    expect(message).toContain('+     "Data": "b",')
  })

  it('fails saying how often the command came when there is no nth', async () => {
    await threePuts()
    expect(assertionFailure(() => expect(aws).toHaveReceivedNthSpecificCommandWith(4, PutRecordCommand, {}))).toBe(
      'expected the 4th PutRecordCommand to the mock to have Object {}, but it received PutRecordCommand 3 times',
    )
    expect(assertionFailure(() => expect(aws).toHaveReceivedNthSpecificCommandWith(1, 'kms:PutRecord', {}))).toBe(
      'expected the 1st kms:PutRecord to the mock to have Object {}, but it received kms:PutRecord 0 times',
    )
  })

  it('.not passes for another input and fails for the matching one', async () => {
    await threePuts()
    expect(aws).not.toHaveReceivedNthSpecificCommandWith(2, PutRecordCommand, { Record: { Data: 'a' } })
    expect(
      assertionFailure(() => expect(aws).not.toHaveReceivedNthSpecificCommandWith(2, PutRecordCommand, { Record: { Data: 'b' } })),
    ).toMatch(/^expected the 2nd PutRecordCommand to the mock not to have Object \{/)
  })
})

describe('toHaveReceivedAnyCommand', () => {
  it('fails on a mock that received nothing, and .not passes', () => {
    expect(aws).not.toHaveReceivedAnyCommand()
    expect(assertionFailure(() => expect(aws).toHaveReceivedAnyCommand())).toBe(
      'expected the mock to receive any command\n\nIt received no calls.',
    )
  })

  it('passes after any call, of any service and answer, and .not fails listing them', async () => {
    await expectAwsError(put('missing', 'x'), notFound('missing'))
    expect(aws).toHaveReceivedAnyCommand()
    await kms.send(new ListKeysCommand({}))
    expect(assertionFailure(() => expect(aws).not.toHaveReceivedAnyCommand())).toBe(
      'expected the mock not to receive any command\n\nIt received 2 calls: PutRecord, ListKeys.',
    )
  })

  it('reads the log: reset() empties it', async () => {
    await kms.send(new ListKeysCommand({}))
    aws.reset()
    expect(aws).not.toHaveReceivedAnyCommand()
  })
})

describe('toHaveAnsweredWithError', () => {
  it('passes when a call of the command failed, with or without the error’s name', async () => {
    await activeStream('orders')
    await put('orders', 'fine')
    await expectAwsError(put('missing', 'x'), notFound('missing'))
    expect(aws).toHaveAnsweredWithError(PutRecordCommand)
    expect(aws).toHaveAnsweredWithError(PutRecordCommand, 'ResourceNotFoundException')
    expect(aws).toHaveAnsweredWithError('firehose:PutRecord', 'ResourceNotFoundException')
    expect(aws).not.toHaveAnsweredWithError(CreateDeliveryStreamCommand)
  })

  it('sees injected faults and throttles under their names', async () => {
    await activeStream('orders')
    aws.faults.add({ service: 'kms', operation: 'ListKeys', error: 'KMSInternalException', times: 1 })
    await expectAwsError(kms.send(new ListKeysCommand({})), { name: 'KMSInternalException', status: 500 })
    for (const text of ['a', 'b', 'c']) await put('orders', text)
    await expectAwsError(put('orders', 'over the quota'), SLOW_DOWN)
    expect(aws).toHaveAnsweredWithError(ListKeysCommand, 'KMSInternalException')
    expect(aws).toHaveAnsweredWithError(PutRecordCommand, 'ServiceUnavailableException')
    expect(aws).not.toHaveAnsweredWithError(PutRecordCommand, 'ResourceNotFoundException')
  })

  it('fails with every answer of the command: the error’s name and message, or success', async () => {
    await activeStream('orders')
    await put('orders', 'fine')
    await expectAwsError(put('missing', 'x'), notFound('missing'))
    expect(assertionFailure(() => expect(aws).toHaveAnsweredWithError(PutRecordCommand, 'ServiceUnavailableException'))).toBe(
      'expected the mock to answer PutRecordCommand with ServiceUnavailableException; its answers:\n\n' +
        '1st PutRecordCommand: success\n' +
        `2nd PutRecordCommand: ResourceNotFoundException: Firehose missing under account ${ACCOUNT} not found.`,
    )
  })

  it('fails when every call succeeded, and when the command never came', async () => {
    await activeStream('orders')
    await put('orders', 'fine')
    expect(assertionFailure(() => expect(aws).toHaveAnsweredWithError('PutRecord'))).toBe(
      'expected the mock to answer PutRecord with an error; its answers:\n\n1st PutRecord: success',
    )
    expect(assertionFailure(() => expect(aws).toHaveAnsweredWithError(PutRecordBatchCommand))).toBe(
      'expected the mock to answer PutRecordBatchCommand with an error, but it received none',
    )
  })

  it('.not fails when a call failed so', async () => {
    await expectAwsError(put('missing', 'x'), notFound('missing'))
    expect(assertionFailure(() => expect(aws).not.toHaveAnsweredWithError(PutRecordCommand, 'ResourceNotFoundException'))).toMatch(
      /^expected the mock not to answer PutRecordCommand with ResourceNotFoundException; its answers:\n\n1st PutRecordCommand: ResourceNotFoundException: /,
    )
  })

  it('a batch whose records failed was answered with success', async () => {
    await activeStream('orders')
    aws.faults.add({ operation: 'PutRecordBatch', failRecords: 1 })
    await putBatch('orders', ['x', 'y'])
    expect(aws).not.toHaveAnsweredWithError(PutRecordBatchCommand)
  })
})

describe('what the matchers accept', () => {
  it('TypeError for a received value that is not a mock', () => {
    expect(() => expect({}).toHaveReceivedCommand(PutRecordCommand)).toThrow(TypeError)
    expect(() => expect({}).toHaveReceivedCommand(PutRecordCommand)).toThrow(
      '[firehose-msw] expected the mock createFirehoseMock() returns (or an aws-sdk-client-mock mock), not object',
    )
    expect(() => expect(null).toHaveReceivedAnyCommand()).toThrow(/, not null$/)
    expect(() => expect(undefined).toHaveReceivedCommandTimes('PutRecord', 0)).toThrow(/, not undefined$/)
    expect(() => expect(aws.calls()).toHaveReceivedCommandWith('PutRecord', {})).toThrow(TypeError)
    expect(() => expect({ calls: () => [] }).toHaveAnsweredWithError('PutRecord')).toThrow(TypeError)
  })

  it('a TypeError under .not too', () => {
    expect(() => expect('aws').not.toHaveReceivedAnyCommand()).toThrow(/expected the mock createFirehoseMock\(\) returns.*, not string$/)
  })

  it('TypeError for a command that is neither a class nor an operation name', () => {
    const message = /^\[firehose-msw\] a command is an SDK command class \(PutRecordCommand\) or an operation name \('PutRecord'\), not /
    expect(() => expect(aws).toHaveReceivedCommand(42 as never)).toThrow(TypeError)
    expect(() => expect(aws).toHaveReceivedCommand(42 as never)).toThrow(message)
    expect(() => expect(aws).toHaveReceivedCommand(undefined as never)).toThrow(message)
    expect(() => expect(aws).toHaveReceivedCommandWith({ name: 'PutRecord' } as never, {} as never)).toThrow(message)
    expect(() => expect(aws).toHaveAnsweredWithError(null as never)).toThrow(message)
  })

  it('a command class names its operation from its schema, whatever the class is called (a bundler may rename it)', async () => {
    await kms.send(new ListKeysCommand({}))
    class Renamed extends ListKeysCommand {}
    expect(aws).toHaveReceivedCommand(Renamed)
    expect(assertionFailure(() => expect(aws).toHaveReceivedCommandTimes(Renamed, 2))).toMatch(
      /^expected the mock to receive ListKeysCommand 2 times, but it received it once/,
    )
  })

  it('ListDeliveryStreams of another input shape is still ListDeliveryStreams', async () => {
    await firehose.send(new ListDeliveryStreamsCommand({ Limit: 2 }))
    expect(aws).toHaveReceivedCommandWith(ListDeliveryStreamsCommand, { Limit: 2 })
    expect(aws).not.toHaveReceivedCommandWith(ListDeliveryStreamsCommand, { Limit: '2' as never })
  })
})

describe('timestamps, call numbers and names', () => {
  it('a Date matches the timestamp the log holds in epoch seconds, and a mismatch shows both as dates', async () => {
    const cloudwatch = cloudWatchClient()
    await getStatistics(cloudwatch, 'orders', 'IncomingRecords')
    expect(aws).toHaveReceivedCommandWith(GetMetricStatisticsCommand, { StartTime: new Date(START), MetricName: 'IncomingRecords' })
    const message = assertionFailure(() =>
      expect(aws).toHaveReceivedCommandWith(GetMetricStatisticsCommand, { StartTime: new Date(START + 60_000) }),
    )
    expect(message).toContain(new Date(START + 60_000).toISOString())
    expect(message).toContain(new Date(START).toISOString())
  })

  it('a call number that is not a whole number from 1 is a TypeError, not a silent pass under .not', async () => {
    await activeStream('orders')
    for (const nth of [0, -1, 1.5]) {
      expect(() => expect(aws).not.toHaveReceivedNthCommandWith(nth, CreateDeliveryStreamCommand, {})).toThrow(
        `the call number counts from 1, not ${nth}`,
      )
      expect(() => expect(aws).not.toHaveReceivedNthSpecificCommandWith(nth, CreateDeliveryStreamCommand, {})).toThrow(TypeError)
    }
  })
})

describe('the calls the log returns', () => {
  it('are copies: changing one changes neither the stored records nor the stream', async () => {
    await activeStream('orders')
    await put('orders', 'kept')
    const [create, putCall] = aws.calls()
    ;(putCall!.input.Record.Data as Uint8Array).fill(0x41)
    create!.input.ExtendedS3DestinationConfiguration.BufferingHints = { IntervalInSeconds: 60 }
    expect(new TextDecoder().decode(aws.firehose.records('orders')[0]!.data)).toBe('kept')
    expect(aws.firehose.stream('orders').destinations[0]!.configuration.BufferingHints).not.toEqual({ IntervalInSeconds: 60 })
    expect(aws).toHaveReceivedCommandWith(PutRecordCommand, { Record: { Data: 'kept' } })
  })
})

/**
 * The call log, `aws.calls()`: every request the Firehose, KMS, Cognito Identity and CloudWatch
 * handlers answered, as real SDK clients sent it — in order, with the input as read (blobs as
 * Uint8Array), the output or the AWS error the client received, the time on the mock's clock, the
 * region and the account — its filters, `reset()`, and the `retention.maxCalls` cap.
 */
import { ListMetricsCommand } from '@aws-sdk/client-cloudwatch'
import { GetIdCommand } from '@aws-sdk/client-cognito-identity'
import {
  CreateDeliveryStreamCommand,
  DescribeDeliveryStreamCommand,
  ListDeliveryStreamsCommand,
  ListTagsForDeliveryStreamCommand,
  PutRecordBatchCommand,
  PutRecordCommand,
  TagDeliveryStreamCommand,
} from '@aws-sdk/client-firehose'
import { DescribeKeyCommand, DisableKeyCommand, EncryptCommand, ListKeysCommand } from '@aws-sdk/client-kms'
import { describe, expect, it } from 'vitest'
import { createFirehoseMock, type RecordedCall } from '../../src'
import { ACCOUNT, credentials, OTHER_ACCOUNT, s3Stream } from '../support/aws'
import { bytes, decode, sameBytes } from '../support/bytes'
import { firehoseClient, kmsClient } from '../support/clients'
import { START } from '../support/clock'
import { cloudWatchClient } from '../support/cloudwatch'
import { cognitoClient, createPool } from '../support/cognito'
import { expectAwsError, failureOf, misuse, notFound, SLOW_DOWN } from '../support/errors'
import { putText } from '../support/firehose'
import { createKey } from '../support/kms'
import { useMock } from '../support/mock'

/** [service, operation] of each call, oldest first. */
const names = (calls: RecordedCall[]) => calls.map((call) => [call.service, call.operation])

describe('what each call records', () => {
  const { aws, firehose, activeStream } = useMock({ timing: 'instant' })
  const kms = kmsClient()

  it('lists every answered call oldest first, with its service and operation, in the default account and region', async () => {
    expect(aws.calls()).toEqual([])
    await activeStream('orders')
    await putText(firehose, 'orders', 'one')
    await kms.send(new ListKeysCommand({}))
    await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'orders' }))
    await putText(firehose, 'orders', 'two')
    const calls = aws.calls()
    expect(names(calls)).toEqual([
      ['firehose', 'CreateDeliveryStream'],
      ['firehose', 'PutRecord'],
      ['kms', 'ListKeys'],
      ['firehose', 'DescribeDeliveryStream'],
      ['firehose', 'PutRecord'],
    ])
    expect(calls.map((call) => decode(call.input.Record?.Data))).toEqual(['', 'one', '', '', 'two'])
    expect(calls.every((call) => call.region === 'us-east-1' && call.accountId === ACCOUNT)).toBe(true)
  })

  it('returns a new list on every read: what a test does to it does not change the log', async () => {
    await kms.send(new ListKeysCommand({}))
    const first = aws.calls()
    first.length = 0
    expect(names(aws.calls())).toEqual([['kms', 'ListKeys']])
  })

  it('records PutRecord: the input with Data as the bytes sent, the RecordId and Encrypted the client got, no error', async () => {
    await activeStream('orders')
    const out = await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'orders', Record: { Data: bytes('hello, log') } }))
    const [call] = aws.calls({ operation: 'PutRecord' })
    expect(call!.input.DeliveryStreamName).toBe('orders')
    expect(call!.input.Record.Data).toBeInstanceOf(Uint8Array)
    expect(decode(call!.input.Record.Data)).toBe('hello, log')
    expect(typeof out.RecordId).toBe('string')
    expect(call!.output).toEqual({ RecordId: out.RecordId, Encrypted: false })
    expect(out.Encrypted).toBe(false)
    expect(call).not.toHaveProperty('error')
  })

  it('records PutRecordBatch: every record’s bytes in order (binary included) and the per-record answers', async () => {
    await activeStream('orders')
    const sent = [bytes('first'), Uint8Array.from({ length: 256 }, (_, i) => i), bytes('😀 last')]
    const out = await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'orders', Records: sent.map((Data) => ({ Data })) }))
    const [call] = aws.calls({ operation: 'PutRecordBatch' })
    const records = call!.input.Records as Array<{ Data: Uint8Array }>
    expect(records).toHaveLength(3)
    records.forEach((record, i) => {
      expect(record.Data).toBeInstanceOf(Uint8Array)
      expect(sameBytes(record.Data, sent[i]!)).toBe(true)
    })
    expect(call!.output).toMatchObject({
      FailedPutCount: 0,
      Encrypted: false,
      RequestResponses: out.RequestResponses!.map(({ RecordId }) => ({ RecordId })),
    })
  })

  it('records KMS Encrypt: Plaintext and CiphertextBlob as Uint8Array, the blob being the one the client got', async () => {
    const { keyId, arn } = await createKey(kms)
    const out = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('secret') }))
    const [call] = aws.calls({ service: 'kms', operation: 'Encrypt' })
    expect(call!.input.KeyId).toBe(keyId)
    expect(call!.input.Plaintext).toBeInstanceOf(Uint8Array)
    expect(decode(call!.input.Plaintext)).toBe('secret')
    expect(call!.output!.CiphertextBlob).toBeInstanceOf(Uint8Array)
    expect(sameBytes(call!.output!.CiphertextBlob, out.CiphertextBlob!)).toBe(true)
    expect(call!.output).toMatchObject({ KeyId: arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' })
  })

  it('keeps each answer as it was: later changes to the mock’s state do not rewrite logged outputs', async () => {
    const { keyId } = await createKey(kms)
    await kms.send(new DescribeKeyCommand({ KeyId: keyId }))
    await activeStream('orders')
    await firehose.send(new ListTagsForDeliveryStreamCommand({ DeliveryStreamName: 'orders' }))
    await kms.send(new DisableKeyCommand({ KeyId: keyId }))
    await firehose.send(new TagDeliveryStreamCommand({ DeliveryStreamName: 'orders', Tags: [{ Key: 'team', Value: 'web' }] }))
    await kms.send(new DescribeKeyCommand({ KeyId: keyId }))
    await firehose.send(new ListTagsForDeliveryStreamCommand({ DeliveryStreamName: 'orders' }))
    const keyStates = aws.calls({ operation: 'DescribeKey' }).map((call) => call.output!.KeyMetadata.KeyState)
    expect(keyStates).toEqual(['Enabled', 'Disabled'])
    const tags = aws.calls({ operation: 'ListTagsForDeliveryStream' }).map((call) => call.output!.Tags)
    expect(tags).toEqual([[], [{ Key: 'team', Value: 'web' }]])
  })

  it('records Cognito Identity and CloudWatch calls under their own service names', async () => {
    const cognito = cognitoClient()
    const poolId = await createPool(cognito)
    const { IdentityId } = await cognito.send(new GetIdCommand({ IdentityPoolId: poolId }))
    await cloudWatchClient().send(new ListMetricsCommand({ Namespace: 'AWS/Firehose' }))
    const calls = aws.calls()
    expect(names(calls)).toEqual([
      ['cognito', 'CreateIdentityPool'],
      ['cognito', 'GetId'],
      ['cloudwatch', 'ListMetrics'],
    ])
    expect(calls[1]!.input).toEqual({ IdentityPoolId: poolId })
    expect(calls[1]!.output).toEqual({ IdentityId })
    expect(calls[2]!.input).toEqual({ Namespace: 'AWS/Firehose' })
    expect(calls[2]!.output).toMatchObject({ Metrics: [] })
    expect(aws.calls({ service: 'cognito' })).toHaveLength(2)
    expect(aws.calls({ service: 'cloudwatch' })).toHaveLength(1)
  })
})

describe('errors, as the client saw them', () => {
  const { aws, firehose, activeStream } = useMock({ timing: 'instant' })
  const kms = kmsClient()

  it('a ResourceNotFoundException: name, 400 and AWS’s message, the input as sent, and no output', async () => {
    const error = await expectAwsError(putText(firehose, 'missing', 'lost'), notFound('missing'))
    const [call] = aws.calls()
    expect(call!.error).toEqual(notFound('missing'))
    expect(call!.error!.message).toBe(error.message)
    expect(call).not.toHaveProperty('output')
    expect(call!.input.DeliveryStreamName).toBe('missing')
    expect(decode(call!.input.Record.Data)).toBe('lost')
  })

  it('a ValidationException: the model’s message the client got', async () => {
    const error = await failureOf(firehose.send(new CreateDeliveryStreamCommand(s3Stream('bad name!'))))
    expect(error.name).toBe('ValidationException')
    const [call] = aws.calls()
    expect(call).toMatchObject({ service: 'firehose', operation: 'CreateDeliveryStream' })
    expect(call!.error).toEqual({ name: 'ValidationException', status: 400, message: error.message })
    expect(call!.error!.message).toMatch(/^1 validation error detected: Value 'bad name!' at 'deliveryStreamName'/)
    expect(call).not.toHaveProperty('output')
    // The input as sent: the model refused it, so blobs would still be base64 text.
    expect(call!.input).toMatchObject({ DeliveryStreamName: 'bad name!' })
    expect(aws.calls({ streamName: 'bad name!' })).toEqual([call])
  })

  it('a refused batch keeps its records as sent, blobs as base64 text', async () => {
    const tooMany = Array.from({ length: 501 }, () => ({ Data: bytes('x') }))
    await failureOf(firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'orders', Records: tooMany })))
    const [call] = aws.calls()
    expect(call!.error!.name).toBe('ValidationException')
    expect(call!.input.Records).toHaveLength(501)
    expect(call!.input.Records[0]).toEqual({ Data: 'eA==' })
  })

  it('a body that is not JSON: SerializationException, with the input recorded as {}', async () => {
    const response = await fetch('https://firehose.us-east-1.amazonaws.com/', {
      method: 'POST',
      headers: { 'X-Amz-Target': 'Firehose_20150804.PutRecord', 'content-type': 'application/x-amz-json-1.1' },
      body: '{"DeliveryStreamName": "orders", ',
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ __type: 'SerializationException' })
    const calls = aws.calls()
    expect(calls).toHaveLength(1)
    expect(calls[0]).toMatchObject({ service: 'firehose', operation: 'PutRecord', region: 'us-east-1', accountId: ACCOUNT })
    expect(calls[0]!.input).toEqual({})
    expect(calls[0]!.error).toEqual({ name: 'SerializationException', status: 400, message: expect.any(String) })
  })

  it('injected faults: the rule’s error and message, or the code’s own; once a rule is spent, calls succeed again', async () => {
    await activeStream('orders')
    aws.faults.add({ operation: 'PutRecord', error: 'ServiceUnavailableException', times: 1 })
    aws.faults.add({ service: 'kms', operation: 'ListKeys', error: 'KMSInternalException', message: 'injected for the log' })
    await expectAwsError(putText(firehose, 'orders', 'a'), SLOW_DOWN)
    await putText(firehose, 'orders', 'b')
    await expectAwsError(kms.send(new ListKeysCommand({})), { name: 'KMSInternalException', status: 500, message: 'injected for the log' })
    const calls = aws.calls({ service: undefined, operation: 'PutRecord' })
    expect(calls.map((call) => call.error)).toEqual([SLOW_DOWN, undefined])
    expect(calls[1]!.output).toMatchObject({ RecordId: expect.any(String) })
    expect(aws.calls({ service: 'kms' })[0]!.error).toEqual({ name: 'KMSInternalException', status: 500, message: 'injected for the log' })
  })

  it('records a batch whose records an injected rule failed as a success, the failures in its output', async () => {
    await activeStream('orders')
    aws.faults.add({ operation: 'PutRecordBatch', failRecords: 1 })
    await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'orders', Records: [{ Data: bytes('x') }, { Data: bytes('y') }] }))
    const [call] = aws.calls({ operation: 'PutRecordBatch' })
    expect(call).not.toHaveProperty('error')
    expect(call!.output).toMatchObject({
      FailedPutCount: 1,
      RequestResponses: [{ ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'Slow down.' }, { RecordId: expect.any(String) }],
    })
  })
})

describe('throttles', () => {
  const { aws, clock, firehose, activeStream } = useMock({
    timing: 'instant',
    quotas: { putRequestsPerSecond: 1, controlPlaneTps: true },
  })

  it('a put over the stream’s quota is recorded as ServiceUnavailableException 503 "Slow down."', async () => {
    await activeStream('orders')
    await putText(firehose, 'orders', 'in quota')
    await expectAwsError(putText(firehose, 'orders', 'over quota'), SLOW_DOWN)
    clock.advance(1000)
    await putText(firehose, 'orders', 'next second')
    const puts = aws.calls({ operation: 'PutRecord' })
    expect(puts.map((call) => decode(call.input.Record.Data))).toEqual(['in quota', 'over quota', 'next second'])
    expect(puts.map((call) => call.error?.name)).toEqual([undefined, 'ServiceUnavailableException', undefined])
    expect(puts[1]!.error).toEqual(SLOW_DOWN)
  })

  it('a control-plane call over 5 per second is recorded as LimitExceededException', async () => {
    for (let i = 0; i < 5; i++) await firehose.send(new ListDeliveryStreamsCommand({}))
    await expectAwsError(firehose.send(new ListDeliveryStreamsCommand({})), { name: 'LimitExceededException', status: 400 })
    const errors = aws.calls({ operation: 'ListDeliveryStreams' }).map((call) => call.error?.name)
    expect(errors).toEqual([undefined, undefined, undefined, undefined, undefined, 'LimitExceededException'])
  })
})

describe('time, region and account', () => {
  const { aws, clock, firehose } = useMock({ timing: 'instant' })

  it('`at` is the mock’s clock when the call was answered', async () => {
    await firehose.send(new ListDeliveryStreamsCommand({}))
    clock.advance(1_500)
    await kmsClient().send(new ListKeysCommand({}))
    clock.advance(60_000)
    await putText(firehose, 'missing', 'x').catch(() => undefined)
    expect(aws.calls().map((call) => call.at)).toEqual([START, START + 1_500, START + 61_500])
  })

  it('the region is the client’s', async () => {
    await firehose.send(new ListDeliveryStreamsCommand({}))
    await firehoseClient('eu-west-1').send(new ListDeliveryStreamsCommand({}))
    await kmsClient('eu-west-1').send(new ListKeysCommand({}))
    await kmsClient('ap-southeast-2').send(new ListKeysCommand({}))
    expect(aws.calls().map((call) => [call.service, call.region])).toEqual([
      ['firehose', 'us-east-1'],
      ['firehose', 'eu-west-1'],
      ['kms', 'eu-west-1'],
      ['kms', 'ap-southeast-2'],
    ])
  })
})

describe('the `accountId` option', () => {
  const { aws, firehose } = useMock({ timing: 'instant', accountId: OTHER_ACCOUNT })

  it('is the account of calls whose caller did not sign as another', async () => {
    await firehose.send(new ListDeliveryStreamsCommand({}))
    await expectAwsError(putText(firehose, 'missing', 'x'), notFound('missing', OTHER_ACCOUNT))
    expect(aws.calls().map((call) => call.accountId)).toEqual([OTHER_ACCOUNT, OTHER_ACCOUNT])
    expect(aws.calls({ accountId: ACCOUNT })).toEqual([])
  })
})

describe('with `auth`', () => {
  // On real time: the SDK signs with the machine's clock.
  const { aws } = useMock({
    timing: 'instant',
    now: () => Date.now(),
    auth: { credentials: [{ ...credentials, accountId: OTHER_ACCOUNT }] },
  })

  it('logs a call the signature check refused, as the client saw it, and a signed one in the signer’s account', async () => {
    const forged = firehoseClient('eu-west-1', { credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: 'not-the-secret' } })
    const refused = await failureOf(forged.send(new ListDeliveryStreamsCommand({})))
    await firehoseClient('eu-west-1').send(new ListDeliveryStreamsCommand({}))
    const [first, second] = aws.calls()
    expect(first).toMatchObject({ service: 'firehose', operation: 'ListDeliveryStreams', region: 'eu-west-1', accountId: ACCOUNT })
    expect(first!.error).toMatchObject({
      name: refused.name,
      status: (refused as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode,
    })
    expect(second).toMatchObject({ operation: 'ListDeliveryStreams', accountId: OTHER_ACCOUNT, output: { DeliveryStreamNames: [] } })
  })
})

describe('filters', () => {
  const other = { accessKeyId: 'AKIDOTHERACCOUNT', secretAccessKey: 'otherSecretKeyForTheSecondAccount000000' }
  // SigV4 verification is on so that the second access key acts as a second account.
  const { aws, clock } = useMock({
    timing: 'instant',
    auth: { credentials: [{ ...credentials }, { ...other, accountId: OTHER_ACCOUNT }] },
  })
  /** Clients that sign at the mock's clock, so that signatures are not stale. */
  const signed = (region = 'us-east-1', creds = credentials) => ({ credentials: creds, systemClockOffset: clock.now() - Date.now() })
  const east = firehoseClient('us-east-1', signed())
  const west = firehoseClient('eu-west-1', signed('eu-west-1'))
  const otherAccount = firehoseClient('us-east-1', signed('us-east-1', other))
  const kmsEast = kmsClient('us-east-1', signed())
  const kmsWest = kmsClient('eu-west-1', signed('eu-west-1'))

  /** Nine calls: two services, two regions, two accounts, three stream names (by the operation's order). */
  async function mixedCalls(): Promise<void> {
    await east.send(new CreateDeliveryStreamCommand(s3Stream('orders')))
    await east.send(new CreateDeliveryStreamCommand(s3Stream('clicks')))
    clock.advance(aws.timing.streamCreating)
    await putText(east, 'orders', 'east order')
    await putText(east, 'clicks', 'east click')
    await expectAwsError(putText(west, 'orders', 'west order'), notFound('orders'))
    await expectAwsError(putText(otherAccount, 'orders', 'other order'), notFound('orders', OTHER_ACCOUNT))
    await kmsEast.send(new ListKeysCommand({}))
    await kmsWest.send(new ListKeysCommand({}))
    await east.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'orders' }))
  }
  const texts = (calls: RecordedCall[]) => calls.map((call) => decode(call.input.Record?.Data) || call.operation)

  it('no filter, an empty one, or one of undefined fields lists every call', async () => {
    await mixedCalls()
    expect(aws.calls()).toHaveLength(9)
    expect(aws.calls({})).toEqual(aws.calls())
    expect(aws.calls({ service: undefined, streamName: undefined, region: undefined })).toEqual(aws.calls())
  })

  it('by service', async () => {
    await mixedCalls()
    expect(texts(aws.calls({ service: 'kms' }))).toEqual(['ListKeys', 'ListKeys'])
    expect(aws.calls({ service: 'firehose' })).toHaveLength(7)
    expect(aws.calls({ service: 'cognito' })).toEqual([])
  })

  it('by operation', async () => {
    await mixedCalls()
    expect(texts(aws.calls({ operation: 'PutRecord' }))).toEqual(['east order', 'east click', 'west order', 'other order'])
    expect(texts(aws.calls({ operation: 'CreateDeliveryStream' }))).toEqual(['CreateDeliveryStream', 'CreateDeliveryStream'])
    expect(aws.calls({ operation: 'PutRecordBatch' })).toEqual([])
  })

  it('by stream name: the calls whose input names that DeliveryStreamName, whatever their region, account or answer', async () => {
    await mixedCalls()
    expect(texts(aws.calls({ streamName: 'orders' }))).toEqual([
      'CreateDeliveryStream',
      'east order',
      'west order',
      'other order',
      'DescribeDeliveryStream',
    ])
    expect(texts(aws.calls({ streamName: 'clicks' }))).toEqual(['CreateDeliveryStream', 'east click'])
    expect(aws.calls({ streamName: 'order' })).toEqual([])
  })

  it('by region', async () => {
    await mixedCalls()
    expect(names(aws.calls({ region: 'eu-west-1' }))).toEqual([
      ['firehose', 'PutRecord'],
      ['kms', 'ListKeys'],
    ])
    expect(aws.calls({ region: 'us-east-1' })).toHaveLength(7)
  })

  it('by account: the account each caller signed as', async () => {
    await mixedCalls()
    const others = aws.calls({ accountId: OTHER_ACCOUNT })
    expect(texts(others)).toEqual(['other order'])
    expect(others[0]!.error).toEqual(notFound('orders', OTHER_ACCOUNT))
    expect(aws.calls({ accountId: ACCOUNT })).toHaveLength(8)
  })

  it('fields combine: a call must match every one given', async () => {
    await mixedCalls()
    expect(texts(aws.calls({ operation: 'PutRecord', streamName: 'orders', region: 'us-east-1' }))).toEqual(['east order', 'other order'])
    expect(texts(aws.calls({ operation: 'PutRecord', streamName: 'orders', region: 'us-east-1', accountId: ACCOUNT }))).toEqual([
      'east order',
    ])
    expect(texts(aws.calls({ service: 'kms', region: 'eu-west-1' }))).toEqual(['ListKeys'])
    expect(aws.calls({ service: 'kms', streamName: 'orders' })).toEqual([])
    expect(aws.calls({ service: 'kms', operation: 'PutRecord' })).toEqual([])
  })
})

describe('reset()', () => {
  const { aws, firehose } = useMock({ timing: 'instant' })

  it('empties the log; later calls are listed from the first again', async () => {
    await firehose.send(new ListDeliveryStreamsCommand({}))
    await putText(firehose, 'missing', 'x').catch(() => undefined)
    expect(aws.calls()).toHaveLength(2)
    aws.reset()
    expect(aws.calls()).toEqual([])
    await kmsClient().send(new ListKeysCommand({}))
    expect(names(aws.calls())).toEqual([['kms', 'ListKeys']])
  })
})

describe('retention.maxCalls', () => {
  const { aws, firehose } = useMock({ timing: 'instant', retention: { maxCalls: 3 } })
  /** ListDeliveryStreams with Limit 1..n, one call each. */
  const listWithLimits = async (n: number) => {
    for (let limit = 1; limit <= n; limit++) await firehose.send(new ListDeliveryStreamsCommand({ Limit: limit }))
  }
  const limits = () => aws.calls().map((call) => call.input.Limit)

  it('keeps the newest 3 of 5 calls, oldest first', async () => {
    await listWithLimits(5)
    expect(limits()).toEqual([3, 4, 5])
  })

  it('keeps the newest 3 of many calls, and filters only what it kept', async () => {
    await listWithLimits(40)
    expect(limits()).toEqual([38, 39, 40])
    await kmsClient().send(new ListKeysCommand({}))
    expect(names(aws.calls())).toEqual([
      ['firehose', 'ListDeliveryStreams'],
      ['firehose', 'ListDeliveryStreams'],
      ['kms', 'ListKeys'],
    ])
    expect(aws.calls({ operation: 'ListDeliveryStreams' }).map((call) => call.input.Limit)).toEqual([39, 40])
  })

  it('keeps everything up to the cap', async () => {
    await listWithLimits(2)
    expect(limits()).toEqual([1, 2])
  })

  it('a cap that is not a whole number ≥ 0 throws FirehoseMswError naming retention.maxCalls', () => {
    const failed = (value: unknown) => misuse(() => createFirehoseMock({ retention: { maxCalls: value as number } }))
    const reason = (shown: string) =>
      `[firehose-msw] Failed to create the mock: retention.maxCalls must be a whole number ≥ 0, not ${shown}`
    expect(failed(1.5)).toBe(reason('1.5'))
    expect(failed('x')).toBe(reason('"x"'))
    expect(failed(-1)).toBe(reason('-1'))
    expect(failed(Number.NaN)).toBe(reason('NaN'))
  })

  it('a misspelled maxCalls is named with a suggestion', () => {
    expect(misuse(() => createFirehoseMock({ retention: { maxCall: 5 } as never }))).toMatch(
      /unknown retention option "retention\.maxCall" \(did you mean "retention\.maxCalls"\?\)\. Accepted retention options: .*maxCalls/,
    )
  })
})

describe('retention.maxCalls: 0', () => {
  const { aws, firehose, activeStream } = useMock({ timing: 'instant', retention: { maxCalls: 0 } })

  it('keeps no calls, while the mock answers and stores as before', async () => {
    await activeStream('orders')
    await putText(firehose, 'orders', 'kept in the stream')
    await expectAwsError(putText(firehose, 'missing', 'x'), notFound('missing'))
    expect(aws.calls()).toEqual([])
    expect(aws.calls({ operation: 'PutRecord' })).toEqual([])
    expect(aws.firehose.records('orders').map((record) => decode(record.data))).toEqual(['kept in the stream'])
  })
})

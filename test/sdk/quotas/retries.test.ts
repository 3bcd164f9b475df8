/** The SDK's own retry (default maxAttempts 3) against injected faults and quotas. */
import { CreateDeliveryStreamCommand, DescribeDeliveryStreamCommand, FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose'
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import { afterEach, describe, expect, it } from 'vitest'
import { credentials, s3Stream } from '../../support/aws'
import { bytes } from '../../support/bytes'
import { expectAwsError, failureOf } from '../../support/errors'
import { putText, storedTexts } from '../../support/firehose'
import { useMock } from '../../support/mock'

const unexpected: unknown[] = []
const { aws, firehose: singleAttempt } = useMock({
  timing: 'instant',
  quotas: { putRequestsPerSecond: 2, controlPlaneTps: { DescribeDeliveryStream: 1 } },
  onUnexpectedError: (e) => unexpected.push(e),
})
afterEach(() => {
  expect(unexpected).toEqual([])
  unexpected.length = 0
})

/** A client with the SDK's default retry settings (standard mode, 3 attempts). */
const retrying = () => new FirehoseClient({ region: 'us-east-1', credentials })
const stored = (name: string) => storedTexts(aws, name)
const create = (name: string) => singleAttempt.send(new CreateDeliveryStreamCommand(s3Stream(name)))

describe('SDK retries (maxAttempts 3)', () => {
  it('recovers from a times: 1 ServiceUnavailableException on PutRecord in 2 attempts, storing the record once', async () => {
    await create('s')
    const rule = aws.faults.add({ operation: 'PutRecord', error: 'ServiceUnavailableException', times: 1 })
    const out = await putText(retrying(), 's', 'only-once')
    expect(out.$metadata.attempts).toBe(2)
    expect(typeof out.RecordId).toBe('string')
    expect(rule.hits).toBe(1)
    expect(stored('s')).toEqual(['only-once'])
    expect(aws.firehose.records('s')[0]!.recordId).toBe(out.RecordId)
  })

  it('with maxAttempts 1 the same fault reaches the caller, and the next call succeeds', async () => {
    await create('s')
    aws.faults.add({ operation: 'PutRecord', error: 'ServiceUnavailableException', times: 1 })
    const error = await expectAwsError(putText(singleAttempt, 's', 'lost'), {
      name: 'ServiceUnavailableException',
      message: 'Slow down.',
      status: 503,
    })
    expect((error.$metadata as { attempts?: number }).attempts).toBe(1)
    await putText(singleAttempt, 's', 'kept')
    expect(stored('s')).toEqual(['kept'])
  })

  it('recovers from a times: 1 InternalFailure on PutRecordBatch without storing the batch twice', async () => {
    await create('s')
    aws.faults.add({ operation: 'PutRecordBatch', error: 'InternalFailure', times: 1 })
    const out = await retrying().send(
      new PutRecordBatchCommand({ DeliveryStreamName: 's', Records: [{ Data: bytes('a') }, { Data: bytes('b') }] }),
    )
    expect(out.$metadata.attempts).toBe(2)
    expect(out.FailedPutCount).toBe(0)
    expect(stored('s')).toEqual(['a', 'b'])
  })

  it('recovers from a ThrottlingException on CreateDeliveryStream and creates one stream', async () => {
    aws.faults.add({ operation: 'CreateDeliveryStream', error: 'ThrottlingException', times: 1 })
    const out = await retrying().send(new CreateDeliveryStreamCommand(s3Stream('s')))
    expect(out.$metadata.attempts).toBe(2)
    expect(aws.firehose.streamNames()).toEqual(['s'])
  })

  it('gives up after 3 attempts on a persistent fault', async () => {
    await create('s')
    const rule = aws.faults.add({ operation: 'PutRecord', error: 'ServiceUnavailableException' })
    const error = await failureOf(putText(retrying(), 's', 'x'))
    expect(error.name).toBe('ServiceUnavailableException')
    expect((error.$metadata as { attempts?: number }).attempts).toBe(3)
    expect(rule.hits).toBe(3)
    expect(stored('s')).toEqual([])
  })

  it('does not retry a non-retryable error (AccessDeniedException)', async () => {
    await create('s')
    const rule = aws.faults.add({ operation: 'PutRecord', error: 'AccessDeniedException', message: 'Not allowed.' })
    const error = await expectAwsError(putText(retrying(), 's', 'x'), {
      name: 'AccessDeniedException',
      message: 'Not allowed.',
      status: 400,
    })
    expect((error.$metadata as { attempts?: number }).attempts).toBe(1)
    expect(rule.hits).toBe(1)
  })

  it('does not retry a partial PutRecordBatch failure (HTTP 200)', async () => {
    await create('s')
    aws.faults.add({ failRecords: 1 })
    const out = await retrying().send(
      new PutRecordBatchCommand({ DeliveryStreamName: 's', Records: [{ Data: bytes('a') }, { Data: bytes('b') }] }),
    )
    expect(out.$metadata.attempts).toBe(1)
    expect(out.FailedPutCount).toBe(1)
    expect(stored('s')).toEqual(['b'])
  })

  it('cannot retry past the put quota while the clock stands still: 3 attempts, all "Slow down."', async () => {
    await create('s')
    await putText(singleAttempt, 's', 'a')
    await putText(singleAttempt, 's', 'b')
    const error = await expectAwsError(putText(retrying(), 's', 'c'), {
      name: 'ServiceUnavailableException',
      message: 'Slow down.',
      status: 503,
    })
    expect((error.$metadata as { attempts?: number }).attempts).toBe(3)
    expect(stored('s')).toEqual(['a', 'b'])
  })

  it('retries a control-plane LimitExceededException (a throttling code for the SDK)', async () => {
    await create('s')
    await singleAttempt.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 's' }))
    const error = await failureOf(retrying().send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 's' })))
    expect(error.name).toBe('LimitExceededException')
    expect((error.$metadata as { attempts?: number }).attempts).toBe(3)
  })

  it('recovers from a times: 1 KMSInternalException on KMS CreateKey and creates one key', async () => {
    aws.faults.add({ service: 'kms', operation: 'CreateKey', error: 'KMSInternalException', times: 1 })
    const out = await new KMSClient({ region: 'us-east-1', credentials }).send(new CreateKeyCommand({}))
    expect(out.$metadata.attempts).toBe(2)
    expect(aws.kms.keys().map((k) => k.keyId)).toEqual([out.KeyMetadata!.KeyId])
  })
})

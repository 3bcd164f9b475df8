import {
  CreateDeliveryStreamCommand,
  DeleteDeliveryStreamCommand,
  ListDeliveryStreamsCommand,
  PutRecordBatchCommand,
  ResourceNotFoundException,
  ServiceUnavailableException,
} from '@aws-sdk/client-firehose'
import { CreateKeyCommand, ListKeysCommand } from '@aws-sdk/client-kms'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { FirehoseMswError, type FaultRule } from '../../../src'
import { s3Stream } from '../../support/aws'
import { bytes, decode } from '../../support/bytes'
import { kmsClient } from '../../support/clients'
import { expectAwsError, failureOf, SLOW_DOWN } from '../../support/errors'
import { putText, storedTexts } from '../../support/firehose'
import { useMock } from '../../support/mock'
import { seeded } from '../../support/random'

let random: () => number = seeded(1)
const unexpected: unknown[] = []
const { aws, firehose } = useMock({ timing: 'instant', random: () => random(), onUnexpectedError: (e) => unexpected.push(e) })
const kms = kmsClient()

afterEach(() => {
  expect(unexpected).toEqual([])
  unexpected.length = 0
  random = seeded(1)
  vi.useRealTimers()
})

const create = (name: string) => firehose.send(new CreateDeliveryStreamCommand(s3Stream(name)))
const put = (name: string, text: string) => putText(firehose, name, text)
const putBatch = (name: string, texts: string[]) =>
  firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: texts.map((t) => ({ Data: bytes(t) })) }))
const stored = (name: string) => storedTexts(aws, name)

describe('error faults', () => {
  it('fails one PutRecord with ServiceUnavailableException 503 (times: 1), then the next call succeeds', async () => {
    await create('s')
    const rule = aws.faults.add({ operation: 'PutRecord', error: 'ServiceUnavailableException', times: 1 })
    const error = await expectAwsError(put('s', 'first'), SLOW_DOWN)
    expect(error).toBeInstanceOf(ServiceUnavailableException)
    expect(error.$fault).toBe('server')
    await put('s', 'second')
    expect(stored('s')).toEqual(['second'])
    expect(rule.hits).toBe(1)
  })

  it.each<[string, number, string]>([
    ['ServiceUnavailableException', 503, 'Slow down.'],
    ['ThrottlingException', 400, 'Rate exceeded'],
    ['InternalFailure', 500, 'We encountered an internal error. Please try again.'],
    ['LimitExceededException', 400, 'Rate exceeded'],
  ])('answers %s with HTTP %i and an AWS-style default message', async (name, status, message) => {
    await create('s')
    aws.faults.add({ operation: 'PutRecord', error: name })
    await expectAwsError(put('s', 'x'), { name, status, message })
  })

  it('answers AccessDeniedException with HTTP 400 and the given message', async () => {
    await create('s')
    const message =
      'User: arn:aws:sts::123456789012:assumed-role/app/session is not authorized to perform: firehose:PutRecord on resource: arn:aws:firehose:us-east-1:123456789012:deliverystream/s because no identity-based policy allows the firehose:PutRecord action'
    aws.faults.add({ operation: 'PutRecord', error: 'AccessDeniedException', message })
    await expectAwsError(put('s', 'x'), { name: 'AccessDeniedException', status: 400, message })
  })

  it('uses a custom message and gives a modeled exception its SDK class', async () => {
    await create('s')
    aws.faults.add({ operation: 'PutRecord', error: 'ResourceNotFoundException', message: 'Gone for the demo.' })
    const error = await expectAwsError(put('s', 'x'), { name: 'ResourceNotFoundException', status: 400, message: 'Gone for the demo.' })
    expect(error).toBeInstanceOf(ResourceNotFoundException)
  })

  it('matches any operation when none is named', async () => {
    aws.faults.add({ error: 'InternalFailure', times: 2 })
    await expectAwsError(firehose.send(new ListDeliveryStreamsCommand({})), { name: 'InternalFailure', status: 500 })
    await expectAwsError(create('s'), { name: 'InternalFailure', status: 500 })
    await create('s')
  })

  it('matches by streamName', async () => {
    await create('a')
    await create('b')
    const rule = aws.faults.add({ streamName: 'a', error: 'ServiceUnavailableException' })
    await put('b', 'fine')
    await firehose.send(new ListDeliveryStreamsCommand({}))
    await expectAwsError(put('a', 'refused'), SLOW_DOWN)
    await expectAwsError(putBatch('a', ['refused']), SLOW_DOWN)
    expect(rule.hits).toBe(2)
    expect(stored('a')).toEqual([])
    expect(stored('b')).toEqual(['fine'])
  })

  it('matches by operation only', async () => {
    await create('s')
    aws.faults.add({ operation: 'PutRecordBatch', error: 'InternalFailure' })
    await put('s', 'single')
    await expectAwsError(putBatch('s', ['batched']), { name: 'InternalFailure', status: 500 })
    expect(stored('s')).toEqual(['single'])
  })

  describe('service matching', () => {
    it("service: 'kms' fails KMS calls and leaves Firehose alone", async () => {
      const rule = aws.faults.add({ service: 'kms', error: 'KMSInternalException', times: 1 })
      await create('s')
      await put('s', 'x')
      await expectAwsError(kms.send(new CreateKeyCommand({})), { name: 'KMSInternalException', status: 500 })
      expect(aws.kms.keys()).toEqual([])
      const key = await kms.send(new CreateKeyCommand({}))
      expect(aws.kms.keys().map((k) => k.keyId)).toEqual([key.KeyMetadata!.KeyId])
      expect(rule.hits).toBe(1)
    })

    it("service: 'kms' with an operation fails only that KMS operation", async () => {
      aws.faults.add({ service: 'kms', operation: 'ListKeys', error: 'DependencyTimeoutException' })
      await kms.send(new CreateKeyCommand({}))
      const error = await failureOf(kms.send(new ListKeysCommand({})))
      expect(error.name).toBe('DependencyTimeoutException')
      expect(error.$metadata?.httpStatusCode).toBe(503)
    })

    it('a rule for every service gives an error the shape AWS gives it, even on the service that does not have it', async () => {
      aws.faults.add({ error: 'ServiceUnavailableException', times: 1 })
      await expectAwsError(kms.send(new ListKeysCommand({})), SLOW_DOWN)
      aws.faults.add({ error: 'KMSInternalException', times: 1 })
      await expectAwsError(firehose.send(new ListDeliveryStreamsCommand({})), { name: 'KMSInternalException', status: 500 })
      aws.faults.add({ error: 'NoSuchThingException', times: 1 })
      await expectAwsError(firehose.send(new ListDeliveryStreamsCommand({})), {
        name: 'NoSuchThingException',
        status: 400,
        message: 'Injected NoSuchThingException.',
      })
    })

    it("service: 'firehose' does not touch KMS", async () => {
      aws.faults.add({ service: 'firehose', error: 'InternalFailure' })
      await kms.send(new CreateKeyCommand({}))
      await expectAwsError(firehose.send(new ListDeliveryStreamsCommand({})), { name: 'InternalFailure', status: 500 })
    })
  })
})

describe('an injected error changes no state', () => {
  it('a failed CreateDeliveryStream leaves no stream', async () => {
    aws.faults.add({ operation: 'CreateDeliveryStream', error: 'InternalFailure', times: 1 })
    await expectAwsError(create('s'), { name: 'InternalFailure', status: 500 })
    expect(aws.firehose.streamNames()).toEqual([])
    const listed = await firehose.send(new ListDeliveryStreamsCommand({}))
    expect(listed.DeliveryStreamNames).toEqual([])
    await create('s') // no ResourceInUseException: the first call created nothing
    expect(aws.firehose.streamNames()).toEqual(['s'])
  })

  it('a failed DeleteDeliveryStream leaves the stream', async () => {
    await create('s')
    aws.faults.add({ operation: 'DeleteDeliveryStream', error: 'ServiceUnavailableException' })
    await expectAwsError(firehose.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: 's' })), SLOW_DOWN)
    expect(aws.firehose.streamNames()).toEqual(['s'])
  })

  it('a failed PutRecord or PutRecordBatch stores nothing', async () => {
    await create('s')
    aws.faults.add({ operation: 'PutRecord', error: 'ThrottlingException' })
    aws.faults.add({ operation: 'PutRecordBatch', error: 'ServiceUnavailableException' })
    await expectAwsError(put('s', 'a'), { name: 'ThrottlingException', status: 400 })
    await expectAwsError(putBatch('s', ['b', 'c']), SLOW_DOWN)
    expect(stored('s')).toEqual([])
  })
})

describe('probability', () => {
  it('fails the calls whose draw from `random` is below the probability', async () => {
    await create('s')
    const draws = [0.1, 0.9, 0.3, 0.7, 0.49, 0.5]
    random = () => draws.shift() ?? 0.99
    const rule = aws.faults.add({ operation: 'PutRecord', error: 'ServiceUnavailableException', probability: 0.5 })
    const outcomes: string[] = []
    for (let i = 0; i < 6; i++)
      outcomes.push(
        await put('s', `r${i}`).then(
          () => 'ok',
          (e: Error) => e.name,
        ),
      )
    expect(outcomes).toEqual([
      'ServiceUnavailableException',
      'ok',
      'ServiceUnavailableException',
      'ok',
      'ServiceUnavailableException',
      'ok',
    ])
    expect(rule.hits).toBe(3)
    expect(stored('s')).toEqual(['r1', 'r3', 'r5'])
  })

  it('is repeatable with a seeded random source', async () => {
    const run = async () => {
      aws.reset()
      random = seeded(20261125)
      await create('s')
      aws.faults.add({ operation: 'PutRecord', error: 'InternalFailure', probability: 0.3 })
      const outcomes: boolean[] = []
      for (let i = 0; i < 30; i++)
        outcomes.push(
          await put('s', `r${i}`).then(
            () => true,
            () => false,
          ),
        )
      return { outcomes, stored: stored('s') }
    }
    const first = await run()
    const second = await run()
    expect(second).toEqual(first)
    expect(first.outcomes).toContain(true)
    expect(first.outcomes).toContain(false)
  })

  it('probability 0 never fires and probability 1 always does', async () => {
    await create('s')
    const never = aws.faults.add({ operation: 'PutRecord', error: 'InternalFailure', probability: 0 })
    for (let i = 0; i < 5; i++) await put('s', `r${i}`)
    expect(never.hits).toBe(0)
    never.remove()
    const always = aws.faults.add({ operation: 'PutRecord', error: 'InternalFailure', probability: 1, times: 3 })
    for (let i = 0; i < 3; i++) await expectAwsError(put('s', 'x'), { name: 'InternalFailure', status: 500 })
    await put('s', 'after')
    expect(always.hits).toBe(3)
  })
})

describe('partial PutRecordBatch failures (failRecords)', () => {
  it('fails the first N records: HTTP 200, FailedPutCount, entries without RecordId, the rest stored in order', async () => {
    await create('s')
    aws.faults.add({ failRecords: 2 })
    const out = await putBatch('s', ['r0', 'r1', 'r2', 'r3', 'r4'])
    expect(out.$metadata.httpStatusCode).toBe(200)
    expect(out.FailedPutCount).toBe(2)
    const entries = out.RequestResponses!
    expect(entries.slice(0, 2)).toEqual([
      { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'Slow down.' },
      { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'Slow down.' },
    ])
    for (const entry of entries.slice(2)) {
      expect(typeof entry.RecordId).toBe('string')
      expect(entry.ErrorCode).toBeUndefined()
      expect(entry.ErrorMessage).toBeUndefined()
    }
    const records = aws.firehose.records('s')
    expect(records.map((r) => decode(r.data))).toEqual(['r2', 'r3', 'r4'])
    expect(records.map((r) => r.recordId)).toEqual(entries.slice(2).map((e) => e.RecordId))
  })

  it('fails the records a predicate picks, with the given error code and message', async () => {
    await create('s')
    aws.faults.add({
      operation: 'PutRecordBatch',
      error: 'InternalFailure',
      message: 'Injected internal failure.',
      failRecords: (index, data) => decode(data).startsWith('bad') || index === 4,
    })
    const out = await putBatch('s', ['ok0', 'bad1', 'ok2', 'bad3', 'ok4', 'ok5'])
    expect(out.FailedPutCount).toBe(3)
    const failed = { ErrorCode: 'InternalFailure', ErrorMessage: 'Injected internal failure.' }
    const entries = out.RequestResponses!
    expect([1, 3, 4].map((i) => entries[i])).toEqual([failed, failed, failed])
    expect([0, 2, 5].every((i) => typeof entries[i]!.RecordId === 'string' && entries[i]!.ErrorCode === undefined)).toBe(true)
    expect(stored('s')).toEqual(['ok0', 'ok2', 'ok5'])
  })

  it("uses the error's default message when none is given", async () => {
    await create('s')
    aws.faults.add({ failRecords: 1, error: 'InternalFailure' })
    const out = await putBatch('s', ['a', 'b'])
    expect(out.RequestResponses![0]).toEqual({
      ErrorCode: 'InternalFailure',
      ErrorMessage: 'We encountered an internal error. Please try again.',
    })
  })

  it('can fail every record of a batch, still with HTTP 200', async () => {
    await create('s')
    aws.faults.add({ failRecords: () => true })
    const out = await putBatch('s', ['a', 'b', 'c'])
    expect(out.$metadata.httpStatusCode).toBe(200)
    expect(out.FailedPutCount).toBe(3)
    expect(out.RequestResponses!.every((e) => e.RecordId === undefined && e.ErrorCode === 'ServiceUnavailableException')).toBe(true)
    expect(stored('s')).toEqual([])
  })

  it('does not affect PutRecord, and is spent after `times` batches', async () => {
    await create('s')
    const rule = aws.faults.add({ failRecords: 1, times: 1 })
    await put('s', 'single')
    expect(rule.hits).toBe(0)
    expect((await putBatch('s', ['a', 'b'])).FailedPutCount).toBe(1)
    expect((await putBatch('s', ['c', 'd'])).FailedPutCount).toBe(0)
    expect(rule.hits).toBe(1)
    expect(stored('s')).toEqual(['single', 'b', 'c', 'd'])
  })

  it('an application retry of only the failed records stores every record exactly once', async () => {
    await create('s')
    const intended = Array.from({ length: 10 }, (_, i) => `r${i}`)
    // r1, r4 and r7 fail the first time they are sent
    const failedOnce = new Set<string>()
    aws.faults.add({
      failRecords: (_, data) => {
        const text = decode(data)
        if (!['r1', 'r4', 'r7'].includes(text) || failedOnce.has(text)) return false
        failedOnce.add(text)
        return true
      },
    })
    let pending = intended
    let rounds = 0
    while (pending.length > 0 && rounds < 5) {
      const out = await putBatch('s', pending)
      expect(out.$metadata.httpStatusCode).toBe(200)
      pending = pending.filter((_, i) => out.RequestResponses![i]!.ErrorCode !== undefined)
      rounds++
    }
    expect(rounds).toBe(2)
    const result = stored('s')
    expect([...result].sort()).toEqual([...intended].sort())
    expect(new Set(result).size).toBe(intended.length)
    // the first batch's survivors in order, then the retried records in their original order
    expect(result).toEqual(['r0', 'r2', 'r3', 'r5', 'r6', 'r8', 'r9', 'r1', 'r4', 'r7'])
  })
})

describe('managing rules', () => {
  it('rule.remove() stops the rule; hits counts the calls it affected', async () => {
    await create('s')
    const rule = aws.faults.add({ operation: 'PutRecord', error: 'ServiceUnavailableException' })
    const other = aws.faults.add({ operation: 'DeleteDeliveryStream', error: 'InternalFailure' })
    await expectAwsError(put('s', 'a'), SLOW_DOWN)
    await expectAwsError(put('s', 'b'), SLOW_DOWN)
    expect(rule.hits).toBe(2)
    expect(other.hits).toBe(0)
    rule.remove()
    await put('s', 'c')
    expect(rule.hits).toBe(2)
    expect(stored('s')).toEqual(['c'])
  })

  it('a times rule stops counting hits once spent', async () => {
    await create('s')
    const rule = aws.faults.add({ operation: 'PutRecord', error: 'InternalFailure', times: 2 })
    await expectAwsError(put('s', 'a'), { name: 'InternalFailure', status: 500 })
    await expectAwsError(put('s', 'b'), { name: 'InternalFailure', status: 500 })
    await put('s', 'c')
    await put('s', 'd')
    expect(rule.hits).toBe(2)
  })

  it('aws.faults.clear() removes every rule', async () => {
    await create('s')
    aws.faults.add({ operation: 'PutRecord', error: 'InternalFailure' })
    aws.faults.add({ failRecords: 1 })
    aws.faults.clear()
    await put('s', 'a')
    expect((await putBatch('s', ['b'])).FailedPutCount).toBe(0)
    expect(stored('s')).toEqual(['a', 'b'])
  })

  it('reset() removes every rule', async () => {
    aws.faults.add({ error: 'InternalFailure' })
    aws.reset()
    await create('s')
    await put('s', 'a')
    expect(stored('s')).toEqual(['a'])
  })

  it.each<[string, FaultRule]>([
    ['probability 2', { error: 'InternalFailure', probability: 2 }],
    ['probability -0.1', { error: 'InternalFailure', probability: -0.1 }],
    ['probability NaN', { error: 'InternalFailure', probability: Number.NaN }],
    ['times 0', { error: 'InternalFailure', times: 0 }],
    ['times -1', { error: 'InternalFailure', times: -1 }],
    ['times 1.5', { error: 'InternalFailure', times: 1.5 }],
    ['delayMs -1', { delayMs: -1 }],
    ['failRecords on PutRecord', { operation: 'PutRecord', failRecords: 1 }],
  ])('refuses an invalid rule (%s) with FirehoseMswError and adds nothing', async (_, rule) => {
    expect(() => aws.faults.add(rule)).toThrow(FirehoseMswError)
    await create('s')
    await put('s', 'a')
    expect((await putBatch('s', ['b'])).FailedPutCount).toBe(0)
  })
})

describe('delayMs', () => {
  /** Lets pending I/O callbacks and promise jobs run without moving fake time. */
  const flush = async (rounds = 20) => {
    for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve))
  }

  it('answers later by the given delay, and stores the record only when it answers', async () => {
    await create('s')
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    const rule = aws.faults.add({ operation: 'PutRecord', delayMs: 5_000 })
    let settled = false
    const call = put('s', 'late').finally(() => {
      settled = true
    })
    for (let i = 0; i < 1000 && rule.hits === 0; i++) await flush(1)
    expect(rule.hits).toBe(1)
    await vi.advanceTimersByTimeAsync(4_999)
    await flush()
    expect(settled).toBe(false)
    expect(stored('s')).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    const out = await call
    expect(typeof out.RecordId).toBe('string')
    expect(stored('s')).toEqual(['late'])
  })

  it('delays an injected error too', async () => {
    await create('s')
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    const rule = aws.faults.add({ operation: 'PutRecord', delayMs: 2_000, error: 'ServiceUnavailableException', times: 1 })
    let settled = false
    const call = failureOf(put('s', 'x')).finally(() => {
      settled = true
    })
    for (let i = 0; i < 1000 && rule.hits === 0; i++) await flush(1)
    expect(rule.hits).toBe(1)
    await vi.advanceTimersByTimeAsync(1_999)
    await flush()
    expect(settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    const error = await call
    expect(error.name).toBe('ServiceUnavailableException')
    expect(error.$metadata?.httpStatusCode).toBe(503)
  })

  it('does not delay calls the rule does not match', async () => {
    await create('s')
    await create('t')
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    aws.faults.add({ streamName: 't', delayMs: 60_000 })
    await put('s', 'prompt') // would hang if it were delayed: fake time does not move here
    expect(stored('s')).toEqual(['prompt'])
  })
})

/**
 * Misuse of `createFirehoseMock` and `aws.faults.add`: a misspelled key or a wrong kind of value
 * throws FirehoseMswError naming the field and what it accepts, instead of silently doing nothing.
 * Options that pass the checks still drive the mock, as the real SDK sees it.
 */
import { CreateDeliveryStreamCommand, ListDeliveryStreamsCommand, PutRecordCommand } from '@aws-sdk/client-firehose'
import { describe, expect, it } from 'vitest'
import { createFirehoseMock, FirehoseMswError, type FaultRule, type FirehoseMockOptions } from '../src'
import { credentials, s3Stream } from './support/aws'
import { bytes } from './support/bytes'
import { firehoseClient } from './support/clients'
import { misuse } from './support/errors'
import { useMock } from './support/mock'

const OPTIONS =
  'accountId, now, timing, seed, endpoints, auth, retention, quotas, random, temporaryCredentialsIssuedAt, onUnexpectedError, lambdas'
const DURATIONS = 'streamCreating, streamDeleting, encryptionEnabling, encryptionDisabling, encryptionPropagation'
const QUOTAS =
  'deliveryStreamsPerRegion, encryptionCallsPerDay, putRecordsPerSecond, putRequestsPerSecond, putMiBPerSecond, controlPlaneTps'
const OPERATIONS =
  'CreateDeliveryStream, DeleteDeliveryStream, DescribeDeliveryStream, ListDeliveryStreams, UpdateDestination, TagDeliveryStream, UntagDeliveryStream, ListTagsForDeliveryStream, StartDeliveryStreamEncryption, StopDeliveryStreamEncryption'
const RULE_KEYS = 'service, operation, streamName, error, message, times, probability, delayMs, failRecords'

const create = (options: unknown) => misuse(() => createFirehoseMock(options as FirehoseMockOptions))
const failed = (reason: string) => `[firehose-msw] Failed to create the mock: ${reason}`

describe('unknown options', () => {
  it('names the option, suggests the close one and lists every accepted option', () => {
    expect(create({ timming: 'instant' })).toBe(failed(`unknown option "timming" (did you mean "timing"?). Accepted options: ${OPTIONS}`))
  })

  it('names every unknown option at once', () => {
    expect(create({ timming: 'instant', sed: [], accountId: '123456789012' })).toBe(
      failed(`unknown options "timming" (did you mean "timing"?), "sed" (did you mean "seed"?). Accepted options: ${OPTIONS}`),
    )
  })

  it('suggests nothing when no option is close', () => {
    expect(create({ colour: 'blue' })).toBe(failed(`unknown option "colour". Accepted options: ${OPTIONS}`))
  })

  it('an accountId that is not 12 digits', () => {
    expect(create({ accountId: '1234' })).toBe(failed('accountId must be 12 digits, not "1234"'))
  })
})

describe('timing', () => {
  it('a string other than the presets names both presets and the durations', () => {
    expect(create({ timing: 'fast' })).toBe(
      failed(`timing must be "realistic", "instant" or an object of durations in ms (${DURATIONS}), not "fast"`),
    )
    expect(create({ timing: 0 })).toBe(
      failed(`timing must be "realistic", "instant" or an object of durations in ms (${DURATIONS}), not 0`),
    )
    expect(create({ timing: [0] })).toBe(
      failed(`timing must be "realistic", "instant" or an object of durations in ms (${DURATIONS}), not an array`),
    )
  })

  it('an unknown duration is named with the accepted ones', () => {
    expect(create({ timing: { streamCreate: 0 } })).toBe(
      failed(
        `unknown timing duration "timing.streamCreate" (did you mean "timing.streamCreating"?). Accepted timing durations: ${DURATIONS}`,
      ),
    )
  })

  it('a negative or NaN duration names the field and the value', () => {
    expect(create({ timing: { streamCreating: -1 } })).toBe(failed('timing.streamCreating must be a number of milliseconds ≥ 0, not -1'))
    expect(create({ timing: { encryptionEnabling: Number.NaN } })).toBe(
      failed('timing.encryptionEnabling must be a number of milliseconds ≥ 0, not NaN'),
    )
    expect(create({ timing: { streamDeleting: '5000' } })).toBe(
      failed('timing.streamDeleting must be a number of milliseconds ≥ 0, not "5000"'),
    )
  })

  it('accepts the presets and partial durations', () => {
    expect(createFirehoseMock({ timing: 'instant' }).timing.streamCreating).toBe(0)
    expect(createFirehoseMock({ timing: 'realistic' }).timing.streamCreating).toBe(5_000)
    expect(createFirehoseMock({ timing: { streamCreating: 10 } }).timing).toMatchObject({ streamCreating: 10, streamDeleting: 5_000 })
  })
})

describe('nested options', () => {
  it('quotas: an unknown quota, a wrong value, a wrong kind', () => {
    expect(create({ quotas: { putRecordPerSecond: 5 } })).toBe(
      failed(`unknown quota "quotas.putRecordPerSecond" (did you mean "quotas.putRecordsPerSecond"?). Accepted quotas: ${QUOTAS}`),
    )
    expect(create({ quotas: 'none' })).toBe(failed('quotas must be false or an object, not "none"'))
  })

  it('quotas.controlPlaneTps: an unknown operation, a wrong kind', () => {
    expect(create({ quotas: { controlPlaneTps: { CreateDeliveryStreams: 1 } } })).toBe(
      failed(
        `unknown control-plane operation "quotas.controlPlaneTps.CreateDeliveryStreams" (did you mean "quotas.controlPlaneTps.CreateDeliveryStream"?). Accepted control-plane operations: ${OPERATIONS}`,
      ),
    )
    expect(create({ quotas: { controlPlaneTps: 'yes' } })).toBe(
      failed('quotas.controlPlaneTps must be true, false or an object, not "yes"'),
    )
  })

  it('retention: an unknown key, a wrong kind, a bad cap', () => {
    expect(create({ retention: { maxRecords: 5 } })).toBe(
      failed(
        'unknown retention option "retention.maxRecords". Accepted retention options: maxRecordsPerStream, maxObjectsPerStream, maxCalls',
      ),
    )
    expect(create({ retention: { maxRecordPerStream: 5 } })).toBe(
      failed(
        'unknown retention option "retention.maxRecordPerStream" (did you mean "retention.maxRecordsPerStream"?). Accepted retention options: maxRecordsPerStream, maxObjectsPerStream, maxCalls',
      ),
    )
    expect(create({ retention: 100 })).toBe(failed('retention must be an object, not 100'))
    expect(create({ retention: { maxRecordsPerStream: 0 } })).toBe(
      failed('retention.maxRecordsPerStream must be a whole number ≥ 1, not 0'),
    )
    // A string or boolean passes `>= 1` by coercion: it must still be refused.
    expect(create({ retention: { maxRecordsPerStream: '5' as never } })).toBe(
      failed('retention.maxRecordsPerStream must be a whole number ≥ 1, not "5"'),
    )
    expect(create({ retention: { maxRecordsPerStream: true as never } })).toBe(
      failed('retention.maxRecordsPerStream must be a whole number ≥ 1, not true'),
    )
    expect(create({ retention: { maxObjectsPerStream: 2.5 } })).toBe(
      failed('retention.maxObjectsPerStream must be a whole number ≥ 1, not 2.5'),
    )
  })

  it('auth: an unknown key, credentials of the wrong kind', () => {
    expect(create({ auth: { credential: [credentials] } })).toBe(
      failed('unknown auth option "auth.credential" (did you mean "auth.credentials"?). Accepted auth options: credentials'),
    )
    expect(create({ auth: { credentials: credentials } })).toBe(failed('auth.credentials must be an array, not an object'))
    expect(create({ auth: [credentials] })).toBe(failed('auth must be an object, not an array'))
  })

  it('auth credentials: an unknown field, a bad account, an entry that is not an object', () => {
    expect(create({ auth: { credentials: [credentials, { accessKeyId: 'AKID2', secretKey: 'x' }] } })).toBe(
      failed(
        'unknown credential field "auth.credentials[1].secretKey". Accepted credential fields: accessKeyId, secretAccessKey, sessionToken, accountId, principal',
      ),
    )
    expect(create({ auth: { credentials: [{ accessKeyId: 'AKID2', secretAcessKey: 'x' }] } })).toBe(
      failed(
        'unknown credential field "auth.credentials[0].secretAcessKey" (did you mean "auth.credentials[0].secretAccessKey"?). Accepted credential fields: accessKeyId, secretAccessKey, sessionToken, accountId, principal',
      ),
    )
    expect(create({ auth: { credentials: [{ ...credentials, accountId: '1' }] } })).toBe(
      failed('auth.credentials[0].accountId must be 12 digits, not "1"'),
    )
    expect(create({ auth: { credentials: ['AKID'] } })).toBe(failed('auth.credentials[0] must be an object, not "AKID"'))
  })
})

describe('options that pass the checks drive the mock', () => {
  const unexpected: unknown[] = []
  const { aws, firehose } = useMock({
    accountId: '210987654321',
    timing: { streamCreating: 0 },
    quotas: { deliveryStreamsPerRegion: 1, controlPlaneTps: { ListDeliveryStreams: 100 } },
    retention: { maxRecordsPerStream: 2 },
    random: () => 0,
    endpoints: ['http://localhost:4566'],
    temporaryCredentialsIssuedAt: {},
    onUnexpectedError: (error) => unexpected.push(error),
  })

  it('through the real SDK', async () => {
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('checked')))
    const second = await firehose.send(new CreateDeliveryStreamCommand(s3Stream('second'))).catch((e: Error) => e)
    expect((second as Error).name).toBe('LimitExceededException')
    for (const text of ['a', 'b', 'c']) {
      await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'checked', Record: { Data: bytes(text) } }))
    }
    expect(aws.firehose.records('checked', { accountId: '210987654321' })).toHaveLength(2)
    const listed = await firehoseClient('us-east-1', { endpoint: 'http://localhost:4566' }).send(new ListDeliveryStreamsCommand({}))
    expect(listed.DeliveryStreamNames).toEqual(['checked'])
    expect(unexpected).toEqual([])
  })
})

describe('fault rules', () => {
  const { aws, firehose } = useMock({ timing: 'instant' })
  const add = (rule: unknown) => misuse(() => aws.faults.add(rule as FaultRule))

  it('an unknown key is named with a suggestion and the accepted keys, and adds nothing', async () => {
    expect(add({ opertion: 'PutRecord', error: 'ServiceUnavailableException' })).toBe(
      `[firehose-msw] Failed to add a fault: unknown key "opertion" (did you mean "operation"?). Accepted keys: ${RULE_KEYS}`,
    )
    expect(add({ streamname: 's', eror: 'InternalFailure' })).toBe(
      `[firehose-msw] Failed to add a fault: unknown keys "streamname" (did you mean "streamName"?), "eror" (did you mean "error"?). Accepted keys: ${RULE_KEYS}`,
    )
    // Nothing was added: the put succeeds.
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('s')))
    const out = await firehose.send(new PutRecordCommand({ DeliveryStreamName: 's', Record: { Data: bytes('x') } }))
    expect(out.RecordId).toBeTruthy()
    expect(aws.firehose.records('s')).toHaveLength(1)
  })
})

describe('options of the wrappers (a story, the server)', () => {
  it("a story's misspelled option is named with the story's options and the mock's", async () => {
    const { firehoseStory } = await import('../src/storybook')
    expect(misuse(() => firehoseStory({ scenaro: 'throttled' } as never))).toBe(
      `[firehose-msw] Failed to create the story: unknown option "scenaro" (did you mean "scenario"?). Accepted options: scenario, streamName, region, ${OPTIONS}`,
    )
  })

  it("the server's misspelled option is named with the server's options and the mock's it accepts", async () => {
    const { startServer } = await import('../src/server')
    const error = await startServer({ prot: 0 } as never).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(FirehoseMswError)
    expect((error as Error).message).toBe(
      `[firehose-msw] Failed to start the server: unknown option "prot" (did you mean "port"?). Accepted options: port, host, onRequest, maxBodyBytes, corsOrigins, maxConnections, controlToken, state, ${OPTIONS.replace('now, ', '').replace('endpoints, ', '')}`,
    )
  })
})

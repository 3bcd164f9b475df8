/**
 * The AWS JSON 1.1 wire protocol as raw `fetch` sees it: status, headers and exact bodies of
 * errors and answers, in AWS's own wording (ValidationException texts such as "Value '…' at '…' failed to
 * satisfy constraint: …", SerializationException, UnknownOperationException).
 */
import { InvalidKMSResourceException, ListDeliveryStreamsCommand, PutRecordCommand } from '@aws-sdk/client-firehose'
import { http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createFirehoseMock, onUnhandled } from '../../src'
import { AwsError } from '../../src/protocol/aws-error'
import { internalFailure, serializationError, unknownOperationError, validationError } from '../../src/protocol/catalog'
import { jsonError, jsonResult, toResponse } from '../../src/protocol/response'
import { invalidKmsResource, serviceUnavailable, streamNotFound } from '../../src/firehose/errors'
import { BUCKET_ARN, ROLE_ARN, s3Stream } from '../support/aws'
import { decode } from '../support/bytes'
import { firehoseClient } from '../support/clients'

const ENDPOINT = 'https://firehose.us-east-1.amazonaws.com/'
const CUSTOM = 'http://localhost:4566'
const CONTENT_TYPE = 'application/x-amz-json-1.1'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

const aws = createFirehoseMock({ timing: 'instant', endpoints: [CUSTOM] })
const server = setupServer(...aws.handlers)
beforeAll(() => server.listen(onUnhandled('bypass')))
afterEach(() => {
  server.resetHandlers()
  server.events.removeAllListeners()
  aws.reset()
})
afterAll(() => server.close())

interface Answer {
  status: number
  headers: Headers
  text: string
  body: Record<string, unknown>
}

/** POSTs a raw body. `target: undefined` sends no X-Amz-Target header. */
async function post(
  target: string | undefined,
  body: string | undefined,
  options: { url?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': CONTENT_TYPE, ...options.headers }
  if (target !== undefined) headers['x-amz-target'] = target
  const res = await fetch(options.url ?? ENDPOINT, { method: 'POST', headers, body })
  const text = await res.text()
  return { status: res.status, headers: res.headers, text, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }
}

const op = (name: string, input: unknown, options?: Parameters<typeof post>[2]) =>
  post(`Firehose_20150804.${name}`, JSON.stringify(input), options)

function expectCommonHeaders(answer: Answer): void {
  expect(answer.headers.get('content-type')).toBe(CONTENT_TYPE)
  expect(answer.headers.get('x-amzn-RequestId')).toMatch(UUID)
}

/** An AWS JSON 1.1 error answer with exactly `body`, and `x-amzn-ErrorType` naming the same error as `__type`. */
function expectError(answer: Answer, status: number, body: Record<string, unknown>): void {
  expect(answer.status).toBe(status)
  expectCommonHeaders(answer)
  expect(answer.body).toStrictEqual(body)
  expect(answer.headers.get('x-amzn-ErrorType')).toBe(body.__type)
}

function expectSuccess(answer: Answer, body?: Record<string, unknown>): void {
  expect(answer.status).toBe(200)
  expectCommonHeaders(answer)
  expect(answer.headers.get('x-amzn-ErrorType')).toBeNull()
  expect(answer.body).not.toHaveProperty('__type')
  if (body) expect(answer.body).toStrictEqual(body)
}

const serialization = (Message?: string) =>
  Message === undefined ? { __type: 'SerializationException' } : { __type: 'SerializationException', Message }
const validation = (message: string) => ({ __type: 'ValidationException', message })
const notNull = (path: string) => `Value null at '${path}' failed to satisfy constraint: Member must not be null`

describe('success answers', () => {
  it('answers 200 with the AWS JSON 1.1 content type, a request id and the output object', async () => {
    const answer = await op('ListDeliveryStreams', {})
    expectSuccess(answer, { DeliveryStreamNames: [], HasMoreDeliveryStreams: false })
  })

  it('gives every answer its own request id', async () => {
    const a = await op('ListDeliveryStreams', {})
    const b = await op('ListDeliveryStreams', {})
    expect(a.headers.get('x-amzn-requestid')).not.toBe(b.headers.get('x-amzn-requestid'))
  })

  it('answers operations without output members with {}', async () => {
    await op('CreateDeliveryStream', s3Stream('tagged'))
    expectSuccess(await op('TagDeliveryStream', { DeliveryStreamName: 'tagged', Tags: [{ Key: 'team', Value: 'web' }] }), {})
  })

  it('ignores unknown extra members, at the top and nested', async () => {
    expectSuccess(await op('ListDeliveryStreams', { Foo: 1, Bar: { x: [1, 2] }, Limit: 5 }), {
      DeliveryStreamNames: [],
      HasMoreDeliveryStreams: false,
    })
    expectSuccess(
      await op(
        'CreateDeliveryStream',
        s3Stream('extra', {
          Whatever: true,
          ExtendedS3DestinationConfiguration: { RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN, NotAMember: 'x' },
        }),
      ),
    )
    const put = await op('PutRecord', { DeliveryStreamName: 'extra', Record: { Data: 'aGk=', Extra: 1 }, More: null })
    expectSuccess(put)
    expect(put.body).toStrictEqual({ RecordId: expect.any(String), Encrypted: false })
    expect(decode(aws.firehose.records('extra')[0]!.data)).toBe('hi')
  })

  it('treats member names case-sensitively: a lower-case member is an unknown one', async () => {
    expectError(
      await op('DescribeDeliveryStream', { deliveryStreamName: 'x' }),
      400,
      validation(`1 validation error detected: ${notNull('deliveryStreamName')}`),
    )
  })
})

describe('X-Amz-Target', () => {
  it('answers UnknownOperationException (no message) for an unknown operation', async () => {
    expectError(await post('Firehose_20150804.Nope', '{}'), 400, { __type: 'UnknownOperationException' })
  })

  it('answers UnknownOperationException when the header is missing', async () => {
    expectError(await post(undefined, '{}'), 400, { __type: 'UnknownOperationException' })
  })

  it.each([
    'Firehose_20150804.',
    'Firehose_20150804.toString',
    'Firehose_20150804.__proto__',
    'Firehose_20150804.constructor',
    'Firehose_20150804.hasOwnProperty',
    'TrentService.ListKeys',
    'ListDeliveryStreams',
  ])('answers UnknownOperationException for %j (never a crash)', async (target) => {
    expectError(await post(target, '{}'), 400, { __type: 'UnknownOperationException' })
  })

  it('checks the target before reading the body', async () => {
    expectError(await post('Firehose_20150804.Nope', '{not json'), 400, { __type: 'UnknownOperationException' })
  })
})

describe('SerializationException', () => {
  it.each(['{"DeliveryStreamName":', 'not json', '{"a":1}}', "{'DeliveryStreamName':'x'}"])(
    'answers malformed JSON %j with a bare SerializationException',
    async (body) => {
      expectError(await post('Firehose_20150804.DescribeDeliveryStream', body), 400, serialization())
    },
  )

  it('a number where a string is expected', async () => {
    expectError(
      await op('DescribeDeliveryStream', { DeliveryStreamName: 5 }),
      400,
      serialization('class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String'),
    )
  })

  it('a list where a structure is expected', async () => {
    expectError(
      await op('PutRecord', { DeliveryStreamName: 's', Record: [] }),
      400,
      serialization('Start of list found where not expected'),
    )
  })

  it('a string where an integer is expected', async () => {
    expectError(
      await op('ListDeliveryStreams', { Limit: 'x' }),
      400,
      serialization('class java.lang.String can not be converted to an Integer'),
    )
  })

  it('a boolean where a structure is expected', async () => {
    expectError(await op('PutRecord', { DeliveryStreamName: 's', Record: true }), 400, serialization('Expected null'))
  })

  it('an object where a string is expected', async () => {
    expectError(
      await op('DescribeDeliveryStream', { DeliveryStreamName: {} }),
      400,
      serialization('Start of structure or map found where not expected.'),
    )
  })

  it('base64 of the wrong length', async () => {
    expectError(
      await op('PutRecord', { DeliveryStreamName: 's', Record: { Data: 'abc' } }),
      400,
      serialization("'abc' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 3"),
    )
  })

  it('base64 with a character outside the alphabet', async () => {
    expectError(
      await op('PutRecord', { DeliveryStreamName: 's', Record: { Data: 'ab!=' } }),
      400,
      serialization("'ab!=' can not be converted to a Blob: Invalid Base64 character: '!'"),
    )
  })

  it('bad base64 deep in a batch', async () => {
    expectError(
      await op('PutRecordBatch', { DeliveryStreamName: 's', Records: [{ Data: 'aGk=' }, { Data: 'a' }] }),
      400,
      serialization("'a' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 1"),
    )
  })

  it('deserializes before looking the stream up', async () => {
    // 's' does not exist: the type error still wins over ResourceNotFoundException.
    const answer = await op('PutRecord', { DeliveryStreamName: 's', Record: [] })
    expect(answer.body.__type).toBe('SerializationException')
  })

  it.each(['[]', '5', '"x"', 'true'])('answers a non-object top-level body %s with a SerializationException, never 5xx', async (body) => {
    const answer = await post('Firehose_20150804.ListDeliveryStreams', body)
    expect(answer.status).toBe(400)
    expectCommonHeaders(answer)
    expect(answer.body.__type).toBe('SerializationException')
    expect(answer.headers.get('x-amzn-ErrorType')).toBe('SerializationException')
  })
})

describe('ValidationException', () => {
  it('a missing required member', async () => {
    expectError(await op('DescribeDeliveryStream', {}), 400, validation(`1 validation error detected: ${notNull('deliveryStreamName')}`))
  })

  it('several violations, joined with "; "', async () => {
    expectError(
      await op('PutRecord', {}),
      400,
      validation(`2 validation errors detected: ${notNull('deliveryStreamName')}; ${notNull('record')}`),
    )
  })

  it('a nested missing member', async () => {
    expectError(
      await op('PutRecord', { DeliveryStreamName: 's', Record: {} }),
      400,
      validation(`1 validation error detected: ${notNull('record.data')}`),
    )
  })

  it('an enum violation', async () => {
    expectError(
      await op('ListDeliveryStreams', { DeliveryStreamType: 'Nope' }),
      400,
      validation(
        "1 validation error detected: Value 'Nope' at 'deliveryStreamType' failed to satisfy constraint: Member must satisfy enum value set: [DirectPut, KinesisStreamAsSource, MSKAsSource, DatabaseAsSource]",
      ),
    )
  })

  it("a length violation, in AWS's ValidationException wording", async () => {
    const name = 'a'.repeat(65)
    expectError(
      await op('DescribeDeliveryStream', { DeliveryStreamName: name }),
      400,
      validation(
        `1 validation error detected: Value '${name}' at 'deliveryStreamName' failed to satisfy constraint: Member must have length less than or equal to 64`,
      ),
    )
  })

  it('a member explicitly null counts as missing', async () => {
    expectError(
      await op('DescribeDeliveryStream', { DeliveryStreamName: null }),
      400,
      validation(`1 validation error detected: ${notNull('deliveryStreamName')}`),
    )
  })

  it.each([
    ['an empty body', ''],
    ['a whitespace body', '  \n'],
    ['a null body', 'null'],
    ['an empty object', '{}'],
  ])('treats %s as empty input', async (_label, body) => {
    expectError(
      await post('Firehose_20150804.DescribeDeliveryStream', body),
      400,
      validation(`1 validation error detected: ${notNull('deliveryStreamName')}`),
    )
    // …and for an operation without required members it is a plain success.
    expectSuccess(await post('Firehose_20150804.ListDeliveryStreams', body), { DeliveryStreamNames: [], HasMoreDeliveryStreams: false })
  })

  it('a request without any body is empty input too', async () => {
    expectError(
      await post('Firehose_20150804.DescribeDeliveryStream', undefined),
      400,
      validation(`1 validation error detected: ${notNull('deliveryStreamName')}`),
    )
  })
})

describe('__proto__ in request bodies', () => {
  const polluted = () => Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')

  it('does not pollute Object.prototype from a top-level __proto__ key', async () => {
    const answer = await post(
      'Firehose_20150804.DescribeDeliveryStream',
      '{"__proto__":{"polluted":"yes","DeliveryStreamName":"ghost"},"DeliveryStreamName":"x"}',
    )
    expectError(answer, 400, { __type: 'ResourceNotFoundException', message: 'Firehose x under account 123456789012 not found.' })
    expect(polluted()).toBe(false)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('does not read members through a nested __proto__ key', async () => {
    const answer = await post(
      'Firehose_20150804.PutRecord',
      '{"DeliveryStreamName":"s","Record":{"__proto__":{"Data":"aGk=","polluted":1}}}',
    )
    expectError(answer, 400, validation(`1 validation error detected: ${notNull('record.data')}`))
    expect(polluted()).toBe(false)
  })

  it('keeps a "__proto__" key of a map as plain data', async () => {
    const body =
      '{"DeliveryStreamName":"mapped","ExtendedS3DestinationConfiguration":{"RoleARN":"' +
      ROLE_ARN +
      '","BucketARN":"' +
      BUCKET_ARN +
      '","DataFormatConversionConfiguration":{"InputFormatConfiguration":{"Deserializer":{"OpenXJsonSerDe":{"ColumnToJsonKeyMappings":{"__proto__":"proto_col","ts":"timestamp"}}}}}}}'
    expectSuccess(await post('Firehose_20150804.CreateDeliveryStream', body))
    expect(polluted()).toBe(false)
    const described = await op('DescribeDeliveryStream', { DeliveryStreamName: 'mapped' })
    expectSuccess(described)
    expect(described.text).toContain('"ColumnToJsonKeyMappings":{"__proto__":"proto_col","ts":"timestamp"}')
    expect(({} as Record<string, unknown>).ts).toBeUndefined()
  })

  it('keeps a "__proto__" map key given in an UpdateDestination', async () => {
    const mappings = (json: string) =>
      `{"DataFormatConversionConfiguration":{"InputFormatConfiguration":{"Deserializer":{"OpenXJsonSerDe":{"ColumnToJsonKeyMappings":${json}}}}}}`
    const create = `{"DeliveryStreamName":"remapped","ExtendedS3DestinationConfiguration":${mappings('{"ts":"timestamp"}').replace(/^\{/, `{"RoleARN":"${ROLE_ARN}","BucketARN":"${BUCKET_ARN}",`)}}`
    expectSuccess(await post('Firehose_20150804.CreateDeliveryStream', create))
    const update = `{"DeliveryStreamName":"remapped","CurrentDeliveryStreamVersionId":"1","DestinationId":"destinationId-000000000001","ExtendedS3DestinationUpdate":${mappings('{"__proto__":"proto_col"}')}}`
    expectSuccess(await post('Firehose_20150804.UpdateDestination', update), {})
    expect(polluted()).toBe(false)
    const described = await op('DescribeDeliveryStream', { DeliveryStreamName: 'remapped' })
    expectSuccess(described)
    expect(described.text).toMatch(/"ColumnToJsonKeyMappings":\{[^}]*"__proto__":"proto_col"/)
  })
})

describe('hosts and regions', () => {
  /** Fetches a URL the mock must not answer; the request is aborted as soon as MSW reports it unhandled. */
  async function unanswered(url: string): Promise<{ unhandled: string[]; mocked: string[]; outcome: unknown }> {
    const unhandled: string[] = []
    const mocked: string[] = []
    const controller = new AbortController()
    server.events.on('request:unhandled', ({ request }) => {
      unhandled.push(request.url)
      controller.abort()
    })
    server.events.on('response:mocked', ({ request }) => {
      mocked.push(request.url)
    })
    const timer = setTimeout(() => controller.abort(), 5_000)
    const outcome = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': CONTENT_TYPE, 'x-amz-target': 'Firehose_20150804.ListDeliveryStreams' },
      body: '{}',
      signal: controller.signal,
    }).then(
      async (res) => ({ status: res.status, errorType: res.headers.get('x-amzn-errortype'), text: await res.text() }),
      (error: unknown) => error,
    )
    clearTimeout(timer)
    return { unhandled, mocked, outcome }
  }

  it.each([
    'https://sqs.us-east-1.amazonaws.com/',
    'https://firehose.us-east-1.amazonaws.com.invalid/',
    'https://notfirehose.us-east-1.amazonaws.com/',
    'https://firehose.us-east-1.amazonaws.com/some/path',
  ])('does not answer %s', async (url) => {
    const { unhandled, mocked, outcome } = await unanswered(url)
    expect(mocked).toEqual([])
    expect(unhandled).toEqual([url])
    // Whatever came back (most likely an abort), it is not a Firehose answer from the mock.
    if (!(outcome instanceof Error)) expect((outcome as { text: string }).text).not.toContain('DeliveryStreamNames')
  })

  it('takes the region from the host', async () => {
    const created = await op('CreateDeliveryStream', s3Stream('in-frankfurt'), { url: 'https://firehose.eu-central-1.amazonaws.com/' })
    expectSuccess(created, { DeliveryStreamARN: 'arn:aws:firehose:eu-central-1:123456789012:deliverystream/in-frankfurt' })
    expect(aws.firehose.streamNames({ region: 'eu-central-1' })).toEqual(['in-frankfurt'])
    expect(aws.firehose.streamNames()).toEqual([])
  })

  it('answers FIPS, dual-stack and China hosts', async () => {
    expectSuccess(await op('ListDeliveryStreams', {}, { url: 'https://firehose-fips.us-west-2.amazonaws.com/' }))
    expectSuccess(await op('ListDeliveryStreams', {}, { url: 'https://firehose.eu-west-1.api.aws/' }))
    const cn = await op('CreateDeliveryStream', s3Stream('cn'), { url: 'https://firehose.cn-north-1.amazonaws.com.cn/' })
    expectSuccess(cn, { DeliveryStreamARN: 'arn:aws-cn:firehose:cn-north-1:123456789012:deliverystream/cn' })
  })

  it('answers a custom endpoint in the region of the SigV4 credential scope', async () => {
    const authorization =
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/eu-west-1/firehose/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0123456789abcdef'
    const created = await op('CreateDeliveryStream', s3Stream('local'), { url: CUSTOM, headers: { authorization } })
    expectSuccess(created, { DeliveryStreamARN: 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/local' })
    expect(aws.firehose.streamNames({ region: 'eu-west-1' })).toEqual(['local'])
    // The same store answers the regional host.
    const listed = await op('ListDeliveryStreams', {}, { url: 'https://firehose.eu-west-1.amazonaws.com/' })
    expectSuccess(listed, { DeliveryStreamNames: ['local'], HasMoreDeliveryStreams: false })
    // Errors from the custom endpoint have the same wire shape.
    expectError(await post('Firehose_20150804.Nope', '{}', { url: `${CUSTOM}/`, headers: { authorization } }), 400, {
      __type: 'UnknownOperationException',
    })
  })

  it('lets the real SDK use the custom endpoint', async () => {
    const client = firehoseClient('ap-southeast-2', { endpoint: CUSTOM })
    await op('CreateDeliveryStream', s3Stream('sydney'), { url: 'https://firehose.ap-southeast-2.amazonaws.com/' })
    const out = await client.send(new ListDeliveryStreamsCommand({}))
    expect(out.DeliveryStreamNames).toEqual(['sydney'])
    expect(out.$metadata.httpStatusCode).toBe(200)
    expect(out.$metadata.requestId).toMatch(UUID)
  })
})

// As MSW's handlers answer them: the wire answer made a Fetch Response.
const toErrorResponse = (error: AwsError): Response => toResponse(jsonError(error))
const toResultResponse = (output: unknown): Response => toResponse(jsonResult(output))

describe('jsonError', () => {
  const cases: [string, AwsError][] = [
    [
      'InvalidKMSResourceException',
      invalidKmsResource(
        'The grant for the CMK to this delivery stream might have been revoked or caller might not have sufficient permissions for the CMK.',
      ),
    ],
    ['ResourceNotFoundException', streamNotFound('s', '123456789012')],
    ['ServiceUnavailableException', serviceUnavailable()],
    ['SerializationException', serializationError('Expected null')],
    ['SerializationException (bare)', serializationError()],
    ['UnknownOperationException', unknownOperationError()],
    ['ValidationException', validationError('1 validation error detected: x')],
    ['InternalFailure', internalFailure()],
    ['InvalidSourceException', new AwsError('InvalidSourceException', 'Only CloudWatch Logs records are accepted.')],
  ]

  it.each(cases)('%s: never a `code` member without x-amzn-ErrorType, which always equals __type', async (_label, error) => {
    const res = toErrorResponse(error)
    const body = (await res.json()) as Record<string, unknown>
    const errorType = res.headers.get('x-amzn-ErrorType')
    const hasCode = Object.keys(body).some((k) => k.toLowerCase() === 'code')
    if (hasCode) expect(errorType).not.toBeNull()
    expect(errorType).toBe(body.__type)
    expect(body.__type).toBe(error.code)
    expect(res.status).toBe(error.status)
    expect(res.headers.get('content-type')).toBe(CONTENT_TYPE)
    expect(res.headers.get('x-amzn-RequestId')).toMatch(UUID)
  })

  it('writes exactly __type and the message under the right key', async () => {
    const kms = await toErrorResponse(invalidKmsResource('grant revoked')).json()
    expect(kms).toStrictEqual({ __type: 'InvalidKMSResourceException', message: 'grant revoked' })
    expect(await toErrorResponse(serializationError('Expected null')).json()).toStrictEqual({
      __type: 'SerializationException',
      Message: 'Expected null',
    })
    expect(await toErrorResponse(unknownOperationError()).json()).toStrictEqual({ __type: 'UnknownOperationException' })
    const internal = toErrorResponse(internalFailure())
    expect(internal.status).toBe(500)
    expect(await internal.json()).toStrictEqual({
      __type: 'InternalFailure',
      message: 'We encountered an internal error. Please try again.',
    })
    expect(toErrorResponse(serviceUnavailable()).status).toBe(503)
  })

  it('jsonResult answers 200 with {} for an empty output', async () => {
    const res = toResultResponse(undefined)
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('{}')
    expect(res.headers.get('x-amzn-ErrorType')).toBeNull()
  })

  it('the SDK names an InvalidKMSResourceException answer correctly', async () => {
    server.use(http.post(ENDPOINT, () => toErrorResponse(invalidKmsResource('grant revoked'))))
    const client = firehoseClient()
    const error = await client
      .send(new PutRecordCommand({ DeliveryStreamName: 's', Record: { Data: new Uint8Array([1]) } }))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidKMSResourceException)
    expect((error as Error).name).toBe('InvalidKMSResourceException')
    expect((error as Error).message).toBe('grant revoked')
  })
})

/**
 * Under vitest's jsdom environment the global Uint8Array is jsdom's, while TextEncoder and Buffer
 * make Node's. The AWS SDK sends bytes as base64 only when they pass its `instanceof Uint8Array`
 * check, so it sends these as `{"0":…}` and AWS (and the mock) answer SerializationException. The
 * answer stays AWS's; the mock logs one `[firehose-msw]` hint per mock naming the cause and the fix.
 * Real jsdom, the real @aws-sdk/client-firehose and client-kms, msw/node.
 */
import { CreateDeliveryStreamCommand, PutRecordBatchCommand, PutRecordCommand } from '@aws-sdk/client-firehose'
import { CreateKeyCommand, EncryptCommand } from '@aws-sdk/client-kms'
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest'
import { createFirehoseMock } from '../../src'
import { hints } from '../../src/hints'
import { FOREIGN_BLOB } from '../../src/protocol/shapes'
import { s3Stream } from '../support/aws'
import { bytes } from '../support/bytes'
import { firehoseClient, kmsClient } from '../support/clients'
import { failureOf } from '../support/errors'
import { storedTexts } from '../support/firehose'
import { useServer } from '../support/mock'

const HINT = hints[FOREIGN_BLOB]!
const AWS_ANSWER = { __type: 'SerializationException', Message: 'Start of structure or map found where not expected.' }

const server = useServer()
let warn: MockInstance<typeof console.warn>
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
})
afterEach(() => {
  vi.restoreAllMocks()
})

const firehose = firehoseClient()

/** A fresh mock (each logs its hint once) answering the server, with an ACTIVE stream "s". */
async function freshMock() {
  const aws = createFirehoseMock({ timing: 'instant' })
  server.use(...aws.handlers)
  await firehose.send(new CreateDeliveryStreamCommand(s3Stream('s')))
  return aws
}

const put = (data: Uint8Array) => firehose.send(new PutRecordCommand({ DeliveryStreamName: 's', Record: { Data: data } }))

describe('the environment this is about', () => {
  it('TextEncoder and Buffer make Uint8Arrays that are not instances of the global Uint8Array', () => {
    expect(bytes('x')).not.toBeInstanceOf(Uint8Array)
    expect(Buffer.from('x')).not.toBeInstanceOf(Uint8Array)
    expect(new Uint8Array(bytes('x'))).toBeInstanceOf(Uint8Array)
    expect(Uint8Array.from(bytes('x'))).toBeInstanceOf(Uint8Array)
  })
})

describe('through the real SDK', () => {
  it("a put of TextEncoder bytes gets AWS's SerializationException unchanged, and one hint after two failing puts", async () => {
    const aws = await freshMock()
    const first = await failureOf(put(bytes('hello')))
    expect(first.name).toBe('SerializationException')
    expect(first.message).toBe('Start of structure or map found where not expected.')
    expect(first.$metadata?.httpStatusCode).toBe(400)
    expect(first.$fault).toBe('client')
    const second = await failureOf(
      firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 's', Records: [{ Data: bytes('a') }, { Data: bytes('b') }] })),
    )
    expect(second.name).toBe('SerializationException')
    expect(second.message).toBe('Start of structure or map found where not expected.')
    expect(warn.mock.calls).toEqual([[HINT]])
    expect(aws.firehose.records('s')).toEqual([])
  })

  it('the hint names the cause and the fixes that work', () => {
    expect(HINT.startsWith('[firehose-msw] A blob member (such as Record.Data) arrived as an object with numeric keys ({"0":…})')).toBe(
      true,
    )
    expect(HINT).toContain('`instanceof Uint8Array` check')
    expect(HINT).toContain('under jsdom (vitest environment "jsdom")')
    expect(HINT).toContain('Use the happy-dom environment')
    expect(HINT).toContain('`new Uint8Array(new TextEncoder().encode(text))` (a Node Buffer does not help)')
  })

  it('the documented workaround succeeds (and Uint8Array.from too); a Node Buffer does not', async () => {
    const aws = await freshMock()
    const copied = await put(new Uint8Array(new TextEncoder().encode('copied')))
    const from = await put(Uint8Array.from(new TextEncoder().encode('from')))
    expect(copied.RecordId).toBeTruthy()
    expect(from.RecordId).toBeTruthy()
    expect(storedTexts(aws, 's')).toEqual(['copied', 'from'])
    expect(warn).not.toHaveBeenCalled()

    const buffer = await failureOf(put(Buffer.from('buffer')))
    expect(buffer.name).toBe('SerializationException')
    expect(warn.mock.calls).toEqual([[HINT]])
  })

  it('each mock logs its own hint, once', async () => {
    await freshMock()
    await failureOf(put(bytes('a')))
    await failureOf(put(bytes('b')))
    expect(warn).toHaveBeenCalledTimes(1)
    await freshMock()
    await failureOf(put(bytes('c')))
    await failureOf(put(bytes('d')))
    expect(warn.mock.calls).toEqual([[HINT], [HINT]])
  })

  it('KMS blobs (Encrypt Plaintext) get the same hint', async () => {
    const aws = createFirehoseMock()
    server.use(...aws.handlers)
    const kms = kmsClient()
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
    const error = await failureOf(kms.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId, Plaintext: bytes('secret') })))
    expect(error.name).toBe('SerializationException')
    expect(warn.mock.calls).toEqual([[HINT]])
    const ok = await kms.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId, Plaintext: new Uint8Array(bytes('secret')) }))
    expect(ok.CiphertextBlob).toBeInstanceOf(Uint8Array)
  })
})

describe('on the wire (hand-written bodies)', () => {
  /** A PutRecord with this Record.Data JSON, unsigned (the mock has no `auth`). */
  const rawPut = async (data: unknown) => {
    const response = await fetch('https://firehose.us-east-1.amazonaws.com/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Firehose_20150804.PutRecord' },
      body: JSON.stringify({ DeliveryStreamName: 's', Record: { Data: data } }),
    })
    return { status: response.status, type: response.headers.get('x-amzn-errortype'), body: (await response.json()) as unknown }
  }
  const serialization = { status: 400, type: 'SerializationException', body: AWS_ANSWER }

  it('a plain valid request logs nothing', async () => {
    const aws = await freshMock()
    const ok = await rawPut(btoa('x'))
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({ Encrypted: false })
    expect(aws.firehose.records('s')).toHaveLength(1)
    await put(new Uint8Array([1, 2, 3]))
    expect(warn).not.toHaveBeenCalled()
  })

  it('bytes as {"0":…} or as a Buffer\'s JSON get the same answer as any object, plus the hint', async () => {
    await freshMock()
    expect(await rawPut({ text: 'x' })).toEqual(serialization)
    expect(await rawPut('not base64!')).toMatchObject({ status: 400, type: 'SerializationException' })
    expect(warn).not.toHaveBeenCalled()
    expect(await rawPut({ 0: 120, 1: 121 })).toEqual(serialization)
    expect(warn.mock.calls).toEqual([[HINT]])
    await freshMock()
    expect(await rawPut({ type: 'Buffer', data: [120] })).toEqual(serialization)
    expect(warn.mock.calls).toEqual([[HINT], [HINT]])
  })

  it('a numeric-keyed object in a non-blob member gets no hint', async () => {
    await freshMock()
    const response = await fetch('https://firehose.us-east-1.amazonaws.com/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Firehose_20150804.PutRecord' },
      body: JSON.stringify({ DeliveryStreamName: { 0: 115 }, Record: { Data: btoa('x') } }),
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual(AWS_ANSWER)
    expect(warn).not.toHaveBeenCalled()
  })
})

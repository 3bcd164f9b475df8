/**
 * Opt-in SigV4 verification (`auth`), through the real SDK clients and hand-made requests: what is
 * accepted, the errors AWS answers for missing, unknown, stale or wrong signatures, and the
 * per-account state that each access key acts in.
 */
import { Sha256 } from '@aws-crypto/sha256-js'
import {
  CreateDeliveryStreamCommand,
  DeleteDeliveryStreamCommand,
  DescribeDeliveryStreamCommand,
  ListDeliveryStreamsCommand,
  type FirehoseClient,
  PutRecordBatchCommand,
} from '@aws-sdk/client-firehose'
import { CreateKeyCommand, DescribeKeyCommand, ListKeysCommand } from '@aws-sdk/client-kms'
import { SignatureV4 } from '@smithy/signature-v4'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFirehoseMock, type AuthCredential } from '../../src'
import { ACCOUNT, credentials, keyArnOf, s3Stream } from '../support/aws'
import { bytes, decode } from '../support/bytes'
import { firehoseClient, kmsClient } from '../support/clients'
import { expectAwsError, notFound, SIGNATURE_MISMATCH } from '../support/errors'
import { putText, storedTexts } from '../support/firehose'
import { recordRequests, useMock } from '../support/mock'

const ACCOUNT_A = '111111111111'
const ACCOUNT_B = '222222222222'
const KEY_A: AuthCredential = {
  accessKeyId: 'AKIAAAAAAAAAAAAAAAAA',
  secretAccessKey: 'secret/of/key/A+aaaaaaaaaaaaaaaaaaaaaaaaa',
  accountId: ACCOUNT_A,
}
const KEY_B: AuthCredential = {
  accessKeyId: 'AKIABBBBBBBBBBBBBBBB',
  secretAccessKey: 'secret/of/key/B+bbbbbbbbbbbbbbbbbbbbbbbbb',
  accountId: ACCOUNT_B,
}
/** Temporary credentials of account A. */
const TEMP: AuthCredential = {
  accessKeyId: 'ASIATTTTTTTTTTTTTTTT',
  secretAccessKey: 'secret/of/temporary/key+ttttttttttttttttt',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE//session/token==',
  accountId: ACCOUNT_A,
}
/** A key without accountId: acts as the mock's accountId. */
const KEY_DEFAULT: AuthCredential = { ...credentials }

const CUSTOM = 'http://localhost:4566'
const FIREHOSE_URL = 'https://firehose.us-east-1.amazonaws.com/'
const KMS_URL = 'https://kms.us-east-1.amazonaws.com/'
const JSON_11 = 'application/x-amz-json-1.1'

const { aws, clock, server } = useMock({ timing: 'instant', auth: { credentials: [KEY_A, KEY_B, TEMP, KEY_DEFAULT] }, endpoints: [CUSTOM] })

const INVALID_TOKEN = 'The security token included in the request is invalid.'

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
const credsOf = (c: Creds): Creds => ({
  accessKeyId: c.accessKeyId,
  secretAccessKey: c.secretAccessKey,
  ...(c.sessionToken !== undefined ? { sessionToken: c.sessionToken } : {}),
})

/** The SDK signs with the machine's time; the offset makes it sign at the mock's (manual) time. */
/** One-attempt clients signing as `c`, with the mock's clock as the signing time. */
const signedAs = (c: Creds, extra: Record<string, unknown>) => ({
  credentials: credsOf(c),
  systemClockOffset: clock.now() - Date.now(),
  ...extra,
})
const firehoseAs = (c: Creds, extra: Record<string, unknown> = {}) => firehoseClient('us-east-1', signedAs(c, extra))
const kmsAs = (c: Creds, extra: Record<string, unknown> = {}) => kmsClient('us-east-1', signedAs(c, extra))

const withSecret = (c: AuthCredential, secretAccessKey: string): Creds => ({ ...credsOf(c), secretAccessKey })

// Every request the clients sent, as msw saw it.
const recorded = recordRequests(server)

/** Signs a JSON 1.1 request with @smithy/signature-v4 itself (any service name, any time). */
async function signRequest(options: {
  target: string
  credentials: Creds
  url?: string
  body?: string
  service?: string
  region?: string
  at?: number
}): Promise<{ url: string; headers: Record<string, string>; body: string }> {
  const url = new URL(options.url ?? FIREHOSE_URL)
  const body = options.body ?? '{}'
  const signer = new SignatureV4({
    service: options.service ?? 'firehose',
    region: options.region ?? 'us-east-1',
    sha256: Sha256,
    credentials: credsOf(options.credentials),
  })
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query: {},
      headers: { host: url.host, 'content-type': JSON_11, 'x-amz-target': options.target },
      body,
    },
    { signingDate: new Date(options.at ?? clock.now()) },
  )
  return { url: url.href, headers: { ...(signed.headers as Record<string, string>) }, body }
}

/** Sends a raw request (global fetch, intercepted by msw) and reads the AWS JSON answer. */
async function rawCall(url: string, headers: Record<string, string>, body: string) {
  const sendable = Object.fromEntries(
    Object.entries(headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k.toLowerCase())),
  )
  const response = await fetch(url, { method: 'POST', headers: sendable, body })
  const json = (await response.json()) as Record<string, unknown>
  return {
    status: response.status,
    type: response.headers.get('x-amzn-errortype') ?? (json.__type as string | undefined),
    message: (json.message ?? json.Message) as string | undefined,
    json,
  }
}

const createStream = (client: FirehoseClient, name: string) => client.send(new CreateDeliveryStreamCommand(s3Stream(name)))

describe('valid credentials', () => {
  it('lets a known key call Firehose, acting in its own account', async () => {
    const firehose = firehoseAs(KEY_A)
    const created = await createStream(firehose, 'orders')
    expect(created.DeliveryStreamARN).toBe(`arn:aws:firehose:us-east-1:${ACCOUNT_A}:deliverystream/orders`)
    const put = await putText(firehose, 'orders', 'hello')
    const { DeliveryStreamDescription: d } = await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'orders' }))
    expect(d!.DeliveryStreamARN).toBe(`arn:aws:firehose:us-east-1:${ACCOUNT_A}:deliverystream/orders`)
    const stored = aws.firehose.records('orders', { accountId: ACCOUNT_A })
    expect(stored.map((r) => decode(r.data))).toEqual(['hello'])
    expect(stored[0]!.recordId).toBe(put.RecordId)
  })

  it('lets a known key call KMS, acting in its own account', async () => {
    const kms = kmsAs(KEY_A)
    const { KeyMetadata: m } = await kms.send(new CreateKeyCommand({ Description: 'a' }))
    expect(m!.AWSAccountId).toBe(ACCOUNT_A)
    expect(m!.Arn).toBe(keyArnOf(m!.KeyId!, 'us-east-1', ACCOUNT_A))
    const { KeyMetadata: described } = await kms.send(new DescribeKeyCommand({ KeyId: m!.KeyId }))
    expect(described!.Arn).toBe(m!.Arn)
    expect(aws.kms.keys({ accountId: ACCOUNT_A }).map((k) => k.arn)).toEqual([m!.Arn])
    expect(aws.kms.keys()).toEqual([])
  })

  it("lets a key without accountId act as the mock's accountId", async () => {
    const created = await createStream(firehoseAs(KEY_DEFAULT), 'orders')
    expect(created.DeliveryStreamARN).toBe(`arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/orders`)
    expect(aws.firehose.streamNames()).toEqual(['orders'])
    expect(aws.firehose.streamNames({ accountId: ACCOUNT_A })).toEqual([])
  })

  it('accepts a request signed by @smithy/signature-v4 directly (the baseline of the raw-request tests)', async () => {
    const req = await signRequest({ target: 'Firehose_20150804.ListDeliveryStreams', credentials: KEY_A })
    const answer = await rawCall(req.url, req.headers, req.body)
    expect(answer.status).toBe(200)
    expect(answer.json).toMatchObject({ DeliveryStreamNames: [], HasMoreDeliveryStreams: false })
  })

  it('accepts a signature made up to 5 minutes before the mock’s now', async () => {
    const firehose = firehoseAs(KEY_A)
    clock.advance(4 * 60_000 + 30_000)
    const out = await firehose.send(new ListDeliveryStreamsCommand({}))
    expect(out.DeliveryStreamNames).toEqual([])
  })
})

describe('missing and unknown credentials', () => {
  it.each([
    ['Firehose', FIREHOSE_URL, 'Firehose_20150804.ListDeliveryStreams'],
    ['KMS', KMS_URL, 'TrentService.ListKeys'],
  ])('answers MissingAuthenticationTokenException 400 for a %s request without Authorization', async (_, url, target) => {
    const answer = await rawCall(url, { 'content-type': JSON_11, 'x-amz-target': target }, '{}')
    expect(answer.status).toBe(400)
    expect(answer.type).toBe('MissingAuthenticationTokenException')
    expect(answer.message).toBe('Request is missing Authentication Token')
  })

  it('answers UnrecognizedClientException for an unknown access key (Firehose and KMS)', async () => {
    const stranger = { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'whatever' }
    await expectAwsError(firehoseAs(stranger).send(new ListDeliveryStreamsCommand({})), {
      name: 'UnrecognizedClientException',
      message: INVALID_TOKEN,
      status: 400,
    })
    await expectAwsError(kmsAs(stranger).send(new ListKeysCommand({})), {
      name: 'UnrecognizedClientException',
      message: INVALID_TOKEN,
      status: 400,
    })
  })
})

describe('wrong signatures', () => {
  it('answers InvalidSignatureException with AWS’s message for a wrong secret (Firehose and KMS)', async () => {
    const wrong = withSecret(KEY_A, 'not-the-secret')
    await expectAwsError(firehoseAs(wrong).send(new ListDeliveryStreamsCommand({})), {
      name: 'InvalidSignatureException',
      message: SIGNATURE_MISMATCH,
      status: 400,
    })
    await expectAwsError(kmsAs(wrong).send(new ListKeysCommand({})), {
      name: 'InvalidSignatureException',
      message: SIGNATURE_MISMATCH,
      status: 400,
    })
  })

  describe('a body tampered with after signing', () => {
    /** Sends one PutRecord through the SDK and returns the headers it signed, as msw saw them. */
    async function signedPut(): Promise<{ url: string; headers: Record<string, string>; body: string }> {
      const firehose = firehoseAs(KEY_A)
      await createStream(firehose, 'orders')
      let captured: Promise<{ url: string; headers: Record<string, string>; body: string }> | undefined
      const capture = ({ request }: { request: Request }) => {
        if (request.headers.get('x-amz-target') !== 'Firehose_20150804.PutRecord') return
        const headers = Object.fromEntries(request.headers.entries())
        captured = request
          .clone()
          .text()
          .then((body) => ({ url: request.url, headers, body }))
      }
      server.events.on('request:start', capture)
      try {
        await putText(firehose, 'orders', 'original')
      } finally {
        server.events.removeListener('request:start', capture)
      }
      return captured!
    }

    it('accepts the captured request replayed unchanged (control)', async () => {
      const captured = await signedPut()
      const answer = await rawCall(captured.url, captured.headers, captured.body)
      expect(answer.status).toBe(200)
      expect(storedTexts(aws, 'orders', { accountId: ACCOUNT_A })).toEqual(['original', 'original'])
    })

    it('rejects a different body under the signed headers with InvalidSignatureException and stores nothing', async () => {
      const captured = await signedPut()
      const tampered = captured.body.replace(
        JSON.stringify(Buffer.from('original').toString('base64')),
        JSON.stringify(Buffer.from('tampered').toString('base64')),
      )
      expect(tampered).not.toBe(captured.body)
      expect(tampered.length).toBe(captured.body.length)
      const answer = await rawCall(captured.url, captured.headers, tampered)
      expect(answer.status).toBe(400)
      expect(answer.type).toBe('InvalidSignatureException')
      expect(storedTexts(aws, 'orders', { accountId: ACCOUNT_A })).toEqual(['original'])
    })

    it('rejects a different body whose x-amz-content-sha256 was recomputed with AWS’s mismatch message', async () => {
      const captured = await signedPut()
      const tampered = JSON.stringify({
        DeliveryStreamName: 'orders',
        Record: { Data: Buffer.from('tampered and longer').toString('base64') },
      })
      const hash = new Sha256()
      hash.update(bytes(tampered))
      const hex = Buffer.from(await hash.digest()).toString('hex')
      const headers = { ...captured.headers, 'x-amz-content-sha256': hex }
      const answer = await rawCall(captured.url, headers, tampered)
      expect(answer.status).toBe(400)
      expect(answer.type).toBe('InvalidSignatureException')
      expect(answer.message).toBe(SIGNATURE_MISMATCH)
      expect(storedTexts(aws, 'orders', { accountId: ACCOUNT_A })).toEqual(['original'])
    })

    it('rejects a hand-signed request whose body changed after signing', async () => {
      const firehose = firehoseAs(KEY_A)
      await createStream(firehose, 'orders')
      const body = JSON.stringify({ DeliveryStreamName: 'orders', Record: { Data: Buffer.from('signed').toString('base64') } })
      const req = await signRequest({ target: 'Firehose_20150804.PutRecord', credentials: KEY_A, body })
      const other = JSON.stringify({ DeliveryStreamName: 'orders', Record: { Data: Buffer.from('swapped').toString('base64') } })
      const answer = await rawCall(req.url, req.headers, other)
      expect(answer.status).toBe(400)
      expect(answer.type).toBe('InvalidSignatureException')
      expect(aws.firehose.records('orders', { accountId: ACCOUNT_A })).toEqual([])
    })
  })

  it('answers the "Signature expired" InvalidSignatureException for a signature 6 minutes old', async () => {
    const firehose = firehoseAs(KEY_A)
    clock.advance(6 * 60_000)
    const error = await expectAwsError(firehose.send(new ListDeliveryStreamsCommand({})), {
      name: 'InvalidSignatureException',
      status: 400,
    })
    const amzDate = recorded.list.at(-1)!.headers.get('x-amz-date')!
    expect(amzDate).toMatch(/^20261125T1200\d\dZ$/)
    expect(error.message).toBe(`Signature expired: ${amzDate} is now earlier than 20261125T120100Z (20261125T120600Z - 5 min.)`)
  })

  it('answers the "Signature not yet current" InvalidSignatureException for a signature 6 minutes ahead', async () => {
    clock.advance(6 * 60_000)
    const firehose = firehoseAs(KEY_A)
    clock.set(Date.UTC(2026, 10, 25, 12, 0, 0))
    const error = await expectAwsError(firehose.send(new ListDeliveryStreamsCommand({})), {
      name: 'InvalidSignatureException',
      status: 400,
    })
    const amzDate = recorded.list.at(-1)!.headers.get('x-amz-date')!
    expect(error.message).toBe(`Signature not yet current: ${amzDate} is still later than 20261125T120500Z (20261125T120000Z + 5 min.)`)
  })

  it("answers InvalidSignatureException when a Firehose request is scoped to service 'kms'", async () => {
    const req = await signRequest({ target: 'Firehose_20150804.ListDeliveryStreams', credentials: KEY_A, service: 'kms' })
    expect(req.headers.authorization).toContain('/us-east-1/kms/aws4_request')
    const answer = await rawCall(req.url, req.headers, req.body)
    expect(answer.status).toBe(400)
    expect(answer.type).toBe('InvalidSignatureException')
    expect(answer.message).toBe("Credential should be scoped to correct service: 'firehose'. ")
  })

  it("answers InvalidSignatureException when a KMS request is scoped to service 'firehose'", async () => {
    const req = await signRequest({ url: KMS_URL, target: 'TrentService.ListKeys', credentials: KEY_A, service: 'firehose' })
    const answer = await rawCall(req.url, req.headers, req.body)
    expect(answer.status).toBe(400)
    expect(answer.type).toBe('InvalidSignatureException')
    expect(answer.message).toBe("Credential should be scoped to correct service: 'kms'. ")
  })
})

describe('temporary credentials', () => {
  it('accepts the right session token (Firehose and KMS)', async () => {
    const created = await createStream(firehoseAs(TEMP), 'orders')
    expect(created.DeliveryStreamARN).toBe(`arn:aws:firehose:us-east-1:${ACCOUNT_A}:deliverystream/orders`)
    expect(recorded.list.at(-1)!.headers.get('x-amz-security-token')).toBe(TEMP.sessionToken)
    const { KeyMetadata } = await kmsAs(TEMP).send(new CreateKeyCommand({}))
    expect(KeyMetadata!.AWSAccountId).toBe(ACCOUNT_A)
  })

  it('answers UnrecognizedClientException without the session token', async () => {
    const { sessionToken: _, ...noToken } = credsOf(TEMP)
    await expectAwsError(firehoseAs(noToken).send(new ListDeliveryStreamsCommand({})), {
      name: 'UnrecognizedClientException',
      message: INVALID_TOKEN,
      status: 400,
    })
    await expectAwsError(kmsAs(noToken).send(new ListKeysCommand({})), {
      name: 'UnrecognizedClientException',
      message: INVALID_TOKEN,
      status: 400,
    })
  })

  it('answers UnrecognizedClientException for a wrong session token and stores nothing', async () => {
    const wrongToken = { ...credsOf(TEMP), sessionToken: 'forged-token' }
    await expectAwsError(createStream(firehoseAs(wrongToken), 'orders'), {
      name: 'UnrecognizedClientException',
      message: INVALID_TOKEN,
      status: 400,
    })
    expect(aws.firehose.streamNames({ accountId: ACCOUNT_A })).toEqual([])
  })

  it('answers UnrecognizedClientException for a long-term key sent with a session token', async () => {
    await expectAwsError(firehoseAs({ ...credsOf(KEY_A), sessionToken: 'unexpected' }).send(new ListDeliveryStreamsCommand({})), {
      name: 'UnrecognizedClientException',
      message: INVALID_TOKEN,
      status: 400,
    })
  })
})

describe('per-account isolation', () => {
  it("refuses account B the use of account A's key by ARN (cross-account access is not simulated)", async () => {
    const { KeyMetadata: key } = await kmsAs(KEY_A).send(new CreateKeyCommand({}))
    await expectAwsError(kmsAs(KEY_B).send(new DescribeKeyCommand({ KeyId: key!.Arn })), {
      name: 'AccessDeniedException',
      message: `User: arn:aws:iam::${ACCOUNT_B}:root is not authorized to perform: kms:DescribeKey on resource: ${key!.Arn} because no resource-based policy allows the kms:DescribeKey action`,
      status: 400,
    })
    expect(aws.kms.keys({ accountId: ACCOUNT_A })[0]!.state).toBe('Enabled')
  })

  it("keeps account A's stream and key invisible to account B", async () => {
    const fa = firehoseAs(KEY_A)
    const fb = firehoseAs(KEY_B)
    const ka = kmsAs(KEY_A)
    const kb = kmsAs(KEY_B)
    const created = await createStream(fa, 'orders')
    expect(created.DeliveryStreamARN).toBe(`arn:aws:firehose:us-east-1:${ACCOUNT_A}:deliverystream/orders`)
    const { KeyMetadata: key } = await ka.send(new CreateKeyCommand({}))
    expect(key!.Arn).toBe(keyArnOf(key!.KeyId!, 'us-east-1', ACCOUNT_A))

    expect((await fb.send(new ListDeliveryStreamsCommand({}))).DeliveryStreamNames).toEqual([])
    await expectAwsError(fb.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'orders' })), notFound('orders', ACCOUNT_B))
    await expectAwsError(putText(fb, 'orders', 'from B'), notFound('orders', ACCOUNT_B))
    await expectAwsError(fb.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: 'orders' })), notFound('orders', ACCOUNT_B))
    expect((await kb.send(new ListKeysCommand({}))).Keys).toEqual([])
    await expectAwsError(kb.send(new DescribeKeyCommand({ KeyId: key!.KeyId })), {
      name: 'NotFoundException',
      message: `Key '${keyArnOf(key!.KeyId!, 'us-east-1', ACCOUNT_B)}' does not exist`,
      status: 400,
    })

    expect((await fa.send(new ListDeliveryStreamsCommand({}))).DeliveryStreamNames).toEqual(['orders'])
    expect((await ka.send(new ListKeysCommand({}))).Keys!.map((k) => k.KeyArn)).toEqual([key!.Arn])
    expect(aws.firehose.streamNames({ accountId: ACCOUNT_A })).toEqual(['orders'])
    expect(aws.firehose.streamNames({ accountId: ACCOUNT_B })).toEqual([])
    expect(aws.firehose.streamNames()).toEqual([])
    expect(aws.kms.keys({ accountId: ACCOUNT_A }).map((k) => k.arn)).toEqual([key!.Arn])
    expect(aws.kms.keys({ accountId: ACCOUNT_B })).toEqual([])
  })

  it('lets two accounts own streams of the same name, each with its own ARN and records', async () => {
    const fa = firehoseAs(KEY_A)
    const fb = firehoseAs(KEY_B)
    await createStream(fa, 'orders')
    const b = await createStream(fb, 'orders')
    expect(b.DeliveryStreamARN).toBe(`arn:aws:firehose:us-east-1:${ACCOUNT_B}:deliverystream/orders`)
    await putText(fa, 'orders', 'a1')
    await fb.send(new PutRecordBatchCommand({ DeliveryStreamName: 'orders', Records: [{ Data: bytes('b1') }, { Data: bytes('b2') }] }))
    const { DeliveryStreamDescription: db } = await fb.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'orders' }))
    expect(db!.DeliveryStreamARN).toBe(`arn:aws:firehose:us-east-1:${ACCOUNT_B}:deliverystream/orders`)
    expect(storedTexts(aws, 'orders', { accountId: ACCOUNT_A })).toEqual(['a1'])
    expect(storedTexts(aws, 'orders', { accountId: ACCOUNT_B })).toEqual(['b1', 'b2'])
    await fb.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: 'orders' }))
    expect(aws.firehose.streamNames({ accountId: ACCOUNT_B })).toEqual([])
    expect(aws.firehose.streamNames({ accountId: ACCOUNT_A })).toEqual(['orders'])
  })

  it('shares an account between a long-term key and temporary credentials of the same account', async () => {
    await createStream(firehoseAs(KEY_A), 'orders')
    expect((await firehoseAs(TEMP).send(new ListDeliveryStreamsCommand({}))).DeliveryStreamNames).toEqual(['orders'])
  })
})

describe('failed authentication', () => {
  it('changes no state', async () => {
    const fa = firehoseAs(KEY_A)
    await createStream(fa, 'orders')
    await putText(fa, 'orders', 'kept')
    const before = {
      a: aws.firehose.streamNames({ accountId: ACCOUNT_A }),
      records: aws.firehose.records('orders', { accountId: ACCOUNT_A }),
      keys: aws.kms.keys({ accountId: ACCOUNT_A }),
    }
    const wrongSecret = withSecret(KEY_A, 'nope')
    const stranger = { accessKeyId: 'AKIASTRANGER00000000', secretAccessKey: 'x' }
    const attempts: Array<[string, Promise<unknown>]> = [
      ['InvalidSignatureException', putText(firehoseAs(wrongSecret), 'orders', 'bad')],
      ['InvalidSignatureException', createStream(firehoseAs(wrongSecret), 'other')],
      ['InvalidSignatureException', firehoseAs(wrongSecret).send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: 'orders' }))],
      ['InvalidSignatureException', kmsAs(wrongSecret).send(new CreateKeyCommand({}))],
      ['UnrecognizedClientException', createStream(firehoseAs(stranger), 'other')],
      ['UnrecognizedClientException', kmsAs(stranger).send(new CreateKeyCommand({}))],
      ['UnrecognizedClientException', putText(firehoseAs({ ...credsOf(TEMP), sessionToken: 'forged' }), 'orders', 'bad')],
    ]
    for (const [name, call] of attempts) await expectAwsError(call, { name, status: 400 })
    clock.advance(6 * 60_000)
    await expectAwsError(putText(fa, 'orders', 'stale'), { name: 'InvalidSignatureException', status: 400 })
    const missing = await rawCall(
      FIREHOSE_URL,
      { 'content-type': JSON_11, 'x-amz-target': 'Firehose_20150804.CreateDeliveryStream' },
      JSON.stringify(s3Stream('unsigned')),
    )
    expect(missing.type).toBe('MissingAuthenticationTokenException')

    expect(aws.firehose.streamNames({ accountId: ACCOUNT_A })).toEqual(before.a)
    expect(aws.firehose.records('orders', { accountId: ACCOUNT_A })).toEqual(before.records)
    expect(aws.kms.keys({ accountId: ACCOUNT_A })).toEqual(before.keys)
    expect(aws.firehose.streamNames()).toEqual([])
    expect(aws.firehose.streamNames({ accountId: ACCOUNT_B })).toEqual([])
    expect(aws.kms.keys()).toEqual([])
  })
})

describe('custom endpoint', () => {
  it('verifies signatures and takes the region from the credential scope', async () => {
    const firehose = firehoseAs(KEY_A, { endpoint: CUSTOM, region: 'eu-west-1' })
    const created = await createStream(firehose, 'local')
    expect(recorded.list.at(-1)!.url).toBe(`${CUSTOM}/`)
    expect(created.DeliveryStreamARN).toBe(`arn:aws:firehose:eu-west-1:${ACCOUNT_A}:deliverystream/local`)
    expect(aws.firehose.streamNames({ region: 'eu-west-1', accountId: ACCOUNT_A })).toEqual(['local'])
    expect(aws.firehose.streamNames({ accountId: ACCOUNT_A })).toEqual([])

    const kms = kmsAs(KEY_B, { endpoint: CUSTOM, region: 'ap-southeast-2' })
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
    expect(KeyMetadata!.Arn).toBe(keyArnOf(KeyMetadata!.KeyId!, 'ap-southeast-2', ACCOUNT_B))
    expect(aws.kms.keys({ region: 'ap-southeast-2', accountId: ACCOUNT_B })).toHaveLength(1)
  })

  it('rejects a wrong secret, an unknown key and a missing signature there too', async () => {
    await expectAwsError(
      firehoseAs(withSecret(KEY_A, 'nope'), { endpoint: CUSTOM, region: 'eu-west-1' }).send(new ListDeliveryStreamsCommand({})),
      {
        name: 'InvalidSignatureException',
        message: SIGNATURE_MISMATCH,
        status: 400,
      },
    )
    await expectAwsError(
      kmsAs({ accessKeyId: 'AKIASTRANGER00000000', secretAccessKey: 'x' }, { endpoint: CUSTOM, region: 'eu-west-1' }).send(
        new ListKeysCommand({}),
      ),
      { name: 'UnrecognizedClientException', message: INVALID_TOKEN, status: 400 },
    )
    const answer = await rawCall(CUSTOM, { 'content-type': JSON_11, 'x-amz-target': 'Firehose_20150804.ListDeliveryStreams' }, '{}')
    expect(answer.status).toBe(400)
    expect(answer.type).toBe('MissingAuthenticationTokenException')
  })

  it('accepts a hand-signed request to the custom endpoint (port in the signed host)', async () => {
    const req = await signRequest({
      url: `${CUSTOM}/`,
      target: 'Firehose_20150804.ListDeliveryStreams',
      credentials: KEY_B,
      region: 'us-west-2',
    })
    const answer = await rawCall(req.url, req.headers, req.body)
    expect(answer.status).toBe(200)
    expect(answer.json).toMatchObject({ DeliveryStreamNames: [] })
  })
})

describe('without auth', () => {
  const OPEN_ACCOUNT = '333333333333'
  const open = createFirehoseMock({ timing: 'instant', now: clock.now, accountId: OPEN_ACCOUNT })
  beforeEach(() => server.use(...open.handlers))
  afterEach(() => {
    server.resetHandlers()
    open.reset()
  })

  it('accepts any well-formed signature, whatever its key, secret or time, and acts as accountId', async () => {
    // No systemClockOffset: signed at the machine's time, far from the mock's clock.
    const anyone = firehoseClient('us-east-1', { credentials: { accessKeyId: 'AKIAANYONE0000000000', secretAccessKey: 'anything' } })
    const created = await createStream(anyone, 'open')
    expect(created.DeliveryStreamARN).toBe(`arn:aws:firehose:us-east-1:${OPEN_ACCOUNT}:deliverystream/open`)
    const other = firehoseAs({ ...credsOf(KEY_A), secretAccessKey: 'wrong' })
    expect((await other.send(new ListDeliveryStreamsCommand({}))).DeliveryStreamNames).toEqual(['open'])
    const { KeyMetadata } = await kmsAs({ accessKeyId: 'AKIAOTHER00000000000', secretAccessKey: 'x', sessionToken: 'whatever' }).send(
      new CreateKeyCommand({}),
    )
    expect(KeyMetadata!.AWSAccountId).toBe(OPEN_ACCOUNT)
    expect(open.firehose.streamNames()).toEqual(['open'])
    expect(open.kms.keys()).toHaveLength(1)
    // Nothing reached the auth-enabled mock.
    expect(aws.firehose.streamNames({ accountId: ACCOUNT_A })).toEqual([])
  })
})

/**
 * SigV4 verification under happy-dom: the Request a browser-like fetch builds drops the forbidden
 * headers the SDK signed (host, content-length), and the mock must still verify the signature.
 */
import { CreateDeliveryStreamCommand, PutRecordCommand, type FirehoseClient } from '@aws-sdk/client-firehose'
import { describe, expect, it } from 'vitest'
import { s3Stream } from '../support/aws'
import { bytes, decode } from '../support/bytes'
import { firehoseClient } from '../support/clients'
import { failureOf, SIGNATURE_MISMATCH } from '../support/errors'
import { recordRequests, useMock } from '../support/mock'

const ACCOUNT_A = '111111111111'
const KEY = { accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secretAccessKey: 'secret/of/key/A+aaaaaaaaaaaaaaaaaaaaaaaaa' }

const { aws, clock, server } = useMock({ timing: 'instant', auth: { credentials: [{ ...KEY, accountId: ACCOUNT_A }] } })

const client = (secretAccessKey = KEY.secretAccessKey) =>
  firehoseClient('us-east-1', {
    credentials: { accessKeyId: KEY.accessKeyId, secretAccessKey },
    systemClockOffset: clock.now() - Date.now(),
  })

const recorded = recordRequests(server)

const put = (firehose: FirehoseClient, text: string) =>
  firehose.send(new PutRecordCommand({ DeliveryStreamName: 'events', Record: { Data: bytes(text) } }))

describe('SigV4 verification in happy-dom', () => {
  it('runs in a DOM environment', () => {
    expect(typeof window).toBe('object')
    expect(typeof document.createElement).toBe('function')
  })

  it('verifies a signed PutRecord and stores it in the key’s account', async () => {
    const firehose = client()
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('events')))
    const out = await put(firehose, 'from the DOM')
    const signed = recorded.list.at(-1)!
    // The premise: host and content-length were signed, but the Request no longer carries them.
    expect(signed.headers.get('authorization')).toMatch(/SignedHeaders=[^,]*content-length;[^,]*host;/)
    expect(signed.headers.get('host')).toBeNull()
    expect(signed.headers.get('content-length')).toBeNull()
    const stored = aws.firehose.records('events', { accountId: ACCOUNT_A })
    expect(stored.map((r) => decode(r.data))).toEqual(['from the DOM'])
    expect(stored[0]!.recordId).toBe(out.RecordId)
  })

  it('rejects a PutRecord signed with the wrong secret and stores nothing', async () => {
    await client().send(new CreateDeliveryStreamCommand(s3Stream('events')))
    const error = await failureOf(put(client('not-the-secret'), 'forged'))
    expect(error.name).toBe('InvalidSignatureException')
    expect(error.message).toBe(SIGNATURE_MISMATCH)
    expect(error.$metadata?.httpStatusCode).toBe(400)
    expect(aws.firehose.records('events', { accountId: ACCOUNT_A })).toEqual([])
  })
})

/**
 * A page that starts the mock in MSW's service worker with the unhandled-request option named in
 * the query (`?name=onUnhandledRequest&strategy=error`), or with none, and offers `probe()`: a
 * same-origin fetch no handler matches, answered by the dev server if MSW lets it through; and
 * `deliverToHandler()`: an HTTP endpoint stream, made with the real SDK, whose receiver is an MSW
 * handler of the page.
 */
import { CreateDeliveryStreamCommand, FirehoseClient, PutRecordCommand } from '@aws-sdk/client-firehose'
import {
  CreateKeyCommand,
  GenerateMacCommand,
  GetPublicKeyCommand,
  KMSClient,
  SignCommand,
  VerifyCommand,
  VerifyMacCommand,
  type KeySpec,
  type SigningAlgorithmSpec,
} from '@aws-sdk/client-kms'
import { startFirehoseWorker } from 'firehose-msw/browser'
import { http, HttpResponse } from 'msw'
import { base64Paths, utf8Paths } from '../../../src/protocol/base64'
import { base64Mismatches, utf8Mismatches } from '../../support/base64'
import { derToRaw } from '../../support/signatures'

const query = new URLSearchParams(location.search)
const name = query.get('name')
const startOptions = name ? { [name]: query.get('strategy') } : {}

declare global {
  interface Window {
    probe: () => Promise<string>
    deliverToHandler: () => Promise<{ received: string[]; headers: string[]; outcome: string | undefined }>
    base64Check: () => { paths: string[]; mismatches: string[]; utf8Paths: string[] }
    signatures: () => Promise<Array<{ case: string; webCrypto: boolean; kms: boolean }>>
  }
}

window.probe = () =>
  fetch('/api/not-aws').then(
    (response) => `answered ${response.status}`,
    (error: unknown) => `failed: ${String(error)}`,
  )

const { worker, mock } = await startFirehoseWorker(
  { timing: 'instant' },
  { serviceWorker: { url: '/mockServiceWorker.js' }, ...startOptions },
)

window.deliverToHandler = async () => {
  const received: string[] = []
  const headers: string[] = []
  worker.use(
    http.post('https://receiver.example.com/ingest', async ({ request }) => {
      // The body comes GZIP-compressed (CompressionStream in the page), as the stream asks.
      const unzipped =
        request.headers.get('content-encoding') === 'gzip' ? request.body!.pipeThrough(new DecompressionStream('gzip')) : request.body
      const body = (await new Response(unzipped).json()) as { requestId: string; records: Array<{ data: string }> }
      received.push(...body.records.map((r) => atob(r.data)))
      headers.push(request.headers.get('x-amz-firehose-source-arn') ?? '', request.headers.get('content-encoding') ?? '')
      return HttpResponse.json({ requestId: body.requestId, timestamp: Date.now() })
    }),
  )
  const firehose = new FirehoseClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } })
  await firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'to-handler',
      HttpEndpointDestinationConfiguration: {
        EndpointConfiguration: { Url: 'https://receiver.example.com/ingest' },
        RequestConfiguration: { ContentEncoding: 'GZIP' },
        S3Configuration: { RoleARN: 'arn:aws:iam::123456789012:role/firehose', BucketARN: 'arn:aws:s3:::backup' },
      },
    }),
  )
  await firehose.send(
    new PutRecordCommand({ DeliveryStreamName: 'to-handler', Record: { Data: new TextEncoder().encode('from the page') } }),
  )
  await mock.firehose.flush('to-handler')
  const [delivery] = await mock.firehose.httpDeliveries('to-handler')
  return { received, headers, outcome: delivery?.outcome }
}

window.base64Check = () => ({
  paths: Object.keys(base64Paths()),
  mismatches: [...base64Mismatches(base64Paths()), ...utf8Mismatches(utf8Paths())],
  utf8Paths: Object.keys(utf8Paths()),
})

/** KMS signatures made by the mock in this page, checked by the page's WebCrypto and by KMS Verify; an HMAC checked by VerifyMac. */
window.signatures = async () => {
  const kms = new KMSClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } })
  const cases: Array<[KeySpec, SigningAlgorithmSpec, 'RAW' | 'DIGEST']> = [
    ['RSA_2048', 'RSASSA_PKCS1_V1_5_SHA_256', 'RAW'],
    ['RSA_2048', 'RSASSA_PSS_SHA_384', 'DIGEST'],
    ['ECC_NIST_P256', 'ECDSA_SHA_256', 'RAW'],
    ['ECC_NIST_P384', 'ECDSA_SHA_384', 'DIGEST'],
    ['ECC_SECG_P256K1', 'ECDSA_SHA_256', 'RAW'],
  ]
  const results: Array<{ case: string; webCrypto: boolean; kms: boolean }> = []
  for (const [KeySpec, SigningAlgorithm, MessageType] of cases) {
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ KeySpec, KeyUsage: 'SIGN_VERIFY' }))
    const KeyId = KeyMetadata!.KeyId!
    const message = new TextEncoder().encode(`signed in Chromium with ${SigningAlgorithm}`)
    const hash = `SHA-${SigningAlgorithm.slice(-3)}`
    const digest = new Uint8Array(await crypto.subtle.digest(hash, message))
    const { Signature } = await kms.send(
      new SignCommand({ KeyId, SigningAlgorithm, MessageType, Message: MessageType === 'DIGEST' ? digest : message }),
    )
    const { PublicKey } = await kms.send(new GetPublicKeyCommand({ KeyId }))
    let webCrypto = false
    if (KeySpec.startsWith('RSA')) {
      const pss = SigningAlgorithm.startsWith('RSASSA_PSS')
      const algorithm = { name: pss ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5', hash }
      const key = await crypto.subtle.importKey('spki', PublicKey! as BufferSource, algorithm, false, ['verify'])
      const params = pss ? { name: 'RSA-PSS', saltLength: digest.length } : algorithm
      webCrypto = await crypto.subtle.verify(params, key, Signature! as BufferSource, message)
    } else if (KeySpec !== 'ECC_SECG_P256K1') {
      const namedCurve = KeySpec === 'ECC_NIST_P256' ? 'P-256' : 'P-384'
      const key = await crypto.subtle.importKey('spki', PublicKey! as BufferSource, { name: 'ECDSA', namedCurve }, false, ['verify'])
      webCrypto = await crypto.subtle.verify({ name: 'ECDSA', hash }, key, derToRaw(Signature!, digest.length) as BufferSource, message)
    }
    const verified = await kms.send(new VerifyCommand({ KeyId, SigningAlgorithm, Message: message, Signature: Signature! }))
    results.push({ case: `${KeySpec} ${SigningAlgorithm} ${MessageType}`, webCrypto, kms: verified.SignatureValid === true })
  }
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({ KeySpec: 'HMAC_224', KeyUsage: 'GENERATE_VERIFY_MAC' }))
  const mac = { KeyId: KeyMetadata!.KeyId!, Message: new TextEncoder().encode('mac me'), MacAlgorithm: 'HMAC_SHA_224' as const }
  const { Mac } = await kms.send(new GenerateMacCommand(mac))
  const { MacValid } = await kms.send(new VerifyMacCommand({ ...mac, Mac: Mac! }))
  results.push({ case: 'HMAC_224 HMAC_SHA_224', webCrypto: Mac!.length === 28, kms: MacValid === true })
  return results
}

document.body.dataset.ready = 'true'

/**
 * The page of test/e2e/server-cors.e2e.test.ts, bundled with esbuild for the browser (so
 * @aws-sdk/client-firehose sends with its FetchHttpHandler) and served from another origin than
 * the standalone server it calls. Each function takes the server's URL, makes one call, and
 * returns what the app could read of the answer as plain JSON — or of the failure, when the
 * browser's CORS check stops the call.
 */
import { CreateDeliveryStreamCommand, DescribeDeliveryStreamCommand, FirehoseClient, PutRecordCommand } from '@aws-sdk/client-firehose'
import { s3Stream } from '../../support/aws'

/** What the SDK's `$metadata` says of a call. */
interface Metadata {
  $metadata?: { httpStatusCode?: number; requestId?: string }
}

/** A call's outcome as the app sees it: the output it picked, or the error's name and message. */
export type Outcome<T> =
  | { ok: true; status: number | undefined; requestId: string | undefined; output: T }
  | { ok: false; name: string; message: string; status: number | undefined; requestId: string | undefined }

/** What a plain `fetch` of an AWS call can read: the status, the headers the answer exposes, the body. */
export interface RawAnswer {
  status: number
  requestId: string | null
  errorType: string | null
  body: unknown
}

declare global {
  interface Window {
    serverCors: {
      createStream(endpoint: string, name: string): Promise<Outcome<{ arn: string | undefined }>>
      putRecord(
        endpoint: string,
        name: string,
        text: string,
      ): Promise<Outcome<{ recordId: string | undefined; encrypted: boolean | undefined }>>
      describeStream(endpoint: string, name: string): Promise<Outcome<{ status: string | undefined }>>
      describeWithFetch(endpoint: string, name: string): Promise<RawAnswer>
    }
  }
}

const client = (endpoint: string) =>
  new FirehoseClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1, // no retries: the first answer (or failure) is the one returned
  })

async function settle<O extends Metadata, T>(sending: Promise<O>, pick: (output: O) => T): Promise<Outcome<T>> {
  try {
    const output = await sending
    return { ok: true, status: output.$metadata?.httpStatusCode, requestId: output.$metadata?.requestId, output: pick(output) }
  } catch (error) {
    const { name, message, $metadata } = error as Error & Metadata
    return { ok: false, name, message, status: $metadata?.httpStatusCode, requestId: $metadata?.requestId }
  }
}

window.serverCors = {
  createStream: (endpoint, name) =>
    settle(client(endpoint).send(new CreateDeliveryStreamCommand(s3Stream(name))), (output) => ({ arn: output.DeliveryStreamARN })),

  putRecord: (endpoint, name, text) =>
    settle(
      client(endpoint).send(new PutRecordCommand({ DeliveryStreamName: name, Record: { Data: new TextEncoder().encode(text) } })),
      (output) => ({ recordId: output.RecordId, encrypted: output.Encrypted }),
    ),

  describeStream: (endpoint, name) =>
    settle(client(endpoint).send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name })), (output) => ({
      status: output.DeliveryStreamDescription?.DeliveryStreamStatus,
    })),

  // Unsigned, as the server checks signatures only with `auth`: what the page itself can read of an answer.
  describeWithFetch: async (endpoint, name) => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Firehose_20150804.DescribeDeliveryStream' },
      body: JSON.stringify({ DeliveryStreamName: name }),
    })
    return {
      status: response.status,
      requestId: response.headers.get('x-amzn-RequestId'),
      errorType: response.headers.get('x-amzn-ErrorType'),
      body: await response.json(),
    }
  },
}

document.body.dataset.ready = 'true'

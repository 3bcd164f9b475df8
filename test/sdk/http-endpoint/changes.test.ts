/**
 * An HTTP endpoint stream whose configuration changes, or that is deleted, while records wait or
 * requests are being retried; redirects; the 10,000-record request limit; the S3 backup bucket
 * read through S3 before anything is backed up; retry durations that leave out the time spent
 * waiting for answers.
 */
import { ListObjectsV2Command } from '@aws-sdk/client-s3'
import {
  DeleteDeliveryStreamCommand,
  DescribeDeliveryStreamCommand,
  PutRecordBatchCommand,
  UpdateDestinationCommand,
} from '@aws-sdk/client-firehose'
import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { BUCKET, BUCKET_ARN, DESTINATION_ID, ROLE_ARN, s3Stream } from '../../support/aws'
import { s3Client } from '../../support/delivery'
import { putText } from '../../support/firehose'
import { useMock } from '../../support/mock'

const URL = 'https://receiver.example.com/in'
const { aws, clock, firehose, server, activeStream } = useMock({ timing: 'instant' })

interface Seen {
  key: string | null
  records: string[]
}
/** A receiver that records each request's access key and records, and answers with `status(attempt)` (200: the documented success). */
function receiver(status: (attempt: number) => number = () => 200, onRequest: () => void = () => {}) {
  const seen: Seen[] = []
  server.use(
    http.post(URL, async ({ request }) => {
      const body = (await request.json()) as { requestId: string; records: Array<{ data: string }> }
      seen.push({ key: request.headers.get('x-amz-firehose-access-key'), records: body.records.map((r) => atob(r.data)) })
      onRequest()
      const code = status(seen.length)
      if (code === 302) return new HttpResponse(null, { status: 302, headers: { Location: 'https://elsewhere.example.com/' } })
      return code === 200 ? HttpResponse.json({ requestId: body.requestId, timestamp: 0 }) : new HttpResponse(null, { status: code })
    }),
  )
  return seen
}

const httpStream = (name: string, extra: Record<string, unknown> = {}) => ({
  DeliveryStreamName: name,
  HttpEndpointDestinationConfiguration: {
    EndpointConfiguration: { Url: URL, AccessKey: 'k1' },
    BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 },
    S3Configuration: { RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN },
    ...extra,
  },
})

const update = async (name: string, destination: Record<string, unknown>) => {
  const { DeliveryStreamDescription } = await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }))
  await firehose.send(
    new UpdateDestinationCommand({
      DeliveryStreamName: name,
      CurrentDeliveryStreamVersionId: DeliveryStreamDescription!.VersionId!,
      DestinationId: DESTINATION_ID,
      ...destination,
    }),
  )
}

describe('an HTTP endpoint stream that changes', () => {
  it('sends what waited to the endpoint it was buffered for when UpdateDestination moves the stream to S3', async () => {
    const seen = receiver()
    await activeStream('hose', httpStream('hose'))
    await putText(firehose, 'hose', 'before')
    await update('hose', { ExtendedS3DestinationUpdate: s3Stream('hose').ExtendedS3DestinationConfiguration })
    await putText(firehose, 'hose', 'after')
    await aws.firehose.flush('hose')
    expect(seen.map((s) => s.records)).toEqual([['before']])
    expect((await aws.firehose.deliveries('hose')).map((o) => new TextDecoder().decode(o.data))).toEqual(['after'])
  })

  it('retries with the access key an UpdateDestination set in between', async () => {
    const seen = receiver((attempt) => (attempt === 1 ? 401 : 200))
    await activeStream('hose', httpStream('hose'))
    await putText(firehose, 'hose', 'x')
    await aws.firehose.flush('hose')
    await update('hose', { HttpEndpointDestinationUpdate: { EndpointConfiguration: { Url: URL, AccessKey: 'k2' } } })
    clock.advance(1_000)
    expect((await aws.firehose.httpDeliveries('hose')).map((d) => d.outcome)).toEqual(['delivered'])
    expect(seen.map((s) => s.key)).toEqual(['k1', 'k2'])
  })

  it('still sends what a deleted stream held, even after the stream was looked up and is gone', async () => {
    const seen = receiver()
    await activeStream('hose', httpStream('hose'))
    await putText(firehose, 'hose', 'last')
    await firehose.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: 'hose' }))
    await expect(firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'hose' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    })
    await aws.firehose.flush()
    expect(seen.map((s) => s.records)).toEqual([['last']])
  })
})

describe('HTTP endpoint requests', () => {
  it('are not redirected: a 302 is HttpEndpoint.InvalidStatusCode, retried', async () => {
    receiver((attempt) => (attempt === 1 ? 302 : 200))
    await activeStream('hose', httpStream('hose'))
    await putText(firehose, 'hose', 'x')
    await aws.firehose.flush('hose')
    clock.advance(1_000)
    const [delivery] = await aws.firehose.httpDeliveries('hose')
    expect(delivery!.attempts.map((a) => [a.status, a.errorCode])).toEqual([
      [302, 'HttpEndpoint.InvalidStatusCode'],
      [200, undefined],
    ])
  })

  it('carry at most 10,000 records', async () => {
    const seen = receiver()
    await activeStream('hose', httpStream('hose'))
    for (let i = 0; i < 21; i++) {
      await firehose.send(
        new PutRecordBatchCommand({
          DeliveryStreamName: 'hose',
          Records: Array.from({ length: 500 }, () => ({ Data: new Uint8Array([120]) })),
        }),
      )
    }
    await aws.firehose.flush('hose')
    expect(seen.map((s) => s.records.length)).toEqual([10_000, 500])
  })

  it('leave out the time spent waiting for answers from the retry duration', async () => {
    // Each answer takes 100 s on the clock; the retry duration is 60 s of back-off alone.
    const seen = receiver(
      () => 500,
      () => clock.advance(100_000),
    )
    await activeStream('hose', httpStream('hose', { RetryOptions: { DurationInSeconds: 60 } }))
    await putText(firehose, 'hose', 'x')
    await aws.firehose.flush('hose')
    for (let i = 0; i < 10; i++) {
      clock.advance(200_000)
      await aws.firehose.httpDeliveries('hose')
    }
    const [delivery] = await aws.firehose.httpDeliveries('hose')
    // Back-offs 1, 2, 4, 8, 16 s fit in 60 s; the next (32 s) would not.
    expect([delivery!.outcome, seen.length]).toEqual(['failed', 6])
  })
})

describe('the S3 backup bucket', () => {
  it('answers S3 reads before anything is backed up', async () => {
    await activeStream('hose', httpStream('hose'))
    const listed = await s3Client().send(new ListObjectsV2Command({ Bucket: BUCKET }))
    expect(listed.KeyCount).toBe(0)
  })
})

import { CreateDeliveryStreamCommand, PutRecordBatchCommand, PutRecordCommand, type FirehoseClient } from '@aws-sdk/client-firehose'
import { describe, expect, it } from 'vitest'
import { s3Stream } from '../../support/aws'
import { firehoseClient } from '../../support/clients'
import { expectAwsError, SLOW_DOWN } from '../../support/errors'
import { useMock } from '../../support/mock'

const data = new Uint8Array([1])

/** Sends `n` PutRecord calls, 50 at a time, and returns how many succeeded. */
async function burst(client: FirehoseClient, name: string, n: number): Promise<number> {
  let ok = 0
  for (let sent = 0; sent < n; sent += 50) {
    const results = await Promise.allSettled(
      Array.from({ length: Math.min(50, n - sent) }, () =>
        client.send(new PutRecordCommand({ DeliveryStreamName: name, Record: { Data: data } })),
      ),
    )
    ok += results.filter((r) => r.status === 'fulfilled').length
  }
  return ok
}

describe("AWS's default put quotas (no overrides, frozen clock)", () => {
  const { aws, clock } = useMock({ timing: 'instant' })

  it('eu-central-1 takes 1,000 requests per second per stream, then answers "Slow down."', async () => {
    const frankfurt = firehoseClient('eu-central-1')
    await frankfurt.send(new CreateDeliveryStreamCommand(s3Stream('s')))
    expect(await burst(frankfurt, 's', 1000)).toBe(1000)
    await expectAwsError(frankfurt.send(new PutRecordCommand({ DeliveryStreamName: 's', Record: { Data: data } })), SLOW_DOWN)
    expect(aws.firehose.records('s', { region: 'eu-central-1' })).toHaveLength(1000)
    clock.advance(1000)
    await frankfurt.send(new PutRecordCommand({ DeliveryStreamName: 's', Record: { Data: data } }))
  }, 15_000)

  it('us-east-1 takes 2,000 requests per second per stream, then answers "Slow down."', async () => {
    const virginia = firehoseClient('us-east-1')
    await virginia.send(new CreateDeliveryStreamCommand(s3Stream('s')))
    expect(await burst(virginia, 's', 2000)).toBe(2000)
    await expectAwsError(virginia.send(new PutRecordCommand({ DeliveryStreamName: 's', Record: { Data: data } })), SLOW_DOWN)
    expect(aws.firehose.records('s')).toHaveLength(2000)
  }, 15_000)

  it('eu-central-1 takes 1 MiB per second per stream; us-east-1 takes 5 MiB', async () => {
    const batch = (client: FirehoseClient) =>
      client.send(
        new PutRecordBatchCommand({
          DeliveryStreamName: 's',
          Records: Array.from({ length: 4 }, () => ({ Data: new Uint8Array(1_000_000) })),
        }),
      )
    const frankfurt = firehoseClient('eu-central-1')
    await frankfurt.send(new CreateDeliveryStreamCommand(s3Stream('s')))
    expect((await batch(frankfurt)).FailedPutCount).toBe(3) // 1,000,000 bytes fit in 1 MiB, 2,000,000 do not

    const virginia = firehoseClient('us-east-1')
    await virginia.send(new CreateDeliveryStreamCommand(s3Stream('s')))
    expect((await batch(virginia)).FailedPutCount).toBe(0) // 4,000,000 bytes
    expect((await batch(virginia)).FailedPutCount).toBe(3) // 5,000,000 fit in 5 MiB (5,242,880), 6,000,000 do not
  })
})

import { CreateDeliveryStreamCommand, ListDeliveryStreamsCommand, type CreateDeliveryStreamCommandInput } from '@aws-sdk/client-firehose'
import { describe, expect, it } from 'vitest'
import { ACCOUNT, BUCKET_ARN, ROLE_ARN, s3Stream } from '../../support/aws'
import { expectAwsError } from '../../support/errors'
import { useMock } from '../../support/mock'

const { firehose } = useMock({ timing: 'instant' })

const list = (input: Record<string, unknown> = {}) => firehose.send(new ListDeliveryStreamsCommand(input))

async function createAll(names: string[]) {
  for (const name of names) await firehose.send(new CreateDeliveryStreamCommand(s3Stream(name)))
}

const names = (n: number) => Array.from({ length: n }, (_, i) => `stream-${String(i).padStart(2, '0')}`)

describe('ListDeliveryStreams', () => {
  it('returns an empty list and HasMoreDeliveryStreams false when there are no streams', async () => {
    const out = await list()
    expect(out.DeliveryStreamNames).toEqual([])
    expect(out.HasMoreDeliveryStreams).toBe(false)
  })

  it('lists stream names in alphabetical order regardless of creation order', async () => {
    await createAll(['charlie', 'Alpha', 'bravo', 'alpha-2', 'alpha'])
    const out = await list()
    expect(out.DeliveryStreamNames).toEqual(['Alpha', 'alpha', 'alpha-2', 'bravo', 'charlie'])
    expect(out.HasMoreDeliveryStreams).toBe(false)
  })

  it('returns at most 10 names by default and says more remain', async () => {
    await createAll(names(12).reverse())
    const out = await list()
    expect(out.DeliveryStreamNames).toEqual(names(10))
    expect(out.HasMoreDeliveryStreams).toBe(true)
  })

  it('returns exactly 10 names with HasMoreDeliveryStreams false when there are exactly 10', async () => {
    await createAll(names(10))
    const out = await list()
    expect(out.DeliveryStreamNames).toHaveLength(10)
    expect(out.HasMoreDeliveryStreams).toBe(false)
  })

  it('pages with Limit and ExclusiveStartDeliveryStreamName until HasMoreDeliveryStreams is false', async () => {
    await createAll(names(7))
    const seen: string[] = []
    let start: string | undefined
    const pages: number[] = []
    for (;;) {
      const out = await list({ Limit: 3, ...(start ? { ExclusiveStartDeliveryStreamName: start } : {}) })
      seen.push(...out.DeliveryStreamNames!)
      pages.push(out.DeliveryStreamNames!.length)
      if (!out.HasMoreDeliveryStreams) break
      start = out.DeliveryStreamNames!.at(-1)
    }
    expect(pages).toEqual([3, 3, 1])
    expect(seen).toEqual(names(7))
  })

  it('starts after ExclusiveStartDeliveryStreamName even when no stream has that name', async () => {
    await createAll(['apple', 'banana', 'cherry'])
    const out = await list({ ExclusiveStartDeliveryStreamName: 'b' })
    expect(out.DeliveryStreamNames).toEqual(['banana', 'cherry'])
  })

  it('filters by DeliveryStreamType, and lists every type when the filter is omitted', async () => {
    await createAll(['direct-a', 'direct-b'])
    await firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: 'kinesis-a',
        DeliveryStreamType: 'KinesisStreamAsSource',
        KinesisStreamSourceConfiguration: { KinesisStreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/src`, RoleARN: ROLE_ARN },
        ExtendedS3DestinationConfiguration: { RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN },
      } as CreateDeliveryStreamCommandInput),
    )
    expect((await list({ DeliveryStreamType: 'DirectPut' })).DeliveryStreamNames).toEqual(['direct-a', 'direct-b'])
    expect((await list({ DeliveryStreamType: 'KinesisStreamAsSource' })).DeliveryStreamNames).toEqual(['kinesis-a'])
    expect((await list({ DeliveryStreamType: 'MSKAsSource' })).DeliveryStreamNames).toEqual([])
    expect((await list()).DeliveryStreamNames).toEqual(['direct-a', 'direct-b', 'kinesis-a'])
  })

  it('applies Limit after the type filter when computing HasMoreDeliveryStreams', async () => {
    await createAll(['a', 'b'])
    await firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: 'c',
        DeliveryStreamType: 'KinesisStreamAsSource',
        KinesisStreamSourceConfiguration: { KinesisStreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/src`, RoleARN: ROLE_ARN },
        ExtendedS3DestinationConfiguration: { RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN },
      } as CreateDeliveryStreamCommandInput),
    )
    const out = await list({ DeliveryStreamType: 'DirectPut', Limit: 2 })
    expect(out.DeliveryStreamNames).toEqual(['a', 'b'])
    expect(out.HasMoreDeliveryStreams).toBe(false)
  })

  it('returns ValidationException for a Limit of 0', async () => {
    await expectAwsError(list({ Limit: 0 }), {
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
      status: 400,
    })
  })

  it('returns ValidationException for an unknown DeliveryStreamType', async () => {
    await expectAwsError(list({ DeliveryStreamType: 'Bogus' }), {
      name: 'ValidationException',
      message:
        /^1 validation error detected: Value 'Bogus' at 'deliveryStreamType' failed to satisfy constraint: Member must satisfy enum value set: \[/,
      status: 400,
    })
  })
})

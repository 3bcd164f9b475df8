import {
  CreateDeliveryStreamCommand,
  ListTagsForDeliveryStreamCommand,
  TagDeliveryStreamCommand,
  UntagDeliveryStreamCommand,
  type Tag,
} from '@aws-sdk/client-firehose'
import { describe, expect, it } from 'vitest'
import { s3Stream } from '../../support/aws'
import { expectAwsError, notFound } from '../../support/errors'
import { useMock } from '../../support/mock'

const { firehose } = useMock({ timing: 'instant' })

const tag = (name: string, Tags: Tag[]) => firehose.send(new TagDeliveryStreamCommand({ DeliveryStreamName: name, Tags }))
const untag = (name: string, TagKeys: string[]) => firehose.send(new UntagDeliveryStreamCommand({ DeliveryStreamName: name, TagKeys }))
const listTags = (name: string, extra: Record<string, unknown> = {}) =>
  firehose.send(new ListTagsForDeliveryStreamCommand({ DeliveryStreamName: name, ...extra }))
const byKey = (tags: Tag[] = []) => Object.fromEntries(tags.map((t) => [t.Key, t.Value]))

async function stream(name = 'orders', Tags?: Tag[]) {
  await firehose.send(new CreateDeliveryStreamCommand(s3Stream(name, Tags ? { Tags } : {})))
}

describe('TagDeliveryStream', () => {
  it('adds tags that ListTagsForDeliveryStream then returns', async () => {
    await stream()
    const out = await tag('orders', [
      { Key: 'team', Value: 'data' },
      { Key: 'env', Value: 'prod' },
    ])
    expect(out.$metadata.httpStatusCode).toBe(200)
    const list = await listTags('orders')
    expect(byKey(list.Tags)).toEqual({ team: 'data', env: 'prod' })
    expect(list.HasMoreTags).toBe(false)
  })

  it('overwrites the value of a key that already exists', async () => {
    await stream('orders', [{ Key: 'env', Value: 'dev' }])
    await tag('orders', [{ Key: 'env', Value: 'prod' }])
    const list = await listTags('orders')
    expect(list.Tags).toHaveLength(1)
    expect(byKey(list.Tags)).toEqual({ env: 'prod' })
  })

  it('accepts up to 50 tags on a stream', async () => {
    await stream()
    await tag(
      'orders',
      Array.from({ length: 25 }, (_, i) => ({ Key: `a${i}`, Value: 'v' })),
    )
    await tag(
      'orders',
      Array.from({ length: 25 }, (_, i) => ({ Key: `b${i}`, Value: 'v' })),
    )
    expect((await listTags('orders')).Tags).toHaveLength(50)
  })

  it('returns LimitExceededException when the stream would have more than 50 tags, and adds none of them', async () => {
    await stream(
      'orders',
      Array.from({ length: 49 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })),
    )
    await expectAwsError(
      tag('orders', [
        { Key: 'new-1', Value: 'v' },
        { Key: 'new-2', Value: 'v' },
      ]),
      {
        name: 'LimitExceededException',
        status: 400,
      },
    )
    const list = await listTags('orders')
    expect(list.Tags).toHaveLength(49)
    expect(byKey(list.Tags)).not.toHaveProperty('new-1')
  })

  it('counts overwritten keys only once towards the 50-tag limit', async () => {
    await stream(
      'orders',
      Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })),
    )
    await tag('orders', [{ Key: 'k0', Value: 'changed' }])
    const list = await listTags('orders')
    expect(list.Tags).toHaveLength(50)
    expect(byKey(list.Tags).k0).toBe('changed')
  })

  it('returns ValidationException for a tag key with the reserved aws: prefix', async () => {
    await stream()
    await expectAwsError(tag('orders', [{ Key: 'aws:owner', Value: 'me' }]), {
      name: 'ValidationException',
      message:
        /^1 validation error detected: Value 'aws:owner' at 'tags\.1\.member\.key' failed to satisfy constraint: Member must satisfy regular expression pattern: /,
      status: 400,
    })
    expect((await listTags('orders')).Tags).toEqual([])
  })

  it('returns ValidationException for a tag key longer than 128 characters', async () => {
    await stream()
    const key = 'k'.repeat(129)
    await expectAwsError(tag('orders', [{ Key: key, Value: 'v' }]), {
      name: 'ValidationException',
      message: `1 validation error detected: Value '${key}' at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128`,
      status: 400,
    })
  })

  it('returns ResourceNotFoundException for an unknown stream', async () => {
    await expectAwsError(tag('missing', [{ Key: 'k', Value: 'v' }]), notFound('missing'))
  })
})

describe('UntagDeliveryStream', () => {
  it('removes the given keys and keeps the others', async () => {
    await stream('orders', [
      { Key: 'a', Value: '1' },
      { Key: 'b', Value: '2' },
      { Key: 'c', Value: '3' },
    ])
    const out = await untag('orders', ['a', 'c'])
    expect(out.$metadata.httpStatusCode).toBe(200)
    expect(byKey((await listTags('orders')).Tags)).toEqual({ b: '2' })
  })

  it('ignores keys the stream does not have', async () => {
    await stream('orders', [{ Key: 'a', Value: '1' }])
    await untag('orders', ['not-there', 'a'])
    expect((await listTags('orders')).Tags).toEqual([])
    await untag('orders', ['still-not-there'])
    expect((await listTags('orders')).Tags).toEqual([])
  })

  it('returns ValidationException for a key with the reserved aws: prefix', async () => {
    await stream()
    await expectAwsError(untag('orders', ['aws:owner']), {
      name: 'ValidationException',
      message:
        /^1 validation error detected: Value 'aws:owner' at 'tagKeys\.1\.member' failed to satisfy constraint: Member must satisfy regular expression pattern: /,
      status: 400,
    })
  })

  it('returns ResourceNotFoundException for an unknown stream', async () => {
    await expectAwsError(untag('missing', ['k']), notFound('missing'))
  })
})

describe('ListTagsForDeliveryStream', () => {
  const five = ['alpha', 'bravo', 'charlie', 'delta', 'echo'].map((Key, i) => ({ Key, Value: String(i) }))

  it('returns no tags and HasMoreTags false for an untagged stream', async () => {
    await stream()
    const list = await listTags('orders')
    expect(list.Tags).toEqual([])
    expect(list.HasMoreTags).toBe(false)
  })

  it('pages with Limit and ExclusiveStartTagKey until HasMoreTags is false', async () => {
    await stream('orders', five)
    const first = await listTags('orders', { Limit: 2 })
    expect(first.Tags).toEqual(five.slice(0, 2))
    expect(first.HasMoreTags).toBe(true)
    const second = await listTags('orders', { Limit: 2, ExclusiveStartTagKey: 'bravo' })
    expect(second.Tags).toEqual(five.slice(2, 4))
    expect(second.HasMoreTags).toBe(true)
    const third = await listTags('orders', { Limit: 2, ExclusiveStartTagKey: 'delta' })
    expect(third.Tags).toEqual(five.slice(4))
    expect(third.HasMoreTags).toBe(false)
  })

  it('reports HasMoreTags false when Limit equals the number of remaining tags', async () => {
    await stream('orders', five)
    const list = await listTags('orders', { Limit: 5 })
    expect(list.Tags).toHaveLength(5)
    expect(list.HasMoreTags).toBe(false)
  })

  it('returns ValidationException for a Limit above 50', async () => {
    await stream()
    await expectAwsError(listTags('orders', { Limit: 51 }), {
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '51' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50",
      status: 400,
    })
  })

  it('returns ResourceNotFoundException for an unknown stream', async () => {
    await expectAwsError(listTags('missing'), notFound('missing'))
  })
})

/**
 * `aws.firehose.stream()`: a stream as the simulation sees it, read without the SDK, for state the
 * real SDK clients made over msw/node on a manual clock with realistic timing — CREATING → ACTIVE,
 * encryption ENABLING → ENABLED with a customer managed key, ENABLING_FAILED with a disabled key,
 * DISABLING → DISABLED, a key disabled while in use, tags, UpdateDestination's version and time,
 * DELETING, record counts under `retention.maxRecordsPerStream`, a Kinesis source, the region and
 * account a view is read in, and the error for a stream that does not exist. Wherever
 * DescribeDeliveryStream shows the same thing, the view must equal its answer.
 */
import {
  ListTagsForDeliveryStreamCommand,
  PutRecordBatchCommand,
  TagDeliveryStreamCommand,
  UntagDeliveryStreamCommand,
  type DeliveryStreamDescription,
  type FirehoseClient,
} from '@aws-sdk/client-firehose'
import { describe, expect, it } from 'vitest'
import type { AuthCredential, FirehoseMock, StreamView } from '../../src'
import { ACCOUNT, BUCKET_ARN, credentials, DESTINATION_ID, kinesisStream, OTHER_ACCOUNT, ROLE_ARN, s3Stream } from '../support/aws'
import { bytes } from '../support/bytes'
import { firehoseClient } from '../support/clients'
import { deliveryKit } from '../support/delivery'
import { cmk, encryptionKit } from '../support/encryption'
import { misuse } from '../support/errors'
import { createStream, describeStream, putText } from '../support/firehose'
import { useMock } from '../support/mock'

/** The view's `failure` shape from a FailureDescription, or undefined. */
const failureOf = (failure: { Type?: string; Details?: string } | undefined) =>
  failure === undefined ? undefined : { type: failure.Type, details: failure.Details }

/** The view's `encryption` from Describe's DeliveryStreamEncryptionConfiguration. */
function encryptionFromDescribe(description: DeliveryStreamDescription): StreamView['encryption'] {
  const config = description.DeliveryStreamEncryptionConfiguration!
  return Object.assign(
    { status: config.Status },
    config.KeyType && { keyType: config.KeyType },
    config.KeyARN && { keyArn: config.KeyARN },
    config.FailureDescription && { failure: failureOf(config.FailureDescription) },
  ) as StreamView['encryption']
}

/**
 * Reads the stream through DescribeDeliveryStream and through `aws.firehose.stream()` at the same
 * instant, asserts that every field both show is equal, and returns the view.
 */
async function viewMatchingDescribe(
  aws: FirehoseMock,
  client: FirehoseClient,
  name: string,
  scope?: { region?: string; accountId?: string },
) {
  const description = await describeStream(client, name)
  const view = aws.firehose.stream(name, scope)
  expect(view.name).toBe(description.DeliveryStreamName)
  expect(view.arn).toBe(description.DeliveryStreamARN)
  expect(view.status).toBe(description.DeliveryStreamStatus)
  expect(view.type).toBe(description.DeliveryStreamType)
  // A Kinesis-source stream's description has no encryption member, as AWS's; the view says DISABLED.
  if (description.DeliveryStreamType === 'KinesisStreamAsSource') {
    expect(description).not.toHaveProperty('DeliveryStreamEncryptionConfiguration')
    expect(view.encryption).toEqual({ status: 'DISABLED' })
  } else expect(view.encryption).toEqual(encryptionFromDescribe(description))
  expect(view.failure).toEqual(failureOf(description.FailureDescription))
  expect(view.versionId).toBe(description.VersionId)
  expect(view.createdAt).toBe(description.CreateTimestamp!.getTime())
  expect(view.lastUpdatedAt).toBe(description.LastUpdateTimestamp?.getTime())
  expect(view.destinations.map((d) => d.destinationId)).toEqual(description.Destinations!.map((d) => d.DestinationId))
  return view
}

describe('a stream made through the SDK, on realistic timing', () => {
  const { aws, clock, firehose } = useMock()
  const kit = encryptionKit({ aws, clock, firehose })
  const view = (name: string) => viewMatchingDescribe(aws, firehose, name)

  it('is CREATING until streamCreating has passed on the clock, then ACTIVE, with its configuration as created', async () => {
    const createdAt = clock.now()
    await createStream(firehose, s3Stream('orders', { Tags: [{ Key: 'team', Value: 'data' }] }))
    expect(await view('orders')).toEqual({
      name: 'orders',
      arn: `arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/orders`,
      status: 'CREATING',
      type: 'DirectPut',
      encryption: { status: 'DISABLED' },
      destinations: [{ destinationId: DESTINATION_ID, kind: 'ExtendedS3', configuration: { RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN } }],
      tags: { team: 'data' },
      versionId: '1',
      createdAt,
      records: 0,
      droppedRecords: 0,
    })
    clock.advance(aws.timing.streamCreating - 1)
    expect((await view('orders')).status).toBe('CREATING')
    clock.advance(1)
    const active = await view('orders')
    expect(active.status).toBe('ACTIVE')
    expect(active.createdAt).toBe(createdAt)
    expect(active.lastUpdatedAt).toBeUndefined()
    expect(active.failure).toBeUndefined()
  })

  it('is a copy: changing what it returned changes neither the stream nor the next view', async () => {
    await kit.activeStream('orders')
    const first = aws.firehose.stream('orders')
    first.destinations[0]!.configuration.BucketARN = 'arn:aws:s3:::other'
    first.tags.team = 'changed'
    const again = await view('orders')
    expect(again.destinations[0]!.configuration.BucketARN).toBe(BUCKET_ARN)
    expect(again.tags).toEqual({})
    expect((await describeStream(firehose, 'orders')).Destinations![0]!.ExtendedS3DestinationDescription!.BucketARN).toBe(BUCKET_ARN)
  })

  it('shows encryption ENABLING with the customer managed key, then ENABLED once encryptionEnabling has passed', async () => {
    await kit.activeStream('orders')
    const key = await kit.createKey()
    await kit.start('orders', cmk(key.arn))
    const enabling = await view('orders')
    expect(enabling.encryption).toEqual({ status: 'ENABLING', keyType: 'CUSTOMER_MANAGED_CMK', keyArn: key.arn })
    expect(enabling.status).toBe('ACTIVE')
    clock.advance(aws.timing.encryptionEnabling - 1)
    expect((await view('orders')).encryption.status).toBe('ENABLING')
    clock.advance(1)
    const enabled = await view('orders')
    expect(enabled.encryption).toEqual({ status: 'ENABLED', keyType: 'CUSTOMER_MANAGED_CMK', keyArn: key.arn })
    expect(enabled.failure).toBeUndefined()
  })

  it('shows an AWS owned key without a key ARN', async () => {
    await kit.activeStream('orders')
    await kit.start('orders')
    expect((await view('orders')).encryption).toEqual({ status: 'ENABLING', keyType: 'AWS_OWNED_CMK' })
    kit.settleStart()
    expect((await view('orders')).encryption).toEqual({ status: 'ENABLED', keyType: 'AWS_OWNED_CMK' })
  })

  it('shows ENABLING_FAILED with the failure type and details Describe answers when the key is disabled', async () => {
    await kit.activeStream('orders')
    const key = await kit.createKey()
    await kit.disableKey(key.keyId)
    await kit.start('orders', cmk(key.arn))
    expect((await view('orders')).encryption).toEqual({ status: 'ENABLING', keyType: 'CUSTOMER_MANAGED_CMK', keyArn: key.arn })
    clock.advance(aws.timing.encryptionEnabling)
    const failed = await view('orders')
    expect(failed.encryption).toEqual({
      status: 'ENABLING_FAILED',
      keyType: 'CUSTOMER_MANAGED_CMK',
      keyArn: key.arn,
      failure: { type: 'DISABLED_KMS_KEY', details: expect.stringContaining(key.arn) },
    })
    // The stream is still ACTIVE; its FailureDescription is the encryption's.
    expect(failed.status).toBe('ACTIVE')
    expect(failed.failure).toEqual(failed.encryption.failure)
  })

  it('shows the key problem while ENABLED when the key in use is disabled afterwards, and none once it is enabled again', async () => {
    await kit.activeStream('orders')
    const key = await kit.createKey()
    await kit.enabled('orders', cmk(key.arn))
    await kit.disableKey(key.keyId)
    const broken = await view('orders')
    expect(broken.encryption).toEqual({
      status: 'ENABLED',
      keyType: 'CUSTOMER_MANAGED_CMK',
      keyArn: key.arn,
      failure: { type: 'DISABLED_KMS_KEY', details: expect.stringContaining(key.arn) },
    })
    expect(broken.failure).toEqual(broken.encryption.failure)
    await kit.enableKey(key.keyId)
    const fixed = await view('orders')
    expect(fixed.encryption).toEqual({ status: 'ENABLED', keyType: 'CUSTOMER_MANAGED_CMK', keyArn: key.arn })
    expect(fixed.failure).toBeUndefined()
  })

  it('shows DISABLING after a Stop, then DISABLED once encryptionDisabling has passed', async () => {
    await kit.activeStream('orders')
    const key = await kit.createKey()
    await kit.enabled('orders', cmk(key.arn))
    await kit.stop('orders')
    expect((await view('orders')).encryption).toEqual({ status: 'DISABLING', keyType: 'CUSTOMER_MANAGED_CMK', keyArn: key.arn })
    clock.advance(aws.timing.encryptionDisabling - 1)
    expect((await view('orders')).encryption.status).toBe('DISABLING')
    clock.advance(1)
    expect((await view('orders')).encryption).toEqual({ status: 'DISABLED' })
  })

  it('shows a stream created with encryption as CREATING with encryption ENABLING, then ACTIVE and ENABLED together', async () => {
    const key = await kit.createKey()
    await createStream(firehose, s3Stream('orders', { DeliveryStreamEncryptionConfigurationInput: cmk(key.arn) }))
    const creating = await view('orders')
    expect(creating.status).toBe('CREATING')
    expect(creating.encryption).toEqual({ status: 'ENABLING', keyType: 'CUSTOMER_MANAGED_CMK', keyArn: key.arn })
    clock.advance(aws.timing.streamCreating)
    const active = await view('orders')
    expect(active.status).toBe('ACTIVE')
    expect(active.encryption).toEqual({ status: 'ENABLED', keyType: 'CUSTOMER_MANAGED_CMK', keyArn: key.arn })
  })

  it('shows CREATING_FAILED with the failure once creation with a disabled key is over', async () => {
    const key = await kit.createKey()
    await kit.disableKey(key.keyId)
    await createStream(firehose, s3Stream('orders', { DeliveryStreamEncryptionConfigurationInput: cmk(key.arn) }))
    // While CREATING, neither Describe nor the view shows a failure yet.
    expect((await view('orders')).failure).toBeUndefined()
    clock.advance(aws.timing.streamCreating)
    const failed = await view('orders')
    expect(failed.status).toBe('CREATING_FAILED')
    expect(failed.failure?.type).toBe('DISABLED_KMS_KEY')
  })

  it('has the tags TagDeliveryStream added and UntagDeliveryStream left, as ListTagsForDeliveryStream lists them', async () => {
    await kit.activeStream('orders')
    await firehose.send(
      new TagDeliveryStreamCommand({
        DeliveryStreamName: 'orders',
        Tags: [
          { Key: 'team', Value: 'data' },
          { Key: 'env', Value: 'prod' },
          { Key: 'empty', Value: '' },
        ],
      }),
    )
    expect((await view('orders')).tags).toEqual({ team: 'data', env: 'prod', empty: '' })
    await firehose.send(new TagDeliveryStreamCommand({ DeliveryStreamName: 'orders', Tags: [{ Key: 'env', Value: 'dev' }] }))
    await firehose.send(new UntagDeliveryStreamCommand({ DeliveryStreamName: 'orders', TagKeys: ['team'] }))
    const { Tags } = await firehose.send(new ListTagsForDeliveryStreamCommand({ DeliveryStreamName: 'orders' }))
    const tags = (await view('orders')).tags
    expect(tags).toEqual({ env: 'dev', empty: '' })
    expect(tags).toEqual(Object.fromEntries(Tags!.map((t) => [t.Key, t.Value])))
  })

  it('has the next versionId, lastUpdatedAt and the merged configuration after each UpdateDestination', async () => {
    const { update } = deliveryKit(firehose)
    await kit.activeStream(
      'orders',
      s3Stream('orders', { ExtendedS3DestinationConfiguration: { RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN, Prefix: 'a/' } }),
    )
    clock.advance(60_000)
    const firstUpdate = clock.now()
    await update('orders', '1', { ExtendedS3DestinationUpdate: { Prefix: 'b/' } })
    const once = await view('orders')
    expect(once.versionId).toBe('2')
    expect(once.lastUpdatedAt).toBe(firstUpdate)
    expect(once.destinations[0]!.configuration).toMatchObject({ RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN, Prefix: 'b/' })
    clock.advance(1_500)
    await update('orders', '2', { ExtendedS3DestinationUpdate: { CompressionFormat: 'GZIP' } })
    const twice = await view('orders')
    expect(twice.versionId).toBe('3')
    expect(twice.lastUpdatedAt).toBe(firstUpdate + 1_500)
    expect(twice.destinations[0]!.configuration).toMatchObject({ Prefix: 'b/', CompressionFormat: 'GZIP' })
    expect(twice.createdAt).toBe(once.createdAt)
  })

  it('counts the records the stream holds', async () => {
    await kit.activeStream('orders')
    await putText(firehose, 'orders', 'one')
    await firehose.send(
      new PutRecordBatchCommand({ DeliveryStreamName: 'orders', Records: ['two', 'three'].map((t) => ({ Data: bytes(t) })) }),
    )
    const counted = await view('orders')
    expect(counted.records).toBe(3)
    expect(counted.records).toBe(aws.firehose.records('orders').length)
    expect(counted.droppedRecords).toBe(0)
  })

  it('is DELETING after DeleteDeliveryStream until streamDeleting has passed; then reading it throws', async () => {
    await kit.activeStream('orders')
    await kit.del('orders')
    expect((await view('orders')).status).toBe('DELETING')
    clock.advance(aws.timing.streamDeleting - 1)
    expect(aws.firehose.stream('orders').status).toBe('DELETING')
    clock.advance(1)
    expect(misuse(() => aws.firehose.stream('orders'))).toContain('"orders"')
  })

  it('shows a Kinesis source stream’s type and source configuration, as Describe’s Source does', async () => {
    await createStream(firehose, kinesisStream('from-kinesis'))
    clock.advance(aws.timing.streamCreating)
    const fromKinesis = await view('from-kinesis')
    const source = (await describeStream(firehose, 'from-kinesis')).Source!.KinesisStreamSourceDescription!
    expect(fromKinesis.type).toBe('KinesisStreamAsSource')
    expect(fromKinesis.source).toEqual({
      kind: 'KinesisStream',
      configuration: { KinesisStreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/src`, RoleARN: ROLE_ARN },
    })
    expect(fromKinesis.source!.configuration).toMatchObject({ KinesisStreamARN: source.KinesisStreamARN, RoleARN: source.RoleARN })
    // A DirectPut stream has no source.
    await kit.activeStream('direct')
    expect(aws.firehose.stream('direct')).not.toHaveProperty('source')
  })

  it('throws FirehoseMswError naming the stream, the region and the account for a stream that does not exist', async () => {
    await kit.activeStream('orders')
    const message = misuse(() => aws.firehose.stream('missing'))
    expect(message).toContain('"missing"')
    expect(message).toContain('us-east-1')
    expect(message).toContain(ACCOUNT)
  })
})

describe('record counts under retention.maxRecordsPerStream', () => {
  const CAP = 3
  const { aws, firehose, activeStream } = useMock({ timing: 'instant', retention: { maxRecordsPerStream: CAP } })

  it('counts at most the cap as held, and the rest as dropped, as records() and droppedRecords() do', async () => {
    await activeStream('orders')
    await firehose.send(
      new PutRecordBatchCommand({ DeliveryStreamName: 'orders', Records: ['a', 'b', 'c', 'd', 'e'].map((t) => ({ Data: bytes(t) })) }),
    )
    await putText(firehose, 'orders', 'f')
    const view = await viewMatchingDescribe(aws, firehose, 'orders')
    expect(view.records).toBe(CAP)
    expect(view.droppedRecords).toBe(3)
    expect(view.records).toBe(aws.firehose.records('orders').length)
    expect(view.droppedRecords).toBe(aws.firehose.droppedRecords('orders'))
  })

  it('counts per stream', async () => {
    await activeStream('one')
    await activeStream('two')
    for (const text of ['a', 'b', 'c', 'd']) await putText(firehose, 'one', text)
    await putText(firehose, 'two', 'x')
    expect(aws.firehose.stream('one')).toMatchObject({ records: CAP, droppedRecords: 1 })
    expect(aws.firehose.stream('two')).toMatchObject({ records: 1, droppedRecords: 0 })
  })
})

describe('regions and accounts', () => {
  /** Access keys of the mock's account and of another one: what each signs acts in its account. */
  const OTHER_KEY: AuthCredential = {
    accessKeyId: 'AKIAOTHERACCOUNT0001',
    secretAccessKey: 'secret/of/the/other/account+aaaaaaaaaaaa',
    accountId: OTHER_ACCOUNT,
  }
  const { aws, clock } = useMock({ timing: 'instant', auth: { credentials: [{ ...credentials }, OTHER_KEY] } })
  /** One-attempt clients signing at the mock's (manual) time. */
  const signing = (extra: Record<string, unknown> = {}) => ({ systemClockOffset: clock.now() - Date.now(), ...extra })

  it('reads a stream in the region given (default us-east-1): the same name in two regions is two streams', async () => {
    const euWest = firehoseClient('eu-west-1', signing())
    const east = firehoseClient('us-east-1', signing())
    await createStream(east, s3Stream('orders'))
    await createStream(euWest, s3Stream('orders', { Tags: [{ Key: 'region', Value: 'eu' }] }))
    await putText(euWest, 'orders', 'in eu-west-1')
    const west = await viewMatchingDescribe(aws, euWest, 'orders', { region: 'eu-west-1' })
    expect(west.arn).toBe(`arn:aws:firehose:eu-west-1:${ACCOUNT}:deliverystream/orders`)
    expect(west).toMatchObject({ tags: { region: 'eu' }, records: 1 })
    const inDefault = await viewMatchingDescribe(aws, east, 'orders')
    expect(inDefault.arn).toBe(`arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/orders`)
    expect(inDefault).toMatchObject({ tags: {}, records: 0 })
    expect(aws.firehose.stream('orders', { region: 'us-east-1' })).toEqual(inDefault)
    await createStream(euWest, s3Stream('only-west'))
    expect(misuse(() => aws.firehose.stream('only-west'))).toContain('us-east-1')
    expect(aws.firehose.stream('only-west', { region: 'eu-west-1' }).name).toBe('only-west')
  })

  it('reads a stream in the account given (default the mock’s): another account’s stream is not seen from the mock’s', async () => {
    const other = firehoseClient(
      'us-east-1',
      signing({ credentials: { accessKeyId: OTHER_KEY.accessKeyId, secretAccessKey: OTHER_KEY.secretAccessKey } }),
    )
    const own = firehoseClient('us-east-1', signing())
    await createStream(other, s3Stream('theirs'))
    await putText(other, 'theirs', 'x')
    const theirs = await viewMatchingDescribe(aws, other, 'theirs', { accountId: OTHER_ACCOUNT })
    expect(theirs.arn).toBe(`arn:aws:firehose:us-east-1:${OTHER_ACCOUNT}:deliverystream/theirs`)
    expect(theirs.records).toBe(1)
    const message = misuse(() => aws.firehose.stream('theirs'))
    expect(message).toContain(ACCOUNT)
    await createStream(own, s3Stream('mine'))
    expect(aws.firehose.stream('mine', { accountId: ACCOUNT }).arn).toBe(`arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/mine`)
    expect(misuse(() => aws.firehose.stream('mine', { accountId: OTHER_ACCOUNT }))).toContain(OTHER_ACCOUNT)
    expect(misuse(() => aws.firehose.stream('theirs', { accountId: OTHER_ACCOUNT, region: 'eu-west-1' }))).toContain('eu-west-1')
  })
})

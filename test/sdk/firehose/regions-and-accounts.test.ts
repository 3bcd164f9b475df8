import {
  CreateDeliveryStreamCommand,
  DescribeDeliveryStreamCommand,
  ListDeliveryStreamsCommand,
  PutRecordCommand,
  type FirehoseClient,
} from '@aws-sdk/client-firehose'
import { describe, expect, it } from 'vitest'
import { ACCOUNT, s3Stream } from '../../support/aws'
import { bytes } from '../../support/bytes'
import { firehoseClient } from '../../support/clients'
import { expectAwsError, notFound } from '../../support/errors'
import { describeStream } from '../../support/firehose'
import { recordRequests, useMock } from '../../support/mock'

const CUSTOM = 'http://localhost:4566'
const { aws, server, firehose } = useMock({ timing: 'instant', endpoints: [CUSTOM] })

// Every URL the SDK sent a request to, through msw's public life-cycle events.
const recorded = recordRequests(server)
const urlsSent = (): string[] => recorded.list.map((r) => r.url)

const create = (client: FirehoseClient, name: string) => client.send(new CreateDeliveryStreamCommand(s3Stream(name)))
const namesIn = async (client: FirehoseClient) => (await client.send(new ListDeliveryStreamsCommand({}))).DeliveryStreamNames

describe('regions', () => {
  it('keeps a stream created in one region invisible from another region', async () => {
    const euWest = firehoseClient('eu-west-1')
    await create(firehose, 'orders')
    await expectAwsError(euWest.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'orders' })), notFound('orders'))
    await expectAwsError(
      euWest.send(new PutRecordCommand({ DeliveryStreamName: 'orders', Record: { Data: bytes('x') } })),
      notFound('orders'),
    )
    expect(await namesIn(euWest)).toEqual([])
    expect(await namesIn(firehose)).toEqual(['orders'])
    expect(aws.firehose.streamNames({ region: 'eu-west-1' })).toEqual([])
  })

  it('allows the same stream name in two regions, each with its own ARN and records', async () => {
    const euWest = firehoseClient('eu-west-1')
    const east = await create(firehose, 'orders')
    const west = await create(euWest, 'orders')
    expect(east.DeliveryStreamARN).toBe(`arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/orders`)
    expect(west.DeliveryStreamARN).toBe(`arn:aws:firehose:eu-west-1:${ACCOUNT}:deliverystream/orders`)
    await euWest.send(new PutRecordCommand({ DeliveryStreamName: 'orders', Record: { Data: bytes('eu') } }))
    expect(aws.firehose.records('orders', { region: 'eu-west-1' })).toHaveLength(1)
    expect(aws.firehose.records('orders')).toHaveLength(0)
  })

  it('answers the standard regional host https://firehose.{region}.amazonaws.com', async () => {
    await create(firehoseClient('ap-southeast-2'), 'orders')
    expect(urlsSent()).toEqual(['https://firehose.ap-southeast-2.amazonaws.com/'])
  })

  it('answers the FIPS host https://firehose-fips.us-west-2.amazonaws.com in the us-west-2 region', async () => {
    const fips = firehoseClient('us-west-2', { useFipsEndpoint: true })
    const out = await create(fips, 'fips-stream')
    expect(urlsSent()).toEqual(['https://firehose-fips.us-west-2.amazonaws.com/'])
    expect(out.DeliveryStreamARN).toBe(`arn:aws:firehose:us-west-2:${ACCOUNT}:deliverystream/fips-stream`)
    expect(await namesIn(firehoseClient('us-west-2'))).toEqual(['fips-stream'])
  })

  it('answers the dual-stack host https://firehose.{region}.api.aws in that region', async () => {
    const dual = firehoseClient('us-west-2', { useDualstackEndpoint: true })
    await create(dual, 'dual-stack')
    expect(urlsSent()).toEqual(['https://firehose.us-west-2.api.aws/'])
    expect((await describeStream(firehoseClient('us-west-2'), 'dual-stack')).DeliveryStreamARN).toBe(
      `arn:aws:firehose:us-west-2:${ACCOUNT}:deliverystream/dual-stack`,
    )
  })

  it('answers the FIPS dual-stack host https://firehose-fips.{region}.api.aws', async () => {
    await create(firehoseClient('us-east-2', { useFipsEndpoint: true, useDualstackEndpoint: true }), 'both')
    expect(urlsSent()).toEqual(['https://firehose-fips.us-east-2.api.aws/'])
    expect(aws.firehose.streamNames({ region: 'us-east-2' })).toEqual(['both'])
  })

  it('answers the China host firehose.cn-north-1.amazonaws.com.cn with arn:aws-cn: ARNs', async () => {
    const china = firehoseClient('cn-north-1')
    const out = await create(china, 'china')
    expect(urlsSent()).toEqual(['https://firehose.cn-north-1.amazonaws.com.cn/'])
    const arn = `arn:aws-cn:firehose:cn-north-1:${ACCOUNT}:deliverystream/china`
    expect(out.DeliveryStreamARN).toBe(arn)
    expect((await describeStream(china, 'china')).DeliveryStreamARN).toBe(arn)
    expect(aws.firehose.streamNames({ region: 'cn-north-1' })).toEqual(['china'])
  })

  it('uses arn:aws-us-gov: ARNs in GovCloud regions', async () => {
    const out = await create(firehoseClient('us-gov-west-1'), 'gov')
    expect(urlsSent()).toEqual(['https://firehose.us-gov-west-1.amazonaws.com/'])
    expect(out.DeliveryStreamARN).toBe(`arn:aws-us-gov:firehose:us-gov-west-1:${ACCOUNT}:deliverystream/gov`)
  })

  it('answers a custom endpoint and takes the region from the SigV4 credential scope', async () => {
    const custom = firehoseClient('eu-central-1', { endpoint: CUSTOM })
    const out = await create(custom, 'local')
    expect(urlsSent()).toEqual([`${CUSTOM}/`])
    expect(out.DeliveryStreamARN).toBe(`arn:aws:firehose:eu-central-1:${ACCOUNT}:deliverystream/local`)
    expect(aws.firehose.streamNames({ region: 'eu-central-1' })).toEqual(['local'])
    expect(await namesIn(firehoseClient('eu-central-1'))).toEqual(['local'])
    expect(aws.firehose.streamNames()).toEqual([])
  })

  it('keeps custom-endpoint streams of different SigV4 regions apart', async () => {
    await create(firehoseClient('eu-central-1', { endpoint: CUSTOM }), 'same')
    await expectAwsError(
      firehoseClient('eu-north-1', { endpoint: CUSTOM }).send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'same' })),
      notFound('same'),
    )
  })
})

describe('accounts', () => {
  it('puts the mock account into ARNs and not-found messages', async () => {
    const out = await create(firehose, 'orders')
    expect(out.DeliveryStreamARN).toContain(`:${ACCOUNT}:deliverystream/`)
    await expectAwsError(firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'nope' })), notFound('nope', ACCOUNT))
  })

  it('keeps streams of the mock account invisible in another account', async () => {
    await create(firehose, 'orders')
    expect(aws.firehose.streamNames({ accountId: '210987654321' })).toEqual([])
    expect(aws.firehose.streamNames({ accountId: ACCOUNT })).toEqual(['orders'])
  })
})

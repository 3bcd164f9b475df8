import { CreateDeliveryStreamCommand, DescribeDeliveryStreamCommand, ListDeliveryStreamsCommand } from '@aws-sdk/client-firehose'
import { describe, expect, it } from 'vitest'
import { s3Stream } from '../../support/aws'
import { expectAwsError, notFound } from '../../support/errors'
import { deleteStream, describeStream } from '../../support/firehose'
import { useMock } from '../../support/mock'

const { aws, clock, firehose, activeStream } = useMock()

describe('DeleteDeliveryStream', () => {
  it('moves an ACTIVE stream to DELETING and removes it once the deletion time has passed', async () => {
    await activeStream('orders')
    const out = await deleteStream(firehose, 'orders')
    expect(out.$metadata.httpStatusCode).toBe(200)
    expect((await describeStream(firehose, 'orders')).DeliveryStreamStatus).toBe('DELETING')
    clock.advance(aws.timing.streamDeleting - 1)
    expect((await describeStream(firehose, 'orders')).DeliveryStreamStatus).toBe('DELETING')
    clock.advance(1)
    await expectAwsError(firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'orders' })), notFound('orders'))
    expect(aws.firehose.streamNames()).toEqual([])
  })

  it('drops a deleted stream from ListDeliveryStreams once it is gone', async () => {
    await activeStream('orders')
    await activeStream('other')
    await deleteStream(firehose, 'orders')
    clock.advance(aws.timing.streamDeleting)
    const list = await firehose.send(new ListDeliveryStreamsCommand({}))
    expect(list.DeliveryStreamNames).toEqual(['other'])
  })

  it('returns ResourceInUseException when the stream is still CREATING and leaves it to become ACTIVE', async () => {
    await firehose.send(new CreateDeliveryStreamCommand(s3Stream('orders')))
    await expectAwsError(deleteStream(firehose, 'orders'), { name: 'ResourceInUseException', message: /orders/, status: 400 })
    expect((await describeStream(firehose, 'orders')).DeliveryStreamStatus).toBe('CREATING')
    clock.advance(aws.timing.streamCreating)
    expect((await describeStream(firehose, 'orders')).DeliveryStreamStatus).toBe('ACTIVE')
  })

  it('accepts a second delete while the stream is already DELETING', async () => {
    await activeStream('orders')
    await deleteStream(firehose, 'orders')
    clock.advance(1)
    const out = await deleteStream(firehose, 'orders')
    expect(out.$metadata.httpStatusCode).toBe(200)
    expect((await describeStream(firehose, 'orders')).DeliveryStreamStatus).toBe('DELETING')
  })

  it('accepts AllowForceDelete on an ACTIVE stream', async () => {
    await activeStream('orders')
    await deleteStream(firehose, 'orders', { AllowForceDelete: true })
    expect((await describeStream(firehose, 'orders')).DeliveryStreamStatus).toBe('DELETING')
  })

  it('returns ResourceNotFoundException for an unknown stream', async () => {
    await expectAwsError(deleteStream(firehose, 'missing'), notFound('missing'))
  })

  it('lets the name be used again once the deleted stream is gone', async () => {
    await activeStream('orders')
    await deleteStream(firehose, 'orders')
    clock.advance(aws.timing.streamDeleting)
    const out = await firehose.send(new CreateDeliveryStreamCommand(s3Stream('orders')))
    expect(out.DeliveryStreamARN).toMatch(/deliverystream\/orders$/)
    expect((await describeStream(firehose, 'orders')).DeliveryStreamStatus).toBe('CREATING')
  })

  it('returns ResourceInUseException when creating a stream whose name is still DELETING', async () => {
    await activeStream('orders')
    await deleteStream(firehose, 'orders')
    await expectAwsError(firehose.send(new CreateDeliveryStreamCommand(s3Stream('orders'))), {
      name: 'ResourceInUseException',
      message: /orders/,
      status: 400,
    })
  })

  it('returns ValidationException for a name longer than 64 characters', async () => {
    const name = 'd'.repeat(65)
    await expectAwsError(deleteStream(firehose, name), {
      name: 'ValidationException',
      message: `1 validation error detected: Value '${name}' at 'deliveryStreamName' failed to satisfy constraint: Member must have length less than or equal to 64`,
      status: 400,
    })
  })
})

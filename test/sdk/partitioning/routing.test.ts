/**
 * Dynamic partitioning: each record's Prefix is evaluated with the keys a MetadataExtraction query
 * takes from it, records gather in one buffer per evaluated prefix, and each buffer becomes its
 * own S3 object when it is due. Records go in through the real SDK; time moves on a manual clock.
 */
import { PutRecordBatchCommand } from '@aws-sdk/client-firehose'
import { describe, expect, it } from 'vitest'
import { START } from '../../support/clock'
import { useMock } from '../../support/mock'
import { deliveredObjects, errorLines, partitionedStream } from '../../support/processing'

const { aws, clock, firehose, activeStream } = useMock({ timing: 'instant' })

const putJson = (name: string, records: unknown[]) =>
  firehose.send(
    new PutRecordBatchCommand({
      DeliveryStreamName: name,
      Records: records.map((r) => ({ Data: new TextEncoder().encode(typeof r === 'string' ? r : JSON.stringify(r)) })),
    }),
  )

const HOURLY = '{customer_id: .customer_id, hour: .event_timestamp | strftime("%Y-%m-%d-%H")}'

describe('dynamic partitioning with a MetadataExtraction query', () => {
  it('routes records on either side of an hour boundary to separate objects, keyed by the query’s values', async () => {
    await activeStream(
      'clicks',
      partitionedStream('clicks', 'customer=!{partitionKeyFromQuery:customer_id}/hour=!{partitionKeyFromQuery:hour}/', { query: HOURLY }),
    )
    clock.set(START + 1_000)
    const beforeHour = Date.UTC(2019, 7, 9, 20, 59, 59) / 1000
    const afterHour = beforeHour + 1
    await putJson('clicks', [
      { customer_id: 'c1', event_timestamp: beforeHour, n: 1 },
      { customer_id: 'c1', event_timestamp: afterHour, n: 2 },
      { customer_id: 'c2', event_timestamp: beforeHour, n: 3 },
      { customer_id: 'c1', event_timestamp: beforeHour, n: 4 },
    ])
    expect(await deliveredObjects(aws, 'clicks')).toEqual([]) // 60 s buffers, not due yet
    clock.set(START + 61_000)
    const objects = await deliveredObjects(aws, 'clicks')
    const byPrefix = Object.fromEntries(objects.map((o) => [o.key.slice(0, o.key.lastIndexOf('/') + 1), o.text]))
    expect(byPrefix).toEqual({
      'customer=c1/hour=2019-08-09-20/':
        '{"customer_id":"c1","event_timestamp":1565384399,"n":1}{"customer_id":"c1","event_timestamp":1565384399,"n":4}',
      'customer=c1/hour=2019-08-09-21/': '{"customer_id":"c1","event_timestamp":1565384400,"n":2}',
      'customer=c2/hour=2019-08-09-20/': '{"customer_id":"c2","event_timestamp":1565384399,"n":3}',
    })
    // No time folders are appended to a partition's prefix; the object name is Firehose's usual one.
    for (const o of objects)
      expect(o.key).toMatch(/^customer=c\d\/hour=[\d-]+\/clicks-1-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-[0-9a-f-]{36}$/)
  })

  it('sends a record that is not JSON, or whose key the query cannot extract, to the error output', async () => {
    await activeStream(
      'clicks',
      partitionedStream('clicks', 'customer=!{partitionKeyFromQuery:customer_id}/', { query: '{customer_id: .customer.id}' }),
    )
    clock.set(START + 1_000)
    await putJson('clicks', ['not json', { customer: { id: 7 } }, { customer: 'flat' }, { other: 1 }])
    clock.set(START + 61_000)
    const objects = await deliveredObjects(aws, 'clicks')
    const errors = objects.filter((o) => o.key.startsWith('errors/'))
    expect(errors).toHaveLength(1)
    expect(errors[0]!.key).toMatch(/^errors\/metadata-extraction-failed\/clicks-1-/)
    const lines = errorLines(errors[0]!.text)
    expect(lines.map((l) => [l.errorCode, l.errorMessage, Buffer.from(String(l.rawData), 'base64').toString()])).toEqual([
      ['DynamicPartitioning.MetadataExtractionFailed', 'Non JSON record provided', 'not json'],
      ['DynamicPartitioning.MetadataExtractionFailed', 'jq error: Cannot index string with string "id"', '{"customer":"flat"}'],
      [
        'DynamicPartitioning.MetadataExtractionFailed',
        'Partition key !{partitionKeyFromQuery:customer_id} has no value for the record',
        '{"other":1}',
      ],
    ])
    expect(lines[0]).toMatchObject({ attemptsMade: 1, arrivalTimestamp: START + 1_000 })
    expect(lines[0]).not.toHaveProperty('lambdaArn')
    expect(objects.filter((o) => !o.key.startsWith('errors/')).map((o) => [o.key.split('/')[0], o.text])).toEqual([
      ['customer=7', '{"customer":{"id":7}}'],
    ])
  })

  it('takes a key’s value literally: an expression in a record is not evaluated', async () => {
    await activeStream('clicks', partitionedStream('clicks', 'a=!{partitionKeyFromQuery:a}/', { query: '{a: .a}' }))
    clock.set(START + 1_000)
    await putJson('clicks', [{ a: '!{timestamp:yyyy}' }, { a: '!{firehose:random-string}' }])
    clock.set(START + 61_000)
    expect((await deliveredObjects(aws, 'clicks')).map((o) => o.key.slice(0, o.key.lastIndexOf('/') + 1)).sort()).toEqual([
      'a=!{firehose:random-string}/',
      'a=!{timestamp:yyyy}/',
    ])
  })

  it('finds no value for a prefix key the query does not build, even one named like an Object method', async () => {
    await activeStream(
      'clicks',
      partitionedStream('clicks', 'a=!{partitionKeyFromQuery:a}/c=!{partitionKeyFromQuery:constructor}/', { query: '{a: .a}' }),
    )
    clock.set(START + 1_000)
    await putJson('clicks', [{ a: 'x', constructor: 'y' }])
    clock.set(START + 61_000)
    const objects = await deliveredObjects(aws, 'clicks')
    expect(objects.map((o) => o.key.split('/')[0])).toEqual(['errors'])
    expect(errorLines(objects[0]!.text)[0]!.errorMessage).toBe(
      'Partition key !{partitionKeyFromQuery:constructor} has no value for the record',
    )
  })

  it('sends a record nested deeper than jq parses (256 levels) to the error output, and delivers the rest of the put', async () => {
    await activeStream('clicks', partitionedStream('clicks', 'a=!{partitionKeyFromQuery:a}/', { query: '{a: .a}' }))
    clock.set(START + 1_000)
    const deep = `{"a":${'['.repeat(5_000)}${']'.repeat(5_000)}}`
    await putJson('clicks', [deep, { a: 'ok' }, `{"a":${'['.repeat(255)}${']'.repeat(255)}}`])
    clock.set(START + 61_000)
    const objects = await deliveredObjects(aws, 'clicks')
    const errors = objects.filter((o) => o.key.startsWith('errors/'))
    expect(errorLines(errors[0]!.text).map((l) => [l.errorMessage, Buffer.from(String(l.rawData), 'base64').toString() === deep])).toEqual([
      ['Non JSON record provided', true],
    ])
    expect(
      objects
        .filter((o) => !o.key.startsWith('errors/'))
        .map((o) => o.key.slice(0, 4))
        .sort(),
    ).toEqual(['a=[[', 'a=ok'])
  })

  it('publishes one DataFreshness value per minute for all partitions: the age of the oldest record waiting', async () => {
    await activeStream('clicks', partitionedStream('clicks', 'a=!{partitionKeyFromQuery:a}/', { query: '{a: .a}', intervalInSeconds: 300 }))
    clock.set(START + 10_000)
    await putJson('clicks', [{ a: 1 }])
    clock.set(START + 70_000)
    await putJson('clicks', [{ a: 2 }, { a: 3 }])
    clock.set(START + 400_000)
    expect(await deliveredObjects(aws, 'clicks')).toHaveLength(3)
    const perMinute = aws.cloudwatch
      .datapoints('DeliveryToS3.DataFreshness', { stream: 'clicks' })
      .map((d) => [(d.timestamp - START) / 1000, d.sampleCount, d.maximum])
    // Each minute mark while partition 1 waits: one value, its record's age (the oldest), though three
    // partitions wait from 70 s; the minute of its delivery (at 310 s, 300 s old) holds two.
    expect(perMinute.filter(([t]) => t! <= 300)).toEqual([
      [60, 1, 50],
      [120, 1, 110],
      [180, 1, 170],
      [240, 1, 230],
      [300, 2, 300],
    ])
  })
})

/**
 * Dynamic partitioning in the whole pipeline: keys from a Lambda's `metadata.partitionKeys` (alone
 * and together with a query on the Lambda's output), record deaggregation before everything else,
 * the new-line delimiter, the limit of 500 active partitions, and `flush()`.
 */
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch'
import { PutRecordBatchCommand } from '@aws-sdk/client-firehose'
import { describe, expect, it } from 'vitest'
import { credentials } from '../../support/aws'
import { START } from '../../support/clock'
import { useMock } from '../../support/mock'
import { b64, deliveredObjects, errorLines, functionArn, partitionedStream, unb64, type FirehoseEvent } from '../../support/processing'

const ARN = functionArn('tag-region')
const events: FirehoseEvent[] = []
const { aws, clock, firehose, activeStream } = useMock({
  timing: 'instant',
  lambdas: {
    // Keys from the record's "region"; records without one come back without the key.
    [ARN]: (event: FirehoseEvent) => {
      events.push(event)
      return {
        records: event.records.map((r) => {
          const record = JSON.parse(unb64(r.data)) as { region?: string }
          return {
            recordId: r.recordId,
            result: 'Ok',
            data: b64(JSON.stringify({ ...record, seen: true })),
            metadata: { partitionKeys: record.region ? { region: record.region, year: '2019' } : { year: '2019' } },
          }
        }),
      }
    },
  },
})

const put = (name: string, texts: string[]) =>
  firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: texts.map((t) => ({ Data: new TextEncoder().encode(t) })) }))

const cloudwatch = new CloudWatchClient({ region: 'us-east-1', credentials, maxAttempts: 1 })
/** A metric of the stream over its first minute: [Maximum, Sum, SampleCount]. */
async function firstMinute(metric: string, stream: string) {
  const { Datapoints } = await cloudwatch.send(
    new GetMetricStatisticsCommand({
      Namespace: 'AWS/Firehose',
      MetricName: metric,
      Dimensions: [{ Name: 'DeliveryStreamName', Value: stream }],
      StartTime: new Date(START),
      EndTime: new Date(START + 60_000),
      Period: 60,
      Statistics: ['Maximum', 'Sum', 'SampleCount'],
    }),
  )
  return Datapoints!.map((d) => [d.Maximum, d.Sum, d.SampleCount])
}

const prefixOf = (key: string) => key.slice(0, key.lastIndexOf('/') + 1)

describe('partition keys from a Lambda processor', () => {
  it('partitions the Lambda’s output by its metadata.partitionKeys; a record without a key the prefix needs goes to the error output', async () => {
    events.length = 0
    await activeStream(
      'events',
      partitionedStream('events', 'region=!{partitionKeyFromLambda:region}/year=!{partitionKeyFromLambda:year}/', { lambdaArn: ARN }),
    )
    clock.set(START + 1_000)
    await put('events', ['{"region":"eu"}', '{"region":"us"}', '{"region":"eu","n":2}', '{"n":3}'])
    clock.set(START + 61_000) // the processor's 60 s buffer is due: one invocation
    clock.set(START + 200_000) // and the partitions' 60 s buffers after it
    const objects = await deliveredObjects(aws, 'events')
    expect(events).toHaveLength(1)
    expect(Object.fromEntries(objects.filter((o) => !o.key.startsWith('errors/')).map((o) => [prefixOf(o.key), o.text]))).toEqual({
      'region=eu/year=2019/': '{"region":"eu","seen":true}{"region":"eu","n":2,"seen":true}',
      'region=us/year=2019/': '{"region":"us","seen":true}',
    })
    const errors = objects.filter((o) => o.key.startsWith('errors/metadata-extraction-failed/'))
    expect(errors).toHaveLength(1)
    expect(errorLines(errors[0]!.text).map((l) => [l.errorCode, l.errorMessage, unb64(String(l.rawData))])).toEqual([
      [
        'DynamicPartitioning.MetadataExtractionFailed',
        'Partition key !{partitionKeyFromLambda:region} has no value for the record',
        '{"n":3,"seen":true}',
      ],
    ])
  })

  it('evaluates a query on what the Lambda returned, alongside the Lambda’s keys', async () => {
    await activeStream(
      'both',
      partitionedStream('both', 'region=!{partitionKeyFromLambda:region}/seen=!{partitionKeyFromQuery:seen}/', {
        lambdaArn: ARN,
        query: '{seen: .seen}',
      }),
    )
    clock.set(START + 1_000)
    await put('both', ['{"region":"ap"}'])
    clock.set(START + 200_000)
    expect((await deliveredObjects(aws, 'both')).map((o) => prefixOf(o.key))).toEqual(['region=ap/seen=true/'])
  })
})

describe('record deaggregation', () => {
  const deaggregation = (type: string, delimiter?: string) => ({
    Type: 'RecordDeAggregation',
    Parameters: [
      { ParameterName: 'SubRecordType', ParameterValue: type },
      ...(delimiter ? [{ ParameterName: 'Delimiter', ParameterValue: b64(delimiter) }] : []),
    ],
  })

  it('splits consecutive or newline-separated JSON objects into records of their own before the Lambda sees them', async () => {
    events.length = 0
    await activeStream(
      'agg',
      partitionedStream('agg', 'region=!{partitionKeyFromLambda:region}/', { lambdaArn: ARN, processors: [deaggregation('JSON')] }),
    )
    clock.set(START + 1_000)
    await put('agg', ['{"region":"eu","i":1}{"region":"us","i":2}\n{"region":"eu","i":3}', '{"region":"us","i":4}'])
    expect(aws.firehose.records('agg')).toHaveLength(2) // the stream keeps what was put
    clock.set(START + 200_000)
    const objects = await deliveredObjects(aws, 'agg')
    expect(events[0]!.records.map((r) => unb64(r.data))).toEqual([
      '{"region":"eu","i":1}',
      '{"region":"us","i":2}',
      '{"region":"eu","i":3}',
      '{"region":"us","i":4}',
    ])
    expect(new Set(events[0]!.records.map((r) => r.recordId)).size).toBe(4)
    expect(Object.fromEntries(objects.map((o) => [prefixOf(o.key), o.text]))).toEqual({
      'region=eu/': '{"region":"eu","i":1,"seen":true}{"region":"eu","i":3,"seen":true}',
      'region=us/': '{"region":"us","i":2,"seen":true}{"region":"us","i":4,"seen":true}',
    })
  })

  it('splits at a base64-given delimiter, and appends a new line to each record with AppendDelimiterToRecord', async () => {
    await activeStream(
      'delimited',
      partitionedStream('delimited', 'k=!{partitionKeyFromQuery:k}/', {
        query: '{k: .k}',
        processors: [deaggregation('DELIMITED', '####'), { Type: 'AppendDelimiterToRecord' }],
      }),
    )
    clock.set(START + 1_000)
    await put('delimited', ['{"k":"a","i":1}####{"k":"b","i":2}####{"k":"a","i":3}'])
    clock.set(START + 61_000)
    const objects = await deliveredObjects(aws, 'delimited')
    expect(Object.fromEntries(objects.map((o) => [prefixOf(o.key), o.text]))).toEqual({
      'k=a/': '{"k":"a","i":1}\n{"k":"a","i":3}\n',
      'k=b/': '{"k":"b","i":2}\n',
    })
  })

  it('passes a record of more than 500 sub-records on whole (here: not one JSON value, so the query fails on it)', async () => {
    await activeStream(
      'big',
      partitionedStream('big', 'k=!{partitionKeyFromQuery:k}/', { query: '{k: .k}', processors: [deaggregation('JSON')] }),
    )
    clock.set(START + 1_000)
    const many = Array.from({ length: 501 }, (_, i) => `{"k":"x","i":${i}}`).join('')
    const fits = Array.from({ length: 500 }, (_, i) => `{"k":"y","i":${i}}`).join('')
    await put('big', [many, fits])
    clock.set(START + 61_000)
    const objects = await deliveredObjects(aws, 'big')
    const errors = objects.filter((o) => o.key.startsWith('errors/'))
    expect(errors.map((o) => errorLines(o.text).map((l) => [l.errorMessage, unb64(String(l.rawData)) === many]))).toEqual([
      [['Non JSON record provided', true]],
    ])
    expect(objects.filter((o) => o.key.startsWith('k=y/')).map((o) => o.records)).toEqual([500])
  })
})

describe('a put whose every sub-record fails', () => {
  // A large put: more time than the default 5 s on a loaded machine.
  it('writes them all to one error output object (250,000 lines)', { timeout: 60_000 }, async () => {
    await activeStream(
      'lines',
      partitionedStream('lines', 'k=!{partitionKeyFromQuery:k}/', {
        query: '{k: .k}',
        processors: [
          {
            Type: 'RecordDeAggregation',
            Parameters: [
              { ParameterName: 'SubRecordType', ParameterValue: 'DELIMITED' },
              { ParameterName: 'Delimiter', ParameterValue: b64('\n') },
            ],
          },
        ],
      }),
    )
    clock.set(START + 1_000)
    await put(
      'lines',
      Array.from({ length: 500 }, () => 'x\n'.repeat(500)),
    )
    const objects = await aws.firehose.deliveries('lines')
    expect(objects.map((o) => [o.key.split('/')[1], o.records])).toEqual([['metadata-extraction-failed', 250_000]])
  })
})

describe('active partitions', () => {
  it('sends records beyond 500 active partitions to the activePartitionExceeded error output; a delivered partition frees its place', async () => {
    await activeStream('wide', partitionedStream('wide', 'k=!{partitionKeyFromQuery:k}/', { query: '{k: .k}' }))
    clock.set(START + 1_000)
    const records = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `{"k":"p${from + i}"}`)
    await put('wide', records(0, 300))
    await put('wide', [...records(300, 500), '{"k":"p0"}'])
    await put('wide', [...records(500, 502), '{"k":"p1"}'])
    clock.set(START + 61_000)
    const objects = await deliveredObjects(aws, 'wide')
    expect(objects.filter((o) => o.key.startsWith('k=')).length).toBe(500)
    expect(objects.find((o) => o.key.startsWith('k=p1/'))!.records).toBe(2) // an active partition still takes records
    const exceeded = objects.filter((o) => o.key.startsWith('errors/'))
    expect(exceeded.map((o) => o.key.split('/')[1])).toEqual(['activePartitionExceeded'])
    expect(errorLines(exceeded[0]!.text).map((l) => [l.errorCode, l.errorMessage, unb64(String(l.rawData))])).toEqual([
      [
        'DynamicPartitioning.ActivePartitionsLimitExceeded',
        'The number of active partitions has exceeded the configured limit',
        '{"k":"p500"}',
      ],
      [
        'DynamicPartitioning.ActivePartitionsLimitExceeded',
        'The number of active partitions has exceeded the configured limit',
        '{"k":"p501"}',
      ],
    ])
    // PartitionCount after each put (300, 500, 500); PartitionCountExceeded 1 for the put that was turned away.
    expect(await firstMinute('PartitionCount', 'wide')).toEqual([[500, 1300, 3]])
    expect(await firstMinute('PartitionCountExceeded', 'wide')).toEqual([[1, 1, 3]])
    // Every partition was delivered: a new one has room again.
    await put('wide', ['{"k":"p600"}'])
    await aws.firehose.flush('wide')
    expect((await deliveredObjects(aws, 'wide')).filter((o) => o.key.startsWith('k=p600/'))).toHaveLength(1)
  })

  it('flush() delivers every partition’s buffer at once', async () => {
    await activeStream('few', partitionedStream('few', 'k=!{partitionKeyFromQuery:k}/', { query: '{k: .k}' }))
    clock.set(START + 1_000)
    await put('few', ['{"k":"a"}', '{"k":"b"}'])
    expect(await deliveredObjects(aws, 'few')).toEqual([])
    await aws.firehose.flush('few')
    expect((await deliveredObjects(aws, 'few')).map((o) => [prefixOf(o.key), o.deliveredAt])).toEqual([
      ['k=a/', START + 1_000],
      ['k=b/', START + 1_000],
    ])
  })
})

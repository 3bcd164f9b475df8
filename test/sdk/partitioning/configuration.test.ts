/**
 * Dynamic partitioning's configuration rules, through the real SDK: what CreateDeliveryStream
 * accepts and refuses (with InvalidArgumentException and Firehose's message), what a refused
 * create leaves behind (nothing), how an accepted stream reads back, what UpdateDestination
 * allows (no enabling or disabling partitioning; the merged configuration checked again), and a
 * fixture whose stream breaks a rule failing at createFirehoseMock.
 */
import { ListDeliveryStreamsCommand, UpdateDestinationCommand, type UpdateDestinationCommandInput } from '@aws-sdk/client-firehose'
import { describe, expect, it } from 'vitest'
import { createFirehoseMock, type Fixture } from '../../../src'
import { s3Stream } from '../../support/aws'
import { expectAwsError, misuse } from '../../support/errors'
import { createStream, describeStream } from '../../support/firehose'
import { useMock } from '../../support/mock'
import { functionArn, partitionedStream, processedStream, type PartitionedStreamOptions } from '../../support/processing'

const { aws, firehose, activeStream } = useMock({ timing: 'instant' })

type Config = Record<string, unknown>
type Input = { DeliveryStreamName: string; ExtendedS3DestinationConfiguration: Config }

const ARN = functionArn('partitioner')
const CUSTOMER_PREFIX = 'customer=!{partitionKeyFromQuery:customer_id}/'
const CUSTOMER_QUERY = '{customer_id: .customer_id}'

/** A valid partitioned stream "clicks" on the customer_id query, its destination changed by `edit`. */
function clicks(
  edit: (config: Config) => void = () => {},
  prefix = CUSTOMER_PREFIX,
  options: PartitionedStreamOptions = { query: CUSTOMER_QUERY },
): Input {
  const input = structuredClone(partitionedStream('clicks', prefix, options)) as Input
  edit(input.ExtendedS3DestinationConfiguration)
  return input
}

/** A plain ExtendedS3 stream (no partitioning) with these destination members. */
const plain = (config: Config, name = 'clicks'): Input => {
  const input = s3Stream(name) as Input
  Object.assign(input.ExtendedS3DestinationConfiguration, config)
  return input
}

const invalid = (message: string) => ({ name: 'InvalidArgumentException', message, status: 400 })

/** Asserts that CreateDeliveryStream refuses the input with the message and stores nothing. */
async function refused(input: Input, message: string): Promise<void> {
  await expectAwsError(createStream(firehose, input), invalid(message))
  expect(aws.firehose.streamNames()).toEqual([])
}

/** Asserts that CreateDeliveryStream accepts the input. */
async function accepted(input: Input): Promise<void> {
  const out = await createStream(firehose, input)
  expect(out.DeliveryStreamARN).toBe(`arn:aws:firehose:us-east-1:123456789012:deliverystream/${input.DeliveryStreamName}`)
  expect(aws.firehose.streamNames()).toEqual([input.DeliveryStreamName])
}

const processor = (Type: string, parameters: Record<string, string> = {}) => ({
  Type,
  Parameters: Object.entries(parameters).map(([ParameterName, ParameterValue]) => ({ ParameterName, ParameterValue })),
})

const NAMESPACES_WITHOUT_DP =
  'Dynamic Partitioning Namespaces can only be part of a prefix expression when Dynamic Partitioning is enabled.'
const ONLY_WITH_DP = (type: string) =>
  `class com.amazonaws.services.firehose.internal.model.${type}Processor can only be present when Dynamic Partitioning is enabled.`
const SIZE_64 = 'BufferingHints.SizeInMBs must be at least 64 when Dynamic Partitioning is enabled.'
const INTERVAL_60 = 'BufferingHints.IntervalInSeconds must be at least 60 seconds when Dynamic Partitioning is enabled.'
const PROCESSING_OFF = 'Processing Configuration is not enabled when DataPartitioning is enabled'
const NO_NAMESPACES = 'S3 Prefix should contain Dynamic Partitioning namespaces when Dynamic Partitioning is enabled'
const NO_LAMBDA = 'Lambda should be present when S3 Prefix contains keys from partitionKeyFromLambda namespace'
const NO_EXTRACTION = 'MetadataExtraction processor should be present when S3 Prefix has partitionKeyFromQuery namespace'
const ERROR_PREFIX_EMPTY = 'ErrorOutputPrefix cannot be null or empty when Prefix contains expressions.'
const ERROR_PREFIX_NAMESPACES =
  'ErrorOutputPrefix cannot contain Dynamic Partitioning Namespaces (partitionKeyFromQuery, partitionKeyFromLambda).'
const KEYS_NOT_IN_PREFIX = "MetaDataExtraction JQ Query can't contain keys that are not present in the S3 Prefix expression"
const NO_SUB_RECORD_TYPE = 'RecordDeAggregation processor needs the SubRecordType parameter: JSON or DELIMITED.'
const NO_DELIMITER = 'RecordDeAggregation processor with SubRecordType DELIMITED needs a base64-encoded Delimiter parameter.'

describe('CreateDeliveryStream without dynamic partitioning', () => {
  it('accepts a Prefix with timestamp and firehose expressions, and a Lambda processor', async () => {
    await accepted(
      processedStream('clicks', ARN, { prefix: 'logs/!{timestamp:yyyy/MM}/!{firehose:random-string}/', errorOutputPrefix: 'errors/' }),
    )
  })

  it.each([
    ['partitionKeyFromQuery', 'customer=!{partitionKeyFromQuery:customer_id}/'],
    ['partitionKeyFromLambda', 'customer=!{partitionKeyFromLambda:customer_id}/'],
  ])('refuses a Prefix with a %s namespace', async (_, Prefix) => {
    await refused(plain({ Prefix, ErrorOutputPrefix: 'errors/' }), NAMESPACES_WITHOUT_DP)
  })

  it('refuses the namespaces when DynamicPartitioningConfiguration is given with Enabled false', async () => {
    await refused(
      clicks((c) => (c.DynamicPartitioningConfiguration = { Enabled: false })),
      NAMESPACES_WITHOUT_DP,
    )
  })

  it.each([
    ['MetadataExtraction', processor('MetadataExtraction', { MetadataExtractionQuery: CUSTOMER_QUERY, JsonParsingEngine: 'JQ-1.6' })],
    ['RecordDeAggregation', processor('RecordDeAggregation', { SubRecordType: 'JSON' })],
  ])('refuses a %s processor', async (type, extra) => {
    await refused(plain({ ProcessingConfiguration: { Enabled: true, Processors: [extra] } }), ONLY_WITH_DP(type))
  })
})

describe('CreateDeliveryStream with dynamic partitioning: buffering', () => {
  it('accepts 64 MB and 60 s', async () => {
    await accepted(clicks((c) => (c.BufferingHints = { SizeInMBs: 64, IntervalInSeconds: 60 })))
  })

  it.each([
    [{ SizeInMBs: 63, IntervalInSeconds: 60 }, SIZE_64],
    [{ SizeInMBs: 1, IntervalInSeconds: 900 }, SIZE_64],
    [{ SizeInMBs: 64, IntervalInSeconds: 59 }, INTERVAL_60],
    [{ SizeInMBs: 128, IntervalInSeconds: 0 }, INTERVAL_60],
  ])('refuses %o', async (BufferingHints, message) => {
    await refused(
      clicks((c) => (c.BufferingHints = BufferingHints)),
      message,
    )
  })

  it('refuses BufferingHints left out: the defaults (5 MB, 300 s) are under 64 MB', async () => {
    await refused(
      clicks((c) => delete c.BufferingHints),
      SIZE_64,
    )
  })
})

describe('CreateDeliveryStream with dynamic partitioning: processing and prefix', () => {
  it.each([
    ['absent', (c: Config) => delete c.ProcessingConfiguration],
    ['with Enabled false', (c: Config) => ((c.ProcessingConfiguration as Config).Enabled = false)],
  ])('refuses a ProcessingConfiguration %s', async (_, edit) => {
    await refused(clicks(edit), PROCESSING_OFF)
  })

  it.each([
    ['data/', 'a plain Prefix'],
    ['data/!{timestamp:yyyy}/!{firehose:random-string}/', 'a Prefix with only timestamp and firehose expressions'],
  ])('refuses %s (%s)', async (prefix) => {
    await refused(clicks(undefined, prefix), NO_NAMESPACES)
  })

  it('refuses a configuration without a Prefix', async () => {
    await refused(
      clicks((c) => delete c.Prefix),
      NO_NAMESPACES,
    )
  })

  it('accepts partitionKeyFromLambda with a Lambda processor, and refuses it without one', async () => {
    const prefix = 'customer=!{partitionKeyFromLambda:customer_id}/'
    await refused(clicks(undefined, prefix, {}), NO_LAMBDA)
    await refused(clicks(undefined, prefix, { query: CUSTOMER_QUERY }), NO_LAMBDA)
    await accepted(clicks(undefined, prefix, { lambdaArn: ARN }))
  })

  it('accepts partitionKeyFromQuery with a MetadataExtraction processor, and refuses it without one', async () => {
    await refused(clicks(undefined, CUSTOMER_PREFIX, { lambdaArn: ARN }), NO_EXTRACTION)
    await accepted(clicks(undefined, CUSTOMER_PREFIX, { lambdaArn: ARN, query: CUSTOMER_QUERY }))
  })

  it('accepts keys from both namespaces with both processors', async () => {
    await accepted(
      clicks(undefined, 'customer=!{partitionKeyFromQuery:customer_id}/region=!{partitionKeyFromLambda:region}/', {
        lambdaArn: ARN,
        query: CUSTOMER_QUERY,
      }),
    )
  })
})

describe('CreateDeliveryStream with dynamic partitioning: ErrorOutputPrefix', () => {
  it.each([
    ['absent', (c: Config) => delete c.ErrorOutputPrefix],
    ['empty', (c: Config) => (c.ErrorOutputPrefix = '')],
  ])('refuses an ErrorOutputPrefix %s', async (_, edit) => {
    await refused(clicks(edit), ERROR_PREFIX_EMPTY)
  })

  it.each(['errors/!{partitionKeyFromQuery:customer_id}/', 'errors/!{firehose:error-output-type}/!{partitionKeyFromLambda:region}/'])(
    'refuses an ErrorOutputPrefix with a partition namespace (%s)',
    async (ErrorOutputPrefix) => {
      await refused(
        clicks((c) => (c.ErrorOutputPrefix = ErrorOutputPrefix)),
        ERROR_PREFIX_NAMESPACES,
      )
    },
  )

  it('refuses a partition namespace in ErrorOutputPrefix without dynamic partitioning too', async () => {
    await refused(
      plain({ Prefix: 'data/!{timestamp:yyyy}/', ErrorOutputPrefix: 'errors/!{partitionKeyFromQuery:customer_id}/' }),
      ERROR_PREFIX_NAMESPACES,
    )
  })

  it('accepts an ErrorOutputPrefix with timestamp and firehose expressions', async () => {
    await accepted(clicks((c) => (c.ErrorOutputPrefix = 'errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/')))
  })
})

describe('CreateDeliveryStream with dynamic partitioning: the MetadataExtraction processor', () => {
  const extraction = (parameters: Record<string, string>) => (c: Config) =>
    (c.ProcessingConfiguration = { Enabled: true, Processors: [processor('MetadataExtraction', parameters)] })

  it('accepts a query whose keys the prefix all uses', async () => {
    await accepted(
      clicks(undefined, 'customer=!{partitionKeyFromQuery:customer_id}/day=!{partitionKeyFromQuery:day}/', {
        query: '{customer_id: .customer.id, day: .ts | strftime("%Y-%m-%d")}',
      }),
    )
  })

  it('refuses a query with a key the prefix does not use', async () => {
    await refused(clicks(undefined, CUSTOMER_PREFIX, { query: '{customer_id: .customer_id, region: .region}' }), KEYS_NOT_IN_PREFIX)
  })

  it.each(['JQ-1.5', 'jq-1.6'])('refuses JsonParsingEngine %s', async (engine) => {
    await refused(
      clicks(extraction({ MetadataExtractionQuery: CUSTOMER_QUERY, JsonParsingEngine: engine })),
      `JsonParsingEngine ${engine} is not supported: the supported engine is JQ-1.6.`,
    )
  })

  it('refuses a processor without a MetadataExtractionQuery', async () => {
    await refused(
      clicks(extraction({ JsonParsingEngine: 'JQ-1.6' })),
      'MetadataExtraction processor needs the MetadataExtractionQuery parameter.',
    )
  })

  it('refuses a query that does not build one object', async () => {
    await refused(
      clicks(undefined, CUSTOMER_PREFIX, { query: '.customer_id' }),
      'MetadataExtractionQuery .customer_id is not a query firehose-msw evaluates: the query must build one object, {key: expression, …}',
    )
  })
})

describe('CreateDeliveryStream with dynamic partitioning: the RecordDeAggregation processor', () => {
  const withDeaggregation = (parameters: Record<string, string>) =>
    clicks(undefined, CUSTOMER_PREFIX, { query: CUSTOMER_QUERY, processors: [processor('RecordDeAggregation', parameters)] })

  it.each<Record<string, string>>([
    { SubRecordType: 'JSON' },
    { SubRecordType: 'DELIMITED', Delimiter: 'Cg==' },
    { SubRecordType: 'DELIMITED', Delimiter: 'fHw=' },
  ])('accepts %o', async (parameters) => {
    await accepted(withDeaggregation(parameters))
  })

  it.each<Record<string, string>>([{}, { SubRecordType: 'XML' }, { SubRecordType: 'json' }])('refuses %o', async (parameters) => {
    await refused(withDeaggregation(parameters), NO_SUB_RECORD_TYPE)
  })

  it.each<Record<string, string>>([
    { SubRecordType: 'DELIMITED' },
    { SubRecordType: 'DELIMITED', Delimiter: '|' },
    { SubRecordType: 'DELIMITED', Delimiter: '$$' },
    { SubRecordType: 'DELIMITED', Delimiter: 'Cg' }, // a newline without its padding
    { SubRecordType: 'DELIMITED', Delimiter: 'abc' },
  ])('refuses %o', async (parameters) => {
    await refused(withDeaggregation(parameters), NO_DELIMITER)
  })
})

describe('a refused and an accepted partitioned stream, read back', () => {
  it('a refused create leaves ListDeliveryStreams empty', async () => {
    await refused(clicks(undefined, 'data/'), NO_NAMESPACES)
    await refused(
      clicks((c) => (c.BufferingHints = { SizeInMBs: 32, IntervalInSeconds: 60 })),
      SIZE_64,
    )
    const listed = await firehose.send(new ListDeliveryStreamsCommand({}))
    expect(listed.DeliveryStreamNames).toEqual([])
    expect(listed.HasMoreDeliveryStreams).toBe(false)
  })

  it('DescribeDeliveryStream returns the DynamicPartitioningConfiguration and ProcessingConfiguration as given', async () => {
    const input = clicks(undefined, 'customer=!{partitionKeyFromQuery:customer_id}/region=!{partitionKeyFromLambda:region}/', {
      lambdaArn: ARN,
      query: CUSTOMER_QUERY,
      processors: [processor('RecordDeAggregation', { SubRecordType: 'JSON' }), processor('AppendDelimiterToRecord')],
      sizeInMBs: 128,
      intervalInSeconds: 300,
    })
    await activeStream('clicks', input)
    const d = await describeStream(firehose, 'clicks')
    expect(d.DeliveryStreamStatus).toBe('ACTIVE')
    expect(d.VersionId).toBe('1')
    const extended = d.Destinations![0]!.ExtendedS3DestinationDescription!
    expect(extended.DynamicPartitioningConfiguration).toEqual({ Enabled: true })
    expect(extended.ProcessingConfiguration).toEqual({
      Enabled: true,
      Processors: [
        { Type: 'Lambda', Parameters: [{ ParameterName: 'LambdaArn', ParameterValue: ARN }] },
        {
          Type: 'MetadataExtraction',
          Parameters: [
            { ParameterName: 'MetadataExtractionQuery', ParameterValue: CUSTOMER_QUERY },
            { ParameterName: 'JsonParsingEngine', ParameterValue: 'JQ-1.6' },
          ],
        },
        { Type: 'RecordDeAggregation', Parameters: [{ ParameterName: 'SubRecordType', ParameterValue: 'JSON' }] },
        { Type: 'AppendDelimiterToRecord', Parameters: [] },
      ],
    })
    expect(extended).toMatchObject({
      Prefix: 'customer=!{partitionKeyFromQuery:customer_id}/region=!{partitionKeyFromLambda:region}/',
      ErrorOutputPrefix: 'errors/!{firehose:error-output-type}/',
      BufferingHints: { SizeInMBs: 128, IntervalInSeconds: 300 },
    })
  })
})

describe('UpdateDestination and dynamic partitioning', () => {
  /** UpdateDestination with the stream's current VersionId and DestinationId, read with Describe. */
  async function update(name: string, destinationUpdate: Config) {
    const d = await describeStream(firehose, name)
    return firehose.send(
      new UpdateDestinationCommand({
        DeliveryStreamName: name,
        CurrentDeliveryStreamVersionId: d.VersionId,
        DestinationId: d.Destinations![0]!.DestinationId,
        ExtendedS3DestinationUpdate: destinationUpdate,
      } as UpdateDestinationCommandInput),
    )
  }

  const described = async (name: string) => {
    const d = await describeStream(firehose, name)
    return { version: d.VersionId, destination: d.Destinations![0]!.ExtendedS3DestinationDescription! }
  }

  /** Asserts that the update is refused and the stream is left at VersionId 1 with its Prefix. */
  async function refusedUpdate(name: string, destinationUpdate: Config, message: string, prefix: string): Promise<void> {
    await expectAwsError(update(name, destinationUpdate), invalid(message))
    const after = await described(name)
    expect(after.version).toBe('1')
    expect(after.destination.Prefix).toBe(prefix)
  }

  it('refuses to enable dynamic partitioning on a stream created without it', async () => {
    await activeStream('plain', plain({ Prefix: 'data/' }, 'plain'))
    const valid = clicks().ExtendedS3DestinationConfiguration
    const { RoleARN: _role, BucketARN: _bucket, ...enabling } = valid
    await refusedUpdate('plain', enabling, 'Dynamic Partitioning can only be enabled when a Firehose stream is created.', 'data/')
    expect((await described('plain')).destination.DynamicPartitioningConfiguration).toBeUndefined()
  })

  it('accepts Enabled false on a stream created without it, and refuses partition namespaces there', async () => {
    await activeStream('plain', s3Stream('plain'))
    await update('plain', { DynamicPartitioningConfiguration: { Enabled: false }, Prefix: 'data/' })
    expect((await described('plain')).version).toBe('2')
    await expectAwsError(update('plain', { Prefix: CUSTOMER_PREFIX, ErrorOutputPrefix: 'errors/' }), invalid(NAMESPACES_WITHOUT_DP))
    const after = await described('plain')
    expect(after.version).toBe('2')
    expect(after.destination.Prefix).toBe('data/')
  })

  it('refuses to disable dynamic partitioning on a stream created with it', async () => {
    await activeStream('clicks', clicks())
    await refusedUpdate(
      'clicks',
      { DynamicPartitioningConfiguration: { Enabled: false }, Prefix: 'data/' },
      'Dynamic Partitioning is enabled on Firehose clicks and cannot be disabled.',
      CUSTOMER_PREFIX,
    )
    expect((await described('clicks')).destination.DynamicPartitioningConfiguration).toEqual({ Enabled: true })
  })

  it.each([
    ['a Prefix without partition namespaces', { Prefix: 'data/' }, NO_NAMESPACES],
    ['ProcessingConfiguration Enabled false', { ProcessingConfiguration: { Enabled: false } }, PROCESSING_OFF],
    ['BufferingHints.SizeInMBs 5', { BufferingHints: { SizeInMBs: 5 } }, SIZE_64],
    ['BufferingHints.IntervalInSeconds 30', { BufferingHints: { IntervalInSeconds: 30 } }, INTERVAL_60],
    [
      'an ErrorOutputPrefix with a partition namespace',
      { ErrorOutputPrefix: 'errors/!{partitionKeyFromQuery:customer_id}/' },
      ERROR_PREFIX_NAMESPACES,
    ],
    ['a Prefix without a key the query builds', { Prefix: 'region=!{partitionKeyFromQuery:region}/' }, KEYS_NOT_IN_PREFIX],
    [
      'Processors without MetadataExtraction',
      { ProcessingConfiguration: { Enabled: true, Processors: [processor('Lambda', { LambdaArn: ARN })] } },
      NO_EXTRACTION,
    ],
  ])('refuses an update that makes the merged configuration invalid: %s', async (_, destinationUpdate, message) => {
    await activeStream('clicks', clicks())
    await refusedUpdate('clicks', destinationUpdate, message, CUSTOMER_PREFIX)
  })

  it('accepts a valid change of the prefix and the query, and bumps VersionId', async () => {
    await activeStream('clicks', clicks())
    const query = '{region: .region, customer_id: .customer_id}'
    const Processors = [processor('MetadataExtraction', { MetadataExtractionQuery: query, JsonParsingEngine: 'JQ-1.6' })]
    await update('clicks', {
      Prefix: 'region=!{partitionKeyFromQuery:region}/customer=!{partitionKeyFromQuery:customer_id}/',
      ProcessingConfiguration: { Enabled: true, Processors },
    })
    const after = await described('clicks')
    expect(after.version).toBe('2')
    expect(after.destination).toMatchObject({
      Prefix: 'region=!{partitionKeyFromQuery:region}/customer=!{partitionKeyFromQuery:customer_id}/',
      ErrorOutputPrefix: 'errors/!{firehose:error-output-type}/',
      DynamicPartitioningConfiguration: { Enabled: true },
      ProcessingConfiguration: { Enabled: true, Processors },
      BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 60 },
    })
    // A second change, from the new VersionId: the buffering goes up, the rest is kept.
    await update('clicks', { BufferingHints: { SizeInMBs: 128 } })
    const again = await described('clicks')
    expect(again.version).toBe('3')
    expect(again.destination.BufferingHints).toEqual({ SizeInMBs: 128, IntervalInSeconds: 60 })
    expect(again.destination.ProcessingConfiguration).toEqual({ Enabled: true, Processors })
  })
})

describe('fixtures with dynamic partitioning', () => {
  const fixture = (definition: Input): Fixture =>
    ({ name: 'partitioned', firehose: { deliveryStreams: [{ definition }] } }) as unknown as Fixture

  const loadError = (seed: Fixture): string => misuse(() => createFirehoseMock({ seed }))

  const failed = (message: string) =>
    `[firehose-msw] Failed to load fixture "partitioned": firehose.deliveryStreams[0].definition: InvalidArgumentException: ${message}`

  it('a valid partitioned stream loads', () => {
    expect(createFirehoseMock({ seed: fixture(clicks()) }).firehose.streamNames()).toEqual(['clicks'])
  })

  it.each([
    ['a Prefix without partition namespaces', clicks(undefined, 'data/'), NO_NAMESPACES],
    ['buffering under 64 MB', clicks((c) => (c.BufferingHints = { SizeInMBs: 16, IntervalInSeconds: 60 })), SIZE_64],
    ['a partition namespace without partitioning', plain({ Prefix: CUSTOMER_PREFIX, ErrorOutputPrefix: 'errors/' }), NAMESPACES_WITHOUT_DP],
    ['no ErrorOutputPrefix', clicks((c) => delete c.ErrorOutputPrefix), ERROR_PREFIX_EMPTY],
  ])('a definition with %s fails at createFirehoseMock, naming the fixture, the member and the rule', (_, definition, message) => {
    expect(loadError(fixture(definition))).toBe(failed(message))
  })
})

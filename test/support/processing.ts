/**
 * Shared steps for the data-transformation tests: the event a Lambda processor receives, streams
 * whose ExtendedS3 destination has a Lambda processor, handlers that answer as Firehose expects,
 * and the error output's lines read back.
 */
import type { FirehoseMock } from '../../src'
import { BUCKET_ARN, ROLE_ARN } from './aws'

/** The ARN of a Lambda function of the test account. */
export const functionArn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`

/** The event Firehose invokes a processor with. */
export interface FirehoseEvent {
  invocationId: string
  deliveryStreamArn: string
  region: string
  records: Array<{ recordId: string; approximateArrivalTimestamp: number; data: string }>
}

/** Base64 of the UTF-8 text, and back. */
export const b64 = (text: string): string => Buffer.from(text).toString('base64')
export const unb64 = (base64: string): string => Buffer.from(base64, 'base64').toString()

/** The response that returns every record Ok, its text passed through `change`. */
export const okResponse = (event: FirehoseEvent, change: (text: string) => string = (t) => t) => ({
  records: event.records.map((r) => ({ recordId: r.recordId, result: 'Ok', data: b64(change(unb64(r.data))) })),
})

/** The response that upper-cases every record. */
export const upperCase = (event: FirehoseEvent) => okResponse(event, (t) => t.toUpperCase())

export interface ProcessedStreamOptions {
  /** Processor parameters besides LambdaArn (NumberOfRetries, BufferSizeInMBs, BufferIntervalInSeconds). */
  parameters?: Record<string, string>
  /** Whether the ProcessingConfiguration is enabled (default true). */
  enabled?: boolean
  /** The destination's BufferingHints (default 1 MiB / 60 s). */
  sizeInMBs?: number
  intervalInSeconds?: number
  prefix?: string
  errorOutputPrefix?: string
}

/** A DirectPut → ExtendedS3 CreateDeliveryStream input whose destination has a Lambda processor. */
export function processedStream(name: string, lambdaArn: string, options: ProcessedStreamOptions = {}) {
  const parameters = Object.entries({ LambdaArn: lambdaArn, ...options.parameters }).map(([ParameterName, ParameterValue]) => ({
    ParameterName,
    ParameterValue,
  }))
  return {
    DeliveryStreamName: name,
    ExtendedS3DestinationConfiguration: {
      RoleARN: ROLE_ARN,
      BucketARN: BUCKET_ARN,
      BufferingHints: { SizeInMBs: options.sizeInMBs ?? 1, IntervalInSeconds: options.intervalInSeconds ?? 60 },
      ...(options.prefix !== undefined ? { Prefix: options.prefix } : {}),
      ...(options.errorOutputPrefix !== undefined ? { ErrorOutputPrefix: options.errorOutputPrefix } : {}),
      ProcessingConfiguration: { Enabled: options.enabled ?? true, Processors: [{ Type: 'Lambda', Parameters: parameters }] },
    },
  }
}

/** The lines of an error-output object, parsed. */
export const errorLines = (body: string): Array<Record<string, unknown>> =>
  body
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>)

/** The objects a stream delivered (running what is due), with their text. */
export async function deliveredObjects(aws: FirehoseMock, name: string) {
  return (await aws.firehose.deliveries(name)).map((o) => ({
    key: o.key,
    text: new TextDecoder().decode(o.data),
    records: o.records,
    deliveredAt: o.deliveredAt,
  }))
}

export interface PartitionedStreamOptions {
  /** The MetadataExtractionQuery (a MetadataExtraction processor when given). */
  query?: string
  /** A Lambda processor's ARN (its partitionKeys feed `!{partitionKeyFromLambda:…}`). */
  lambdaArn?: string
  /** Further processors, after the Lambda and MetadataExtraction ones. */
  processors?: Array<{ Type: string; Parameters?: Array<{ ParameterName: string; ParameterValue: string }> }>
  errorOutputPrefix?: string
  sizeInMBs?: number
  intervalInSeconds?: number
}

/** A DirectPut → ExtendedS3 CreateDeliveryStream input with dynamic partitioning enabled. */
export function partitionedStream(name: string, prefix: string, options: PartitionedStreamOptions = {}) {
  const processors = [
    ...(options.lambdaArn ? [{ Type: 'Lambda', Parameters: [{ ParameterName: 'LambdaArn', ParameterValue: options.lambdaArn }] }] : []),
    ...(options.query !== undefined
      ? [
          {
            Type: 'MetadataExtraction',
            Parameters: [
              { ParameterName: 'MetadataExtractionQuery', ParameterValue: options.query },
              { ParameterName: 'JsonParsingEngine', ParameterValue: 'JQ-1.6' },
            ],
          },
        ]
      : []),
    ...(options.processors ?? []),
  ]
  return {
    DeliveryStreamName: name,
    ExtendedS3DestinationConfiguration: {
      RoleARN: ROLE_ARN,
      BucketARN: BUCKET_ARN,
      BufferingHints: { SizeInMBs: options.sizeInMBs ?? 64, IntervalInSeconds: options.intervalInSeconds ?? 60 },
      Prefix: prefix,
      ErrorOutputPrefix: options.errorOutputPrefix ?? 'errors/!{firehose:error-output-type}/',
      DynamicPartitioningConfiguration: { Enabled: true },
      ProcessingConfiguration: { Enabled: true, Processors: processors },
    },
  }
}

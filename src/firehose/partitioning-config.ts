/**
 * Dynamic partitioning's configuration rules, checked by CreateDeliveryStream (and fixtures) and
 * UpdateDestination with the messages Firehose answers: partition-key namespaces only with
 * partitioning enabled, a prefix that uses them, the processor each namespace needs, buffering of
 * at least 64 MB and 60 s, and a MetadataExtractionQuery whose keys the prefix uses.
 */
import { base64Problem } from '../protocol/base64'
import { invalidArgument } from './errors'
import { JqSyntaxError, queryKeys } from './jq'
import type { WireObject } from './types'

export interface ProcessorConfig {
  Type?: string
  Parameters?: Array<{ ParameterName?: string; ParameterValue?: string }>
}

/** A processor's parameter value, when it has the parameter. */
export const parameterOf = (processor: ProcessorConfig | undefined, name: string): string | undefined =>
  processor?.Parameters?.find((p) => p.ParameterName === name)?.ParameterValue

/** The configuration's processor of a type, when its ProcessingConfiguration is enabled and has one. */
export function processorIn(config: WireObject, type: string): ProcessorConfig | undefined {
  const processing = config.ProcessingConfiguration as { Enabled?: boolean; Processors?: ProcessorConfig[] } | undefined
  return processing?.Enabled ? processing.Processors?.find((p) => p.Type === type) : undefined
}

export const partitioningEnabled = (config: WireObject): boolean =>
  (config.DynamicPartitioningConfiguration as { Enabled?: boolean } | undefined)?.Enabled === true

/** `!{partitionKeyFromQuery:key}` and `!{partitionKeyFromLambda:key}` in a prefix. */
export const PARTITION_KEY = /!\{partitionKeyFrom(Query|Lambda):([^}]*)\}/g

/** Throws InvalidArgumentException for a configuration Firehose refuses. */
export function checkPartitioning(config: WireObject): void {
  const enabled = partitioningEnabled(config)
  const used = [...String(config.Prefix ?? '').matchAll(PARTITION_KEY)]
  const listed = (config.ProcessingConfiguration as { Processors?: ProcessorConfig[] } | undefined)?.Processors ?? []
  if (String(config.ErrorOutputPrefix ?? '').includes('!{partitionKeyFrom')) {
    throw invalidArgument(
      'ErrorOutputPrefix cannot contain Dynamic Partitioning Namespaces (partitionKeyFromQuery, partitionKeyFromLambda).',
    )
  }
  if (!enabled) {
    if (used.length > 0)
      throw invalidArgument('Dynamic Partitioning Namespaces can only be part of a prefix expression when Dynamic Partitioning is enabled.')
    for (const type of ['MetadataExtraction', 'RecordDeAggregation']) {
      if (listed.some((p) => p.Type === type)) {
        throw invalidArgument(
          `class com.amazonaws.services.firehose.internal.model.${type}Processor can only be present when Dynamic Partitioning is enabled.`,
        )
      }
    }
    return
  }
  // Hints left out are the defaults (5 MB, 300 s): a partitioned stream must ask for 64 MB.
  const hints = (config.BufferingHints ?? {}) as { SizeInMBs?: number; IntervalInSeconds?: number }
  if ((hints.SizeInMBs ?? 5) < 64) {
    throw invalidArgument('BufferingHints.SizeInMBs must be at least 64 when Dynamic Partitioning is enabled.')
  }
  if (hints.IntervalInSeconds !== undefined && hints.IntervalInSeconds < 60) {
    throw invalidArgument('BufferingHints.IntervalInSeconds must be at least 60 seconds when Dynamic Partitioning is enabled.')
  }
  if (!(config.ProcessingConfiguration as { Enabled?: boolean } | undefined)?.Enabled) {
    throw invalidArgument('Processing Configuration is not enabled when DataPartitioning is enabled')
  }
  if (used.length === 0)
    throw invalidArgument('S3 Prefix should contain Dynamic Partitioning namespaces when Dynamic Partitioning is enabled')
  if (used.some((m) => m[1] === 'Lambda') && !processorIn(config, 'Lambda')) {
    throw invalidArgument('Lambda should be present when S3 Prefix contains keys from partitionKeyFromLambda namespace')
  }
  const extraction = processorIn(config, 'MetadataExtraction')
  if (used.some((m) => m[1] === 'Query') && !extraction) {
    throw invalidArgument('MetadataExtraction processor should be present when S3 Prefix has partitionKeyFromQuery namespace')
  }
  if (extraction) checkExtraction(extraction, new Set(used.filter((m) => m[1] === 'Query').map((m) => m[2])))
  const deaggregation = processorIn(config, 'RecordDeAggregation')
  const subRecordType = parameterOf(deaggregation, 'SubRecordType')
  if (deaggregation && subRecordType !== 'JSON' && subRecordType !== 'DELIMITED') {
    throw invalidArgument('RecordDeAggregation processor needs the SubRecordType parameter: JSON or DELIMITED.')
  }
  const delimiter = parameterOf(deaggregation, 'Delimiter') ?? ''
  if (subRecordType === 'DELIMITED' && (delimiter === '' || base64Problem(delimiter) !== undefined)) {
    throw invalidArgument('RecordDeAggregation processor with SubRecordType DELIMITED needs a base64-encoded Delimiter parameter.')
  }
}

function checkExtraction(processor: ProcessorConfig, prefixKeys: Set<string | undefined>): void {
  const engine = parameterOf(processor, 'JsonParsingEngine')
  if (engine !== undefined && engine !== 'JQ-1.6') {
    throw invalidArgument(`JsonParsingEngine ${engine} is not supported: the supported engine is JQ-1.6.`)
  }
  const query = parameterOf(processor, 'MetadataExtractionQuery')
  if (query === undefined) throw invalidArgument('MetadataExtraction processor needs the MetadataExtractionQuery parameter.')
  let keys: string[]
  try {
    keys = queryKeys(query)
  } catch (error) {
    if (error instanceof JqSyntaxError)
      throw invalidArgument(`MetadataExtractionQuery ${query} is not a query firehose-msw evaluates: ${error.message}`)
    throw error
  }
  if (keys.some((key) => !prefixKeys.has(key))) {
    throw invalidArgument("MetaDataExtraction JQ Query can't contain keys that are not present in the S3 Prefix expression")
  }
}

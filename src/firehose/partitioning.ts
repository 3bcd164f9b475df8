/**
 * The record pipeline after the put, in Firehose's documented order: record deaggregation (JSON or
 * delimited), the Lambda processor (processing.ts), then dynamic partitioning — each record's
 * Prefix evaluated with its keys from the MetadataExtraction query and from the Lambda's
 * `metadata.partitionKeys` — into one buffer per evaluated prefix. Records whose keys cannot be
 * extracted, and records beyond the active-partition limit, go to the error output.
 */
import { decodeBase64 } from '../protocol/base64'
import { bufferRecords, settleDelivery, type DeliverySinks } from './delivery'
import { writeErrorOutput, type Failure, type FailedRecord } from './error-output'
import { stageHttp } from './http-delivery'
import { JqSyntaxError, parseJq, type JqNode } from './jq'
import { JqRuntimeError } from './jq-dates'
import { publishStreamMetric } from './stream-metric'
import { evaluateJq, jqToString } from './jq-eval'
import { PARTITION_KEY, parameterOf, partitioningEnabled, processorIn } from './partitioning-config'
import type { DeliveryStream, StoredRecord } from './types'

/** A record on its way to a partition, with the keys its Lambda returned. */
export type RoutedRecord = StoredRecord & { partitionKeys?: Record<string, string> }

/** Firehose's default limit of partitions with records waiting, per stream. */
export const ACTIVE_PARTITIONS = 500
/** A record deaggregates into at most this many records; one with more passes whole. */
const MAX_SUB_RECORDS = 500

const NEWLINE = 0x0a
const decoder = new TextDecoder('utf-8', { fatal: true })

/**
 * The records as the destination receives them: with an AppendDelimiterToRecord processor, each
 * followed by a newline (the records the stream stored are left as they were put).
 */
export function withDelimiters<T extends StoredRecord>(stream: DeliveryStream, records: T[]): T[] {
  if (!processorIn(stream.destination.config, 'AppendDelimiterToRecord')) return records
  return records.map((record) => {
    const data = new Uint8Array(record.data.length + 1)
    data.set(record.data)
    data[record.data.length] = NEWLINE
    return Object.assign({}, record, { data })
  })
}

/** Where each top-level JSON object of `text` ends (objects one after another, or one per line), or undefined if it is not that. */
function jsonObjectEnds(text: string): number[] | undefined {
  const ends: number[] = []
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
    } else if (c === '"') inString = true
    else if (c === '{') depth++
    else if (c === '}') {
      if (--depth === 0) ends.push(i + 1)
      if (depth < 0) return undefined
    } else if (depth === 0 && !/\s/.test(c)) return undefined
  }
  return depth === 0 && ends.length > 0 ? ends : undefined
}

function split(record: StoredRecord, deaggregation: { type: string; delimiter?: Uint8Array }): Uint8Array[] {
  const { data } = record
  if (deaggregation.type === 'JSON') {
    let text: string
    try {
      text = decoder.decode(data)
    } catch {
      return [data]
    }
    const ends = jsonObjectEnds(text)
    if (!ends) return [data]
    const encoder = new TextEncoder()
    return ends.map((end, i) => encoder.encode(text.slice(i === 0 ? 0 : ends[i - 1], end).trim()))
  }
  const delimiter = deaggregation.delimiter!
  const parts: Uint8Array[] = []
  let start = 0
  for (let i = 0; i + delimiter.length <= data.length; i++) {
    if (delimiter.every((b, j) => data[i + j] === b)) {
      parts.push(data.subarray(start, i))
      start = i + delimiter.length
      i = start - 1
    }
  }
  parts.push(data.subarray(start))
  return parts.filter((part) => part.length > 0)
}

/** The records after the RecordDeAggregation processor: each sub-record with a record id of its own. */
export function deaggregate(stream: DeliveryStream, records: StoredRecord[], nextSeq: () => number): StoredRecord[] {
  const config = stream.destination.config
  const processor = partitioningEnabled(config) ? processorIn(config, 'RecordDeAggregation') : undefined
  if (!processor) return records
  const type = parameterOf(processor, 'SubRecordType') ?? 'JSON'
  const delimiter = type === 'DELIMITED' ? decodeBase64(parameterOf(processor, 'Delimiter') ?? '') : undefined
  return records.flatMap((record) => {
    const parts = split(record, { type, ...(delimiter ? { delimiter } : {}) })
    if (parts.length <= 1 || parts.length > MAX_SUB_RECORDS) return [record]
    return parts.map((data) => Object.assign({}, record, { seq: nextSeq(), data }))
  })
}

const queries = new Map<string, JqNode>()

/** jq 1.6 parses JSON nested at most this deep. */
const MAX_DEPTH = 256

/** Whether JSON text nests deeper than jq parses. */
function tooDeep(text: string): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_DEPTH) return true
    } else if (c === 0x5d || c === 0x7d) depth--
  }
  return false
}

const own = (values: Record<string, unknown> | undefined, key: string): unknown =>
  values && Object.prototype.hasOwnProperty.call(values, key) ? values[key] : undefined

interface Partition {
  /** The Prefix with the keys put in: records whose prefixes evaluate the same share a partition. */
  key: string
  prefix: string
  /** The values, by `Query:key` and `Lambda:key` (see evaluatePrefix). */
  keys: Record<string, string>
}

/** The record's partition, or why it has none. */
function partitionOf(prefix: string, query: string | undefined, record: RoutedRecord): Partition | { error: string } {
  const keys: Record<string, string> = {}
  try {
    let fromQuery: Record<string, unknown> | undefined
    if (query !== undefined) {
      let node = queries.get(query)
      if (!node) queries.set(query, (node = parseJq(query)))
      let input: unknown
      try {
        const text = decoder.decode(record.data)
        // Text no JSON value starts with fails without the cost of a parse error.
        if (!/^\s*[-{["0-9tfn]/.test(text) || tooDeep(text)) return { error: 'Non JSON record provided' }
        input = JSON.parse(text)
      } catch {
        return { error: 'Non JSON record provided' }
      }
      fromQuery = evaluateJq(node, input) as Record<string, unknown>
    }
    for (const [whole, from, name] of prefix.matchAll(PARTITION_KEY)) {
      const value = from === 'Query' ? own(fromQuery, name!) : own(record.partitionKeys, name!)
      if (value === null || value === undefined) return { error: `Partition key ${whole} has no value for the record` }
      keys[`${from}:${name}`] = jqToString(value)
    }
  } catch (error) {
    if (error instanceof JqRuntimeError || error instanceof JqSyntaxError) return { error: `jq error: ${error.message}` }
    throw error
  }
  return { key: prefix.replace(PARTITION_KEY, (_, from: string, name: string) => keys[`${from}:${name}`]!), prefix, keys }
}

/**
 * Passes processed records on to the destination's buffer — with dynamic partitioning, each to
 * the buffer of its evaluated prefix — and the ones that cannot be placed to the error output.
 */
export function deliverRecords(stream: DeliveryStream, sinks: DeliverySinks, records: RoutedRecord[], at: number): void {
  const config = stream.destination.config
  if (stream.destination.kind === 'HttpEndpoint') {
    stageHttp(stream, sinks, records, at)
    return
  }
  if (!partitioningEnabled(config)) {
    bufferRecords(stream, sinks, withDelimiters(stream, records), at)
    return
  }
  settleDelivery(stream, sinks, at)
  const query = parameterOf(processorIn(config, 'MetadataExtraction'), 'MetadataExtractionQuery')
  const groups = new Map<string, { partition: Partition; records: StoredRecord[] }>()
  const unextracted: FailedRecord[] = []
  const exceeded: FailedRecord[] = []
  const active = new Set(stream.delivery?.keys())
  for (const record of records) {
    const partition = partitionOf(String(config.Prefix ?? ''), query, record)
    if ('error' in partition) {
      unextracted.push({ record, errorCode: 'DynamicPartitioning.MetadataExtractionFailed', errorMessage: partition.error })
      continue
    }
    if (!active.has(partition.key)) {
      if (active.size >= ACTIVE_PARTITIONS) {
        exceeded.push({
          record,
          errorCode: 'DynamicPartitioning.ActivePartitionsLimitExceeded',
          errorMessage: 'The number of active partitions has exceeded the configured limit',
        })
        continue
      }
      active.add(partition.key)
    }
    let group = groups.get(partition.key)
    if (!group) groups.set(partition.key, (group = { partition, records: [] }))
    const { seq, data, encrypted, receivedAt, keyArn } = record
    group.records.push({ seq, data, encrypted, receivedAt, ...(keyArn ? { keyArn } : {}) })
  }
  for (const { partition, records: group } of groups.values()) bufferRecords(stream, sinks, withDelimiters(stream, group), at, partition)
  // The partitions with records waiting once these are placed, and whether the limit turned records away.
  publishStreamMetric(sinks.metrics, stream, at, 'PartitionCount', 'Count', stream.delivery?.size ?? 0)
  publishStreamMetric(sinks.metrics, stream, at, 'PartitionCountExceeded', 'Count', exceeded.length > 0 ? 1 : 0)
  const failure = (type: Failure['type']): Failure => ({ type, attempts: 1, at, endedAt: at })
  writeErrorOutput(stream, sinks, unextracted, failure('metadata-extraction-failed'))
  writeErrorOutput(stream, sinks, exceeded, failure('activePartitionExceeded'))
}

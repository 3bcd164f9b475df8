/**
 * JSON fixtures: state a mock starts from (and returns to on `reset()`). Every stream definition
 * is checked with the same model validation as a CreateDeliveryStream request, so a bad fixture
 * fails loudly, naming the field.
 */
import { FirehoseMswError, AwsError } from './protocol/aws-error'
import { decodeBase64, base64Problem } from './protocol/base64'
import { readInput } from './protocol/shapes'
import { shapes as firehoseShapes } from './firehose/model.gen'
import { buildDeliveryStream, type CreateDeliveryStreamInput } from './firehose/operations/create-delivery-stream'
import type { DeliveryStream } from './firehose/delivery-stream'
import type { FirehoseContext } from './firehose/store'

/** A record in a fixture: base64 `data`, or `text` stored as UTF-8. */
export type RecordFixture = { data: string } | { text: string }

export interface DeliveryStreamFixture {
  /** default 'us-east-1' */
  region?: string
  /** default: the mock's accountId */
  accountId?: string
  /** default 'ACTIVE'; 'CREATING' starts the stream's creation at load time */
  status?: 'ACTIVE' | 'CREATING'
  /** A CreateDeliveryStream request body, as JSON. */
  definition: Record<string, unknown>
  /** Records already in the stream, in arrival order. */
  records?: RecordFixture[]
}

export interface Fixture {
  /** A name for messages. */
  name?: string
  firehose?: { deliveryStreams?: DeliveryStreamFixture[] }
}

const FIXTURE_KEYS = ['name', 'firehose', '$schema', 'description']
const STREAM_KEYS = ['region', 'accountId', 'status', 'definition', 'records']

function fail(fixture: string, where: string, reason: string): never {
  throw new FirehoseMswError(`Failed to load fixture "${fixture}": ${where}: ${reason}`)
}

function unknownKeys(value: object, allowed: string[]): string[] {
  return Object.keys(value).filter((k) => !allowed.includes(k))
}

/** Builds the streams a fixture describes; `context(region, accountId, status)` gives each its clock and scope. */
export function loadStreams(
  fixture: Fixture,
  index: number,
  context: (region: string, accountId: string | undefined, instant: boolean) => FirehoseContext,
): DeliveryStream[] {
  const label = fixture.name ?? `#${index}`
  if (typeof fixture !== 'object' || fixture === null || Array.isArray(fixture)) fail(label, 'fixture', 'must be a JSON object')
  const extra = unknownKeys(fixture, FIXTURE_KEYS)
  if (extra.length) fail(label, 'fixture', `unknown key(s) ${extra.map((k) => `"${k}"`).join(', ')}`)
  const definitions = fixture.firehose?.deliveryStreams ?? []
  if (!Array.isArray(definitions)) fail(label, 'firehose.deliveryStreams', 'must be an array')
  return definitions.map((entry, i) => {
    const where = `firehose.deliveryStreams[${i}]`
    if (typeof entry !== 'object' || entry === null) fail(label, where, 'must be an object')
    const unknown = unknownKeys(entry, STREAM_KEYS)
    if (unknown.length) fail(label, where, `unknown key(s) ${unknown.map((k) => `"${k}"`).join(', ')}`)
    if (entry.accountId !== undefined && !/^\d{12}$/.test(String(entry.accountId))) {
      fail(label, `${where}.accountId`, `must be 12 digits, not ${JSON.stringify(entry.accountId)}`)
    }
    if (entry.region !== undefined && !/^[a-z]{2}(?:-[a-z]+)+-\d+$/.test(String(entry.region))) {
      fail(label, `${where}.region`, `is not a region name: ${JSON.stringify(entry.region)}`)
    }
    if (typeof entry.definition !== 'object' || entry.definition === null || Array.isArray(entry.definition)) {
      fail(label, `${where}.definition`, 'must be a CreateDeliveryStream request body (a JSON object)')
    }
    if (entry.records !== undefined && !Array.isArray(entry.records)) fail(label, `${where}.records`, 'must be an array')
    if (entry.status !== undefined && entry.status !== 'ACTIVE' && entry.status !== 'CREATING') {
      fail(label, `${where}.status`, `must be "ACTIVE" or "CREATING", not ${JSON.stringify(entry.status)}`)
    }
    let input: CreateDeliveryStreamInput
    try {
      input = readInput<CreateDeliveryStreamInput>(firehoseShapes, 'CreateDeliveryStreamInput', entry.definition)
    } catch (error) {
      if (error instanceof AwsError) fail(label, `${where}.definition`, `${error.code}: ${error.message}`)
      throw error
    }
    const ctx = context(entry.region ?? 'us-east-1', entry.accountId, entry.status !== 'CREATING')
    let stream: DeliveryStream
    try {
      stream = buildDeliveryStream(input, ctx)
    } catch (error) {
      if (error instanceof AwsError) fail(label, `${where}.definition`, `${error.code}: ${error.message}`)
      throw error
    }
    ;(entry.records ?? []).forEach((record, r) => {
      stream.records.push({ recordId: ctx.newRecordId(), data: recordBytes(label, `${where}.records[${r}]`, record), encrypted: false, receivedAt: ctx.now })
    })
    return stream
  })
}

function recordBytes(label: string, where: string, record: RecordFixture): Uint8Array {
  if (record && typeof (record as { text?: unknown }).text === 'string') return new TextEncoder().encode((record as { text: string }).text)
  const data = (record as { data?: unknown })?.data
  if (typeof data !== 'string') fail(label, where, 'needs "data" (base64) or "text"')
  const problem = base64Problem(data)
  if (problem) fail(label, `${where}.data`, problem)
  const bytes = decodeBase64(data)
  if (bytes.length > 1_024_000) fail(label, `${where}.data`, 'a record holds at most 1,024,000 bytes')
  return bytes
}

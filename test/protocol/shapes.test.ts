/** src/protocol/shapes.ts: deserialization and AWS-worded validation against the Firehose model table. */
import { describe, expect, it } from 'vitest'
import { operationInputs, shapes } from '../../src/firehose/model.gen'
import { AwsError } from '../../src/protocol/aws-error'
import { collectViolations, deserialize, readInput, type ShapeRef, type ShapeTable } from '../../src/protocol/shapes'
import { decode } from '../support/bytes'

/** The generated table refers to shapes by index: follow member names from an operation's input. */
function memberRef(from: ShapeRef, ...path: string[]): ShapeRef {
  let ref = from
  for (const member of path) {
    const shape = shapes[ref]!
    if (member === '[]') {
      ref = shape.m!
      continue
    }
    const entry = shape.s!.split(' ').find((m) => m.replace(/^!/, '').split('=')[0] === member)
    ref = entry!.split('=')[1]!
  }
  return ref
}
const NAMED: Record<string, ShapeRef> = {
  Record: memberRef(operationInputs.PutRecordBatch!, 'Records', '[]'),
  Tag: memberRef(operationInputs.TagDeliveryStream!, 'Tags', '[]'),
  ColumnToJsonKeyMappings: memberRef(
    operationInputs.CreateDeliveryStream!,
    'ExtendedS3DestinationConfiguration',
    'DataFormatConversionConfiguration',
    'InputFormatConfiguration',
    'Deserializer',
    'OpenXJsonSerDe',
    'ColumnToJsonKeyMappings',
  ),
}
/** An operation's input ('PutRecordBatchInput') or a named shape, as a reference into the table. */
const ref = (name: string): ShapeRef => operationInputs[name.replace(/Input$/, '')] ?? NAMED[name]!

const TAG_KEY_PATTERN = '^(?!aws:)[\\p{L}\\p{Z}\\p{N}_.:\\/=+\\-@%]*$'
const notNull = (path: string) => `Value null at '${path}' failed to satisfy constraint: Member must not be null`

/** The AwsError readInput throws, or fails the test. */
function errorOf(shapeName: string, body: unknown): AwsError {
  try {
    readInput(shapes, ref(shapeName), body)
  } catch (error) {
    expect(error).toBeInstanceOf(AwsError)
    return error as AwsError
  }
  throw new Error(`expected ${shapeName} input to be rejected`)
}

function validationMessage(shapeName: string, body: unknown): string {
  const error = errorOf(shapeName, body)
  expect(error.code).toBe('ValidationException')
  expect(error.messageKey).toBe('message')
  expect(error.status).toBe(400)
  return error.message
}

function violations(shapeName: string, value: unknown): string[] {
  const out: string[] = []
  collectViolations(shapes, ref(shapeName), value, '', out)
  return out
}

describe('member paths', () => {
  it("names a list member's field as 'records.2.member.data'", () => {
    expect(validationMessage('PutRecordBatchInput', { DeliveryStreamName: 's', Records: [{ Data: 'AAAA' }, {}] })).toBe(
      `1 validation error detected: ${notNull('records.2.member.data')}`,
    )
  })

  it("names a too-long blob in a batch at 'records.2.member.data', printed as Java prints a ByteBuffer", () => {
    const big = new Uint8Array(1_024_001)
    expect(violations('PutRecordBatchInput', { DeliveryStreamName: 's', Records: [{ Data: new Uint8Array(3) }, { Data: big }] })).toEqual([
      "Value 'java.nio.HeapByteBuffer[pos=0 lim=1024001 cap=1024001]' at 'records.2.member.data' failed to satisfy constraint: Member must have length less than or equal to 1024000",
    ])
    // The same through readInput, from base64 on the wire.
    const message = validationMessage('PutRecordBatchInput', {
      DeliveryStreamName: 's',
      Records: [{ Data: '' }, { Data: Buffer.from(big).toString('base64') }],
    })
    expect(message).toBe(
      "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1024001 cap=1024001]' at 'records.2.member.data' failed to satisfy constraint: Member must have length less than or equal to 1024000",
    )
  })

  it('accepts a record of exactly 1,024,000 bytes and an empty one', () => {
    expect(
      violations('PutRecordBatchInput', {
        DeliveryStreamName: 's',
        Records: [{ Data: new Uint8Array(1_024_000) }, { Data: new Uint8Array(0) }],
      }),
    ).toEqual([])
  })

  it("names a null list item 'records.1.member'", () => {
    expect(validationMessage('PutRecordBatchInput', { DeliveryStreamName: 's', Records: [null, { Data: 'AAAA' }] })).toBe(
      `1 validation error detected: ${notNull('records.1.member')}`,
    )
  })

  it("names a tag key 'tags.1.member.key'", () => {
    expect(validationMessage('TagDeliveryStreamInput', { DeliveryStreamName: 's', Tags: [{ Key: 'aws:owner', Value: 'x' }] })).toBe(
      `1 validation error detected: Value 'aws:owner' at 'tags.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: ${TAG_KEY_PATTERN}`,
    )
    expect(validationMessage('TagDeliveryStreamInput', { DeliveryStreamName: 's', Tags: [{ Key: 'ok' }, { Value: 'v' }] })).toBe(
      `1 validation error detected: ${notNull('tags.2.member.key')}`,
    )
  })

  it('camel-cases nested structure members', () => {
    expect(
      validationMessage('CreateDeliveryStreamInput', {
        DeliveryStreamName: 's',
        ExtendedS3DestinationConfiguration: {
          RoleARN: 'arn:aws:iam::123456789012:role/r',
          BucketARN: 'arn:aws:s3:::b',
          BufferingHints: { SizeInMBs: 0 },
        },
      }),
    ).toBe(
      "1 validation error detected: Value '0' at 'extendedS3DestinationConfiguration.bufferingHints.sizeInMBs' failed to satisfy constraint: Member must have value greater than or equal to 1",
    )
  })

  it('lists violations in model member order, joined with "; "', () => {
    expect(validationMessage('PutRecordInput', {})).toBe(
      `2 validation errors detected: ${notNull('deliveryStreamName')}; ${notNull('record')}`,
    )
  })
})

describe('lengths count Unicode code points', () => {
  const astral = '𠀀' // U+20000, a letter (\p{L}) outside the BMP: two UTF-16 units, one code point

  it('a 128-code-point tag key is within TagKey max 128 although it is 256 UTF-16 units', () => {
    const key = astral.repeat(128)
    expect(key.length).toBe(256)
    expect(violations('Tag', { Key: key })).toEqual([])
  })

  it('a 129-code-point tag key is over the limit', () => {
    const key = astral.repeat(129)
    expect(violations('Tag', { Key: key })).toEqual([
      `Value '${key}' at 'key' failed to satisfy constraint: Member must have length less than or equal to 128`,
    ])
  })

  it('mixed BMP and astral text counts one per code point', () => {
    expect(violations('Tag', { Key: 'k', Value: 'a'.repeat(200) + astral.repeat(56) })).toEqual([])
    expect(violations('Tag', { Key: 'k', Value: 'a'.repeat(200) + astral.repeat(57) })).toHaveLength(1)
  })

  it('minimum lengths too', () => {
    expect(violations('Tag', { Key: '' })).toEqual([
      "Value '' at 'key' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ])
    expect(violations('Tag', { Key: astral })).toEqual([])
  })
})

describe('the 10-violation cap', () => {
  it('reports at most 10 violations', () => {
    const message = validationMessage('PutRecordBatchInput', { DeliveryStreamName: 's', Records: Array.from({ length: 15 }, () => ({})) })
    expect(message.startsWith('10 validation errors detected: ')).toBe(true)
    const listed = message.slice('10 validation errors detected: '.length).split('; ')
    expect(listed).toEqual(Array.from({ length: 10 }, (_, i) => notNull(`records.${i + 1}.member.data`)))
  })

  it('stops exactly at 10 when violations come from several members', () => {
    const message = validationMessage('PutRecordBatchInput', { Records: Array.from({ length: 12 }, () => ({})) })
    const listed = message.replace(/^\d+ validation errors detected: /, '').split('; ')
    expect(listed).toHaveLength(10)
    expect(listed[0]).toBe(notNull('deliveryStreamName'))
    expect(listed[9]).toBe(notNull('records.9.member.data'))
  })

  it('collectViolations never pushes past 10, even when called on a full list', () => {
    const out = Array.from({ length: 10 }, (_, i) => `v${i}`)
    collectViolations(shapes, ref('PutRecordInput'), {}, '', out)
    expect(out).toHaveLength(10)
  })

  it('9 violations are all reported', () => {
    const message = validationMessage('PutRecordBatchInput', { DeliveryStreamName: 's', Records: Array.from({ length: 9 }, () => ({})) })
    expect(message.startsWith('9 validation errors detected: ')).toBe(true)
    expect(message.split('; ')).toHaveLength(9)
  })
})

describe('other constraints', () => {
  it('enum', () => {
    expect(violations('ListDeliveryStreamsInput', { DeliveryStreamType: 'directput' })).toEqual([
      "Value 'directput' at 'deliveryStreamType' failed to satisfy constraint: Member must satisfy enum value set: [DirectPut, KinesisStreamAsSource, MSKAsSource, DatabaseAsSource]",
    ])
  })

  it('pattern and numeric range', () => {
    expect(violations('DescribeDeliveryStreamInput', { DeliveryStreamName: 'bad name!', Limit: 0 })).toEqual([
      "Value 'bad name!' at 'deliveryStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
      "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ])
  })

  it('list length', () => {
    expect(violations('PutRecordBatchInput', { DeliveryStreamName: 's', Records: [] })).toEqual([
      "Value '[]' at 'records' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ])
  })
})

describe('deserialize', () => {
  it('drops unknown members and nulls, decodes blobs, truncates integers', () => {
    const input = deserialize(shapes, ref('PutRecordBatchInput'), {
      DeliveryStreamName: 's',
      Extra: 1,
      Records: [{ Data: 'aGk=', Other: 'x' }, null],
    }) as { Records: ({ Data: Uint8Array } | null)[] }
    expect(Object.keys(input)).toEqual(['DeliveryStreamName', 'Records'])
    expect(input.Records[0]!.Data).toBeInstanceOf(Uint8Array)
    expect(decode(input.Records[0]!.Data)).toBe('hi')
    expect(input.Records[1]).toBeNull()
    expect(deserialize(shapes, ref('ListDeliveryStreamsInput'), { Limit: 7.9, DeliveryStreamType: null })).toEqual({ Limit: 7 })
  })

  it('keeps a "__proto__" map key as data in a null-prototype object', () => {
    const json = JSON.parse('{"__proto__":"col","a":"b"}') as unknown
    const map = deserialize(shapes, ref('ColumnToJsonKeyMappings'), json) as Record<string, unknown>
    expect(Object.getPrototypeOf(map)).toBeNull()
    expect(Object.keys(map)).toEqual(['__proto__', 'a'])
    expect(map['__proto__']).toBe('col')
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'col')).toBe(false)
  })

  it('does not read structure members through the prototype', () => {
    const json = JSON.parse('{"__proto__":{"Data":"aGk="}}') as unknown
    expect(deserialize(shapes, ref('Record'), json)).toEqual({})
  })

  it('raises SerializationException with capital-M Message for type errors', () => {
    const error = errorOf('DescribeDeliveryStreamInput', { DeliveryStreamName: 5 })
    expect(error.code).toBe('SerializationException')
    expect(error.messageKey).toBe('Message')
    expect(error.message).toBe('class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String')
  })

  it('works on a hand-made table', () => {
    const table: ShapeTable = {
      In: { t: 'S', s: '!Names' },
      Names: { t: 'l', m: 'Name', max: 2 },
      Name: { t: 's', min: 2 },
    }
    expect(() => readInput(table, 'In', { Names: ['ab', 'cd'] })).not.toThrow()
    const out: string[] = []
    collectViolations(table, 'In', { Names: ['a', 'bb', 'c'] }, '', out)
    expect(out).toEqual([
      "Value '[a, bb, c]' at 'names' failed to satisfy constraint: Member must have length less than or equal to 2",
      "Value 'a' at 'names.1.member' failed to satisfy constraint: Member must have length greater than or equal to 2",
      "Value 'c' at 'names.3.member' failed to satisfy constraint: Member must have length greater than or equal to 2",
    ])
  })
})

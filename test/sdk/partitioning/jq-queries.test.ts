/**
 * MetadataExtractionQuery expressions as jq 1.6 evaluates them, through the real SDK. Each expected
 * partition key is jq 1.6's own answer for `{k: <expression>}` on the record, as it lands in the S3
 * Prefix (a string as it is, any other value as compact JSON), and each runtime error is jq 1.6's
 * message after `jq error: `. Queries outside the subset firehose-msw evaluates, and queries whose
 * keys the Prefix does not use, are refused when the stream is created.
 */
import { PutRecordBatchCommand } from '@aws-sdk/client-firehose'
import { describe, expect, it } from 'vitest'
import { START } from '../../support/clock'
import { expectAwsError, notFound } from '../../support/errors'
import { createStream, describeStream } from '../../support/firehose'
import { useMock } from '../../support/mock'
import { deliveredObjects, errorLines, functionArn, partitionedStream } from '../../support/processing'

const { aws, clock, firehose, activeStream } = useMock({ timing: 'instant' })

const PREFIX = 'k=!{partitionKeyFromQuery:k}/'
const NO_VALUE = 'Partition key !{partitionKeyFromQuery:k} has no value for the record'

/** Creates the stream `jq` with the query, puts the records at START + 1 s, and returns what it delivered at START + 61 s. */
async function deliver(query: string, records: string[], prefix = PREFIX) {
  await activeStream('jq', partitionedStream('jq', prefix, { query }))
  clock.set(START + 1_000)
  const put = await firehose.send(
    new PutRecordBatchCommand({ DeliveryStreamName: 'jq', Records: records.map((r) => ({ Data: new TextEncoder().encode(r) })) }),
  )
  expect(put.FailedPutCount).toBe(0)
  clock.set(START + 61_000)
  return deliveredObjects(aws, 'jq')
}

/** The prefix of the one object the record was delivered to (the key up to its object name). */
async function prefixFor(query: string, record: string): Promise<string> {
  const objects = await deliver(query, [record])
  expect(objects.map((o) => o.text)).toEqual([record])
  const { key } = objects[0]!
  const prefix = key.slice(0, key.lastIndexOf('/') + 1)
  expect(key.slice(prefix.length)).toMatch(/^jq-1-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-[0-9a-f-]{36}$/)
  return prefix
}

/** The errorMessage of the record, which must be the only one, in the metadata-extraction-failed error output. */
async function extractionError(query: string, record: string): Promise<unknown> {
  const objects = await deliver(query, [record])
  expect(objects).toHaveLength(1)
  expect(objects[0]!.key).toMatch(/^errors\/metadata-extraction-failed\/jq-1-/)
  const lines = errorLines(objects[0]!.text)
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatchObject({
    errorCode: 'DynamicPartitioning.MetadataExtractionFailed',
    rawData: Buffer.from(record).toString('base64'),
  })
  return lines[0]!.errorMessage
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Runs `{k: expression}` on the record for each row and expects jq 1.6's value in the Prefix. */
function partitionKeys(record: string, rows: Array<[expression: string, jq16: string]>) {
  for (const [expression, expected] of rows) {
    it(`{k: ${expression}} gives k=${expected}/`, async () => {
      expect(await prefixFor(`{k: ${expression}}`, record)).toBe(`k=${expected}/`)
    })
  }
}

/** Runs `{k: expression}` on the record for each expression, which jq 1.6 answers with null. */
function noValue(record: string, expressions: string[]) {
  for (const expression of expressions) {
    it(`{k: ${expression}} is null: the record goes to the error output`, async () => {
      expect(await extractionError(`{k: ${expression}}`, record)).toBe(NO_VALUE)
    })
  }
}

const SAMPLE_RECORD =
  '{"type":{"device":"mobile","event":"user_clicked_submit_button"},"customer_id":"1234567890","event_timestamp":1565382027,"region":"sample_region"}'

describe('the AWS documentation examples, on its sample record', () => {
  partitionKeys(SAMPLE_RECORD, [
    ['.customer_id', '1234567890'],
    ['.type.device', 'mobile'],
    ['.event_timestamp| strftime("%Y")', '2019'],
    ['.event_timestamp| strftime("%m")', '08'],
    ['.event_timestamp| strftime("%d")', '09'],
    ['.event_timestamp| strftime("%H")', '20'],
  ])

  it('evaluates the six keys of the documentation’s query in one object, per record', async () => {
    const query =
      '{customer_id:.customer_id,device:.type.device,year:.event_timestamp| strftime("%Y"),month:.event_timestamp| strftime("%m"),day:.event_timestamp| strftime("%d"),hour:.event_timestamp| strftime("%H")}'
    const prefix = ['customer_id', 'device', 'year', 'month', 'day', 'hour'].map((k) => `${k}=!{partitionKeyFromQuery:${k}}/`).join('')
    const desktop = SAMPLE_RECORD.replace('"mobile"', '"desktop"').replace('1565382027', '1565395200')
    const objects = await deliver(query, [SAMPLE_RECORD, desktop], prefix)
    expect(objects.map((o) => [o.key.slice(0, o.key.lastIndexOf('/') + 1), o.text]).sort()).toEqual([
      ['customer_id=1234567890/device=desktop/year=2019/month=08/day=10/hour=00/', desktop],
      ['customer_id=1234567890/device=mobile/year=2019/month=08/day=09/hour=20/', SAMPLE_RECORD],
    ])
  })
})

describe('object construction', () => {
  const record = '{"k":"kv","a":"av","b":2}'
  for (const [query, expected] of <Array<[string, string]>>[
    ['{k}', 'kv'],
    ['{"k"}', 'kv'],
    ['{"k": .a}', 'av'],
    ['{("k"): .a}', 'av'],
    ['{ k : .a }', 'av'],
    ['{k: .a, }', 'av'],
    ['{k: .a | ascii_upcase}', 'AV'],
  ]) {
    it(`${query} gives k=${expected}/`, async () => {
      expect(await prefixFor(query, record)).toBe(`k=${expected}/`)
    })
  }

  it('puts each of several keys where the Prefix names it, whatever their order in the query', async () => {
    const prefix = 'k=!{partitionKeyFromQuery:k}/j=!{partitionKeyFromQuery:j}/'
    const objects = await deliver('{j: .b, k: .a}', [record], prefix)
    expect(objects.map((o) => o.key.slice(0, o.key.lastIndexOf('/') + 1))).toEqual(['k=av/j=2/'])
  })
})

const PATHS_RECORD =
  '{"a":[10,20,30],"objs":[{"b":"x"},{"b":"y"}],"i":-1,"j":-3,"far":-4,"key with space":"v1","a b":{"c d":"v2"},"ü":"u","":"empty-key","$x":"dollar","name":"i","deep":{"b":{"c":"deep"}}}'

describe('paths: fields, quoted keys and array indexes', () => {
  partitionKeys(PATHS_RECORD, [
    ['.a[0]', '10'],
    ['.a[2]', '30'],
    ['.["a"][1]', '20'],
    ['.a | .[1]', '20'],
    ['.a[.i]', '30'],
    ['.a[.j]', '10'],
    ['.objs[1].b', 'y'],
    ['.objs[0]', '{"b":"x"}'],
    ['.objs[.i].b', 'y'],
    ['.objs[1]["b"]', 'y'],
    ['.["key with space"]', 'v1'],
    ['."key with space"', 'v1'],
    ['.["a b"]["c d"]', 'v2'],
    ['."a b"."c d"', 'v2'],
    ['.["a b"]."c d"', 'v2'],
    ['."ü"', 'u'],
    ['.[""]', 'empty-key'],
    ['."$x"', 'dollar'],
    ['.[.name]', '-1'],
    ['.deep.b.c', 'deep'],
    ['.a', '[10,20,30]'],
  ])
  noValue(PATHS_RECORD, ['.a[3]', '.a[.far]', '.objs[5].b', '.nothing', '.nothing.deeper[0]', '.deep.x.y'])
})

const ALTERNATIVE_RECORD = '{"a":null,"b":false,"c":0,"e":"x","n":{"s":"str"}}'

describe('the alternative operator //', () => {
  partitionKeys(ALTERNATIVE_RECORD, [
    ['(.a // "d")', 'd'],
    ['(.b // "d")', 'd'],
    ['(.zz // "d")', 'd'],
    ['(.c // "d")', '0'],
    ['(.e // "d")', 'x'],
    ['(.a // .b // "c")', 'c'],
    ['(.a // .b)', 'false'],
    ['(.a // .e)', 'x'],
    ['(.a // (.b // .c))', '0'],
    ['((.a // .b) // "c")', 'c'],
    ['(.e // .n.s.x)', 'x'],
    ['(.n.s | ascii_downcase // 1)', 'str'],
    ['(.zz.yy // .n.s)', 'str'],
  ])
  noValue(ALTERNATIVE_RECORD, ['(.a // .zz)', '(.zz // .a)'])
})

const SCALARS_RECORD =
  '{"i":42,"f":1.5,"neg":-3,"x":0.1,"three":3.0,"big":1e21,"pi":3.141592653589793,"ms":1565382027000,"small":0.0001,"tiny":-1.25e-10,"huge":1e300,"t":true,"f2":false,"obj":{"b":1,"a":[1,"x"]},"arr":[1,"x",null,true],"empty":{},"s":"str"}'

describe('numbers, booleans, objects, arrays and literals as key values', () => {
  partitionKeys(SCALARS_RECORD, [
    ['.i', '42'],
    ['.f', '1.5'],
    ['.neg', '-3'],
    ['.x', '0.1'],
    ['.three', '3'],
    ['.big', '1e+21'],
    ['.pi', '3.141592653589793'],
    ['.ms', '1565382027000'],
    ['.small', '0.0001'],
    ['.tiny', '-1.25e-10'],
    ['.huge', '1e+300'],
    ['.t', 'true'],
    ['.f2', 'false'],
    ['.obj', '{"b":1,"a":[1,"x"]}'],
    ['.arr', '[1,"x",null,true]'],
    ['.empty', '{}'],
    ['{s: .s}', '{"s":"str"}'],
    ['{n: .i, t: .t}', '{"n":42,"t":true}'],
    ['"const"', 'const'],
    ['42', '42'],
    ['1.5', '1.5'],
    ['true', 'true'],
    ['false', 'false'],
    ['.i | tostring', '42'],
    ['.obj | tostring', '{"b":1,"a":[1,"x"]}'],
    ['.f2 | tostring', 'false'],
    ['.nothing | tostring', 'null'],
  ])
})

const PIPES_RECORD = '{"a":{"b":{"c":"deep"}},"type":{"device":"mobile"}}'

describe('pipes', () => {
  partitionKeys(PIPES_RECORD, [
    ['.a | .b | .c', 'deep'],
    ['.a|.b.c', 'deep'],
    ['(.a|.b)|.c', 'deep'],
    ['.a|(.b|.c)', 'deep'],
    ['.a.b|.c|ascii_upcase', 'DEEP'],
    ['.a|.b|.c|split("e")|join("E")', 'dEEp'],
    ['.type|.device|ascii_upcase|ltrimstr("MO")', 'BILE'],
    ['.a | .b | tostring', '{"c":"deep"}'],
  ])
})

const STRINGS_RECORD =
  '{"s":"Hello World-ABC_xyz","p":"prefix-body-suffix","u":"ÄÖÜäöü straße","n":12,"num":"42","dec":"3.50","pad":" 42 ","exp":"1e3","negs":"-0.5"}'

describe('string builtins', () => {
  partitionKeys(STRINGS_RECORD, [
    ['.s|ascii_downcase', 'hello world-abc_xyz'],
    ['.s|ascii_upcase', 'HELLO WORLD-ABC_XYZ'],
    ['.u|ascii_downcase', 'ÄÖÜäöü straße'],
    ['.u|ascii_upcase', 'ÄÖÜäöü STRAßE'],
    ['.p|ltrimstr("prefix-")', 'body-suffix'],
    ['.p|rtrimstr("-suffix")', 'prefix-body'],
    ['.p|ltrimstr("nope")', 'prefix-body-suffix'],
    ['.p|rtrimstr("nope")', 'prefix-body-suffix'],
    ['.p|ltrimstr("prefix-")|rtrimstr("-suffix")', 'body'],
    ['.p|ltrimstr("")', 'prefix-body-suffix'],
    ['.p|rtrimstr("")', 'prefix-body-suffix'],
    ['.n|ltrimstr("1")', '12'],
    ['.p|ltrimstr(1)', 'prefix-body-suffix'],
    ['.s|tostring', 'Hello World-ABC_xyz'],
    ['.num|tonumber', '42'],
    ['.dec|tonumber', '3.5'],
    ['.pad|tonumber', '42'],
    ['.exp|tonumber', '1000'],
    ['.negs|tonumber', '-0.5'],
    ['.n|tonumber', '12'],
    ['.n|tostring|tonumber', '12'],
    ['.s|ascii_downcase|split(" ")|join("_")', 'hello_world-abc_xyz'],
  ])
})

const LENGTHS_RECORD =
  '{"s":"Hello","u":"ÄÖÜäöü straße","emo":"😀a","arr":[1,[2,3],null],"obj":{"a":1,"b":2},"empty":"","nul":null,"n":-12.5,"z":0}'

describe('length', () => {
  partitionKeys(LENGTHS_RECORD, [
    ['.s|length', '5'],
    ['.u|length', '13'],
    ['.emo|length', '2'],
    ['.arr|length', '3'],
    ['.obj|length', '2'],
    ['.empty|length', '0'],
    ['.nul|length', '0'],
    ['.nothing|length', '0'],
    ['.n|length', '12.5'],
    ['.z|length', '0'],
    ['length', '9'],
    ['.arr[1]|length', '2'],
  ])
})

const SPLITS_RECORD = '{"csv":"a,b,,c,","event":"user_clicked_submit_button","mixed":["a","b",null,1,true,1.5],"s":"abc"}'

describe('split and join', () => {
  partitionKeys(SPLITS_RECORD, [
    ['.csv|split(",")', '["a","b","","c",""]'],
    ['.csv|split(",")|length', '5'],
    ['.csv|split(",")|join("|")', 'a|b||c|'],
    ['.event|split("_")|.[1]', 'clicked'],
    ['.event|split("_")|join("-")', 'user-clicked-submit-button'],
    ['.event|split("_")|join("")', 'userclickedsubmitbutton'],
    ['.event|split("_submit_")', '["user_clicked","button"]'],
    ['.event|split("zz")', '["user_clicked_submit_button"]'],
    ['.s|split("")', '["a","b","c"]'],
    ['.mixed|join("-")', 'a-b--1-true-1.5'],
    ['.mixed|join(", ")', 'a, b, , 1, true, 1.5'],
  ])
})

const DATES_RECORD =
  '{"ts":1565382027,"frac":1565382027.999,"half":1565382027.5,"sunday":1565481600,"zero":0,"before":-1,"leap":951782400,"leap24":1709164800,"y2038":2147483648,"y9999":253402300799,"far":1000000000000,"nye":1577836799,"iso":"2019-08-09T20:20:27Z","feb30":"2019-02-30T00:00:00Z","bt":[2019,7,9,20,20,27,5,220],"overflow":[2019,12,1,0,0,0,0,0]}'

describe('date builtins, fractional seconds included', () => {
  partitionKeys(DATES_RECORD, [
    ['.ts|gmtime', '[2019,7,9,20,20,27,5,220]'],
    ['.ts|gmtime|mktime', '1565382027'],
    ['.ts|todate', '2019-08-09T20:20:27Z'],
    ['.ts|todateiso8601', '2019-08-09T20:20:27Z'],
    ['.ts|todate|fromdate', '1565382027'],
    ['.iso|fromdate', '1565382027'],
    ['.iso|fromdateiso8601', '1565382027'],
    ['.iso|fromdate|todate', '2019-08-09T20:20:27Z'],
    ['.feb30|fromdate', '1551484800'],
    ['.bt|mktime', '1565382027'],
    ['.bt|todate', '2019-08-09T20:20:27Z'],
    ['.bt|strftime("%A %j")', 'Friday 221'],
    ['.overflow|mktime', '1577836800'],
    ['.ts|strftime("%Y")', '2019'],
    ['.ts|strftime("%m")', '08'],
    ['.ts|strftime("%d")', '09'],
    ['.ts|strftime("%H")', '20'],
    ['.ts|strftime("%M")', '20'],
    ['.ts|strftime("%S")', '27'],
    ['.ts|strftime("%j")', '221'],
    ['.ts|strftime("%a")', 'Fri'],
    ['.ts|strftime("%A")', 'Friday'],
    ['.ts|strftime("%b")', 'Aug'],
    ['.ts|strftime("%B")', 'August'],
    ['.ts|strftime("%h")', 'Aug'],
    ['.ts|strftime("%e")', ' 9'],
    ['.ts|strftime("%Z")', 'UTC'],
    ['.ts|strftime("%z")', '+0000'],
    ['.ts|strftime("%T")', '20:20:27'],
    ['.ts|strftime("%F")', '2019-08-09'],
    ['.ts|strftime("%y")', '19'],
    ['.ts|strftime("%C")', '20'],
    ['.ts|strftime("%I")', '08'],
    ['.ts|strftime("%p")', 'PM'],
    ['.ts|strftime("%u")', '5'],
    ['.ts|strftime("%w")', '5'],
    ['.ts|strftime("%s")', '1565382027'],
    ['.ts|strftime("%%")', '%'],
    ['.ts|strftime("%Y/%m/%d")', '2019/08/09'],
    ['.ts|strftime("x%Yy")', 'x2019y'],
    ['.ts|strftime("%Y-%m-%dT%H:%M:%SZ")', '2019-08-09T20:20:27Z'],
    ['.sunday|strftime("%a %u %w %I %p")', 'Sun 7 0 12 AM'],
    ['.frac|gmtime', '[2019,7,9,20,20,27.999000072479248,5,220]'],
    ['.frac|todate', '2019-08-09T20:20:27Z'],
    ['.frac|strftime("%S")', '27'],
    ['.frac|gmtime|mktime', '1565382027'],
    ['.half|gmtime', '[2019,7,9,20,20,27.5,5,220]'],
    ['.zero|todate', '1970-01-01T00:00:00Z'],
    ['.zero|gmtime', '[1970,0,1,0,0,0,4,0]'],
    ['.zero|strftime("%j %a %b %e %Z %T %F")', '001 Thu Jan  1 UTC 00:00:00 1970-01-01'],
    ['.before|todate', '1969-12-31T23:59:59Z'],
    ['.before|gmtime', '[1969,11,31,23,59,59,3,364]'],
    ['.leap|strftime("%j %a %b %e %Z %T %F")', '060 Tue Feb 29 UTC 00:00:00 2000-02-29'],
    ['.leap24|strftime("%j %a %b %e %Z %T %F")', '060 Thu Feb 29 UTC 00:00:00 2024-02-29'],
    ['.y2038|todate', '2038-01-19T03:14:08Z'],
    ['.y9999|todate', '9999-12-31T23:59:59Z'],
    ['.far|todate', '33658-09-27T01:46:40Z'],
    ['.nye|strftime("%j %a %b %e %Z %T %F")', '365 Tue Dec 31 UTC 23:59:59 2019-12-31'],
  ])
})

const ERRORS_RECORD =
  '{"obj":{"x":1},"s":"str","n":5,"arr":[1],"b":true,"short":[2019,7,9],"bad":"2019-08-09 20:20:27","ms":"2019-08-09T20:20:27.123Z"}'

describe('runtime errors send the record to the error output with jq’s message', () => {
  for (const [expression, message] of <Array<[string, string]>>[
    ['.obj[0]', 'Cannot index object with number'],
    ['.s[0]', 'Cannot index string with number'],
    ['.n[0]', 'Cannot index number with number'],
    ['.b[0]', 'Cannot index boolean with number'],
    ['.obj[null]', 'Cannot index object with null'],
    ['.arr[null]', 'Cannot index array with null'],
    ['.arr[true]', 'Cannot index array with boolean'],
    ['.obj[.obj]', 'Cannot index object with object'],
    ['.s|strftime("%Y")', 'strftime/1 requires parsed datetime inputs'],
    ['.obj|strftime("%Y")', 'strftime/1 requires parsed datetime inputs'],
    ['.short|strftime("%Y")', 'strftime/1 requires parsed datetime inputs'],
    ['.s|todate', 'strftime/1 requires parsed datetime inputs'],
    ['.n|ascii_downcase', 'explode input must be a string'],
    ['.obj|ascii_upcase', 'explode input must be a string'],
    ['.b|length', 'boolean (true) has no length'],
    ['.n|split(",")', 'split input and separator must be strings'],
    ['.s|split(1)', 'split input and separator must be strings'],
    ['.s|fromdate', 'date "str" does not match format "%Y-%m-%dT%H:%M:%SZ"'],
    ['.bad|fromdate', 'date "2019-08-09 20:20:27" does not match format "%Y-%m-%dT%H:%M:%SZ"'],
    ['.ms|fromdate', 'date "2019-08-09T20:20:27.123Z" does not match format "%Y-%m-%dT%H:%M:%SZ"'],
  ]) {
    it(`{k: ${expression}}: jq error: ${message}`, async () => {
      expect(await extractionError(`{k: ${expression}}`, ERRORS_RECORD)).toBe(`jq error: ${message}`)
    })
  }

  it('a record that is not JSON goes to the error output; the JSON ones of the batch are delivered', async () => {
    const objects = await deliver('{k: .a}', ['not json', '{"a":"ok"}', '{"a":'])
    const errors = objects.filter((o) => o.key.startsWith('errors/metadata-extraction-failed/'))
    expect(errors).toHaveLength(1)
    expect(errorLines(errors[0]!.text).map((l) => [l.errorMessage, Buffer.from(String(l.rawData), 'base64').toString()])).toEqual([
      ['Non JSON record provided', 'not json'],
      ['Non JSON record provided', '{"a":'],
    ])
    expect(objects.filter((o) => !o.key.startsWith('errors/')).map((o) => [o.key.slice(0, o.key.lastIndexOf('/') + 1), o.text])).toEqual([
      ['k=ok/', '{"a":"ok"}'],
    ])
  })
})

describe('queries refused by CreateDeliveryStream', () => {
  for (const query of [
    '{k: .[]}',
    '{k: map(.a)}',
    '{k: (.a + 1)}',
    '{k: (if . then 1 else 2 end)}',
    '{k: "\\(.a)"}',
    '{k: $__loc__}',
    '{k: (.a, .b)}',
    '{k: [.a]}',
    '{k: .a[1:2]}',
    '{k: ..}',
    '{k: .a?}',
    '{k: @base64}',
    '{k: keys}',
    '{(.name): .a}',
    '.customer_id',
    '{k: .a} | .',
  ]) {
    it(`${query} is not a query firehose-msw evaluates`, async () => {
      await expectAwsError(createStream(firehose, partitionedStream('jq', PREFIX, { query })), {
        name: 'InvalidArgumentException',
        message: new RegExp(`^${escapeRegExp(`MetadataExtractionQuery ${query} is not a query firehose-msw evaluates: `)}\\S`),
        status: 400,
      })
      await expectAwsError(describeStream(firehose, 'jq'), notFound('jq'))
    })
  }

  for (const [query, prefix] of <Array<[string, string]>>[
    ['{k: .a, j: .b}', PREFIX],
    ['{K: .a}', PREFIX],
    ['{j: .a}', 'k=!{partitionKeyFromQuery:k}/j=!{partitionKeyFromLambda:j}/'],
  ]) {
    it(`${query} with the Prefix ${prefix} names a key the Prefix does not use`, async () => {
      const input = partitionedStream('jq', prefix, {
        query,
        ...(prefix.includes('FromLambda') ? { lambdaArn: functionArn('keys') } : {}),
      })
      await expectAwsError(createStream(firehose, input), {
        name: 'InvalidArgumentException',
        message: "MetaDataExtraction JQ Query can't contain keys that are not present in the S3 Prefix expression",
        status: 400,
      })
      await expectAwsError(describeStream(firehose, 'jq'), notFound('jq'))
    })
  }
})

/** A record for the cases where jq 1.6 answers differently from later jq versions or from JavaScript. */
const JQ16_RECORD =
  '{"s":"str","n":{"s":"str"},"e":"x","a":[10,20,30],"o":{"x":"1","y":"2"},"m":["a","b",null,1,true,1.5],"t":1565382027,"neg":-1.5,"z":-0,"big":1e16,"big20":100000000000000000000,"small":0.00001,"small2":1.5e-5,"tiny":1e-7,"del":"a\u007fb","arr8":[2019,7,9,20,20,27,0,0],"arr13":[2019,12,1,0,0,0,0,0],"arr6":[2019,7,9,20,20,27],"iso":"  2019-08-09T20:20:27Z","iso2":"2019-8-9T20:20:27Z","bad":"2019-13-45T25:61:61Z","empty":"","year1":-62135596800}'

describe('jq 1.6’s own answers: negative and fractional indexes, number printing, dates, join and tonumber', () => {
  partitionKeys(JQ16_RECORD, [
    ['.a[-1]', '30'],
    ['.a[-3]', '10'],
    ['-1', '-1'],
    ['(-2.5)|length', '2.5'],
    ['.neg|gmtime', '[1969,11,31,23,59,59.5,3,364]'],
    ['.neg|todate', '1969-12-31T23:59:59Z'],
    ['.t|strftime("%D %R %r")', '08/09/19 20:20 08:20:27 PM'],
    ['.t|strftime("%c")', 'Fri Aug  9 20:20:27 2019'],
    ['.t|strftime("%x %X %k %l %P")', '08/09/19 20:20:27 20  8 pm'],
    ['.t|strftime("%U %W")', '31 31'],
    ['.arr8|strftime("%A %j")', 'Sunday 001'],
    ['.arr13|todate', '2019-13-01T00:00:00Z'],
    ['.o|join("-")', '1-2'],
    ['.m|join("-")', 'a-b--1-true-1.5'],
    ['.empty|split(",")', '[]'],
    ['.z', '-0'],
    ['.big', '1e+16'],
    ['.big20', '1e+20'],
    ['.small', '1e-05'],
    ['.small2', '1.5e-05'],
    ['.tiny', '1e-07'],
    ['.del', 'a\u007fb'],
    ['.iso|fromdate', '1565382027'],
    ['.iso2|fromdate', '1565382027'],
    ['.year1|gmtime', '[1,0,1,0,0,0,1,0]'],
    ['.year1|gmtime|mktime', '-62135596800'],
    ['.a', '[10,20,30]'],
    ['.o', '{"x":"1","y":"2"}'],
  ])
  noValue(JQ16_RECORD, ['.a[1.7]'])

  for (const [expression, message] of <Array<[string, string]>>[
    ['.s.x', 'Cannot index string with string "x"'],
    ['.n.s.x', 'Cannot index string with string "x"'],
    ['.a.x', 'Cannot index array with string "x"'],
    ['.t.x', 'Cannot index number with string "x"'],
    ['(.n.s.x // "d")', 'Cannot index string with string "x"'],
    ['(.e[0] // "d")', 'Cannot index string with number'],
    ['.s|tonumber', "Invalid numeric literal at EOF at line 1, column 3 (while parsing 'str')"],
    ['.e|tonumber', "Invalid numeric literal at EOF at line 1, column 1 (while parsing 'x')"],
    ['.o|tonumber', 'object ({"x":"1","y...) cannot be parsed as a number'],
    ['.t|mktime', 'mktime requires array inputs'],
    ['.arr6|mktime', 'mktime requires parsed datetime inputs'],
    ['.arr6|todate', 'strftime/1 requires parsed datetime inputs'],
    ['.t|gmtime|.[0]|gmtime|.[0]|mktime', 'mktime requires array inputs'],
    ['.s|mktime', 'mktime requires array inputs'],
    ['.a|join(1)', 'string ("10") and number (1) cannot be added'],
    ['.s|join(",")', 'Cannot iterate over string ("str")'],
    ['5|fromdate', 'strptime/1 requires string inputs and arguments'],
    ['.bad|fromdate', 'date "2019-13-45T25:61:61Z" does not match format "%Y-%m-%dT%H:%M:%SZ"'],
    ['.s|gmtime', 'gmtime() requires numeric inputs'],
    ['-1|gmtime|mktime', 'invalid gmtime representation'],
    ['.s|(-.)', 'string ("str") cannot be negated'],
  ]) {
    it(`{k: ${expression}}: jq error: ${message}`, async () => {
      expect(await extractionError(`{k: ${expression}}`, JQ16_RECORD)).toBe(`jq error: ${message}`)
    })
  }

  it('refuses `//` unparenthesized in an object value, as jq 1.6’s grammar does', async () => {
    await expectAwsError(createStream(firehose, partitionedStream('jq', PREFIX, { query: '{k: .a // "d"}' })), {
      name: 'InvalidArgumentException',
      status: 400,
      message: /is not a query firehose-msw evaluates/,
    })
  })
})

describe('query text as jq 1.6 reads it', () => {
  it('takes a raw tab inside a string', async () => {
    expect(await prefixFor('{k: .s | split("\t") | .[0]}', '{"s":"a\\tb"}')).toBe('k=a/')
  })

  it('takes 01 as the number 1', async () => {
    expect(await prefixFor('{k: .a[01]}', '{"a":[10,20]}')).toBe('k=20/')
  })

  it.each(['{k: "\\q"}', '{k: "\\u12"}'])('refuses %s (not a valid escape) at create', async (query) => {
    await expectAwsError(createStream(firehose, partitionedStream('jq', PREFIX, { query })), {
      name: 'InvalidArgumentException',
      status: 400,
      message: /has an escape jq does not know/,
    })
  })

  it('indexes null with a boolean as jq 1.6 does: an error', async () => {
    expect(await extractionError('{k: .missing | .[true]}', '{}')).toBe('jq error: Cannot index null with boolean')
  })
})

import { expect, it } from 'vitest'
import { createFirehoseMock, type Fixture } from 'firehose-msw'
import clickstream from './clickstream.json' // the fixture above

it('starts from the fixture, and refuses a bad one with the field named', () => {
  const aws = createFirehoseMock({ seed: clickstream as Fixture })

  const records = aws.firehose.records('clickstream').map((r) => new TextDecoder().decode(r.data))
  expect(records).toEqual(['{"page":"/"}\n', 'hello'])
  expect(aws.kms.keys()[0]!.aliases).toEqual(['alias/clickstream'])
  expect(aws.kms.grants()).toHaveLength(1) // encryption is ENABLED already, so Firehose holds its grant

  const bad = { firehose: { deliveryStreams: [{ definition: { DeliveryStreamName: 'orders', DeliveryStreamType: 'Direct' } }] } }
  expect(() => aws.load(bad)).toThrow(
    "firehose.deliveryStreams[0].definition: ValidationException: 1 validation error detected: Value 'Direct'",
  )
})

/**
 * The matchers' types on `expect(aws)`: checked by `tsc -p tsconfig.test.json` (part of `npm test`,
 * in both lanes: Vitest 4 and Vitest 5 declare `Assertion` differently). Each `@ts-expect-error`
 * fails the type check if the line it marks compiles, so an untyped (`any`) matcher fails here.
 */
import { PutRecordBatchCommand, PutRecordCommand } from '@aws-sdk/client-firehose'
import { EncryptCommand } from '@aws-sdk/client-kms'
import { expect, it } from 'vitest'
import { createFirehoseMock } from '../../src'
import { firehoseMatchers } from '../../src/vitest'

expect.extend(firehoseMatchers)

it('types each matcher by the command’s input, .not included', () => {
  const aws = createFirehoseMock()
  expect(aws).toHaveReceivedCommandTimes(PutRecordCommand, 0)
  expect(aws).not.toHaveReceivedCommandWith(PutRecordCommand, { DeliveryStreamName: 'orders', Record: { Data: 'text for bytes' } })
  expect(aws).not.toHaveReceivedNthSpecificCommandWith(1, PutRecordBatchCommand, { Records: [{ Data: new Uint8Array([1]) }] })
  expect(aws).not.toHaveReceivedCommandWith('kms:Encrypt', { anything: 'goes for a name' })
  expect(aws).not.toHaveAnsweredWithError(EncryptCommand, 'NotFoundException')
  const misuses = (): void => {
    // @ts-expect-error: a count is a number
    expect(aws).toHaveReceivedCommandTimes(PutRecordCommand, 'twice')
    // @ts-expect-error: PutRecord has no such member
    expect(aws).not.toHaveReceivedCommandWith(PutRecordCommand, { DeliveryStreamNme: 'orders' })
    // @ts-expect-error: a stream name is a string
    expect(aws).toHaveReceivedNthCommandWith(1, PutRecordCommand, { DeliveryStreamName: 42 })
    // @ts-expect-error: not a command
    expect(aws).toHaveReceivedCommand(42)
  }
  expect(misuses).toBeTypeOf('function')
})

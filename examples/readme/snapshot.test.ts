import { FirehoseClient, PutRecordCommand, StartDeliveryStreamEncryptionCommand } from '@aws-sdk/client-firehose'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createFirehoseMock, createManualClock, onUnhandled, type Fixture } from 'firehose-msw'
import encryptedCmk from 'firehose-msw/fixtures/encrypted-cmk.json' // "payments" and its customer managed key

const clock = createManualClock(Date.parse('2026-06-01T12:00:00Z'))
const aws = createFirehoseMock({ seed: encryptedCmk as Fixture, now: clock.now })
const server = setupServer(...aws.handlers)
beforeAll(() => server.listen(onUnhandled('error')))
afterAll(() => server.close())

const firehose = new FirehoseClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 })

it('saves the whole state as a fixture, and replays it', async () => {
  await firehose.send(
    new PutRecordCommand({ DeliveryStreamName: 'payments', Record: { Data: new TextEncoder().encode('{"amount":42}\n') } }),
  )
  await firehose.send(
    new StartDeliveryStreamEncryptionCommand({
      DeliveryStreamName: 'payments',
      DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' },
    }),
  )

  // JSON-ready: write it to a file, import it in a story, post it to a server's /_firehose-msw/fixtures.
  const saved: Fixture = JSON.parse(JSON.stringify(await aws.snapshot()))

  const replay = createFirehoseMock({ seed: saved, now: clock.now })
  expect(replay.firehose.records('payments')).toEqual(aws.firehose.records('payments')) // record ids too
  expect(replay.firehose.stream('payments').encryption).toEqual({ status: 'ENABLING', keyType: 'AWS_OWNED_CMK' })
  clock.advance(60_000) // transitions in flight carry on, on each mock's clock
  expect(replay.firehose.stream('payments').encryption.status).toBe('ENABLED')
  expect(replay.kms.grants()).toEqual(aws.kms.grants()) // keys, aliases, grants, identity pools, metrics, deliveries…
})

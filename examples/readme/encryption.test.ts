import {
  DescribeDeliveryStreamCommand,
  FirehoseClient,
  PutRecordCommand,
  StartDeliveryStreamEncryptionCommand,
} from '@aws-sdk/client-firehose'
import { CreateKeyCommand, DisableKeyCommand, KMSClient, ListGrantsCommand } from '@aws-sdk/client-kms'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { createFirehoseMock, createManualClock, onUnhandled, type Fixture } from 'firehose-msw'
import clickstream from 'firehose-msw/fixtures/direct-put-s3.json'

const start = Date.UTC(2026, 0, 1)
const clock = createManualClock(start)
const aws = createFirehoseMock({ seed: clickstream as Fixture, now: clock.now })
const server = setupServer(...aws.handlers)
beforeAll(() => server.listen(onUnhandled('error')))
afterEach(() => {
  clock.set(start)
  aws.reset()
})
afterAll(() => server.close())

const config = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 }
const firehose = new FirehoseClient(config)
const kms = new KMSClient(config)

const encryption = async () =>
  (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'clickstream' }))).DeliveryStreamDescription!
    .DeliveryStreamEncryptionConfiguration!
const putIsEncrypted = async () =>
  (await firehose.send(new PutRecordCommand({ DeliveryStreamName: 'clickstream', Record: { Data: new Uint8Array([1]) } }))).Encrypted

it('goes ENABLING → ENABLED, and puts are encrypted once the change has propagated', async () => {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: 'clickstream' }))
  await firehose.send(
    new StartDeliveryStreamEncryptionCommand({
      DeliveryStreamName: 'clickstream',
      DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: KeyMetadata!.Arn },
    }),
  )
  expect((await encryption()).Status).toBe('ENABLING')
  expect(await putIsEncrypted()).toBe(false)
  const { Grants } = await kms.send(new ListGrantsCommand({ KeyId: KeyMetadata!.KeyId }))
  expect(Grants).toMatchObject([{ GranteePrincipal: 'firehose.amazonaws.com' }]) // Firehose's grant, at once

  clock.advance(aws.timing.encryptionEnabling) // 3 s
  expect((await encryption()).Status).toBe('ENABLED')
  expect(await putIsEncrypted()).toBe(false) // still propagating

  clock.advance(aws.timing.encryptionPropagation) // 5 s
  expect(await putIsEncrypted()).toBe(true)
})

it('fails with a disabled key, and says why', async () => {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({}))
  await kms.send(new DisableKeyCommand({ KeyId: KeyMetadata!.KeyId }))
  await firehose.send(
    new StartDeliveryStreamEncryptionCommand({
      DeliveryStreamName: 'clickstream',
      DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: KeyMetadata!.Arn },
    }),
  )
  clock.advance(aws.timing.encryptionEnabling)

  expect(await encryption()).toMatchObject({
    Status: 'ENABLING_FAILED',
    FailureDescription: { Type: 'DISABLED_KMS_KEY', Details: `The KMS key ${KeyMetadata!.Arn} is disabled.` },
  })
})

// @vitest-environment happy-dom
import { DescribeDeliveryStreamCommand, FirehoseClient, StartDeliveryStreamEncryptionCommand } from '@aws-sdk/client-firehose'
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
  document.body.replaceChildren() // unmount what the test rendered
  clock.set(start) // the clock first: reset() loads the seeds at the clock's time
  aws.reset()
})
afterAll(() => server.close())

const firehose = new FirehoseClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 })

/** The component under test: a line showing a stream's encryption status. */
async function renderEncryptionStatus(root: HTMLElement, streamName: string): Promise<void> {
  const { DeliveryStreamDescription } = await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: streamName }))
  root.textContent = `Encryption: ${DeliveryStreamDescription!.DeliveryStreamEncryptionConfiguration!.Status}`
}

it('shows ENABLING, then ENABLED when the mock clock has moved', async () => {
  await firehose.send(new StartDeliveryStreamEncryptionCommand({ DeliveryStreamName: 'clickstream' }))

  await renderEncryptionStatus(document.body, 'clickstream')
  expect(document.body.textContent).toBe('Encryption: ENABLING')

  clock.advance(aws.timing.encryptionEnabling) // 3 s later for the mock, at once for the test
  await renderEncryptionStatus(document.body, 'clickstream')
  expect(document.body.textContent).toBe('Encryption: ENABLED')
})

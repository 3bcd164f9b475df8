import { FirehoseClient, ListDeliveryStreamsCommand } from '@aws-sdk/client-firehose'
import { afterAll, expect, it } from 'vitest'
import { type Fixture } from 'firehose-msw'
import { startServer } from 'firehose-msw/server'
import clickstream from 'firehose-msw/fixtures/direct-put-s3.json'

const { url, close } = await startServer({ port: 0, seed: clickstream as Fixture }) // port 0: any free port
afterAll(() => close())

it('answers the SDK over HTTP, and the control API beside it', async () => {
  const firehose = new FirehoseClient({ region: 'eu-west-1', endpoint: url, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } })
  const { DeliveryStreamNames } = await firehose.send(new ListDeliveryStreamsCommand({}))
  expect(DeliveryStreamNames).toEqual([]) // the region comes from the request's signature: eu-west-1 has no streams

  const streams = await fetch(`${url}/_firehose-msw/streams?region=us-east-1`).then((r) => r.json())
  expect(streams).toEqual({ streams: ['clickstream'] })
  const clock = await fetch(`${url}/_firehose-msw/clock/advance`, { method: 'POST', body: JSON.stringify({ ms: 60_000 }) })
  expect(await clock.json()).toMatchObject({ now: expect.any(Number) })
})

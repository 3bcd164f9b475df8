import { describe, expect, it } from 'vitest'
import { ACCOUNT, credentials, OTHER_ACCOUNT } from '../../support/aws'
import { decode } from '../../support/bytes'
import { firehoseClient } from '../../support/clients'
import { START } from '../../support/clock'
import { bufferedStream, deliveryKit } from '../../support/delivery'
import { useMock } from '../../support/mock'

const other = { accessKeyId: 'AKIDOTHERACCOUNT', secretAccessKey: 'otherSecretKeyForTheSecondAccount000000' }

// SigV4 verification is on so that a second access key acts as a second account.
const { aws, clock } = useMock({
  quotas: false,
  timing: 'instant',
  auth: { credentials: [{ ...credentials }, { ...other, accountId: OTHER_ACCOUNT }] },
})

/** Clients that sign with the mock's clock (it starts in November 2026), so signatures are not stale. */
const signedWithMockClock = (region: string, creds = credentials) =>
  firehoseClient(region, { credentials: creds, systemClockOffset: START - Date.now() })

const east = signedWithMockClock('us-east-1')
const west = signedWithMockClock('eu-west-1')
const eastOther = signedWithMockClock('us-east-1', other)
const k = deliveryKit(east)

const texts = async (name: string, scope?: { region?: string; accountId?: string }) =>
  (await aws.firehose.deliveries(name, scope)).map((o) => decode(o.data))

describe('deliveries are kept per account and region', () => {
  it('separates the same stream name in two regions and in two accounts', async () => {
    for (const client of [east, west, eastOther]) await k.create(bufferedStream('orders', { intervalInSeconds: 60 }), client)
    await k.put('orders', 'east', east)
    await k.put('orders', 'west', west)
    await k.put('orders', 'other-account', eastOther)
    clock.advance(60_000)

    expect(await texts('orders')).toEqual(['east'])
    expect(await texts('orders', { region: 'us-east-1', accountId: ACCOUNT })).toEqual(['east'])
    expect(await texts('orders', { region: 'eu-west-1' })).toEqual(['west'])
    expect(await texts('orders', { accountId: OTHER_ACCOUNT })).toEqual(['other-account'])
    expect(await texts('orders', { region: 'eu-west-1', accountId: OTHER_ACCOUNT })).toEqual([])
  })

  it('flushes only the stream of the given region and account with flush(name, scope)', async () => {
    for (const client of [east, west, eastOther]) await k.create(bufferedStream('orders', { intervalInSeconds: 900 }), client)
    await k.put('orders', 'east', east)
    await k.put('orders', 'west', west)
    await k.put('orders', 'other-account', eastOther)

    aws.firehose.flush('orders', { region: 'eu-west-1' })
    expect(await texts('orders', { region: 'eu-west-1' })).toEqual(['west'])
    expect(await texts('orders')).toEqual([])
    expect(await texts('orders', { accountId: OTHER_ACCOUNT })).toEqual([])

    aws.firehose.flush('orders', { accountId: OTHER_ACCOUNT })
    expect(await texts('orders', { accountId: OTHER_ACCOUNT })).toEqual(['other-account'])
    expect(await texts('orders')).toEqual([])

    aws.firehose.flush()
    expect(await texts('orders')).toEqual(['east'])
  })

  it('names the region and account in the error of flush() for a stream that does not exist there', async () => {
    await k.create(bufferedStream('orders'), east)
    expect(() => aws.firehose.flush('orders', { region: 'eu-west-1' })).toThrow(/eu-west-1/)
    expect(() => aws.firehose.flush('orders', { accountId: OTHER_ACCOUNT })).toThrow(new RegExp(OTHER_ACCOUNT))
  })
})

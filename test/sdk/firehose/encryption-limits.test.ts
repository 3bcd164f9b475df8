import { describe, expect, it } from 'vitest'
import { s3Stream } from '../../support/aws'
import { DAY } from '../../support/clock'
import { awsOwned, cmk, encryptionKit } from '../../support/encryption'
import { expectAwsError } from '../../support/errors'
import { useMock } from '../../support/mock'

const { aws, clock, firehose } = useMock()

/** Moves the clock forward to an absolute time. */
const advanceTo = (at: number) => {
  expect(at).toBeGreaterThanOrEqual(clock.now())
  clock.advance(at - clock.now())
}
const k = encryptionKit({ aws, clock, firehose })

const LIMIT_ERROR = { name: 'LimitExceededException', message: /25.*24 hours|24 hours.*25/s, status: 400 }

/**
 * Makes `count` accepted Start/Stop calls on a stream, alternating Start (AWS owned key) and Stop
 * and waiting for each transition (plus `gap` ms) on the clock. Returns the clock time of the first call.
 */
async function alternate(name: string, count: number, gap = 0): Promise<number> {
  const first = clock.now()
  for (let i = 0; i < count; i++) {
    if (i > 0) clock.advance(gap)
    if (i % 2 === 0) {
      await k.start(name, awsOwned)
      clock.advance(aws.timing.encryptionEnabling)
    } else {
      await k.stop(name)
      clock.advance(aws.timing.encryptionDisabling)
    }
  }
  return first
}

describe('25 Start + Stop calls per stream per rolling 24 hours', () => {
  it('accepts 13 Starts and 12 Stops, then refuses the 26th call with LimitExceededException and changes nothing', async () => {
    await k.activeStream('orders')
    await alternate('orders', 25)
    expect((await k.encryptionOf('orders')).Status).toBe('ENABLED')

    await expectAwsError(k.stop('orders'), LIMIT_ERROR)
    expect((await k.encryptionOf('orders')).Status).toBe('ENABLED')
    await expectAwsError(k.start('orders', awsOwned), LIMIT_ERROR)
    expect(await k.encryptionOf('orders')).toEqual({ KeyType: 'AWS_OWNED_CMK', Status: 'ENABLED' })
  })

  it('rolls with the clock: the oldest call leaves the window 24 hours after it was made', async () => {
    await k.activeStream('orders')
    const gap = 10 * 60 * 1000
    const first = await alternate('orders', 25, gap)
    const second = first + aws.timing.encryptionEnabling + gap

    advanceTo(first + DAY - 1)
    await expectAwsError(k.stop('orders'), LIMIT_ERROR)
    advanceTo(first + DAY)
    await k.stop('orders')
    expect((await k.encryptionOf('orders')).Status).toBe('DISABLING')
    clock.advance(aws.timing.encryptionDisabling)
    // 25 calls in the window again (the 2nd … 25th and this one): the next call is refused
    // until the 2nd call leaves the window too.
    await expectAwsError(k.start('orders', awsOwned), LIMIT_ERROR)
    advanceTo(second + DAY - 1)
    await expectAwsError(k.start('orders', awsOwned), LIMIT_ERROR)
    advanceTo(second + DAY)
    await k.start('orders', awsOwned)
    expect((await k.encryptionOf('orders')).Status).toBe('ENABLING')
  })

  it('allows calls again after 24 hours have passed', async () => {
    await k.activeStream('orders')
    await alternate('orders', 25)
    await expectAwsError(k.stop('orders'), LIMIT_ERROR)

    clock.advance(DAY)
    await k.stop('orders')
    clock.advance(aws.timing.encryptionDisabling)
    expect((await k.encryptionOf('orders')).Status).toBe('DISABLED')
    await k.start('orders', awsOwned)
    clock.advance(aws.timing.encryptionEnabling)
    expect((await k.encryptionOf('orders')).Status).toBe('ENABLED')
  })

  it('counts Starts that end ENABLING_FAILED, and counts per stream', async () => {
    await k.activeStream('orders')
    await k.activeStream('other')
    const bad = await k.createKey()
    await k.disableKey(bad.keyId)
    for (let i = 0; i < 25; i++) {
      await k.start('orders', cmk(bad.arn))
      clock.advance(aws.timing.encryptionEnabling)
      expect((await k.encryptionOf('orders')).Status).toBe('ENABLING_FAILED')
    }
    await expectAwsError(k.start('orders', awsOwned), LIMIT_ERROR)
    expect((await k.encryptionOf('orders')).Status).toBe('ENABLING_FAILED')

    await k.start('other', awsOwned)
    expect((await k.encryptionOf('other')).Status).toBe('ENABLING')
  })
})

describe('a customer managed key encrypts at most 500 streams', () => {
  it('refuses a 501st stream on the same key with LimitExceededException, on Create and on Start', async () => {
    const key = await k.createKey()
    for (let i = 0; i < 500; i++) {
      await k.create(s3Stream(`s${i}`, { DeliveryStreamEncryptionConfigurationInput: cmk(key.arn) }))
    }
    await expectAwsError(k.create(s3Stream('s500', { DeliveryStreamEncryptionConfigurationInput: cmk(key.arn) })), {
      name: 'LimitExceededException',
      status: 400,
    })
    expect(aws.firehose.streamNames()).not.toContain('s500')

    await k.activeStream('plain')
    await expectAwsError(k.start('plain', cmk(key.arn)), { name: 'LimitExceededException', status: 400 })
    expect((await k.encryptionOf('plain')).Status).toBe('DISABLED')

    const other = await k.createKey()
    await k.start('plain', cmk(other.arn))
    expect((await k.encryptionOf('plain')).Status).toBe('ENABLING')
  }, 60_000)
})

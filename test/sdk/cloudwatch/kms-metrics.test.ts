/**
 * The KMS metrics of a stream encrypted with a customer managed key (KMSKeyDisabled,
 * KMSKeyInvalidState, KMSKeyAccessDenied, KMSKeyNotFound): one per put that failed on the key,
 * read with the real @aws-sdk/client-cloudwatch on a manual clock.
 */
import { ListMetricsCommand } from '@aws-sdk/client-cloudwatch'
import { PutKeyPolicyCommand } from '@aws-sdk/client-kms'
import { describe, expect, it } from 'vitest'
import { FIREHOSE_PRINCIPAL } from '../../support/aws'
import { DAY, START } from '../../support/clock'
import { kmsClient } from '../../support/clients'
import { cloudWatchClient, getStatistics, MINUTE, sumsByMinute } from '../../support/cloudwatch'
import { awsOwned, cmk, DENY_FIREHOSE_POLICY, encryptionKit } from '../../support/encryption'
import { expectAwsError } from '../../support/errors'
import { describeStream } from '../../support/firehose'
import { useMock } from '../../support/mock'

const { aws, clock, firehose } = useMock({ timing: 'instant' })
const k = encryptionKit({ aws, clock, firehose })
const cloudwatch = cloudWatchClient()
const kms = kmsClient()

const KMS_METRICS = ['KMSKeyAccessDenied', 'KMSKeyDisabled', 'KMSKeyInvalidState', 'KMSKeyNotFound']
const KMS_ERROR = { name: 'InvalidKMSResourceException', status: 400 }

/** Per-minute sums of a stream's metric over the 10 minutes from `from`, as [minutes after START, Sum]. */
const sums = (metric: string, from = START) =>
  sumsByMinute(getStatistics(cloudwatch, 'orders', metric, { StartTime: new Date(from), EndTime: new Date(from + 10 * MINUTE) }))

/** The KMS metrics the stream has, with their per-minute sums. */
async function kmsMetrics(from = START) {
  const found: Record<string, unknown> = {}
  for (const metric of KMS_METRICS) {
    const points = await sums(metric, from)
    if (points.length > 0) found[metric] = points
  }
  return found
}

/** A stream whose puts are encrypted with a new customer managed key; the clock is at START. */
async function encryptedStream() {
  await k.activeStream('orders')
  const key = await k.createKey()
  await k.enabled('orders', cmk(key.arn))
  expect(clock.now()).toBe(START)
  return key
}

/** A failed PutRecord and a failed PutRecordBatch of three records, at `at`. */
async function failedPuts(at: number) {
  clock.set(at)
  await expectAwsError(k.put('orders'), KMS_ERROR)
  await expectAwsError(k.putBatch('orders', ['a', 'b', 'c']), KMS_ERROR)
}

describe('KMS metrics of puts that fail on the customer managed key', () => {
  it('count a put refused because the key is disabled in KMSKeyDisabled, once per put, at its minute', async () => {
    const key = await encryptedStream()
    clock.set(START + 5_000)
    await k.expectPutsEncrypted('orders', true)
    await k.disableKey(key.keyId)
    await failedPuts(START + 2 * MINUTE + 5_000)
    await failedPuts(START + 4 * MINUTE + 30_000)
    clock.set(START + 4 * MINUTE + 40_000)
    await expectAwsError(k.put('orders'), KMS_ERROR)

    expect(await kmsMetrics()).toEqual({
      KMSKeyDisabled: [
        [2, 2],
        [4, 3],
      ],
    })
    const { Datapoints } = await getStatistics(cloudwatch, 'orders', 'KMSKeyDisabled', { Statistics: ['SampleCount', 'Maximum'] })
    expect(Datapoints!.map(({ Unit, SampleCount, Maximum }) => ({ Unit, SampleCount, Maximum }))).toEqual([
      { Unit: 'Count', SampleCount: 2, Maximum: 1 },
      { Unit: 'Count', SampleCount: 3, Maximum: 1 },
    ])
    // The failed puts brought nothing in.
    expect(await sums('IncomingRecords')).toEqual([[0, 3]])

    // Enabled again, the key lets puts through and counts nothing more.
    await k.enableKey(key.keyId)
    clock.set(START + 6 * MINUTE)
    await k.expectPutsEncrypted('orders', true)
    expect(await kmsMetrics()).toEqual({
      KMSKeyDisabled: [
        [2, 2],
        [4, 3],
      ],
    })
  })

  it('count a put refused because the key is pending deletion in KMSKeyInvalidState, and after it is deleted in KMSKeyNotFound', async () => {
    const key = await encryptedStream()
    await k.scheduleDeletion(key.keyId, 7)
    await failedPuts(START + MINUTE)
    expect(await kmsMetrics()).toEqual({ KMSKeyInvalidState: [[1, 2]] })

    const later = START + 8 * DAY
    await failedPuts(later + 5_000)
    expect(aws.kms.keys().map((x) => x.keyId)).not.toContain(key.keyId)
    expect(await kmsMetrics(later)).toEqual({ KMSKeyNotFound: [[8 * 24 * 60, 2]] })
    expect(aws.cloudwatch.datapoints('KMSKeyInvalidState', { stream: 'orders' })).toEqual([
      { timestamp: START + MINUTE, unit: 'Count', sum: 2, sampleCount: 2, minimum: 1, maximum: 1 },
    ])
  })

  it('count a put refused because Firehose’s grant was revoked in KMSKeyAccessDenied', async () => {
    const key = await encryptedStream()
    const grants = aws.kms.grants(key.keyId).filter((g) => g.granteePrincipal === FIREHOSE_PRINCIPAL)
    expect(grants).toHaveLength(1)
    await k.revokeGrant(key.keyId, grants[0]!.grantId)
    await failedPuts(START + 3 * MINUTE)
    clock.set(START + 3 * MINUTE + 59_999)
    await expectAwsError(k.put('orders'), KMS_ERROR)
    expect(await kmsMetrics()).toEqual({ KMSKeyAccessDenied: [[3, 3]] })
  })

  it('count a put refused because the key policy came to deny Firehose in KMSKeyAccessDenied: an explicit Deny overrides the grant', async () => {
    const key = await encryptedStream()
    await kms.send(new PutKeyPolicyCommand({ KeyId: key.keyId, PolicyName: 'default', Policy: DENY_FIREHOSE_POLICY }))
    await failedPuts(START + 2 * MINUTE)
    expect(await kmsMetrics()).toEqual({ KMSKeyAccessDenied: [[2, 2]] })
    expect(aws.firehose.records('orders')).toEqual([])
    const { DeliveryStreamEncryptionConfiguration } = await describeStream(firehose, 'orders')
    expect(DeliveryStreamEncryptionConfiguration).toMatchObject({ Status: 'ENABLED', FailureDescription: { Type: 'KMS_ACCESS_DENIED' } })
  })

  it('are not published for a stream whose puts succeed, with a customer managed or an AWS owned key', async () => {
    await encryptedStream()
    await k.expectPutsEncrypted('orders', true)
    await k.activeStream('owned')
    await k.enabled('owned', awsOwned)
    await k.expectPutsEncrypted('owned', true)
    const { Metrics } = await cloudwatch.send(new ListMetricsCommand({ Namespace: 'AWS/Firehose' }))
    const names = new Set(Metrics!.map((m) => m.MetricName))
    expect(names).toContain('IncomingRecords')
    expect(KMS_METRICS.filter((name) => names.has(name))).toEqual([])
  })
})

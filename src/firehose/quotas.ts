/**
 * Firehose's default quotas (AWS's published defaults, by region) and the sliding one-second
 * windows that enforce the per-stream put quotas and, when asked for, the control-plane TPS.
 * Windows are computed from the clock: a frozen clock keeps a burst inside one second.
 */
import { limitExceeded } from './errors'

export interface Quotas {
  /** Streams per account and region; CreateDeliveryStream beyond it is LimitExceededException. */
  deliveryStreamsPerRegion: number
  /** Start + Stop encryption calls per stream per rolling 24 hours. */
  encryptionCallsPerDay: number
  /** Records per second per stream (PutRecord + PutRecordBatch). */
  putRecordsPerSecond: number
  /** Put requests per second per stream. */
  putRequestsPerSecond: number
  /** MiB of record data per second per stream. */
  putMiBPerSecond: number
  /** Calls per second per control-plane operation, per account and region; absent: not limited. */
  controlPlaneTps: Partial<Record<string, number>>
}

export type ControlPlaneOperation =
  | 'CreateDeliveryStream'
  | 'DeleteDeliveryStream'
  | 'DescribeDeliveryStream'
  | 'ListDeliveryStreams'
  | 'UpdateDestination'
  | 'TagDeliveryStream'
  | 'UntagDeliveryStream'
  | 'ListTagsForDeliveryStream'
  | 'StartDeliveryStreamEncryption'
  | 'StopDeliveryStreamEncryption'

export const CONTROL_PLANE_OPERATIONS: ControlPlaneOperation[] = [
  'CreateDeliveryStream',
  'DeleteDeliveryStream',
  'DescribeDeliveryStream',
  'ListDeliveryStreams',
  'UpdateDestination',
  'TagDeliveryStream',
  'UntagDeliveryStream',
  'ListTagsForDeliveryStream',
  'StartDeliveryStreamEncryption',
  'StopDeliveryStreamEncryption',
]

/** The quota option of `createFirehoseMock`. */
export type QuotasOption =
  | false
  | {
      deliveryStreamsPerRegion?: number
      encryptionCallsPerDay?: number
      putRecordsPerSecond?: number
      putRequestsPerSecond?: number
      putMiBPerSecond?: number
      /** Opt-in: `true` for AWS's 5 calls/s on each control-plane operation, or a rate per operation. */
      controlPlaneTps?: boolean | Partial<Record<ControlPlaneOperation, number>>
    }

const STREAMS_PER_REGION: Array<[number, string[]]> = [
  [5000, ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'ap-northeast-1']],
  [
    2000,
    [
      'eu-central-1',
      'eu-west-2',
      'ap-southeast-1',
      'ap-southeast-2',
      'ap-northeast-2',
      'ap-south-1',
      'us-gov-west-1',
      'ca-west-1',
      'ca-central-1',
    ],
  ],
  [
    500,
    [
      'eu-west-3',
      'eu-south-1',
      'eu-north-1',
      'ap-east-1',
      'ap-northeast-3',
      'sa-east-1',
      'cn-northwest-1',
      'cn-north-1',
      'me-south-1',
      'us-gov-east-1',
      'af-south-1',
    ],
  ],
]
/** Regions the quota page does not list (and newer ones) get the smallest published figure. */
const STREAMS_ELSEWHERE = 100
const LARGE_THROUGHPUT_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1']
const CONTROL_PLANE_DEFAULT_TPS = 5
const UNLIMITED = Number.POSITIVE_INFINITY

/** The defaults AWS documents for a region. */
export function defaultQuotas(region: string): Quotas {
  const large = LARGE_THROUGHPUT_REGIONS.includes(region)
  return {
    deliveryStreamsPerRegion: STREAMS_PER_REGION.find(([, regions]) => regions.includes(region))?.[0] ?? STREAMS_ELSEWHERE,
    encryptionCallsPerDay: 25,
    putRecordsPerSecond: large ? 500_000 : 100_000,
    putRequestsPerSecond: large ? 2_000 : 1_000,
    putMiBPerSecond: large ? 5 : 1,
    controlPlaneTps: {},
  }
}

/** Resolves the option for one region: `false` lifts every quota. */
export function resolveQuotas(option: QuotasOption | undefined, region: string): Quotas {
  if (option === false) {
    return {
      deliveryStreamsPerRegion: UNLIMITED,
      encryptionCallsPerDay: UNLIMITED,
      putRecordsPerSecond: UNLIMITED,
      putRequestsPerSecond: UNLIMITED,
      putMiBPerSecond: UNLIMITED,
      controlPlaneTps: {},
    }
  }
  const base = defaultQuotas(region)
  const { controlPlaneTps, ...rest } = option ?? {}
  const tps =
    controlPlaneTps === true
      ? Object.fromEntries(CONTROL_PLANE_OPERATIONS.map((op) => [op, CONTROL_PLANE_DEFAULT_TPS]))
      : controlPlaneTps || {}
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined))
  return { ...base, ...defined, controlPlaneTps: tps }
}

/** Amounts used within the last second, as a list of (time, amount) entries. */
export class SlidingWindow {
  private entries: Array<{ at: number; amounts: number[] }> = []

  /** Totals of each amount over the second ending at `now`. */
  totals(now: number, width: number): number[] {
    this.entries = this.entries.filter((e) => now - e.at < 1000)
    const sums = new Array<number>(width).fill(0)
    for (const e of this.entries) e.amounts.forEach((a, i) => (sums[i]! += a))
    return sums
  }

  add(now: number, amounts: number[]): void {
    this.entries.push({ at: now, amounts })
  }
}

/** The opt-in control-plane TPS: a sliding one-second window per account, region and operation. */
export class ControlPlaneRate {
  private readonly windows = new Map<string, SlidingWindow>()

  /** Counts a call at `now`, or throws LimitExceededException when the operation's TPS is used up. */
  admit(quotas: Quotas, accountId: string, region: string, operation: string, now: number): void {
    const tps = quotas.controlPlaneTps[operation]
    if (tps === undefined) return
    const key = `${accountId}/${region}/${operation}`
    let window = this.windows.get(key)
    if (!window) this.windows.set(key, (window = new SlidingWindow()))
    if (window.totals(now, 1)[0]! + 1 > tps) throw limitExceeded(`Rate exceeded for ${operation}: at most ${tps} calls per second.`)
    window.add(now, [1])
  }

  clear(): void {
    this.windows.clear()
  }
}

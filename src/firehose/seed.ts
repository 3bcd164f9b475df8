/**
 * Streams from fixtures, built by the operations' own functions (CreateDeliveryStream's build,
 * StartDeliveryStreamEncryption's start) and then aged: a seeded stream has been ACTIVE forever,
 * its encryption change completed and propagated long ago, and its seeded calls do not count
 * against the daily Start/Stop limit.
 */
import { SeedError, seedStep } from '../service'
import { startEncryption } from './encryption'
import { settleAsSeeded } from './encryption-state'
import { buildDeliveryStream, type CreateDeliveryStreamInput } from './operations/create-delivery-stream'
import type { FirehoseContext } from './store'

export interface StreamSeed {
  /** A validated CreateDeliveryStream input. */
  definition: CreateDeliveryStreamInput
  /** `true`: creation starts at load time, with the mock's timing; otherwise ACTIVE since forever. */
  creating: boolean
  /** Records already in the stream, in arrival order. */
  records: Uint8Array[]
  /** A validated StartDeliveryStreamEncryption configuration, applied after creation. */
  startEncryption?: { KeyType: string; KeyARN?: string }
  /** `false`: the Start happens at load time with the mock's timing (ENABLING first). */
  settled: boolean
}

/**
 * Seeds one stream. `ctx` has instant timing unless the stream is `creating`; `live` has the
 * mock's timing, for an unsettled Start. Throws SeedError naming the member at fault.
 */
export function seedStream(ctx: FirehoseContext, live: FirehoseContext, seed: StreamSeed): void {
  const name = seed.definition.DeliveryStreamName
  if (ctx.store.get(ctx.accountId, ctx.region, name, ctx.now)) {
    throw new SeedError('definition.DeliveryStreamName', `stream "${name}" is defined twice in ${ctx.region}`)
  }
  const stream = seedStep('definition', () => buildDeliveryStream(seed.definition, ctx))
  if (!seed.creating) stream.activeAt = Number.NEGATIVE_INFINITY // even for a clock set before the load time
  for (const data of seed.records) stream.records.push({ seq: ctx.nextRecordSeq(), data, encrypted: false, receivedAt: ctx.now })
  ctx.store.add(stream)
  if (seed.startEncryption !== undefined) {
    const sse = seed.startEncryption
    try {
      seedStep('startEncryption', () => startEncryption(stream, 'ACTIVE', sse, seed.settled ? ctx : live))
    } catch (error) {
      ctx.store.remove(stream) // a fixture entry loads whole or not at all
      throw error
    }
  }
  if (seed.settled) settleAsSeeded(stream.encryption, ctx.now)
  stream.encryption.calls = []
}

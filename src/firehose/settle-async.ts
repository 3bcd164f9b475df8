/**
 * What Firehose settles asynchronously, in order: the Lambda invocations due (their output goes on
 * to the destination), then the requests due to HTTP endpoints. `cut` streams (`flush()`, an
 * UpdateDestination) make what their processor and their endpoint buffer hold due at once.
 */
import type { LambdaRegistration } from '../types'
import type { DeliverySinks } from './delivery'
import { cutHttpNow, deliverHttp } from './http-delivery'
import { cutNow, processDue } from './processing'
import type { DeliveryStream } from './types'

export async function settleAsync(
  streams: DeliveryStream[],
  cut: DeliveryStream[],
  sinks: DeliverySinks & { recordId: (seq: number) => string },
  lambdas: Record<string, LambdaRegistration>,
  at: number,
  now: () => number,
): Promise<void> {
  for (const stream of cut) cutNow(stream, at)
  await processDue(streams, sinks, lambdas, at, now)
  for (const stream of cut) cutHttpNow(stream, sinks, at)
  // The global fetch of the moment: MSW's, when the receiver is a handler.
  await deliverHttp(streams, sinks, at, now, fetch)
}

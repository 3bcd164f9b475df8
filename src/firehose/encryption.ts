/** Server-side encryption state of a stream (filled in by the encryption capability). */
import type { DeliveryStream, WireObject } from './delivery-stream'

export function describeEncryption(_stream: DeliveryStream, _now: number): WireObject {
  return { Status: 'DISABLED' }
}

/** Whether a put at `now` is encrypted, and with which customer managed key. */
export function putEncryption(_stream: DeliveryStream, _now: number): { encrypted: boolean; keyArn?: string } {
  return { encrypted: false }
}

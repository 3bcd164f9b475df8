/**
 * An error that the mock answers on the wire, shaped as AWS answers it. Made by a service's error
 * catalog (protocol/catalog.ts), thrown by operations, and turned into a Response by the
 * serializer of the service's protocol.
 */
export class AwsError extends Error {
  /** The exception name: `__type` in the body and the `x-amzn-ErrorType` header. */
  readonly code: string
  readonly status: number
  readonly fault: 'client' | 'server'
  /**
   * How the message is keyed in the body: modeled errors (and the SigV4 errors) use `message`;
   * some unmodeled framework errors (SerializationException, AccessDeniedException) use `Message`.
   */
  readonly messageKey: 'message' | 'Message'
  /** Whether the body carries a message at all (UnknownOperationException has none). */
  readonly hasMessage: boolean

  constructor(code: string, message: string | undefined, options: { status?: number; messageKey?: 'message' | 'Message' } = {}) {
    super(message ?? '')
    this.name = code
    this.code = code
    this.status = options.status ?? 400
    this.fault = this.status >= 500 ? 'server' : 'client'
    this.messageKey = options.messageKey ?? 'message'
    this.hasMessage = message !== undefined
  }
}

/** Misuse of the library itself (bad options, bad fixtures). Never sent on the wire. */
export class FirehoseMswError extends Error {
  constructor(message: string) {
    super(`[firehose-msw] ${message}`)
    this.name = 'FirehoseMswError'
  }
}

/**
 * An error that the mock answers on the wire, shaped as AWS answers it. Operations throw these;
 * `toErrorResponse()` is the only place that turns one into a Response.
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

/** A factory for one modeled 400 error: `const notFound = clientError('NotFoundException')`. */
export const clientError =
  (code: string) =>
  (message: string): AwsError =>
    new AwsError(code, message)

/** Misuse of the library itself (bad options, bad fixtures). Never sent on the wire. */
export class FirehoseMswError extends Error {
  constructor(message: string) {
    super(`[firehose-msw] ${message}`)
    this.name = 'FirehoseMswError'
  }
}

/** The body is not JSON, or a member has the wrong JSON type. */
export const serializationError = (message?: string): AwsError => new AwsError('SerializationException', message, { messageKey: 'Message' })

/** The `X-Amz-Target` header names no operation of the service. */
export const unknownOperationError = (): AwsError => new AwsError('UnknownOperationException', undefined)

/** The request breaks a constraint of the API model. */
export const validationError = (message: string): AwsError => new AwsError('ValidationException', message)

/** Something inside the mock failed: answered as AWS answers its own internal errors. */
export const internalFailure = (): AwsError =>
  new AwsError('InternalFailure', 'We encountered an internal error. Please try again.', { status: 500 })

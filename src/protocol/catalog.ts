/**
 * Error catalogs: for each service, what each error code looks like on the wire — its HTTP
 * status, the key its message goes under, the text it has when no message is given. A catalog is
 * built from the API model's error shapes (the generated `modelErrors`: code → status) with the
 * documented overrides, on top of the errors every AWS JSON service answers the same way. It is
 * the only place that knows statuses and message keys; operations, the protocol layer and
 * injected faults all get their errors from one.
 */
import { AwsError } from './aws-error'

export interface ErrorSpec {
  status: number
  /** Modeled errors use `message`; some unmodeled framework errors use `Message`. */
  messageKey?: 'message' | 'Message'
  /** The message when the caller gives none (an injected fault without `message`). */
  defaultMessage?: string
}

export interface ErrorCatalog {
  /** Whether the catalog lists the code. */
  knows(code: string): boolean
  /** The spec of a code; a code the catalog does not know is a plain client error (400, `message`). */
  spec(code: string): ErrorSpec
  /** The error for a code; without a message (and no default), the body carries none, as for UnknownOperationException. */
  error(code: string, message?: string): AwsError
  /** A factory for one code: `const notFound = errors.factory('NotFoundException')`. */
  factory(code: string): (message: string) => AwsError
  /** Factories by name: `const { notFound } = errors.factories({ notFound: 'NotFoundException' })`. */
  factories<K extends string>(codes: Record<K, string>): Record<K, (message: string) => AwsError>
}

const INTERNAL = 'We encountered an internal error. Please try again.'

/** What every AWS JSON service answers the same way: framework, authentication and throttling errors. */
export const COMMON_JSON_ERRORS: Readonly<Record<string, ErrorSpec>> = {
  AccessDeniedException: { status: 400, messageKey: 'Message' },
  ExpiredTokenException: { status: 400 },
  IncompleteSignatureException: { status: 400 },
  InternalFailure: { status: 500, defaultMessage: INTERNAL },
  InternalServerError: { status: 500 },
  InvalidSignatureException: { status: 400 },
  MissingAuthenticationTokenException: { status: 400 },
  SerializationException: { status: 400, messageKey: 'Message' },
  ServiceUnavailable: { status: 503 },
  ThrottlingException: { status: 400, defaultMessage: 'Rate exceeded' },
  UnknownOperationException: { status: 400 },
  UnrecognizedClientException: { status: 400 },
  /** The mock's answer for an operation of the model it does not simulate. */
  UnsupportedOperationException: { status: 400 },
  ValidationException: { status: 400 },
}

/** A catalog from a model's error statuses, with overrides applied last. */
export function errorCatalog(
  modelErrors: Readonly<Record<string, number>>,
  overrides: Readonly<Record<string, Partial<ErrorSpec>>> = {},
  common: Readonly<Record<string, ErrorSpec>> = COMMON_JSON_ERRORS,
): ErrorCatalog {
  const specs = new Map<string, ErrorSpec>(Object.entries(common))
  for (const [code, status] of Object.entries(modelErrors)) specs.set(code, Object.assign({}, specs.get(code), { status }))
  for (const [code, override] of Object.entries(overrides)) specs.set(code, { status: 400, ...specs.get(code), ...override })
  return catalogOf((code) => specs.get(code))
}

/**
 * A catalog that answers from `primary`, and for a code it does not know from the first of
 * `others` that does: a fault rule that names no service injects e.g. ServiceUnavailableException
 * (503, "Slow down.") into KMS calls too, shaped as Firehose answers it.
 */
function withFallback(primary: ErrorCatalog, others: readonly ErrorCatalog[]): ErrorCatalog {
  return catalogOf((code) => [primary, ...others].find((catalog) => catalog.knows(code))?.spec(code))
}

/** For each service, the catalog injected faults are shaped by: its own, then the other services' in order. */
export function faultCatalogs<K extends string>(services: Record<K, { errors: ErrorCatalog }>): Record<K, ErrorCatalog> {
  const entries = Object.entries<{ errors: ErrorCatalog }>(services)
  const others = (name: string) => entries.filter(([other]) => other !== name).map(([, service]) => service.errors)
  return Object.fromEntries(entries.map(([name, service]) => [name, withFallback(service.errors, others(name))])) as Record<K, ErrorCatalog>
}

function catalogOf(lookup: (code: string) => ErrorSpec | undefined): ErrorCatalog {
  const spec = (code: string): ErrorSpec => lookup(code) ?? { status: 400 }
  const error = (code: string, message?: string): AwsError => {
    const { status, messageKey = 'message', defaultMessage } = spec(code)
    return new AwsError(code, message ?? defaultMessage, { status, messageKey })
  }
  const factory = (code: string) => (message: string) => error(code, message)
  const factories = <K extends string>(codes: Record<K, string>) =>
    Object.fromEntries(Object.entries<string>(codes).map(([name, code]) => [name, factory(code)])) as Record<
      K,
      (message: string) => AwsError
    >
  return { knows: (code) => lookup(code) !== undefined, spec, error, factory, factories }
}

/** The errors of the protocol layer itself, before a service is known (and of services that add none). */
export const jsonErrors = errorCatalog({})

/**
 * What the standalone server answers before a service reads a request: a browser origin it does
 * not allow (S3's CORS refusal), a body over its limit (AWS's RequestEntityTooLargeException), too
 * many connections at once, and a request that is no
 * AWS JSON call at all (wrong method or path), which AWS's front door answers 404 with an empty
 * `<UnknownOperationException/>` element.
 */
export const serverErrors = errorCatalog(
  {},
  {
    AccessForbidden: { status: 403 },
    RequestEntityTooLargeException: { status: 413 },
    ServiceUnavailableException: { status: 503 },
    UnknownOperationException: { status: 404 },
  },
  {},
)

/** The body is not JSON, or a member has the wrong JSON type. */
export const serializationError = (message?: string): AwsError => jsonErrors.error('SerializationException', message)

/** The `X-Amz-Target` header names no operation of the service. */
export const unknownOperationError = (): AwsError => jsonErrors.error('UnknownOperationException')

/** The request breaks a constraint of the API model. */
export const validationError = jsonErrors.factory('ValidationException')

/** Something inside the mock failed: answered as AWS answers its own internal errors. */
export const internalFailure = (): AwsError => jsonErrors.error('InternalFailure')

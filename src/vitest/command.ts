/** Which operation a matcher asks about: an SDK command class, or an operation name. */
/** An SDK command class (`PutRecordCommand`) or an operation name (`'PutRecord'`, `'kms:Encrypt'`). */
export type CommandRef = string | (abstract new (...args: any[]) => unknown)

export interface CommandSpec {
  label: string
  operation: string
  /** The mock's service name, when the reference says it. */
  service?: string
  matches(call: { service?: string; operation: string }): boolean
}

/** Smithy namespaces (`com.amazonaws.<name>`) → the mock's service names. */
const SERVICES: Record<string, string> = { firehose: 'firehose', kms: 'kms', cognitoidentity: 'cognito', cloudwatch: 'cloudwatch' }

/** The service and operation of an SDK command instance: from its schema (SDK releases of 2025 on), else its class name. */
export function operationOfCommand(command: object): { service?: string; operation: string } {
  const schema = (command as { schema?: unknown }).schema
  if (Array.isArray(schema) && typeof schema[1] === 'string' && typeof schema[2] === 'string') {
    const namespace = schema[1].replace(/^com\.amazonaws\./, '')
    return { service: SERVICES[namespace] ?? namespace, operation: schema[2] }
  }
  return { operation: command.constructor.name.replace(/Command$/, '') }
}

export function commandOf(ref: CommandRef): CommandSpec {
  let service: string | undefined
  let operation: string
  if (typeof ref === 'string') {
    const colon = ref.indexOf(':')
    service = colon < 0 ? undefined : ref.slice(0, colon)
    operation = ref.slice(colon + 1)
  } else if (typeof ref === 'function') {
    let instance: object | undefined
    try {
      instance = new (ref as new (input: object) => object)({})
    } catch {
      instance = undefined
    }
    ;({ service, operation } = instance ? operationOfCommand(instance) : { operation: ref.name.replace(/Command$/, '') })
  } else {
    throw new TypeError(
      `[firehose-msw] a command is an SDK command class (PutRecordCommand) or an operation name ('PutRecord'), not ${String(ref)}`,
    )
  }
  return {
    // From the schema where there is one: a bundler may have renamed the class (PutRecordCommand2).
    label: typeof ref === 'string' ? ref : service === undefined ? ref.name : `${operation}Command`,
    operation,
    service,
    matches: (call) => call.operation === operation && (service === undefined || call.service === undefined || call.service === service),
  }
}

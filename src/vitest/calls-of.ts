/** The calls a matcher reads: the firehose-msw mock's call log, or an aws-sdk-client-mock mock's calls. */
import type { RecordedCall } from '../calls'
import { operationOfCommand, type CommandSpec } from './command'

export interface CallView {
  /** 1-based, among the calls it is listed with */
  nth: number
  label: string
  service?: string
  operation: string
  input: Record<string, unknown>
  error?: RecordedCall['error']
}

interface ClientMockLike {
  calls(): Array<{ args: unknown[] }>
  commandCalls(command: unknown): unknown[]
  clientName?(): string
}

const isFirehoseMock = (value: unknown): value is { calls(): RecordedCall[] } =>
  typeof (value as { calls?: unknown })?.calls === 'function' && Array.isArray((value as { handlers?: unknown }).handlers)
const isClientMock = (value: unknown): value is ClientMockLike =>
  typeof (value as { calls?: unknown })?.calls === 'function' && typeof (value as { commandCalls?: unknown }).commandCalls === 'function'

/** Every call `received` got (`all`) and those of `command` (`of`), numbered within each list. */
export function readCalls(received: unknown, command?: CommandSpec, answers = false): { name: string; all: CallView[]; of: CallView[] } {
  let name: string
  let all: Array<Omit<CallView, 'nth'>>
  if (isFirehoseMock(received)) {
    name = 'the mock'
    all = received.calls().map((call) => ({ label: call.operation, ...call }))
  } else if (isClientMock(received)) {
    if (answers)
      throw new TypeError(
        "[firehose-msw] an aws-sdk-client-mock mock answers what it was told to: only firehose-msw's mock has answers to check",
      )
    name = received.clientName?.() ?? 'the client mock'
    all = received.calls().map(({ args }) => {
      const sent = args[0] as { input?: Record<string, unknown> }
      const { service, operation } = operationOfCommand(sent)
      return { label: operation, service, operation, input: sent.input ?? {} }
    })
  } else {
    throw new TypeError(
      `[firehose-msw] expected the mock createFirehoseMock() returns (or an aws-sdk-client-mock mock), not ${received === null ? 'null' : typeof received}`,
    )
  }
  const numbered = (calls: typeof all): CallView[] => calls.map((call, i) => Object.assign({}, call, { nth: i + 1 }))
  return { name, all: numbered(all), of: command ? numbered(all.filter((call) => command.matches(call))) : [] }
}

/** "It received 3 calls: DescribeDeliveryStream, PutRecord ×2." */
export function describeCalls(calls: CallView[]): string {
  if (calls.length === 0) return 'It received no calls.'
  const counts = new Map<string, number>()
  for (const call of calls) counts.set(call.operation, (counts.get(call.operation) ?? 0) + 1)
  const names = [...counts].map(([operation, n]) => (n > 1 ? `${operation} ×${n}` : operation))
  return `It received ${calls.length} call${calls.length > 1 ? 's' : ''}: ${names.join(', ')}.`
}

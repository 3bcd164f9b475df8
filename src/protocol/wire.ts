/**
 * What the AWS JSON path and the lazily loaded codecs (AWS Query, RPC v2 CBOR) share at run time:
 * the members of a structure shape, the CORS headers, whose fault an error is. One small module,
 * so that sharing them does not split shapes.ts or response.ts out of the core chunk.
 */
import type { AwsError } from './aws-error'

type Members = Array<[name: string, target: string, required: number | undefined]>
const memberLists = new WeakMap<object, Members>()

/** A structure shape's members (`s`: 'Name=Target', '!' before required ones) as a list, computed once per shape (the hot paths walk it per record). */
export function membersOf(shape: { s?: string }): Members {
  let list = memberLists.get(shape)
  if (!list) {
    list = (shape.s ?? '')
      .split(' ')
      .filter(Boolean)
      .map((entry) => {
        const required = entry.startsWith('!') ? 1 : undefined
        const [name, target = name] = (required ? entry.slice(1) : entry).split('=') as [string, string?]
        return [name, target, required]
      })
    memberLists.set(shape, list)
  }
  return list
}

/** What AWS's endpoints let a page's script read: any origin, and the request id and error headers. */
export const CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date',
}

/** Whose fault an error is, as AWS Query names it: `Sender` for 4xx, `Receiver` for 5xx. */
export const errorSender = (error: AwsError): string => (error.status >= 500 ? 'Receiver' : 'Sender')

/**
 * Shared by the tests of the standalone server (firehose-msw/server and its CLI): the control API
 * over fetch, the CLI started as a child process, and a check that a port is closed.
 */
import { connect } from 'node:net'
import { start, type RunOptions, type Started } from './process'

export interface ControlAnswer {
  status: number
  contentType: string | null
  body: any
}

/** Calls the control API: `body` is sent as JSON unless it is already a string. */
export async function control(url: string, method: 'GET' | 'POST', route: string, body?: unknown): Promise<ControlAnswer> {
  const response = await fetch(`${url}/_firehose-msw/${route}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  })
  const text = await response.text()
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = text
  }
  return { status: response.status, contentType: response.headers.get('content-type'), body: parsed }
}

/** The stored records of a stream, with their data decoded to text. */
export async function recordTexts(url: string, stream: string, region = 'us-east-1'): Promise<string[]> {
  const { status, body } = await control(url, 'GET', `records?stream=${encodeURIComponent(stream)}&region=${region}`)
  if (status !== 200) throw new Error(`GET records answered ${status}: ${JSON.stringify(body)}`)
  return (body.records as { data: string }[]).map((r) => Buffer.from(r.data, 'base64').toString('utf8'))
}

/**
 * Starts `firehose-msw serve` as a child process (`command` and `args` name how, e.g. node with
 * dist/server/cli.js) and resolves once it prints the URL it listens on.
 */
export async function startCliServer(
  command: string,
  args: string[],
  options: Omit<RunOptions, 'timeout'> & { timeoutMs?: number } = {},
): Promise<Started & { url: string }> {
  const started = start(command, args, options)
  const listening = await started.waitForLine(/^firehose-msw listening on /, options.timeoutMs)
  return { ...started, url: /listening on (http:\/\/\S+)$/.exec(listening)![1]! }
}

/** Whether a TCP connection to the URL's host and port is refused (nothing listens there). */
export const refused = (url: string) =>
  new Promise<boolean>((resolve) => {
    const { hostname, port } = new URL(url)
    const socket = connect(Number(port), hostname)
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(true))
  })

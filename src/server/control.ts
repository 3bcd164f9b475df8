/**
 * The control API under /_firehose-msw/ (a path AWS never uses): plain JSON, its own errors
 * (`{ "message": … }`), for what a test or a dev setup needs beside the AWS calls — reset, fixtures,
 * the clock, and the in-process inspection API over HTTP.
 */
import type { ServerResponse } from 'node:http'
import type { Fixture } from '../fixtures'
import { FirehoseMswError } from '../protocol/aws-error'
import { encodeBase64 } from '../protocol/base64'
import type { FaultHandle, FaultRule } from '../faults'
import type { FirehoseMock } from '../types'

export const CONTROL = '/_firehose-msw/'

export interface ControlContext {
  mock: FirehoseMock
  now(): number
  advance(ms: number): void
  /** The fault rules added over the control API, by id (dropped with every reset, as the mock drops them). */
  faults: Map<string, { rule: FaultRule; handle: FaultHandle }>
}

let nextFaultId = 1

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

export async function control(
  { mock, now, advance, faults }: ControlContext,
  route: string,
  url: URL,
  body: Uint8Array,
  method: string,
  res: ServerResponse,
): Promise<void> {
  const scope = {
    region: url.searchParams.get('region') ?? undefined,
    accountId: url.searchParams.get('accountId') ?? undefined,
  }
  const json = (): Record<string, unknown> => {
    const text = new TextDecoder().decode(body).trim()
    const parsed: unknown = text ? JSON.parse(text) : {}
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new FirehoseMswError('The request body must be a JSON object')
    }
    return parsed as Record<string, unknown>
  }
  /** A required query parameter; its absence is the caller's mistake (400). */
  const param = (name: string): string => {
    const value = url.searchParams.get(name)
    if (!value) throw new FirehoseMswError(`Query parameter "${name}" is required`)
    return value
  }
  try {
    if (method === 'GET' && route === 'health') return sendJson(res, 200, { ok: true, now: now() })
    if (method === 'POST' && route === 'reset') {
      mock.reset()
      faults.clear()
      return sendJson(res, 200, { ok: true })
    }
    if (method === 'GET' && route === 'snapshot') return sendJson(res, 200, await mock.snapshot())
    if (method === 'POST' && route === 'fixtures') {
      mock.load(json() as Fixture)
      return sendJson(res, 200, { ok: true })
    }
    if (method === 'POST' && route === 'clock/advance') {
      const ms = Number(json().ms)
      if (!Number.isFinite(ms) || ms < 0) return sendJson(res, 400, { message: 'Body must be {"ms": <milliseconds ≥ 0>}' })
      advance(ms)
      return sendJson(res, 200, { now: now() })
    }
    if (method === 'GET' && route === 'clock') return sendJson(res, 200, { now: now() })
    if (method === 'GET' && route === 'streams') return sendJson(res, 200, { streams: mock.firehose.streamNames(scope) })
    if (method === 'GET' && route === 'records') {
      const stream = param('stream')
      const records = mock.firehose.records(stream, scope).map((r) => ({ ...r, data: encodeBase64(r.data) }))
      return sendJson(res, 200, { records })
    }
    if (method === 'GET' && route === 'keys') return sendJson(res, 200, { keys: mock.kms.keys(scope) })
    if (method === 'GET' && route === 'dropped-records') {
      return sendJson(res, 200, { dropped: mock.firehose.droppedRecords(param('stream'), scope) })
    }
    if (method === 'GET' && route === 'identity-pools') return sendJson(res, 200, { pools: mock.cognito.pools(scope) })
    if (method === 'GET' && route === 'identities') {
      return sendJson(res, 200, { identities: mock.cognito.identities(param('pool'), scope) })
    }
    if (method === 'GET' && route === 'grants') {
      return sendJson(res, 200, { grants: mock.kms.grants(url.searchParams.get('keyId') ?? undefined, scope) })
    }
    if (method === 'GET' && route === 'deliveries') {
      const stream = param('stream')
      const objects = (await mock.firehose.deliveries(stream, scope)).map((o) => ({ ...o, data: encodeBase64(o.data) }))
      return sendJson(res, 200, { deliveries: objects })
    }
    if (route === 'faults' || route.startsWith('faults/')) return faultRoute(mock, faults, route.slice('faults/'.length), method, json, res)
    if (method === 'GET' && route === 'invocations') {
      return sendJson(res, 200, { invocations: mock.firehose.invocations(param('stream'), scope) })
    }
    if (method === 'GET' && route === 'http-deliveries') {
      return sendJson(res, 200, { deliveries: await mock.firehose.httpDeliveries(param('stream'), scope) })
    }
    if (method === 'POST' && route === 'flush') {
      await mock.firehose.flush(url.searchParams.get('stream') ?? undefined, scope)
      return sendJson(res, 200, { ok: true })
    }
    if (method === 'GET' && route === 'metrics') {
      const name = param('name')
      const stream = url.searchParams.get('stream') ?? undefined
      const namespace = url.searchParams.get('namespace') ?? undefined
      return sendJson(res, 200, { datapoints: mock.cloudwatch.datapoints(name, { ...scope, stream, namespace }) })
    }
    return sendJson(res, 404, { message: `Unknown control route: ${method} ${CONTROL}${route}` })
  } catch (error) {
    const status = error instanceof FirehoseMswError || error instanceof SyntaxError ? 400 : 500
    return sendJson(res, status, { message: (error as Error).message })
  }
}

/** `GET faults` lists the rules added here, `POST faults` adds one (a FaultRule as JSON), `DELETE faults[/<id>]` removes one or all. */
function faultRoute(
  mock: FirehoseMock,
  faults: ControlContext['faults'],
  id: string,
  method: string,
  json: () => Record<string, unknown>,
  res: ServerResponse,
): void {
  const listed = (key: string, { rule, handle }: { rule: FaultRule; handle: FaultHandle }) => ({ id: key, rule, hits: handle.hits })
  if (method === 'GET' && !id) return sendJson(res, 200, { faults: [...faults].map(([key, entry]) => listed(key, entry)) })
  if (method === 'POST' && !id) {
    const rule = json() as FaultRule
    if (typeof rule.failRecords === 'function') throw new FirehoseMswError('failRecords must be a number of records over HTTP')
    const key = String(nextFaultId++)
    faults.set(key, { rule, handle: mock.faults.add(rule) })
    return sendJson(res, 200, listed(key, faults.get(key)!))
  }
  if (method === 'DELETE' && !id) {
    for (const { handle } of faults.values()) handle.remove()
    faults.clear()
    return sendJson(res, 200, { ok: true })
  }
  const entry = faults.get(id)
  if (method === 'DELETE' && entry) {
    entry.handle.remove()
    faults.delete(id)
    return sendJson(res, 200, { ok: true })
  }
  return sendJson(res, 404, { message: `No fault rule ${id || ''} for ${method} (GET, POST and DELETE /_firehose-msw/faults[/<id>])` })
}

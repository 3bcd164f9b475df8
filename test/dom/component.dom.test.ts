/**
 * A tiny DOM "component" (plain functions, happy-dom) that talks to Firehose through the real SDK,
 * with the mock served by msw/node. Shows the default Date.now clock under fake Date, and `now`.
 */
import { CreateDeliveryStreamCommand, DescribeDeliveryStreamCommand, PutRecordCommand, type FirehoseClient } from '@aws-sdk/client-firehose'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createFirehoseMock } from '../../src'
import { s3Stream } from '../support/aws'
import { bytes, decode } from '../support/bytes'
import { firehoseClient } from '../support/clients'
import { storedTexts } from '../support/firehose'
import { useServer } from '../support/mock'

const server = useServer()
afterEach(() => {
  vi.useRealTimers()
  document.body.innerHTML = ''
})

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text = ''): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v)
  if (text) node.textContent = text
  return node
}

/** A form that sends its text to a stream with PutRecord and shows the answer. */
function mountEventSender(root: HTMLElement, firehose: FirehoseClient, streamName: string) {
  const input = el('input', { 'data-testid': 'payload', value: '' })
  const button = el('button', { 'data-testid': 'send' }, 'Send')
  const recordId = el('output', { 'data-testid': 'record-id' })
  const encrypted = el('output', { 'data-testid': 'encrypted' })
  const error = el('p', { 'data-testid': 'error', role: 'alert' })
  button.addEventListener('click', async () => {
    button.disabled = true
    error.textContent = ''
    try {
      const out = await firehose.send(new PutRecordCommand({ DeliveryStreamName: streamName, Record: { Data: bytes(input.value) } }))
      recordId.textContent = out.RecordId ?? ''
      encrypted.textContent = out.Encrypted ? 'encrypted' : 'not encrypted'
    } catch (e) {
      error.textContent = `${(e as Error).name}: ${(e as Error).message}`
    } finally {
      button.disabled = false
    }
  })
  root.append(input, button, recordId, encrypted, error)
  return { input, button, recordId, encrypted, error }
}

/** A status badge with a refresh button (DescribeDeliveryStream). */
function mountStatusBadge(root: HTMLElement, firehose: FirehoseClient, streamName: string) {
  const badge = el('span', { 'data-testid': 'status' }, 'unknown')
  const refresh = el('button', { 'data-testid': 'refresh' }, 'Refresh')
  refresh.addEventListener('click', async () => {
    const out = await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: streamName }))
    badge.textContent = out.DeliveryStreamDescription?.DeliveryStreamStatus ?? 'unknown'
    badge.dataset.version = out.$metadata.requestId ?? ''
  })
  root.append(badge, refresh)
  return { badge, refresh }
}

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)!

async function createStream(firehose: FirehoseClient, name: string) {
  await firehose.send(new CreateDeliveryStreamCommand(s3Stream(name)))
}

/**
 * Polls with the real setTimeout until `check` stops throwing. Not `vi.waitFor`: under fake timers
 * it calls `vi.advanceTimersByTime(interval)` on every poll, which would move the faked Date too.
 */
async function until(check: () => void, timeoutMs = 2_000): Promise<void> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    try {
      check()
      return
    } catch (error) {
      if (performance.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }
}

/** Clicks and waits for the badge to show a new answer. */
async function refreshStatus(): Promise<string> {
  const badge = byTestId('status')
  const before = badge.dataset.version
  byTestId('refresh').click()
  await until(() => expect(badge.dataset.version).not.toBe(before))
  return badge.textContent ?? ''
}

describe('PutRecord from a button click', () => {
  it('writes the RecordId and the Encrypted flag into the DOM', async () => {
    const aws = createFirehoseMock({ timing: 'instant' })
    server.use(...aws.handlers)
    const firehose = firehoseClient()
    await createStream(firehose, 'clicks')
    const ui = mountEventSender(document.body, firehose, 'clicks')

    ui.input.value = '{"event":"signup"}'
    ui.button.click()
    await vi.waitFor(() => expect(byTestId('record-id').textContent).not.toBe(''))

    const records = aws.firehose.records('clicks')
    expect(records).toHaveLength(1)
    expect(decode(records[0]!.data)).toBe('{"event":"signup"}')
    expect(byTestId('record-id').textContent).toBe(records[0]!.recordId)
    expect(byTestId('encrypted').textContent).toBe('not encrypted')
    expect(records[0]!.encrypted).toBe(false)
    expect(byTestId('error').textContent).toBe('')
    expect(ui.button.disabled).toBe(false)

    ui.input.value = 'second'
    ui.button.click()
    await vi.waitFor(() => expect(aws.firehose.records('clicks')).toHaveLength(2))
    await vi.waitFor(() => expect(byTestId('record-id').textContent).toBe(aws.firehose.records('clicks')[1]!.recordId))
    expect(document.body.textContent).toContain(aws.firehose.records('clicks')[1]!.recordId)
  })

  it('shows the AWS error for a stream that does not exist', async () => {
    const aws = createFirehoseMock({ timing: 'instant' })
    server.use(...aws.handlers)
    mountEventSender(document.body, firehoseClient(), 'nope')
    byTestId('send').click()
    await vi.waitFor(() => expect(byTestId('error').textContent).not.toBe(''))
    expect(byTestId('error').textContent).toBe('ResourceNotFoundException: Firehose nope under account 123456789012 not found.')
    expect(byTestId('record-id').textContent).toBe('')
  })
})

describe('time', () => {
  it('default clock (Date.now) under fake Date: CREATING → ACTIVE after advanceTimersByTime', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const aws = createFirehoseMock() // realistic timing, clock = Date.now
    server.use(...aws.handlers)
    const firehose = firehoseClient()
    await createStream(firehose, 'slow')
    mountStatusBadge(document.body, firehose, 'slow')
    const ui = mountEventSender(document.body, firehose, 'slow')

    expect(await refreshStatus()).toBe('CREATING')
    ui.button.click()
    await until(() => expect(byTestId('error').textContent).toContain('ResourceNotFoundException'))
    expect(aws.firehose.records('slow')).toHaveLength(0)

    vi.advanceTimersByTime(aws.timing.streamCreating - 1)
    expect(await refreshStatus()).toBe('CREATING')
    vi.advanceTimersByTime(1)
    expect(await refreshStatus()).toBe('ACTIVE')

    ui.input.value = 'now it works'
    ui.button.click()
    await until(() => expect(byTestId('record-id').textContent).not.toBe(''))
    expect(storedTexts(aws, 'slow')).toEqual(['now it works'])
  })

  it('the `now` option: the page follows a clock the test moves by hand', async () => {
    let t = Date.UTC(2026, 0, 1)
    const aws = createFirehoseMock({ now: () => t, timing: { streamCreating: 10_000 } })
    server.use(...aws.handlers)
    const firehose = firehoseClient()
    await createStream(firehose, 'manual')
    mountStatusBadge(document.body, firehose, 'manual')
    const ui = mountEventSender(document.body, firehose, 'manual')

    expect(await refreshStatus()).toBe('CREATING')
    t += 9_999
    expect(await refreshStatus()).toBe('CREATING')
    t += 1
    expect(await refreshStatus()).toBe('ACTIVE')

    ui.input.value = 'hello'
    ui.button.click()
    await vi.waitFor(() => expect(byTestId('record-id').textContent).not.toBe(''))
    const [record] = aws.firehose.records('manual')
    expect(record!.receivedAt).toBe(Date.UTC(2026, 0, 1) + 10_000)
    expect(byTestId('record-id').textContent).toBe(record!.recordId)
    const described = await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'manual' }))
    expect(described.DeliveryStreamDescription!.CreateTimestamp).toEqual(new Date(Date.UTC(2026, 0, 1)))
  })
})

/**
 * A small "Firehose console" on the real AWS SDK v3, answered by firehose-msw in MSW's service
 * worker. The mock has no timers: the UI polls DescribeDeliveryStream while something changes, and
 * the mock computes CREATING → ACTIVE and ENABLING → ENABLED from the clock on every read.
 */
import {
  CreateDeliveryStreamCommand,
  DeleteDeliveryStreamCommand,
  DescribeDeliveryStreamCommand,
  ListDeliveryStreamsCommand,
  PutRecordBatchCommand,
  PutRecordCommand,
  StartDeliveryStreamEncryptionCommand,
  StopDeliveryStreamEncryptionCommand,
  type DeliveryStreamDescription,
} from '@aws-sdk/client-firehose'
import { CreateAliasCommand, CreateKeyCommand, DescribeKeyCommand, ListAliasesCommand, ListKeysCommand } from '@aws-sdk/client-kms'
import type { FaultHandle, FirehoseMock } from 'firehose-msw/browser'
import { mountMetricsChart, type MetricsChartHandle } from '../../component-test/metrics-chart'
import { cloudwatch, credentials, describeError, firehose, kms } from './aws'
import { RECORDS_PER_SECOND, startMock, timingPreset } from './mock'
import './style.css'

const TRANSITIONAL = new Set(['CREATING', 'DELETING', 'ENABLING', 'DISABLING'])
const AWS_OWNED = 'AWS_OWNED_CMK'
/** The metrics chart reads CloudWatch after each put the app makes, and on this poll so its window follows the minutes. */
const METRICS_POLL_MS = 5_000
const BURST = 250

const $ = <T extends HTMLElement = HTMLElement>(testId: string): T => {
  const found = document.querySelector<T>(`[data-testid="${testId}"]`)
  if (!found) throw new Error(`missing [data-testid="${testId}"]`)
  return found
}

function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v)
  node.append(...children)
  return node
}

function setStatus(el: HTMLElement, status: string | undefined): void {
  el.textContent = status ?? '—'
  el.className = `status status-${(status ?? 'none').toLowerCase()}`
}

function log(text: string, kind: 'info' | 'ok' | 'error' = 'info'): void {
  const list = $('activity')
  const time = new Date().toLocaleTimeString([], { hour12: false })
  list.prepend(h('li', { class: kind }, h('time', {}, time), ' ', text))
  while (list.children.length > 40) list.lastElementChild!.remove()
}

function preview(data: Uint8Array): string {
  let text: string | undefined
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data)
  } catch {
    text = undefined
  }
  // eslint-disable-next-line no-control-regex
  if (text === undefined || /[\u0000-\u0008\u000e-\u001f]/.test(text)) {
    return `0x${[...data.slice(0, 24)].map((b) => b.toString(16).padStart(2, '0')).join('')}${data.length > 24 ? '…' : ''}`
  }
  const oneLine = text.replace(/\n$/, '').replace(/\n/g, '⏎')
  return oneLine.length > 90 ? `${oneLine.slice(0, 90)}…` : oneLine
}

async function main(): Promise<void> {
  const preset = timingPreset(location.search)
  $('timing').textContent = `timing: ${preset}`
  const workerBadge = $('worker-status')
  let mock: FirehoseMock
  let pollMs: number
  try {
    ;({ mock, pollMs } = await startMock(preset))
  } catch (error) {
    workerBadge.dataset.state = 'error'
    workerBadge.textContent = `Mock worker failed: ${describeError(error).message}`
    throw error
  }
  workerBadge.dataset.state = 'active'
  workerBadge.textContent = 'Mock worker active'
  // For poking around in devtools: firehoseMock.faults.add({ … }), firehoseMock.kms.keys(), …
  ;(window as unknown as { firehoseMock: FirehoseMock }).firehoseMock = mock
  log(`MSW service worker started; seeded streams: ${mock.firehose.streamNames().join(', ')}`)
  // The state clicked together so far, as a fixture: `createFirehoseMock({ seed })` or a story's `seed` replays it.
  $('save-state').addEventListener('click', () => {
    void mock.snapshot().then(
      (fixture) => {
        const link = h('a', { href: URL.createObjectURL(new Blob([JSON.stringify(fixture, null, 2)], { type: 'application/json' })) })
        link.download = 'firehose-msw-state.json'
        link.click()
        setTimeout(() => URL.revokeObjectURL(link.href), 0)
        log(`Saved the mock's state (${fixture.name}) as firehose-msw-state.json`)
      },
      (error: unknown) => log(`Save state failed: ${describeError(error).message}`, 'error'),
    )
  })

  const detailCard = $('stream-detail')
  const detailBody = detailCard.querySelector<HTMLElement>('.detail-body')!
  const keySelect = $<HTMLSelectElement>('key-select')
  const encryptionMessage = $('encryption-message')
  const putResult = $('put-result')

  let selected: string | null = null
  let chart: MetricsChartHandle | undefined
  let generation = 0 // bumps on every selection, so stale answers are dropped
  let pollTimer: ReturnType<typeof setTimeout> | undefined
  let tickTimer: ReturnType<typeof setInterval> | undefined
  const listStatus = new Map<string, string>()
  /** per stream: the encryption statuses seen, in order (collapsed) */
  const history = new Map<string, string[]>()
  /** per stream: a Start/Stop was accepted and has not settled yet */
  const pendingChange = new Set<string>()
  /**
   * per stream: when puts will reflect the settled change. AWS: "up to 5 seconds" after ENABLED.
   * Measured from when the UI saw the change settle, which is never before the mock did.
   */
  const effectiveAt = new Map<string, { at: number; encrypted: boolean }>()

  // ---- streams list -------------------------------------------------------------------------

  async function refreshList(): Promise<void> {
    try {
      const { DeliveryStreamNames = [] } = await firehose.send(new ListDeliveryStreamsCommand({ Limit: 100 }))
      const statuses = await Promise.all(
        DeliveryStreamNames.map((name) =>
          firehose
            .send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }))
            .then((r) => r.DeliveryStreamDescription?.DeliveryStreamStatus ?? '?')
            .catch(() => 'gone'),
        ),
      )
      DeliveryStreamNames.forEach((name, i) => listStatus.set(name, statuses[i]!))
      renderList(DeliveryStreamNames)
    } catch (error) {
      const e = describeError(error)
      log(`ListDeliveryStreams → ${e.name}: ${e.message}`, 'error')
    }
  }

  function renderList(names: string[]): void {
    const list = $('stream-list')
    list.replaceChildren(
      ...names.map((name) => {
        const status = h('span', {})
        setStatus(status, listStatus.get(name))
        const button = h(
          'button',
          { type: 'button', 'data-testid': 'stream-item', 'data-stream': name },
          h('span', { class: 'name' }, name),
          status,
        )
        if (name === selected) button.classList.add('selected')
        button.addEventListener('click', () => select(name))
        return h('li', {}, button)
      }),
    )
    if (names.length === 0) list.append(h('li', { class: 'hint' }, 'No streams in us-east-1.'))
  }

  $('refresh-streams').addEventListener('click', () => void refreshList())

  $('create-form').addEventListener('submit', async (event) => {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    const name = ($('create-name') as HTMLInputElement).value.trim()
    const bucket = ($('create-bucket') as HTMLInputElement).value.trim()
    const message = $('create-message')
    message.className = 'message'
    message.textContent = `Creating ${name}…`
    try {
      const { DeliveryStreamARN } = await firehose.send(
        new CreateDeliveryStreamCommand({
          DeliveryStreamName: name,
          DeliveryStreamType: 'DirectPut',
          ExtendedS3DestinationConfiguration: {
            RoleARN: 'arn:aws:iam::123456789012:role/firehose-dev-app',
            BucketARN: bucket,
            BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 60 },
          },
        }),
      )
      message.className = 'message ok'
      message.textContent = `Created ${DeliveryStreamARN}`
      log(`CreateDeliveryStream ${name} → ${DeliveryStreamARN}`, 'ok')
      form.reset()
      await refreshList()
      await select(name)
    } catch (error) {
      const e = describeError(error)
      message.className = 'message error'
      message.textContent = `${e.name}: ${e.message}`
      log(`CreateDeliveryStream ${name} → ${e.name}: ${e.message}`, 'error')
    }
  })

  // ---- selected stream ----------------------------------------------------------------------

  async function select(name: string): Promise<void> {
    selected = name
    generation++
    clearTimeout(pollTimer)
    detailCard.dataset.stream = name
    $('no-selection').hidden = true
    detailBody.hidden = false
    $('detail-name').textContent = name
    encryptionMessage.textContent = ''
    for (const item of document.querySelectorAll<HTMLElement>('[data-testid="stream-item"]')) {
      item.classList.toggle('selected', item.dataset.stream === name)
    }
    putResult.dataset.state = 'none'
    putResult.replaceChildren(h('span', { class: 'hint' }, `No put to ${name} yet.`))
    renderRecords()
    showMetrics(name)
    await refreshDetail()
  }

  function showMetrics(name: string | null): void {
    chart?.destroy()
    chart = undefined
    const root = $('metrics')
    root.replaceChildren()
    if (name) chart = mountMetricsChart(root, { cloudwatch, streamName: name, pollMs: METRICS_POLL_MS })
    else root.append(h('p', { class: 'hint' }, 'Select a stream.'))
  }

  $('refresh-metrics').addEventListener('click', () => void chart?.refresh())
  $('quota-hint').textContent =
    `This app's mock allows ${RECORDS_PER_SECOND} records per second per stream (AWS: 500,000 in us-east-1), so Burst ×${BURST} is throttled.`

  function clearSelection(): void {
    selected = null
    generation++
    clearTimeout(pollTimer)
    detailCard.dataset.stream = ''
    $('no-selection').hidden = false
    detailBody.hidden = true
    renderRecords()
    showMetrics(null)
  }

  async function refreshDetail(): Promise<void> {
    const name = selected
    if (!name) return
    const mine = generation
    clearTimeout(pollTimer)
    let description: DeliveryStreamDescription | undefined
    try {
      description = (await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }))).DeliveryStreamDescription
    } catch (error) {
      if (mine !== generation) return
      const e = describeError(error)
      if (e.name === 'ResourceNotFoundException') {
        log(`${name} no longer exists`, 'info')
        clearSelection()
        await refreshList()
        return
      }
      log(`DescribeDeliveryStream ${name} → ${e.name}: ${e.message}`, 'error')
      pollTimer = setTimeout(() => void refreshDetail(), pollMs * 4)
      return
    }
    if (mine !== generation || !description) return
    renderDetail(name, description)
    const streamStatus = description.DeliveryStreamStatus ?? ''
    const encryptionStatus = description.DeliveryStreamEncryptionConfiguration?.Status ?? ''
    if (listStatus.get(name) !== streamStatus) {
      listStatus.set(name, streamStatus)
      void refreshList()
    }
    if (TRANSITIONAL.has(streamStatus) || TRANSITIONAL.has(encryptionStatus)) {
      pollTimer = setTimeout(() => void refreshDetail(), pollMs)
    }
  }

  function renderDetail(name: string, d: DeliveryStreamDescription): void {
    setStatus($('stream-status'), d.DeliveryStreamStatus)
    $('stream-type').textContent = d.DeliveryStreamType ?? '—'
    const s3 = d.Destinations?.[0]?.ExtendedS3DestinationDescription ?? d.Destinations?.[0]?.S3DestinationDescription
    $('stream-destination').textContent = s3
      ? `Amazon S3 · ${s3.BucketARN?.replace('arn:aws:s3:::', '')}`
      : (Object.keys(d.Destinations?.[0] ?? {}).find((k) => k !== 'DestinationId') ?? '—')
    $('stream-arn').textContent = d.DeliveryStreamARN ?? ''

    const enc = d.DeliveryStreamEncryptionConfiguration
    const status = enc?.Status ?? 'DISABLED'
    setStatus($('encryption-status'), status)
    $('encryption-key-type').textContent = status === 'DISABLED' ? '—' : (enc?.KeyType ?? '—')
    $('encryption-key-arn').textContent = enc?.KeyType === 'CUSTOMER_MANAGED_CMK' ? (enc.KeyARN ?? '') : ''
    const failure = enc?.FailureDescription ?? d.FailureDescription
    const failureEl = $('failure-description')
    failureEl.hidden = !failure
    failureEl.textContent = failure ? `${failure.Type}: ${failure.Details}` : ''

    const seen = history.get(name) ?? []
    if (seen.at(-1) !== status) seen.push(status)
    history.set(name, seen.slice(-8))
    $('encryption-history').textContent = seen.join(' → ')

    if (pendingChange.has(name) && !TRANSITIONAL.has(status)) {
      pendingChange.delete(name)
      if (status === 'ENABLED' || status === 'DISABLED') {
        effectiveAt.set(name, { at: Date.now() + mock.timing.encryptionPropagation, encrypted: status === 'ENABLED' })
      }
    }
    renderPropagation()
  }

  /** Whether puts already reflect the last settled change (the UI's own countdown, no polling needed). */
  function renderPropagation(): void {
    const el = $('propagation')
    clearInterval(tickTimer)
    const name = selected
    if (!name) return
    const status = $('encryption-status').textContent ?? ''
    const pending = effectiveAt.get(name)
    if (pendingChange.has(name) || TRANSITIONAL.has(status)) {
      el.dataset.state = 'changing'
      el.textContent = 'keep their previous encryption until the change completes'
      return
    }
    if (pending && pending.at > Date.now()) {
      el.dataset.state = 'propagating'
      const left = ((pending.at - Date.now()) / 1000).toFixed(1)
      el.textContent = `propagating: puts may still be ${pending.encrypted ? 'unencrypted' : 'encrypted'} (AWS: up to ${mock.timing.encryptionPropagation / 1000} s; ${left} s left)`
      tickTimer = setInterval(renderPropagation, Math.min(200, pollMs))
      return
    }
    el.dataset.state = 'effective'
    el.textContent = status === 'ENABLED' ? 'encrypted at rest' : status === 'DISABLED' ? 'not encrypted' : `as before (${status})`
  }

  $('delete-stream').addEventListener('click', async () => {
    const name = selected
    if (!name) return
    try {
      await firehose.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: name }))
      log(`DeleteDeliveryStream ${name} → DELETING`, 'ok')
      await refreshDetail()
    } catch (error) {
      const e = describeError(error)
      log(`DeleteDeliveryStream ${name} → ${e.name}: ${e.message}`, 'error')
    }
  })

  // ---- KMS keys and encryption --------------------------------------------------------------

  async function refreshKeys(selectArn?: string): Promise<void> {
    try {
      const [{ Keys = [] }, { Aliases = [] }] = await Promise.all([kms.send(new ListKeysCommand({})), kms.send(new ListAliasesCommand({}))])
      const described = await Promise.all(Keys.map((k) => kms.send(new DescribeKeyCommand({ KeyId: k.KeyId! })).then((r) => r.KeyMetadata)))
      const previous = selectArn ?? keySelect.value
      const group = h('optgroup', { label: 'Customer managed keys (ListKeys)' })
      Keys.forEach((key, i) => {
        const meta = described[i]
        if (meta?.KeyManager === 'AWS') return
        const aliases = Aliases.filter((a) => a.TargetKeyId === key.KeyId).map((a) => a.AliasName!)
        const state = meta?.KeyState && meta.KeyState !== 'Enabled' ? ` · ${meta.KeyState}` : ''
        group.append(h('option', { value: key.KeyArn! }, `${aliases.length ? aliases.join(', ') : '(no alias)'} · ${key.KeyId}${state}`))
      })
      keySelect.replaceChildren(h('option', { value: AWS_OWNED }, 'AWS owned key (AWS_OWNED_CMK)'), group)
      if ([...keySelect.options].some((o) => o.value === previous)) keySelect.value = previous
    } catch (error) {
      const e = describeError(error)
      log(`ListKeys → ${e.name}: ${e.message}`, 'error')
    }
  }

  let keyCounter = 0
  $('new-key').addEventListener('click', async () => {
    try {
      const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: 'Created by the firehose-msw dev app' }))
      const alias = `alias/dev-app-${++keyCounter}`
      await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: KeyMetadata!.KeyId! }))
      log(`CreateKey → ${KeyMetadata!.KeyId} (${alias})`, 'ok')
      await refreshKeys(KeyMetadata!.Arn)
    } catch (error) {
      const e = describeError(error)
      log(`CreateKey → ${e.name}: ${e.message}`, 'error')
    }
  })

  async function changeEncryption(start: boolean): Promise<void> {
    const name = selected
    if (!name) return
    const key = keySelect.value
    const what = start ? (key === AWS_OWNED ? 'AWS owned key' : key) : ''
    encryptionMessage.className = 'message'
    encryptionMessage.textContent = start ? `Starting encryption with ${what}…` : 'Stopping encryption…'
    try {
      if (start) {
        await firehose.send(
          new StartDeliveryStreamEncryptionCommand({
            DeliveryStreamName: name,
            DeliveryStreamEncryptionConfigurationInput:
              key === AWS_OWNED ? { KeyType: 'AWS_OWNED_CMK' } : { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: key },
          }),
        )
      } else {
        await firehose.send(new StopDeliveryStreamEncryptionCommand({ DeliveryStreamName: name }))
      }
      pendingChange.add(name)
      effectiveAt.delete(name)
      encryptionMessage.className = 'message ok'
      encryptionMessage.textContent = start ? `StartDeliveryStreamEncryption accepted (${what})` : 'StopDeliveryStreamEncryption accepted'
      log(
        `${start ? 'StartDeliveryStreamEncryption' : 'StopDeliveryStreamEncryption'} ${name}${start ? ` with ${what}` : ''} → accepted`,
        'ok',
      )
    } catch (error) {
      const e = describeError(error)
      encryptionMessage.className = 'message error'
      encryptionMessage.textContent = `${e.name}: ${e.message}`
      log(`${start ? 'Start' : 'Stop'}DeliveryStreamEncryption ${name} → ${e.name}: ${e.message}`, 'error')
    }
    await refreshDetail()
  }

  $('start-encryption').addEventListener('click', () => void changeEncryption(true))
  $('stop-encryption').addEventListener('click', () => void changeEncryption(false))

  // ---- puts, faults, stored records ---------------------------------------------------------

  let throttle: FaultHandle[] = []
  $<HTMLInputElement>('throttle-toggle').addEventListener('change', (event) => {
    const on = (event.currentTarget as HTMLInputElement).checked
    throttle.forEach((rule) => rule.remove())
    throttle = on
      ? (['PutRecord', 'PutRecordBatch'] as const).map((operation) =>
          mock.faults.add({ service: 'firehose', operation, error: 'ServiceUnavailableException' }),
        )
      : []
    log(on ? 'Fault added: PutRecord/PutRecordBatch → ServiceUnavailableException' : 'Fault removed: puts no longer throttled', 'info')
  })

  function showPutError(operation: string, name: string, error: unknown): void {
    const e = describeError(error)
    putResult.dataset.state = 'error'
    putResult.replaceChildren(
      h('span', { class: 'op' }, operation),
      h('span', { class: 'error-name', 'data-testid': 'put-error' }, `${e.name}: ${e.message}`),
      h('span', { class: 'hint' }, e.status ? `HTTP ${e.status}` : ''),
    )
    log(`${operation} ${name} → ${e.name}: ${e.message}`, 'error')
  }

  const putData = (): Uint8Array => new TextEncoder().encode(`${$<HTMLTextAreaElement>('put-data').value}\n`)

  $('put-record').addEventListener('click', async () => {
    const name = selected
    if (!name) return
    putResult.dataset.state = 'pending'
    try {
      const { RecordId, Encrypted } = await firehose.send(new PutRecordCommand({ DeliveryStreamName: name, Record: { Data: putData() } }))
      putResult.dataset.state = 'ok'
      putResult.dataset.recordId = RecordId ?? ''
      putResult.replaceChildren(
        h('span', { class: 'op' }, 'PutRecord'),
        h('span', {}, 'RecordId ', h('code', { 'data-testid': 'put-record-id' }, RecordId ?? '')),
        h('span', { class: `flag ${Encrypted ? 'yes' : 'no'}`, 'data-testid': 'put-encrypted' }, `Encrypted: ${Encrypted}`),
      )
      log(`PutRecord ${name} → ${RecordId?.slice(0, 16)}… Encrypted: ${Encrypted}`, 'ok')
    } catch (error) {
      showPutError('PutRecord', name, error)
    }
    renderRecords()
    void chart?.refresh()
  })

  /** One PutRecordBatch of `count` copies of the textarea's data; records over the quota come back failed. */
  async function putBatch(count: number): Promise<void> {
    const name = selected
    if (!name) return
    putResult.dataset.state = 'pending'
    try {
      const data = putData()
      const {
        FailedPutCount,
        Encrypted,
        RequestResponses = [],
      } = await firehose.send(
        new PutRecordBatchCommand({ DeliveryStreamName: name, Records: Array.from({ length: count }, () => ({ Data: data })) }),
      )
      putResult.dataset.state = FailedPutCount ? 'error' : 'ok'
      putResult.replaceChildren(
        h('span', { class: 'op' }, 'PutRecordBatch'),
        h(
          'span',
          { 'data-testid': 'put-summary' },
          `${RequestResponses.length - (FailedPutCount ?? 0)} stored, FailedPutCount ${FailedPutCount}`,
        ),
        h('span', { class: `flag ${Encrypted ? 'yes' : 'no'}`, 'data-testid': 'put-encrypted' }, `Encrypted: ${Encrypted}`),
      )
      log(`PutRecordBatch ×${count} ${name} → FailedPutCount ${FailedPutCount}, Encrypted: ${Encrypted}`, FailedPutCount ? 'error' : 'ok')
    } catch (error) {
      showPutError('PutRecordBatch', name, error)
    }
    renderRecords()
    void chart?.refresh()
  }

  $('put-batch').addEventListener('click', () => void putBatch(3))
  $('put-burst').addEventListener('click', () => void putBatch(BURST))

  /** The guest identity the identity pool gave this page (its credentials sign every call). */
  async function showIdentity(): Promise<void> {
    const badge = $('identity')
    try {
      const { identityId } = await credentials()
      badge.dataset.identityId = identityId
      badge.textContent = `guest ${identityId}`
    } catch (error) {
      badge.dataset.state = 'error'
      badge.textContent = `No credentials: ${describeError(error).message}`
    }
  }

  /** What the mock stored: read straight from the mock, as a test would with aws.firehose.records(). */
  function renderRecords(): void {
    const body = $('records')
    const name = selected
    let records: ReturnType<FirehoseMock['firehose']['records']> = []
    if (name) {
      try {
        records = mock.firehose.records(name)
      } catch {
        records = []
      }
    }
    $('records-count').textContent = `${records.length} record${records.length === 1 ? '' : 's'}${name ? ` in ${name}` : ''}`
    body.replaceChildren(
      ...records
        .map((r, i) =>
          h(
            'tr',
            { 'data-testid': 'record-row', 'data-record-id': r.recordId, 'data-encrypted': String(r.encrypted) },
            h('td', {}, String(i + 1)),
            h('td', {}, h('code', { title: r.recordId }, `${r.recordId.slice(0, 12)}…${r.recordId.slice(-6)}`)),
            h('td', {}, h('span', { class: `flag ${r.encrypted ? 'yes' : 'no'}` }, `encrypted: ${r.encrypted}`)),
            h(
              'td',
              { class: 'key', title: r.keyArn ?? '' },
              r.keyArn ? r.keyArn.replace(/^.*:key\//, 'key/') : r.encrypted ? 'AWS owned' : '—',
            ),
            h('td', {}, String(r.data.length)),
            h('td', { class: 'data' }, preview(r.data)),
            h('td', {}, new Date(r.receivedAt).toLocaleTimeString([], { hour12: false })),
          ),
        )
        .reverse(),
    )
    if (records.length === 0)
      body.append(h('tr', {}, h('td', { colspan: '7', class: 'hint' }, name ? 'No records yet.' : 'Select a stream.')))
  }

  await Promise.all([refreshList(), refreshKeys(), showIdentity()])
  const first = mock.firehose.streamNames()[0]
  if (first && !selected) await select(first)
  document.body.dataset.ready = 'true'
}

void main()

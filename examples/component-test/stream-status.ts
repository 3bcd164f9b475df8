/**
 * A small framework-free component: shows a Firehose stream's status and encryption, lets the
 * user put a record, and polls DescribeDeliveryStream while something is in transition. It is the
 * component the component tests and the Storybook stories render.
 */
import {
  DescribeDeliveryStreamCommand,
  PutRecordCommand,
  StartDeliveryStreamEncryptionCommand,
  type FirehoseClient,
} from '@aws-sdk/client-firehose'

export interface StreamStatusOptions {
  firehose: FirehoseClient
  streamName: string
  /** How often to poll while the stream or its encryption is changing. Default 1000 ms. */
  pollMs?: number
  /** KMS key for the "Encrypt" button; without it, an AWS owned key is used. */
  keyArn?: string
}

export interface StreamStatusHandle {
  /** Reads the stream again and re-renders. */
  refresh(): Promise<void>
  /** Stops polling and removes the component. */
  destroy(): void
}

const TRANSITIONS = new Set(['CREATING', 'DELETING', 'ENABLING', 'DISABLING'])

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text = ''): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v)
  if (text) node.textContent = text
  return node
}

export function mountStreamStatus(root: HTMLElement, options: StreamStatusOptions): StreamStatusHandle {
  const { firehose, streamName, pollMs = 1000 } = options
  const container = el('section', { class: 'stream-status', 'data-stream': streamName })
  const title = el('h2', {}, streamName)
  const status = el('p', { 'data-testid': 'status' }, 'Loading…')
  const encryption = el('p', { 'data-testid': 'encryption' })
  const failure = el('p', { 'data-testid': 'failure', role: 'alert' })
  const encrypt = el('button', { type: 'button', 'data-testid': 'encrypt' }, 'Encrypt')
  const put = el('button', { type: 'button', 'data-testid': 'put' }, 'Put record')
  const result = el('p', { 'data-testid': 'put-result', 'aria-live': 'polite' })
  container.append(title, status, encryption, failure, encrypt, put, result)
  root.append(container)

  let timer: ReturnType<typeof setTimeout> | undefined
  let destroyed = false
  let inTransition = false
  /** The error of the last button action, shown until the next action. */
  let actionError = ''

  const schedule = (): void => {
    clearTimeout(timer)
    if (!destroyed) timer = setTimeout(() => void refresh(), pollMs)
  }

  async function refresh(): Promise<void> {
    try {
      const { DeliveryStreamDescription: d } = await firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: streamName }))
      const sse = d?.DeliveryStreamEncryptionConfiguration
      status.textContent = `Status: ${d?.DeliveryStreamStatus}`
      encryption.textContent = `Encryption: ${sse?.Status ?? 'DISABLED'}${sse?.KeyType ? ` (${sse.KeyType})` : ''}`
      const why = sse?.FailureDescription ?? d?.FailureDescription
      failure.textContent = actionError || (why ? `${why.Type}: ${why.Details}` : '')
      inTransition = TRANSITIONS.has(d?.DeliveryStreamStatus ?? '') || TRANSITIONS.has(sse?.Status ?? '')
    } catch (error) {
      status.textContent = `Error: ${(error as Error).name}: ${(error as Error).message}`
    }
    // Keep polling through a failed read too, as long as the last known state was changing.
    if (inTransition) schedule()
  }

  encrypt.addEventListener('click', async () => {
    actionError = ''
    try {
      await firehose.send(
        new StartDeliveryStreamEncryptionCommand({
          DeliveryStreamName: streamName,
          DeliveryStreamEncryptionConfigurationInput: options.keyArn
            ? { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: options.keyArn }
            : { KeyType: 'AWS_OWNED_CMK' },
        }),
      )
    } catch (error) {
      actionError = `${(error as Error).name}: ${(error as Error).message}`
    }
    await refresh()
  })

  put.addEventListener('click', async () => {
    result.textContent = 'Sending…'
    try {
      const out = await firehose.send(
        new PutRecordCommand({ DeliveryStreamName: streamName, Record: { Data: new TextEncoder().encode(`{"at":${Date.now()}}\n`) } }),
      )
      result.textContent = `Stored ${out.RecordId} — Encrypted: ${out.Encrypted}`
    } catch (error) {
      result.textContent = `Failed: ${(error as Error).name}: ${(error as Error).message}`
    }
  })

  void refresh()
  return {
    refresh,
    destroy() {
      destroyed = true
      clearTimeout(timer)
      container.remove()
    },
  }
}

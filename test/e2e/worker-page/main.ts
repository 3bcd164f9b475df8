/**
 * A page that starts the mock in MSW's service worker with the unhandled-request option named in
 * the query (`?name=onUnhandledRequest&strategy=error`), or with none, and offers `probe()`: a
 * same-origin fetch no handler matches, answered by the dev server if MSW lets it through.
 */
import { startFirehoseWorker } from 'firehose-msw/browser'

const query = new URLSearchParams(location.search)
const name = query.get('name')
const startOptions = name ? { [name]: query.get('strategy') } : {}

declare global {
  interface Window {
    probe: () => Promise<string>
  }
}

window.probe = () =>
  fetch('/api/not-aws').then(
    (response) => `answered ${response.status}`,
    (error: unknown) => `failed: ${String(error)}`,
  )

await startFirehoseWorker({ timing: 'instant' }, { serviceWorker: { url: '/mockServiceWorker.js' }, ...startOptions })
document.body.dataset.ready = 'true'

/**
 * An Amplify-instrumented component: "Add to cart" records an analytics event with AWS Amplify's
 * Kinesis Firehose provider (`record`), "Send now" flushes the buffer (`flushEvents`). Amplify gets
 * guest credentials from a Cognito identity pool, exactly as in production; the mock, in MSW's
 * service worker, answers Cognito and Firehose, and only accepts the credentials the pool issued.
 */
import type { Meta, StoryObj } from '@storybook/html-vite'
import { Amplify } from 'aws-amplify'
import { flushEvents, record } from 'aws-amplify/analytics/kinesis-firehose'
import type { Fixture } from 'firehose-msw'
import { firehoseStory } from 'firehose-msw/storybook'

const IDENTITY_POOL_ID = 'us-east-1:6e1b7c43-2f0a-4d5e-9b8c-3a1f5d7e9c20'
const STREAM = 'clickstream'

const guestPool: Fixture = {
  name: 'storybook guests',
  cognito: {
    identityPools: [
      { identityPoolId: IDENTITY_POOL_ID, definition: { IdentityPoolName: 'storefront', AllowUnauthenticatedIdentities: true } },
    ],
  },
}

// The 'active' scenario seeds the stream; `auth` with no keys of its own accepts only Cognito's credentials.
const story = firehoseStory({ streamName: STREAM, seed: guestPool, auth: { credentials: [] } })

let stopPolling: (() => void) | undefined

function renderCart(): HTMLElement {
  stopPolling?.() // a re-render (new args, hot reload) replaces the previous one
  const root = document.createElement('div')
  const add = document.createElement('button')
  add.type = 'button'
  add.dataset.testid = 'add-to-cart'
  add.textContent = 'Add to cart'
  const send = document.createElement('button')
  send.type = 'button'
  send.dataset.testid = 'send-now'
  send.textContent = 'Send now'
  const recorded = document.createElement('p')
  recorded.dataset.testid = 'recorded'
  const stored = document.createElement('p')
  stored.dataset.testid = 'stored'
  stored.setAttribute('role', 'status')
  let clicks = 0
  const show = () => {
    recorded.textContent = `Recorded: ${clicks}`
    stored.textContent = `Stored in ${STREAM}: ${story.mock.firehose.records(STREAM).length}`
  }
  add.addEventListener('click', () => {
    clicks++
    record({ streamName: STREAM, data: { type: 'add-to-cart', sku: `SKU-${clicks}` } })
    show()
  })
  send.addEventListener('click', () => flushEvents())
  // What the mock stored, read from it as a test would: refreshed while the story is open.
  const timer = setInterval(show, 250)
  stopPolling = () => clearInterval(timer)
  show()
  root.append(add, send, recorded, stored)
  return root
}

const meta: Meta = {
  title: 'Amplify/CartAnalytics',
  render: renderCart,
  beforeEach: async (context) => {
    story.beforeEach(context)
    // Configured when the story opens, not when the file loads (Amplify's configuration is global to the page). The mock
    // starts over with every story, so Amplify's guest identity and credentials do too.
    Amplify.configure({
      Auth: { Cognito: { identityPoolId: IDENTITY_POOL_ID, allowGuestAccess: true } },
      Analytics: { KinesisFirehose: { region: 'us-east-1', flushInterval: 2000 } },
    })
    await Amplify.clearCredentials()
    return () => stopPolling?.()
  },
}
export default meta

/** Each click records an event; Amplify sends them every 2 s (or at once with "Send now"), signed with guest credentials. */
export const GuestEvents: StoryObj = {}

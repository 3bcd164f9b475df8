/** AWS Amplify v6's Kinesis Firehose provider with guest credentials from an identity pool, in happy-dom (localStorage, browser fetch). */
import { expect, it } from 'vitest'
import { amplifySuite } from '../support/amplify'

it('runs in a DOM environment, where Amplify keeps the guest identity id in localStorage', () => {
  expect(typeof window.localStorage.getItem).toBe('function')
})

amplifySuite()

/**
 * CORS, as AWS's JSON endpoints answer it: browsers read the answers of any origin, and a preflight
 * (`OPTIONS`) is answered for every service host and custom endpoint. An interceptor may hand the
 * preflight to the handlers — MSW 3 does under happy-dom, without the Access-Control-Request-*
 * headers — and it must not reach the network.
 */
import { getResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { createFirehoseMock } from '../../src'

const aws = createFirehoseMock({ endpoints: ['http://localhost:4566'] })

const preflight = (url: string, headers: Record<string, string> = {}) =>
  getResponse(aws.handlers, new Request(url, { method: 'OPTIONS', headers }))

describe('CORS', () => {
  it.each([
    'https://firehose.us-east-1.amazonaws.com/',
    'https://kms.eu-west-1.amazonaws.com/',
    'https://cognito-identity.us-east-1.amazonaws.com/',
    'https://cognito-identity-fips.us-east-1.amazonaws.com/',
    'http://localhost:4566/',
  ])('answers a preflight for a POST to %s, with the headers asked for', async (url) => {
    const response = await preflight(url, {
      origin: 'http://localhost:5173',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'amz-sdk-invocation-id,content-type,x-amz-target',
    })
    expect(response?.status).toBe(200)
    expect(response?.headers.get('access-control-allow-origin')).toBe('*')
    expect(response?.headers.get('access-control-allow-methods')).toBe('POST')
    expect(response?.headers.get('access-control-allow-headers')).toBe('amz-sdk-invocation-id,content-type,x-amz-target')
    expect(response?.headers.get('access-control-max-age')).toBe('172800')
  })

  it('answers a bare OPTIONS (no Access-Control-Request-* headers) with any origin and POST', async () => {
    const response = await preflight('https://cognito-identity.us-east-1.amazonaws.com/')
    expect(response?.status).toBe(200)
    expect(response?.headers.get('access-control-allow-origin')).toBe('*')
    expect(response?.headers.get('access-control-allow-methods')).toBe('POST')
  })

  it('does not answer a preflight for another method: the request is not for AWS', async () => {
    expect(
      await preflight('http://localhost:4566/', { origin: 'http://localhost:5173', 'access-control-request-method': 'DELETE' }),
    ).toBeUndefined()
    const response = await preflight('https://firehose.us-east-1.amazonaws.com/', { 'access-control-request-method': 'POST' })
    expect(response?.headers.has('access-control-allow-headers')).toBe(false) // none asked for, none listed
  })

  it('lets a page read every answer, success or error, with its request id and error type', async () => {
    const call = (target: string, body: string) =>
      getResponse(
        aws.handlers,
        new Request('https://firehose.us-east-1.amazonaws.com/', {
          method: 'POST',
          headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
          body,
        }),
      )
    for (const response of [await call('Firehose_20150804.ListDeliveryStreams', '{}'), await call('Firehose_20150804.Nope', '{}')]) {
      expect(response?.headers.get('access-control-allow-origin')).toBe('*')
      expect(response?.headers.get('access-control-expose-headers')).toContain('x-amzn-ErrorType')
    }
  })
})

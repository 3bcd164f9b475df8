/**
 * CloudWatch's protocol description: AWS JSON 1.0 with AWS Query error codes, on
 * `monitoring.<region>.amazonaws.com` — and the AWS Query and RPC v2 CBOR its other clients speak.
 * Its model and operations load on the first CloudWatch request.
 */
import type { ServiceProtocol } from '../protocol/handler'
import { loadOnce } from '../service'
import { queryErrorCode } from './errors'

export const loadCloudWatch = loadOnce(async () => {
  const [model, table] = await Promise.all([import('./model.gen'), import('./operations-table')])
  return { model, operations: table.cloudWatchOperations }
})

export const cloudWatchProtocol: ServiceProtocol = {
  name: 'cloudwatch',
  targetPrefix: 'GraniteServiceVersion20100801.',
  endpointPrefix: 'monitoring',
  jsonVersion: '1.0',
  queryErrorCode,
  query: '2010-08-01',
  rpcV2Cbor: true,
  model: async () => (await loadCloudWatch()).model,
}

/**
 * CloudWatch's protocol description: AWS JSON 1.0 with AWS Query error codes, on
 * `monitoring.<region>.amazonaws.com`. Its model and operations load on the first CloudWatch request.
 */
import type { ServiceProtocol } from '../protocol/handler'
import { loadOnce } from '../service'
import { queryErrorCode } from './errors'

export const loadCloudWatch = loadOnce(async () => {
  const [model, table] = await Promise.all([import('./model.gen'), import('./operations-table')])
  return { model: { shapes: model.shapes, operationInputs: model.operationInputs }, operations: table.cloudWatchOperations }
})

export const cloudWatchProtocol: ServiceProtocol = {
  name: 'cloudwatch',
  targetPrefix: 'GraniteServiceVersion20100801.',
  endpointPrefix: 'monitoring',
  jsonVersion: '1.0',
  queryErrorCode,
  model: async () => (await loadCloudWatch()).model,
}

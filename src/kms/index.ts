/**
 * The KMS service's protocol description. Its model and operations are loaded on the first KMS
 * request (`import()`), so apps and tests that only talk to Firehose do not carry them.
 */
import type { ServiceProtocol } from '../protocol/handler'
import { loadOnce } from '../service'

/** The KMS model and operation table, loaded once. */
export const loadKms = loadOnce(async () => {
  const [model, table] = await Promise.all([import('./model.gen'), import('./operations-table')])
  const operations = table.kmsOperations
  const { settleKey, authorizerFor, grantRefusalVia } = table
  const shapes = { shapes: model.shapes, operationInputs: model.operationInputs }
  return { model: shapes, operations, settleKey, authorizerFor, grantRefusalVia }
})

export const kmsProtocol: ServiceProtocol = {
  name: 'kms',
  targetPrefix: 'TrentService.',
  endpointPrefix: 'kms',
  model: async () => (await loadKms()).model,
}

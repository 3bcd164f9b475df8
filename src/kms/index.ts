/**
 * The KMS service's protocol description. Its model and operations are loaded on the first KMS
 * request (`import()`), so apps and tests that only talk to Firehose do not carry them.
 */
import type { ServiceModel, ServiceProtocol } from '../protocol/handler'
import type { KmsOperationTable } from './operations-table'

let loading: Promise<{ model: ServiceModel; operations: KmsOperationTable }> | undefined

/** The KMS model and operation table, loaded once. */
export function loadKms(): Promise<{ model: ServiceModel; operations: KmsOperationTable }> {
  loading ??= Promise.all([import('./model.gen'), import('./operations-table')]).then(
    ([model, table]) => ({
      model: { shapes: model.shapes, operationInputs: model.operationInputs },
      operations: table.kmsOperations,
    }),
    (error: unknown) => {
      loading = undefined // a failed chunk load (browser, network) is tried again next time
      throw error
    },
  )
  return loading
}

export const kmsProtocol: ServiceProtocol = {
  name: 'kms',
  targetPrefix: 'TrentService.',
  endpointPrefix: 'kms',
  model: async () => (await loadKms()).model,
}

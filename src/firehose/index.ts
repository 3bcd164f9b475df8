/**
 * The Firehose service's protocol description. Its full model and its operations are loaded on the
 * first Firehose request (`import()`); fixtures and seeding use the CreateDeliveryStream part of the
 * model (create-stream-model.gen.ts), which stays in the core bundle.
 */
import type { ServiceProtocol } from '../protocol/handler'
import { loadOnce } from '../service'

/** The Firehose model and operation table, loaded once. */
export const loadFirehose = loadOnce(async () => {
  const [model, table] = await Promise.all([import('./model.gen'), import('./operations-table')])
  return {
    model: { shapes: model.shapes, operationInputs: model.operationInputs },
    operations: table.firehoseOperations,
    settle: table.settleAsync,
  }
})

export const firehoseProtocol: ServiceProtocol = {
  name: 'firehose',
  targetPrefix: 'Firehose_20150804.',
  endpointPrefix: 'firehose',
  model: async () => (await loadFirehose()).model,
}

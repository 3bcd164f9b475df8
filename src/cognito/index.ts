/**
 * The Cognito Identity service's protocol description. Its model and operations are loaded on the
 * first Cognito request (`import()`), so apps that do not use identity pools do not carry them.
 */
import type { ServiceProtocol } from '../protocol/handler'
import { loadOnce } from '../service'
import { unsignedOperations } from './auth.gen'

/** The Cognito Identity model and operation table, loaded once. */
export const loadCognito = loadOnce(async () => {
  const [model, table] = await Promise.all([import('./model.gen'), import('./operations-table')])
  return { model: { shapes: model.shapes, operationInputs: model.operationInputs }, operations: table.cognitoOperations }
})

export const cognitoProtocol: ServiceProtocol = {
  name: 'cognito',
  targetPrefix: 'AWSCognitoIdentityService.',
  endpointPrefix: 'cognito-identity',
  unsignedOperations,
  // Pool and identity ids start with their region: `us-east-1:…`.
  regionOfInput: (input) => {
    const { IdentityPoolId, IdentityId } = input as { IdentityPoolId?: string; IdentityId?: string }
    return (IdentityPoolId ?? IdentityId)?.split(':')[0]
  },
  model: async () => (await loadCognito()).model,
}

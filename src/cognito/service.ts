/**
 * The Cognito Identity service as the composition root sees it. Its model and operations load on
 * the first Cognito request (see index.ts); the credentials port, seeding and inspection work on
 * the store alone.
 */
import { FirehoseMswError } from '../protocol/aws-error'
import { inspectionScope, operationOf, type JsonService, type MockEnv, type RequestScope, type Stateful } from '../service'
import type { CognitoInspection } from '../types'
import { cognitoErrors } from './errors'
import { cognitoProtocol, loadCognito } from './index'
import { identityInfo, poolInfo } from './inspect'
import type { CognitoCredentials } from './port'
import { seedPool, type PoolSeed } from './seed'
import { CognitoStore, type CognitoState } from './store'

export interface CognitoService extends JsonService<CognitoInspection>, Stateful<CognitoState> {
  readonly credentials: CognitoCredentials
  seed(scope: RequestScope, seed: PoolSeed): void
}

export function createCognitoService(env: MockEnv): CognitoService {
  const store = new CognitoStore()
  return {
    protocol: cognitoProtocol,
    errors: cognitoErrors,
    credentials: {
      byAccessKey(accessKeyId) {
        const issued = store.credentialsByAccessKey(accessKeyId)
        const role = issued?.roleArn.slice(issued.roleArn.lastIndexOf('/') + 1)
        return (
          issued &&
          Object.assign({}, issued, {
            principal: `arn:${issued.roleArn.split(':')[1]}:sts::${issued.accountId}:assumed-role/${role}/CognitoIdentityCredentials`,
          })
        )
      },
      issuedAt: (sessionToken) => store.credentialsBySessionToken(sessionToken)?.issuedAt,
    },
    async dispatch(call, scope) {
      const operation = operationOf((await loadCognito()).operations, call.operation)
      return operation(call.input as never, Object.assign({}, scope, { store }))
    },
    seed: (scope, seed) => seedPool(Object.assign({}, scope, { store }), seed),
    inspect: {
      pools(options) {
        const { accountId, region } = inspectionScope(env, options)
        return store.poolsIn(accountId, region).map(poolInfo)
      },
      identities(identityPoolId, options) {
        const { accountId } = inspectionScope(env, options)
        const pool = store.pools.get(identityPoolId)
        if (!pool || pool.accountId !== accountId) {
          throw new FirehoseMswError(`Failed to read identities of "${identityPoolId}": no such identity pool in account ${accountId}`)
        }
        const credentials = store.allCredentials()
        return store.identitiesOf(pool.id).map((identity) => identityInfo(identity, credentials))
      },
    },
    exportState: () => store.held(),
    importState: (state) => store.restore(state),
    reset: () => store.clear(),
  }
}

/**
 * The KMS service as the composition root sees it. Its model and operations load on the first KMS
 * request (see index.ts); the port it offers Firehose and the inspection work on the store alone.
 */
import { inspectionScope, operationOf, type JsonService, type MockEnv, type RequestScope, type Stateful } from '../service'
import type { KmsInspection } from '../types'
import { kmsErrors } from './errors'
import { kmsForFirehose } from './for-firehose'
import { kmsProtocol, loadKms } from './index'
import { grantInfo, keyInfo } from './inspect'
import type { KmsForFirehose } from './port'
import { seedKey, type KeySeed } from './seed'
import { KmsStore } from './store'
import type { KmsContext, KmsScope } from './types'

/** KMS's part of a snapshot: each (account, region) scope with its keys (their secrets too), aliases and grants. */
export type KmsState = Array<[string, KmsScope]>

export interface KmsService extends JsonService<KmsInspection>, Stateful<KmsState> {
  readonly forFirehose: KmsForFirehose
  seed(scope: RequestScope, seed: KeySeed): void
}

export function createKmsService(env: MockEnv): KmsService {
  const store = new KmsStore()
  const context = (scope: RequestScope): KmsContext => Object.assign({}, scope, { store })
  return {
    protocol: kmsProtocol,
    errors: kmsErrors,
    forFirehose: kmsForFirehose(store),
    async dispatch(call, scope) {
      const { operations, settleKey, authorizerFor } = await loadKms()
      store.settleKey ??= settleKey
      const operation = operationOf(operations, call.operation)
      const { accountId, partition } = scope
      const caller = { principal: call.principal ?? `arn:${partition}:iam::${accountId}:root`, accountId, partition }
      // A failed call changes nothing: undo what it created on the way (AWS managed keys).
      const ctx = Object.assign(context(scope), {
        rollback: [] as Array<() => void>,
        caller,
        action: `kms:${call.operation}`,
        authorize: authorizerFor(call.operation, caller, call.input as object),
      })
      try {
        // Awaited here: an operation that works asynchronously (signing) rolls back too.
        return await operation(call.input as never, ctx)
      } catch (error) {
        for (const undo of ctx.rollback.reverse()) undo()
        throw error
      }
    },
    seed: (scope, seed) => seedKey(context(scope), seed),
    inspect: {
      keys(options) {
        const scope = inspectionScope(env, options)
        const { keys, aliases } = store.scope(scope.accountId, scope.region, scope.now)
        return [...keys.values()].map((key) => keyInfo(key, aliases.values()))
      },
      grants(keyId, options) {
        const scope = inspectionScope(env, options)
        const id = keyId?.includes(':key/') ? keyId.slice(keyId.indexOf(':key/') + 5) : keyId
        const grants = [...store.scope(scope.accountId, scope.region, scope.now).grants.values()]
        return grants.filter((grant) => id === undefined || grant.keyId === id).map(grantInfo)
      },
    },
    // Each scope read settles it (deletions and retirements that are due).
    exportState: () =>
      store
        .allScopes()
        .map(([key]): [string, KmsScope] => [key, store.scope(key.split('/')[0]!, key.split('/')[1]!, env.now())])
        // A scope an inspection call only looked at holds nothing: it is no state.
        .filter(([, scope]) => scope.keys.size + scope.aliases.size + scope.grants.size > 0),
    importState: (state) => store.restore(state),
    reset: () => store.clear(),
  }
}

/** KMS's side of the Firehose port (see port.ts): key checks and service grants over the store. */
import type { RequestScope } from '../service'
import { issueGrant } from './grant'
import { isSymmetricEncryptionKey } from './key'
import { policyDenies } from './policy'
import type { KeyCheck, KmsForFirehose } from './port'
import { loadKms } from './index'
import { resolveKey, type KmsStore, type ResolvedKey } from './store'

export function kmsForFirehose(store: KmsStore): KmsForFirehose {
  const context = (scope: RequestScope) => Object.assign({}, scope, { store })
  return {
    checkKey(scope, keyId, use): KeyCheck {
      let resolved
      try {
        resolved = resolveKey(context(scope), keyId, { aliases: true })
      } catch {
        return { keyArn: keyId, refusal: 'not-found' }
      }
      const { key } = resolved
      const refuse = (refusal: NonNullable<KeyCheck['refusal']>): KeyCheck => ({ keyArn: key.arn, refusal })
      if (key.state === 'Disabled') return refuse('disabled')
      if (key.state === 'PendingDeletion' || key.state === 'PendingReplicaDeletion') return refuse('pending-deletion')
      if (key.state === 'PendingImport') return refuse('pending-import')
      if (!isSymmetricEncryptionKey(key)) return refuse('not-symmetric')
      if (use && policyDenies(key.policy, use.principal, [...use.actions])) return refuse('policy-denies')
      return { keyArn: key.arn }
    },
    grantRefusal(scope, keyId, principal, service) {
      let found: ResolvedKey
      try {
        found = resolveKey(context(scope), keyId, { aliases: true })
      } catch {
        return Promise.resolve(undefined) // checkKey answers for a key that is not there
      }
      // With the KMS operations (loaded on first use), which evaluate key policies and grants.
      return loadKms().then((kms) => kms.grantRefusalVia(found, principal, scope, service))
    },
    createServiceGrant(scope, keyArn, { principal, operations, constraints }) {
      const ctx = context(scope)
      const { key, scope: keys } = resolveKey(ctx, keyArn, { aliases: true })
      const { grant } = issueGrant(
        keys,
        key,
        {
          KeyId: key.keyId,
          GranteePrincipal: principal,
          RetiringPrincipal: principal,
          Operations: [...operations],
          Constraints: constraints,
        },
        ctx,
      )
      return { accountId: key.accountId, region: key.region, grantId: grant.grantId }
    },
    scheduleRetirement(ref, at, now) {
      const grant = store.scope(ref.accountId, ref.region, now).grants.get(ref.grantId)
      if (grant) grant.retireAt = Math.min(grant.retireAt ?? at, at)
    },
    grantExists: (ref, now) => store.scope(ref.accountId, ref.region, now).grants.has(ref.grantId),
  }
}

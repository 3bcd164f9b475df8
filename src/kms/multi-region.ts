/**
 * The bookkeeping of a multi-Region key's family, carried out lazily whenever a scope is read (the
 * store's settle hook): a replica whose deletion is due leaves its primary's list of replicas, and
 * a primary scheduled for deletion while it had replicas (PendingReplicaDeletion) starts its waiting
 * period when the last of them is deleted, as KMS documents. Loaded with the KMS operations.
 */
import { existsAt, markPendingDeletion } from './key'
import type { KmsKey, KmsScopes } from './types'

/** Families being settled: reading a replica's Region settles its keys, which may lead back here. */
const settling = new WeakSet<object>()

export function settleFamily(key: KmsKey, now: number, store: KmsScopes): void {
  const family = key.multiRegionFamily
  if (!family) return
  if (family.primaryArn !== key.arn) {
    // A replica about to be deleted: its Region leaves the family then.
    if (!existsAt(key, now)) leave(family, key.region, key.deletionDate!)
    return
  }
  if (settling.has(family)) return
  settling.add(family)
  try {
    for (const region of [...family.replicaRegions]) {
      // Reading the Region carries out the replica's deletion if it is due; a replica gone unseen leaves now.
      if (!store.scope(key.accountId, region, now).keys.has(key.keyId)) leave(family, region, now)
    }
  } finally {
    settling.delete(family)
  }
  // The last replica may have left while its own Region was read: the primary's period starts from then.
  if (key.state === 'PendingReplicaDeletion' && family.replicaRegions.length === 0) {
    markPendingDeletion(key, family.lastReplicaDeletedAt ?? now, key.pendingWindowInDays!)
  }
}

function leave(family: NonNullable<KmsKey['multiRegionFamily']>, region: string, at: number): void {
  const index = family.replicaRegions.indexOf(region)
  if (index < 0) return
  family.replicaRegions.splice(index, 1)
  family.lastReplicaDeletedAt = Math.max(family.lastReplicaDeletedAt ?? at, at)
}

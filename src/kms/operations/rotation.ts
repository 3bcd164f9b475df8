/**
 * Key rotation: EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus, ListKeyRotations and
 * RotateKeyOnDemand, for symmetric encryption keys with key material from KMS. A rotation gives the
 * key new material for new ciphertexts and keeps the old for older ones (see ciphertext.ts); the
 * store carries out automatic rotations when they fall due on the clock (settleRotation in store.ts).
 * On-demand rotations complete at once, so none is ever in progress (no OnDemandRotationStartDate).
 */
import { kmsErrors, limitExceeded, unsupportedOperation } from '../errors'
import { isSymmetricEncryptionKey, newKeySecret, type KmsKey } from '../key'
import { assertUsable } from '../key-state'
import { paginate } from '../paging'
import { resolveKey, type KmsContext } from '../store'
import type { KeyRotation } from '../types'
import type {
  DisableKeyRotationRequest,
  EnableKeyRotationRequest,
  GetKeyRotationStatusRequest,
  GetKeyRotationStatusResponse,
  ListKeyRotationsRequest,
  ListKeyRotationsResponse,
  RotateKeyOnDemandRequest,
  RotateKeyOnDemandResponse,
  RotationType,
  Unit,
} from '../wire.gen'

/** On-demand rotations a key may have: real KMS refused the 11th in April 2025 (later documentation says 25). */
export const MAX_ON_DEMAND_ROTATIONS = 10
const DEFAULT_ROTATION_PERIOD_IN_DAYS = 365
const AWS_MANAGED_PERIOD_IN_DAYS = 365
const DAY = 24 * 60 * 60 * 1000

/** The key (key id or ARN) if it can rotate at all: a symmetric encryption key whose material KMS made. */
function rotatableKey(ctx: KmsContext, keyId: string): KmsKey {
  const { key } = resolveKey(ctx, keyId, { aliases: false })
  // Real KMS answers a key of another type with no message.
  if (!isSymmetricEncryptionKey(key)) throw kmsErrors.error('UnsupportedOperationException')
  if (key.origin !== 'AWS_KMS') throw unsupportedOperation(`${key.arn} origin is ${key.origin} which is not valid for this operation.`)
  return key
}

/**
 * For the calls that change a key's rotation: an Enabled key (the policy of an AWS managed key, which
 * KMS rotates every year, lets nobody change its rotation).
 */
function changeableKey(ctx: KmsContext, keyId: string): KmsKey {
  const key = rotatableKey(ctx, keyId)
  // KMS rotates a multi-Region key on its primary and carries the material to its replicas; the mock does not.
  if (key.multiRegion) throw unsupportedOperation('Rotation of multi-Region keys is not simulated by firehose-msw.')
  assertUsable(key)
  return key
}

/**
 * A key's rotations and schedule. An AWS managed key rotates every year from its creation: that
 * schedule is computed here, and the mock keeps its one material (no answer depends on which).
 */
function rotationOf(key: KmsKey, now: number): Pick<KeyRotation, 'automatic'> & { rotations: Array<{ date: number; type: RotationType }> } {
  if (key.keyManager === 'CUSTOMER') return key.rotation ?? { rotations: [] }
  const rotations: Array<{ date: number; type: RotationType }> = []
  let nextAt = key.createdAt + AWS_MANAGED_PERIOD_IN_DAYS * DAY
  for (; nextAt <= now; nextAt += AWS_MANAGED_PERIOD_IN_DAYS * DAY) rotations.push({ date: nextAt, type: 'AUTOMATIC' })
  return { rotations, automatic: { periodInDays: AWS_MANAGED_PERIOD_IN_DAYS, nextAt } }
}

/** Enables automatic rotation, or sets a new period: the next rotation is a period from now. */
export function enableKeyRotation(input: EnableKeyRotationRequest, ctx: KmsContext): Unit {
  const key = changeableKey(ctx, input.KeyId)
  const periodInDays = input.RotationPeriodInDays ?? DEFAULT_ROTATION_PERIOD_IN_DAYS
  const rotation = (key.rotation ??= { rotations: [], settledAt: ctx.now })
  rotation.automatic = { periodInDays, nextAt: ctx.now + periodInDays * DAY }
  rotation.settledAt = ctx.now
  return {}
}

export function disableKeyRotation(input: DisableKeyRotationRequest, ctx: KmsContext): Unit {
  const key = changeableKey(ctx, input.KeyId)
  if (key.rotation) delete key.rotation.automatic
  return {}
}

/** While a key is pending deletion its rotation status is false; cancelling the deletion brings it back. */
export function getKeyRotationStatus(input: GetKeyRotationStatusRequest, ctx: KmsContext): GetKeyRotationStatusResponse {
  const key = rotatableKey(ctx, input.KeyId)
  const { automatic } = rotationOf(key, ctx.now)
  if (!automatic || key.state === 'PendingDeletion') return { KeyId: key.arn, KeyRotationEnabled: false }
  return {
    KeyId: key.arn,
    KeyRotationEnabled: true,
    RotationPeriodInDays: automatic.periodInDays,
    NextRotationDate: automatic.nextAt / 1000,
  }
}

/** The completed rotations, oldest first (the key's first material is no rotation). */
export function listKeyRotations(input: ListKeyRotationsRequest, ctx: KmsContext): ListKeyRotationsResponse {
  const key = rotatableKey(ctx, input.KeyId)
  const { page, ...rest } = paginate(rotationOf(key, ctx.now).rotations, input, 100, 1000)
  return { Rotations: page.map(({ date, type }) => ({ KeyId: key.arn, RotationDate: date / 1000, RotationType: type })), ...rest }
}

/** Rotates at once; the automatic schedule stays as it was. */
export function rotateKeyOnDemand(input: RotateKeyOnDemandRequest, ctx: KmsContext): RotateKeyOnDemandResponse {
  const key = changeableKey(ctx, input.KeyId)
  const done = key.rotation?.rotations.filter((rotation) => rotation.type === 'ON_DEMAND').length ?? 0
  if (done >= MAX_ON_DEMAND_ROTATIONS) {
    throw limitExceeded(
      `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${key.arn}`,
    )
  }
  rotateKeyMaterial(key, ctx.now, 'ON_DEMAND')
  return { KeyId: key.arn }
}

/** Gives the key new material, rotated at `date`; the material it retires stays for older ciphertexts. */
export function rotateKeyMaterial(key: KmsKey, date: number, type: KeyRotation['rotations'][number]['type']): void {
  const rotation = (key.rotation ??= { rotations: [], settledAt: date })
  rotation.rotations.push({ date, type, retired: key.secret })
  key.secret = newKeySecret()
}

/**
 * Carries out the automatic rotations of a key that fell due by `now`. Only an Enabled key rotates:
 * on its date, or — when it was not Enabled then — at once when it is found Enabled again, as KMS
 * rotates a re-enabled key whose rotation is overdue; the next date is a period after the rotation.
 * Every change of a key's state follows a settle at the same instant (operations resolve keys
 * through `scope`), so the key has been in its state since `settledAt`.
 */
export function settleRotation(key: KmsKey, now: number): void {
  const rotation = key.rotation
  const automatic = rotation?.automatic
  if (!rotation || !automatic || !(automatic.periodInDays > 0)) return
  if (key.state === 'Enabled') {
    while (automatic.nextAt <= now) {
      const date = Math.max(automatic.nextAt, rotation.settledAt)
      rotateKeyMaterial(key, date, 'AUTOMATIC')
      automatic.nextAt = date + automatic.periodInDays * DAY
    }
  }
  rotation.settledAt = now
}

/** The simulated KMS operations; the model's other operations answer UnsupportedOperationException. */
import { createAlias, deleteAlias, listAliases, updateAlias } from './operations/aliases'
import { decrypt, encrypt, generateDataKey, generateDataKeyWithoutPlaintext, generateRandom } from './operations/crypto'
import { createGrant, listGrants, listRetirableGrants, retireGrant, revokeGrant } from './operations/grants'
import {
  cancelKeyDeletion,
  createKey,
  describeKey,
  disableKey,
  enableKey,
  listKeys,
  scheduleKeyDeletion,
  updateKeyDescription,
} from './operations/keys'
import { generateDataKeyPair, generateDataKeyPairWithoutPlaintext } from './operations/key-pairs'
import { getKeyPolicy, listKeyPolicies, putKeyPolicy } from './operations/policies'
import { disableKeyRotation, enableKeyRotation, getKeyRotationStatus, listKeyRotations, rotateKeyOnDemand } from './operations/rotation'
import { generateMac, getPublicKey, sign, verify, verifyMac } from './operations/signing'
import { reEncrypt } from './operations/reencrypt'
import { replicateKey } from './operations/replicate'
import { listResourceTags, tagResource, untagResource } from './operations/tags'
import type { OperationTable } from '../service'
import { unsupportedOperation } from './errors'
import type { KmsContext } from './store'
import type { KmsInputs, KmsOutputs } from './wire.gen'
import type { KmsKey, KmsScopes } from './types'
import { settleFamily } from './multi-region'
import { settleRotation } from './operations/rotation'

/** What falls due for a key on the clock, carried out whenever its scope is read. */
export function settleKey(key: KmsKey, now: number, store: KmsScopes): void {
  settleFamily(key, now, store)
  settleRotation(key, now)
}

export { authorizerFor, grantRefusalVia } from './policy-eval'

/**
 * An operation that refuses `Recipient`: KMS would answer CiphertextForRecipient, encrypted to the
 * public key of a Nitro enclave's signed attestation document, which the mock cannot check.
 */
function withoutRecipient<I extends { Recipient?: unknown }, O>(operation: (input: I, ctx: KmsContext) => O) {
  return (input: I, ctx: KmsContext): O => {
    if (input.Recipient !== undefined) {
      throw unsupportedOperation('Recipient (Nitro Enclaves attestation) is not simulated by firehose-msw.')
    }
    return operation(input, ctx)
  }
}

export const kmsOperations: OperationTable<KmsInputs, KmsOutputs, KmsContext> = {
  CreateKey: createKey,
  DescribeKey: describeKey,
  ListKeys: listKeys,
  EnableKey: enableKey,
  DisableKey: disableKey,
  ScheduleKeyDeletion: scheduleKeyDeletion,
  CancelKeyDeletion: cancelKeyDeletion,
  UpdateKeyDescription: updateKeyDescription,
  CreateAlias: createAlias,
  UpdateAlias: updateAlias,
  DeleteAlias: deleteAlias,
  ListAliases: listAliases,
  GetKeyPolicy: getKeyPolicy,
  PutKeyPolicy: putKeyPolicy,
  ListKeyPolicies: listKeyPolicies,
  CreateGrant: createGrant,
  ListGrants: listGrants,
  ListRetirableGrants: listRetirableGrants,
  RetireGrant: retireGrant,
  RevokeGrant: revokeGrant,
  Encrypt: encrypt,
  Decrypt: withoutRecipient(decrypt),
  GenerateDataKey: withoutRecipient(generateDataKey),
  GenerateDataKeyWithoutPlaintext: generateDataKeyWithoutPlaintext,
  GenerateRandom: withoutRecipient(generateRandom),
  TagResource: tagResource,
  UntagResource: untagResource,
  ListResourceTags: listResourceTags,
  Sign: sign,
  Verify: verify,
  GetPublicKey: getPublicKey,
  GenerateMac: generateMac,
  VerifyMac: verifyMac,
  EnableKeyRotation: enableKeyRotation,
  DisableKeyRotation: disableKeyRotation,
  GetKeyRotationStatus: getKeyRotationStatus,
  ListKeyRotations: listKeyRotations,
  RotateKeyOnDemand: rotateKeyOnDemand,
  ReEncrypt: reEncrypt,
  GenerateDataKeyPair: withoutRecipient(generateDataKeyPair),
  GenerateDataKeyPairWithoutPlaintext: generateDataKeyPairWithoutPlaintext,
  ReplicateKey: replicateKey,
}

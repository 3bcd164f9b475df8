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
import { getKeyPolicy, listKeyPolicies, putKeyPolicy } from './operations/policies'
import { listResourceTags, tagResource, untagResource } from './operations/tags'
import type { OperationTable } from '../service'
import type { KmsContext } from './store'
import type { KmsInputs, KmsOutputs } from './wire.gen'

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
  Decrypt: decrypt,
  GenerateDataKey: generateDataKey,
  GenerateDataKeyWithoutPlaintext: generateDataKeyWithoutPlaintext,
  GenerateRandom: generateRandom,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListResourceTags: listResourceTags,
}

/** The simulated Cognito Identity operations; the model's other operations answer UnsupportedOperationException. */
import {
  deleteIdentities,
  describeIdentityOperation,
  getCredentialsForIdentity,
  getId,
  getOpenIdToken,
  listIdentities,
} from './operations/identities'
import {
  createIdentityPool,
  deleteIdentityPool,
  describeIdentityPool,
  getIdentityPoolRoles,
  listIdentityPools,
  setIdentityPoolRoles,
  updateIdentityPool,
} from './operations/pools'
import { listTagsForResource, tagResource, untagResource } from './operations/tags'
import type { CognitoContext } from './store'
import type { CognitoInputs, CognitoOperationName, CognitoOutputs } from './wire.gen'

/** Every simulated operation, typed by the model (wire.gen.ts): one missing or misnamed does not compile. */
export type CognitoOperations = {
  [K in CognitoOperationName]: (input: CognitoInputs[K], ctx: CognitoContext) => CognitoOutputs[K]
}

/** The table as its callers see it: also by name as a string, the input as readInput checked it. */
export type CognitoOperationTable = CognitoOperations & {
  readonly [name: string]: ((input: never, ctx: CognitoContext) => unknown) | undefined
}

export const cognitoOperations: CognitoOperationTable = {
  GetId: getId,
  GetCredentialsForIdentity: getCredentialsForIdentity,
  GetOpenIdToken: getOpenIdToken,
  CreateIdentityPool: createIdentityPool,
  DescribeIdentityPool: describeIdentityPool,
  ListIdentityPools: listIdentityPools,
  UpdateIdentityPool: updateIdentityPool,
  DeleteIdentityPool: deleteIdentityPool,
  SetIdentityPoolRoles: setIdentityPoolRoles,
  GetIdentityPoolRoles: getIdentityPoolRoles,
  DescribeIdentity: describeIdentityOperation,
  ListIdentities: listIdentities,
  DeleteIdentities: deleteIdentities,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
}

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
import type { OperationTable } from '../service'
import type { CognitoContext } from './store'
import type { CognitoInputs, CognitoOutputs } from './wire.gen'

export const cognitoOperations: OperationTable<CognitoInputs, CognitoOutputs, CognitoContext> = {
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

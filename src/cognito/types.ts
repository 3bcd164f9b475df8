/** Cognito Identity's state: identity pools, the identities in them, and the credentials issued to them. */
import type { CognitoIdentityProvider, RoleMapping } from './wire.gen'

export interface IdentityPool {
  /** `<region>:<uuid>` */
  id: string
  accountId: string
  region: string
  name: string
  allowUnauthenticated: boolean
  allowClassicFlow?: boolean
  /** Public providers (graph.facebook.com, accounts.google.com, …) → the app id the pool trusts. */
  supportedLoginProviders: Record<string, string>
  developerProviderName?: string
  openIdConnectProviderArns: string[]
  cognitoIdentityProviders: CognitoIdentityProvider[]
  samlProviderArns: string[]
  tags: Map<string, string>
  /** `authenticated` / `unauthenticated` → role ARN */
  roles: Record<string, string>
  roleMappings: Record<string, RoleMapping>
  /** epoch ms */
  createdAt: number
}

export interface Identity {
  /** `<region>:<uuid>` */
  id: string
  poolId: string
  /** The logins linked to the identity: provider name → the subject its tokens name. */
  logins: Map<string, string>
  /** epoch ms */
  createdAt: number
  lastModifiedAt: number
}

/** Temporary credentials GetCredentialsForIdentity issued. */
export interface IssuedCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken: string
  /** The account of the pool: requests signed with the credentials act as it. */
  accountId: string
  identityId: string
  roleArn: string
  /** epoch ms */
  issuedAt: number
  expiresAt: number
}

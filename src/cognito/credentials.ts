/**
 * What GetCredentialsForIdentity issues: temporary credentials of the identity's role, valid for
 * one hour from the mock's clock. The composition root lets SigV4 verification accept them (under
 * `auth`) and feeds their issue time to the encryption 6-hour rule.
 */
import { encodeBase64 } from '../protocol/base64'
import { randomBytes } from '../protocol/ids'
import type { CognitoContext } from './store'
import type { Identity, IssuedCredentials } from './types'

const CREDENTIALS_LIFETIME_MS = 60 * 60 * 1000

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** `ASIA` and 16 upper-case letters and digits: the form of an STS temporary access key id. */
function temporaryAccessKeyId(): string {
  return `ASIA${[...randomBytes(16)].map((b) => BASE32[b % 32]).join('')}`
}

export function issueCredentials(ctx: CognitoContext, identity: Identity, accountId: string, roleArn: string): IssuedCredentials {
  const credentials: IssuedCredentials = {
    accessKeyId: temporaryAccessKeyId(),
    secretAccessKey: encodeBase64(randomBytes(30)),
    sessionToken: encodeBase64(randomBytes(360)),
    accountId,
    identityId: identity.id,
    roleArn,
    issuedAt: ctx.now,
    // Whole seconds, as the Expiration the caller reads: the credentials stop working when it says.
    expiresAt: Math.floor((ctx.now + CREDENTIALS_LIFETIME_MS) / 1000) * 1000,
  }
  ctx.store.addCredentials(credentials)
  return credentials
}

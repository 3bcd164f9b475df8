/**
 * What Cognito Identity offers the rest of the mock: the credentials it issued, so SigV4
 * verification (under `auth`) accepts them until they expire, and Firehose's encryption 6-hour
 * rule knows when a session token was issued.
 */
export interface IssuedCredentialsView {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken: string
  /** The pool's account: requests signed with the credentials act as it. */
  readonly accountId: string
  /** epoch ms */
  readonly issuedAt: number
  readonly expiresAt: number
  /** The role session requests signed with them act as: `arn:aws:sts::<account>:assumed-role/<role>/CognitoIdentityCredentials`. */
  readonly principal: string
}

export interface CognitoCredentials {
  /** The credentials an access key id names, expired ones included; undefined when Cognito did not issue it. */
  byAccessKey(accessKeyId: string): IssuedCredentialsView | undefined
  /** When the credentials carrying a session token were issued (epoch ms). */
  issuedAt(sessionToken: string): number | undefined
}

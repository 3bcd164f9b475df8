/**
 * Cognito Identity state. Pool and identity ids carry their region and are unique across
 * accounts, so they are kept in one map each: the unsigned calls (GetId, GetCredentialsForIdentity)
 * name a pool or identity without saying whose it is. Issued credentials are kept for a day, long
 * after they expire: a request signed with them (without `auth`, which refuses expired ones) still
 * needs their issue time for the encryption 6-hour rule.
 */
import type { RequestScope } from '../service'
import type { Identity, IdentityPool, IssuedCredentials } from './types'

/** Cognito's part of a snapshot. */
export interface CognitoState {
  pools: IdentityPool[]
  identities: Identity[]
  credentials: IssuedCredentials[]
}

/** How long issued credentials are remembered: their hour of validity and well past the 6-hour rule. */
const KEEP_CREDENTIALS_MS = 24 * 60 * 60 * 1000

const loginKey = (poolId: string, provider: string, subject: string): string => `${poolId}\n${provider}\n${subject}`

export class CognitoStore {
  readonly pools = new Map<string, IdentityPool>()
  readonly identities = new Map<string, Identity>()
  /** (pool, provider, subject) → identity id: the same login finds the same identity. */
  private readonly byLogin = new Map<string, string>()
  private readonly byAccessKey = new Map<string, IssuedCredentials>()
  private readonly bySessionToken = new Map<string, IssuedCredentials>()

  /** The pools of an account in a region, in creation order. */
  poolsIn(accountId: string, region: string): IdentityPool[] {
    return [...this.pools.values()].filter((pool) => pool.accountId === accountId && pool.region === region)
  }

  identitiesOf(poolId: string): Identity[] {
    return [...this.identities.values()].filter((identity) => identity.poolId === poolId)
  }

  identityFor(poolId: string, provider: string, subject: string): Identity | undefined {
    const id = this.byLogin.get(loginKey(poolId, provider, subject))
    return id === undefined ? undefined : this.identities.get(id)
  }

  /** Links a login to an identity, in place of another user of the same provider. */
  link(identity: Identity, provider: string, subject: string): void {
    const previous = identity.logins.get(provider)
    if (previous !== undefined) this.byLogin.delete(loginKey(identity.poolId, provider, previous))
    identity.logins.set(provider, subject)
    this.byLogin.set(loginKey(identity.poolId, provider, subject), identity.id)
  }

  deleteIdentity(identity: Identity): void {
    this.identities.delete(identity.id)
    for (const [provider, subject] of identity.logins) this.byLogin.delete(loginKey(identity.poolId, provider, subject))
  }

  /** Deletes a pool and its identities. Credentials already issued stay valid until they expire, as STS's do. */
  deletePool(pool: IdentityPool): void {
    this.pools.delete(pool.id)
    for (const identity of this.identitiesOf(pool.id)) this.deleteIdentity(identity)
  }

  /** Keeps newly issued credentials, and forgets those issued more than a day before them. */
  addCredentials(credentials: IssuedCredentials): void {
    for (const old of this.byAccessKey.values()) {
      if (old.issuedAt >= credentials.issuedAt - KEEP_CREDENTIALS_MS) break // kept in issue order
      this.byAccessKey.delete(old.accessKeyId)
      this.bySessionToken.delete(old.sessionToken)
    }
    this.byAccessKey.set(credentials.accessKeyId, credentials)
    this.bySessionToken.set(credentials.sessionToken, credentials)
  }

  credentialsByAccessKey(accessKeyId: string): IssuedCredentials | undefined {
    return this.byAccessKey.get(accessKeyId)
  }

  credentialsBySessionToken(sessionToken: string): IssuedCredentials | undefined {
    return this.bySessionToken.get(sessionToken)
  }

  /** Every issued credential, oldest first. */
  allCredentials(): IssuedCredentials[] {
    return [...this.byAccessKey.values()]
  }

  /** What a snapshot holds: pools, identities (their logins index rebuilt on restore) and issued credentials. */
  held(): CognitoState {
    return { pools: [...this.pools.values()], identities: [...this.identities.values()], credentials: this.allCredentials() }
  }

  restore(state: CognitoState): void {
    for (const pool of state.pools) this.pools.set(pool.id, pool)
    for (const identity of state.identities) {
      this.identities.set(identity.id, identity)
      for (const [provider, subject] of identity.logins) this.byLogin.set(loginKey(identity.poolId, provider, subject), identity.id)
    }
    for (const credentials of state.credentials) this.addCredentials(credentials)
  }

  clear(): void {
    for (const map of [this.pools, this.identities, this.byLogin, this.byAccessKey, this.bySessionToken]) map.clear()
  }
}

/** What an operation works with: who asks, where, when, and the store. */
export interface CognitoContext extends RequestScope {
  store: CognitoStore
}

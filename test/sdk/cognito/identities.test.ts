import {
  DeleteIdentitiesCommand,
  DescribeIdentityCommand,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  GetOpenIdTokenCommand,
  ListIdentitiesCommand,
  SetIdentityPoolRolesCommand,
  UpdateIdentityPoolCommand,
  type CreateIdentityPoolCommandInput,
} from '@aws-sdk/client-cognito-identity'
import { describe, expect, it } from 'vitest'
import { START } from '../../support/clock'
import {
  CLIENT_ID,
  cognitoClient,
  createPool,
  forbidden,
  GUESTS_NOT_ALLOWED,
  identityNotFound,
  idPattern,
  idToken,
  ISSUER_MISMATCH,
  jwt,
  LOGINS_DO_NOT_MATCH,
  MISSING_ID,
  NO_ROLE,
  notAuthorized,
  payloadOf,
  poolNotFound,
  roleArn,
  UNSUPPORTED_PROVIDER,
  USER_POOL,
  userPoolProvider,
} from '../../support/cognito'
import { expectAwsError } from '../../support/errors'
import { useMock } from '../../support/mock'

const LOCAL = 'http://localhost:4566'
const { aws, clock } = useMock({ timing: 'instant', endpoints: [LOCAL] })
const cognito = cognitoClient()
const west = cognitoClient('eu-west-1')

const GUEST_ROLE = roleArn('guest')
const USER_ROLE = roleArn('signed-in')
const MINUTE = 60_000

/** A pool that allows guests, trusts the test user pool, and has both roles (unless `roles` says otherwise). */
async function pool(
  extra: Partial<CreateIdentityPoolCommandInput> = {},
  roles: Record<string, string> = { authenticated: USER_ROLE, unauthenticated: GUEST_ROLE },
) {
  const id = await createPool(cognito, 'app_pool', { CognitoIdentityProviders: [userPoolProvider()], ...extra })
  await cognito.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: id, Roles: roles }))
  return id
}

const getId = (IdentityPoolId: string, Logins?: Record<string, string>) =>
  cognito.send(new GetIdCommand({ IdentityPoolId, ...(Logins ? { Logins } : {}) })).then((out) => out.IdentityId!)
const credentialsFor = (IdentityId: string, Logins?: Record<string, string>) =>
  cognito.send(new GetCredentialsForIdentityCommand({ IdentityId, ...(Logins ? { Logins } : {}) }))
const openIdToken = (IdentityId: string, Logins?: Record<string, string>) =>
  cognito.send(new GetOpenIdTokenCommand({ IdentityId, ...(Logins ? { Logins } : {}) }))
const describeIdentity = (IdentityId: string) => cognito.send(new DescribeIdentityCommand({ IdentityId }))
const login = (sub: string, extra: Record<string, unknown> = {}) => ({ [USER_POOL]: idToken(sub, extra) })

describe('GetId for guests', () => {
  it('makes a new identity on every call, with an id in the pool’s region', async () => {
    const id = await pool()
    const first = await getId(id)
    const second = await getId(id)
    expect(first).toMatch(idPattern())
    expect(second).toMatch(idPattern())
    expect(second).not.toBe(first)
    expect(aws.cognito.identities(id).map((i) => i.identityId)).toEqual([first, second])
  })

  it('treats an empty Logins map as a guest', async () => {
    const id = await pool()
    const identity = await getId(id, {})
    expect(aws.cognito.identities(id)).toEqual([
      { identityId: identity, identityPoolId: id, logins: [], createdAt: START, lastModifiedAt: START, credentials: [] },
    ])
  })

  it('answers NotAuthorizedException when the pool does not allow guests, and makes no identity', async () => {
    const id = await pool({ AllowUnauthenticatedIdentities: false })
    await expectAwsError(getId(id), GUESTS_NOT_ALLOWED)
    expect(aws.cognito.identities(id)).toEqual([])
  })

  it('answers ResourceNotFoundException naming the id for a pool that does not exist', async () => {
    await expectAwsError(getId(MISSING_ID), poolNotFound(MISSING_ID))
  })

  it('does not find a pool of another region: its id is not found at this region’s endpoint', async () => {
    const westPool = await createPool(west)
    await expectAwsError(getId(westPool), poolNotFound(westPool))
    expect(await west.send(new GetIdCommand({ IdentityPoolId: westPool })).then((o) => o.IdentityId)).toMatch(idPattern('eu-west-1'))
  })
})

describe('GetId with logins', () => {
  it('finds the same identity for the same user (the token’s sub) on every call', async () => {
    const id = await pool()
    const first = await getId(id, login('alice'))
    const again = await getId(id, login('alice', { iat: 12345 }))
    const bob = await getId(id, login('bob'))
    expect(again).toBe(first)
    expect(bob).not.toBe(first)
    expect(aws.cognito.identities(id).map((i) => [i.identityId, i.logins])).toEqual([
      [first, [USER_POOL]],
      [bob, [USER_POOL]],
    ])
  })

  it('works in a pool that does not allow guests', async () => {
    const id = await pool({ AllowUnauthenticatedIdentities: false })
    expect(await getId(id, login('alice'))).toMatch(idPattern())
  })

  it('accepts a user pool token whose aud is the configured ClientId, and refuses one issued to another app client', async () => {
    const id = await pool()
    expect(await getId(id, login('alice', { aud: CLIENT_ID }))).toMatch(idPattern())
    await expectAwsError(getId(id, login('mallory', { aud: 'someotherclientid0000000000' })), UNSUPPORTED_PROVIDER)
    expect(aws.cognito.identities(id)).toHaveLength(1)
  })

  it('answers "Token is not from a supported provider" for a provider the pool does not trust', async () => {
    const id = await pool()
    const other = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Other'
    await expectAwsError(getId(id, { [other]: jwt({ iss: `https://${other}`, sub: 'alice', aud: CLIENT_ID }) }), UNSUPPORTED_PROVIDER)
    await expectAwsError(
      getId(id, { 'accounts.google.com': jwt({ iss: 'https://accounts.google.com', sub: 'alice' }) }),
      UNSUPPORTED_PROVIDER,
    )
    expect(aws.cognito.identities(id)).toEqual([])
  })

  it('answers "Logins don\'t match" for any login in a pool with no providers', async () => {
    const id = await createPool(cognito, 'guests_only')
    await expectAwsError(getId(id, login('alice')), LOGINS_DO_NOT_MATCH)
    expect(aws.cognito.identities(id)).toEqual([])
  })

  it('answers "Issuer doesn\'t match providerName" for a token another user pool issued', async () => {
    const id = await pool()
    await expectAwsError(getId(id, login('alice', { iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' })), ISSUER_MISMATCH)
    expect(aws.cognito.identities(id)).toEqual([])
  })

  it('refuses a user pool login whose token is not a JWT', async () => {
    const id = await pool()
    await expectAwsError(getId(id, { [USER_POOL]: 'not-a-jwt' }), notAuthorized("Invalid login token. Couldn't verify signed token."))
  })

  it('answers "Missing a required claim: iss" for a user pool token without an issuer', async () => {
    const id = await pool()
    await expectAwsError(getId(id, login('alice', { iss: undefined })), notAuthorized('Invalid login token. Missing a required claim: iss'))
    expect(aws.cognito.identities(id)).toEqual([])
  })

  it('answers "Missing a required claim: aud" for a user pool access token (client_id, no aud), and makes no identity', async () => {
    const id = await pool()
    const accessToken = { [USER_POOL]: jwt({ iss: `https://${USER_POOL}`, sub: 'alice', client_id: CLIENT_ID, token_use: 'access' }) }
    await expectAwsError(getId(id, accessToken), notAuthorized('Invalid login token. Missing a required claim: aud'))
    expect(aws.cognito.identities(id)).toEqual([])
  })

  it('refuses a second user of a provider the identity is linked to, and keeps the first user’s link', async () => {
    const id = await pool({ SupportedLoginProviders: { 'graph.facebook.com': '1234567890' } })
    const first = await getId(id, { ...login('alice'), 'graph.facebook.com': 'fb-token-of-alice' })
    await expectAwsError(getId(id, { ...login('alice'), 'graph.facebook.com': 'fb-token-of-mallory' }), LOGINS_DO_NOT_MATCH)
    expect(await getId(id, { 'graph.facebook.com': 'fb-token-of-alice' })).toBe(first)
    expect(aws.cognito.identities(id).map((identity) => identity.logins)).toEqual([[USER_POOL, 'graph.facebook.com']])
  })

  it('takes the text of an opaque public-provider token (Facebook) as its user', async () => {
    const id = await pool({ SupportedLoginProviders: { 'graph.facebook.com': '1234567890' } })
    const first = await getId(id, { 'graph.facebook.com': 'EAAB-token-of-alice' })
    expect(await getId(id, { 'graph.facebook.com': 'EAAB-token-of-alice' })).toBe(first)
    expect(await getId(id, { 'graph.facebook.com': 'EAAB-token-of-bob' })).not.toBe(first)
  })

  it('accepts an OpenID Connect provider under its host name and checks the token’s issuer against it', async () => {
    const id = await pool({ OpenIdConnectProviderARNs: ['arn:aws:iam::123456789012:oidc-provider/login.example.com'] })
    const token = (iss: string, sub: string) => ({ 'login.example.com': jwt({ iss, sub, aud: 'app' }) })
    const first = await getId(id, token('https://login.example.com', 'carol'))
    expect(await getId(id, token('https://login.example.com', 'carol'))).toBe(first)
    await expectAwsError(getId(id, token('https://evil.example.com', 'carol')), ISSUER_MISMATCH)
    expect(aws.cognito.identities(id).map((i) => i.logins)).toEqual([['login.example.com']])
  })

  it('keeps users of different pools apart: the same user has one identity per pool', async () => {
    const a = await pool()
    const b = await pool()
    const inA = await getId(a, login('alice'))
    const inB = await getId(b, login('alice'))
    expect(inB).not.toBe(inA)
    expect(aws.cognito.identities(b).map((i) => i.identityId)).toEqual([inB])
  })
})

describe('GetCredentialsForIdentity', () => {
  it('issues temporary credentials of the unauthenticated role to a guest, valid one hour from the mock’s clock', async () => {
    const id = await pool()
    const identity = await getId(id)
    clock.advance(5 * MINUTE)
    const out = await credentialsFor(identity)
    expect(out.IdentityId).toBe(identity)
    const c = out.Credentials!
    expect(c.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/)
    expect(c.SecretKey).toEqual(expect.any(String))
    expect(c.SecretKey!.length).toBeGreaterThanOrEqual(40)
    expect(c.SessionToken).toEqual(expect.any(String))
    expect(c.Expiration).toEqual(new Date(START + 5 * MINUTE + 60 * MINUTE))
    expect(aws.cognito.identities(id)[0]!.credentials).toEqual([
      { accessKeyId: c.AccessKeyId, roleArn: GUEST_ROLE, issuedAt: START + 5 * MINUTE, expiresAt: START + 65 * MINUTE },
    ])
  })

  it('gives Expiration in whole seconds: one hour after the mock’s clock, without its milliseconds', async () => {
    const id = await pool()
    const identity = await getId(id)
    clock.advance(1500)
    const { Credentials } = await credentialsFor(identity)
    expect(Credentials!.Expiration).toEqual(new Date(START + 1000 + 60 * MINUTE))
  })

  it('issues new credentials on every call', async () => {
    const id = await pool()
    const identity = await getId(id)
    const a = (await credentialsFor(identity)).Credentials!
    const b = (await credentialsFor(identity)).Credentials!
    expect(b.AccessKeyId).not.toBe(a.AccessKeyId)
    expect(b.SessionToken).not.toBe(a.SessionToken)
    expect(aws.cognito.identities(id)[0]!.credentials.map((x) => x.accessKeyId)).toEqual([a.AccessKeyId, b.AccessKeyId])
  })

  it('issues credentials of the authenticated role to a signed-in identity that sends its login', async () => {
    const id = await pool()
    const identity = await getId(id, login('alice'))
    const out = await credentialsFor(identity, login('alice'))
    expect(out.Credentials!.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/)
    expect(aws.cognito.identities(id)[0]!.credentials.map((c) => c.roleArn)).toEqual([USER_ROLE])
  })

  it('answers InvalidIdentityPoolConfigurationException when the pool has no unauthenticated role', async () => {
    const id = await pool({}, { authenticated: USER_ROLE })
    const identity = await getId(id)
    await expectAwsError(credentialsFor(identity), NO_ROLE)
    expect(aws.cognito.identities(id)[0]!.credentials).toEqual([])
  })

  it('answers InvalidIdentityPoolConfigurationException for a signed-in user when the pool has no authenticated role', async () => {
    const id = await pool({}, { unauthenticated: GUEST_ROLE })
    const identity = await getId(id, login('alice'))
    await expectAwsError(credentialsFor(identity, login('alice')), NO_ROLE)
  })

  it('answers "Access to Identity … is forbidden." for an authenticated identity asked for without logins', async () => {
    const id = await pool()
    const identity = await getId(id, login('alice'))
    await expectAwsError(credentialsFor(identity), forbidden(identity))
    expect(aws.cognito.identities(id)[0]!.credentials).toEqual([])
  })

  it('answers "Logins don\'t match" for an authenticated identity asked for with another user’s login', async () => {
    const id = await pool()
    const alice = await getId(id, login('alice'))
    await getId(id, login('bob'))
    await expectAwsError(credentialsFor(alice, login('bob')), LOGINS_DO_NOT_MATCH)
  })

  it('refuses a guest identity once the pool stops allowing guests', async () => {
    const id = await pool()
    const identity = await getId(id)
    await cognito.send(
      new UpdateIdentityPoolCommand({ IdentityPoolId: id, IdentityPoolName: 'app_pool', AllowUnauthenticatedIdentities: false }),
    )
    await expectAwsError(credentialsFor(identity), GUESTS_NOT_ALLOWED)
  })

  it('links a guest identity to the login it is asked for with, so GetId for that user finds it', async () => {
    const id = await pool()
    const guest = await getId(id)
    clock.advance(MINUTE)
    await credentialsFor(guest, login('alice'))
    expect(await getId(id, login('alice'))).toBe(guest)
    const described = await describeIdentity(guest)
    expect(described.Logins).toEqual([USER_POOL])
    expect(described.CreationDate).toEqual(new Date(START))
    expect(described.LastModifiedDate).toEqual(new Date(START + MINUTE))
    expect(aws.cognito.identities(id)[0]!.credentials.map((c) => c.roleArn)).toEqual([USER_ROLE])
  })

  it('changes nothing when it fails: a guest asked for with a login is not linked when the pool has no authenticated role', async () => {
    const id = await pool({}, { unauthenticated: GUEST_ROLE })
    const guest = await getId(id)
    await expectAwsError(credentialsFor(guest, login('alice')), NO_ROLE)
    expect((await describeIdentity(guest)).Logins).toBeUndefined()
    expect(aws.cognito.identities(id)).toEqual([
      { identityId: guest, identityPoolId: id, logins: [], createdAt: START, lastModifiedAt: START, credentials: [] },
    ])
    expect(await getId(id, login('alice'))).not.toBe(guest)
  })

  it('answers ResourceNotFoundException for an identity that does not exist', async () => {
    await expectAwsError(credentialsFor(MISSING_ID), { name: 'ResourceNotFoundException', status: 400 })
  })

  it('does not find an identity at another region’s endpoint', async () => {
    const id = await pool()
    const identity = await getId(id)
    await expectAwsError(west.send(new GetCredentialsForIdentityCommand({ IdentityId: identity })), {
      name: 'ResourceNotFoundException',
      status: 400,
    })
    expect(aws.cognito.identities(id)[0]!.credentials).toEqual([])
  })
})

describe('the public calls at an endpoint whose host names no region', () => {
  it('find the pool and identity in the region their ids name', async () => {
    const westPool = await createPool(west)
    await west.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: westPool, Roles: { unauthenticated: GUEST_ROLE } }))
    const local = cognitoClient('us-east-1', { endpoint: LOCAL })
    const { IdentityId } = await local.send(new GetIdCommand({ IdentityPoolId: westPool }))
    expect(IdentityId).toMatch(idPattern('eu-west-1'))
    const out = await local.send(new GetCredentialsForIdentityCommand({ IdentityId }))
    expect(out.IdentityId).toBe(IdentityId)
    expect(aws.cognito.identities(westPool)[0]!.credentials).toHaveLength(1)
  })
})

describe('the FIPS endpoint', () => {
  it('answers at cognito-identity-fips.<region>.amazonaws.com, with the region its host names', async () => {
    const id = await pool()
    const fips = cognitoClient('us-east-1', { useFipsEndpoint: true })
    const { IdentityId } = await fips.send(new GetIdCommand({ IdentityPoolId: id }))
    expect(IdentityId).toMatch(idPattern('us-east-1'))
    expect(aws.cognito.identities(id).map((identity) => identity.identityId)).toEqual([IdentityId])
    await expectAwsError(
      cognitoClient('eu-west-1', { useFipsEndpoint: true }).send(new GetIdCommand({ IdentityPoolId: id })),
      poolNotFound(id),
    )
  })
})

describe('GetOpenIdToken', () => {
  it('returns a JWT for a guest whose claims name the identity, the pool, "unauthenticated" and a 10-minute lifetime', async () => {
    const id = await pool()
    const identity = await getId(id)
    clock.advance(90_000)
    const out = await openIdToken(identity)
    expect(out.IdentityId).toBe(identity)
    const claims = payloadOf(out.Token!)
    const iat = Math.floor((START + 90_000) / 1000)
    expect(claims).toMatchObject({ sub: identity, aud: id, amr: ['unauthenticated'], iat, exp: iat + 600 })
  })

  it('says "authenticated" and the provider in amr for a signed-in identity', async () => {
    const id = await pool()
    const identity = await getId(id, login('alice'))
    const claims = payloadOf((await openIdToken(identity, login('alice'))).Token!)
    expect(claims.sub).toBe(identity)
    expect(claims.aud).toBe(id)
    expect(claims.amr).toEqual(expect.arrayContaining(['authenticated', USER_POOL]))
    expect(claims.amr).not.toContain('unauthenticated')
    expect(claims.exp).toBe((claims.iat as number) + 600)
  })

  it('answers "Access to Identity … is forbidden." for an authenticated identity asked for without logins', async () => {
    const id = await pool()
    const identity = await getId(id, login('alice'))
    await expectAwsError(openIdToken(identity), forbidden(identity))
  })

  it('works without roles: a token is not credentials', async () => {
    const id = await pool({}, {})
    const identity = await getId(id)
    expect(payloadOf((await openIdToken(identity)).Token!).sub).toBe(identity)
  })
})

describe('DescribeIdentity', () => {
  it('describes a guest identity: its id and dates, and no logins', async () => {
    const id = await pool()
    clock.advance(MINUTE)
    const identity = await getId(id)
    const out = await describeIdentity(identity)
    expect(out.IdentityId).toBe(identity)
    expect(out.Logins).toBeUndefined()
    expect(out.CreationDate).toEqual(new Date(START + MINUTE))
    expect(out.LastModifiedDate).toEqual(new Date(START + MINUTE))
  })

  it('lists the providers of a signed-in identity', async () => {
    const id = await pool()
    const identity = await getId(id, login('alice'))
    expect((await describeIdentity(identity)).Logins).toEqual([USER_POOL])
  })

  it('answers ResourceNotFoundException for an identity that does not exist', async () => {
    await expectAwsError(describeIdentity(MISSING_ID), identityNotFound(MISSING_ID))
  })
})

describe('ListIdentities', () => {
  it('lists a pool’s identities in creation order and pages with MaxResults and NextToken', async () => {
    const id = await pool()
    const other = await pool()
    await getId(other)
    const made: string[] = []
    for (let i = 0; i < 5; i++) {
      made.push(await getId(id))
      clock.advance(1000)
    }
    const seen: string[] = []
    const sizes: number[] = []
    let NextToken: string | undefined
    do {
      const out = await cognito.send(new ListIdentitiesCommand({ IdentityPoolId: id, MaxResults: 2, ...(NextToken ? { NextToken } : {}) }))
      expect(out.IdentityPoolId).toBe(id)
      seen.push(...out.Identities!.map((i) => i.IdentityId!))
      sizes.push(out.Identities!.length)
      NextToken = out.NextToken
    } while (NextToken)
    expect(sizes).toEqual([2, 2, 1])
    expect(seen).toEqual(made)
  })

  it('describes each identity as DescribeIdentity does', async () => {
    const id = await pool()
    const guest = await getId(id)
    const alice = await getId(id, login('alice'))
    const { Identities } = await cognito.send(new ListIdentitiesCommand({ IdentityPoolId: id, MaxResults: 60 }))
    const { $metadata: _g, ...guestDescribed } = await describeIdentity(guest)
    const { $metadata: _a, ...aliceDescribed } = await describeIdentity(alice)
    expect(Identities).toEqual([guestDescribed, aliceDescribed])
  })

  it('answers ResourceNotFoundException for a pool that does not exist', async () => {
    await expectAwsError(cognito.send(new ListIdentitiesCommand({ IdentityPoolId: MISSING_ID, MaxResults: 10 })), poolNotFound(MISSING_ID))
  })
})

describe('DeleteIdentities', () => {
  it('deletes the identities named and leaves the others', async () => {
    const id = await pool()
    const [a, b, c] = [await getId(id), await getId(id), await getId(id)]
    const out = await cognito.send(new DeleteIdentitiesCommand({ IdentityIdsToDelete: [a, c] }))
    expect(out.UnprocessedIdentityIds).toEqual([])
    expect(aws.cognito.identities(id).map((i) => i.identityId)).toEqual([b])
    await expectAwsError(describeIdentity(a), identityNotFound(a))
    await expectAwsError(credentialsFor(c), { name: 'ResourceNotFoundException', status: 400 })
  })

  it('forgets the logins of a deleted identity: the same user then gets a new identity', async () => {
    const id = await pool()
    const alice = await getId(id, login('alice'))
    await cognito.send(new DeleteIdentitiesCommand({ IdentityIdsToDelete: [alice] }))
    const again = await getId(id, login('alice'))
    expect(again).not.toBe(alice)
    expect(aws.cognito.identities(id).map((i) => i.identityId)).toEqual([again])
  })

  it('passes over ids of no identity without failing', async () => {
    const id = await pool()
    const kept = await getId(id)
    const out = await cognito.send(new DeleteIdentitiesCommand({ IdentityIdsToDelete: [MISSING_ID] }))
    expect(out.UnprocessedIdentityIds).toEqual([])
    expect(aws.cognito.identities(id).map((i) => i.identityId)).toEqual([kept])
  })
})

describe('inspection', () => {
  it('aws.cognito.identities() shows each identity’s logins, dates and the credentials issued to it, oldest first', async () => {
    const id = await pool()
    const guest = await getId(id)
    clock.advance(MINUTE)
    const alice = await getId(id, login('alice'))
    const g = (await credentialsFor(guest)).Credentials!
    clock.advance(MINUTE)
    const a1 = (await credentialsFor(alice, login('alice'))).Credentials!
    const a2 = (await credentialsFor(alice, login('alice'))).Credentials!
    expect(aws.cognito.identities(id)).toEqual([
      {
        identityId: guest,
        identityPoolId: id,
        logins: [],
        createdAt: START,
        lastModifiedAt: START,
        credentials: [{ accessKeyId: g.AccessKeyId, roleArn: GUEST_ROLE, issuedAt: START + MINUTE, expiresAt: START + 61 * MINUTE }],
      },
      {
        identityId: alice,
        identityPoolId: id,
        logins: [USER_POOL],
        createdAt: START + MINUTE,
        lastModifiedAt: START + MINUTE,
        credentials: [
          { accessKeyId: a1.AccessKeyId, roleArn: USER_ROLE, issuedAt: START + 2 * MINUTE, expiresAt: START + 62 * MINUTE },
          { accessKeyId: a2.AccessKeyId, roleArn: USER_ROLE, issuedAt: START + 2 * MINUTE, expiresAt: START + 62 * MINUTE },
        ],
      },
    ])
  })

  it('aws.cognito.identities() throws for a pool that does not exist', () => {
    expect(() => aws.cognito.identities(MISSING_ID)).toThrow(MISSING_ID)
  })

  it('reset() forgets pools, identities and credentials', async () => {
    const id = await pool()
    await credentialsFor(await getId(id))
    aws.reset()
    expect(aws.cognito.pools()).toEqual([])
    await expectAwsError(getId(id), poolNotFound(id))
  })
})

import {
  CreateIdentityPoolCommand,
  DeleteIdentitiesCommand,
  DeleteIdentityPoolCommand,
  DescribeIdentityCommand,
  DescribeIdentityPoolCommand,
  GetIdCommand,
  GetIdentityPoolRolesCommand,
  ListIdentitiesCommand,
  ListIdentityPoolsCommand,
  ListTagsForResourceCommand,
  SetIdentityPoolRolesCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateIdentityPoolCommand,
  type CognitoIdentityClient,
} from '@aws-sdk/client-cognito-identity'
import { describe, expect, it } from 'vitest'
import { ACCOUNT, credentials, OTHER_ACCOUNT } from '../../support/aws'
import { START } from '../../support/clock'
import { cognitoClient, createPool, idPattern, poolNotFound, roleArn, USER_POOL, userPoolProvider } from '../../support/cognito'
import { expectAwsError } from '../../support/errors'
import { useMock } from '../../support/mock'

const other = { accessKeyId: 'AKIDOTHERACCOUNT', secretAccessKey: 'otherSecretKeyForTheSecondAccount000000' }

// SigV4 verification is on so that a second access key acts as a second account.
const { aws } = useMock({
  timing: 'instant',
  auth: { credentials: [{ ...credentials }, { ...other, accountId: OTHER_ACCOUNT }] },
})

/** Clients that sign with the mock's clock (it starts in November 2026), so signatures are not stale. */
const signedWithMockClock = (region: string, creds = credentials) =>
  cognitoClient(region, { credentials: creds, systemClockOffset: START - Date.now() })

const cognito = signedWithMockClock('us-east-1')
const west = signedWithMockClock('eu-west-1')
const otherAccount = signedWithMockClock('us-east-1', other)

const describePool = (IdentityPoolId: string, client: CognitoIdentityClient = cognito) =>
  client.send(new DescribeIdentityPoolCommand({ IdentityPoolId }))
const listPools = (input: { MaxResults: number; NextToken?: string }, client: CognitoIdentityClient = cognito) =>
  client.send(new ListIdentityPoolsCommand(input))
const poolArnOf = (poolId: string, region = 'us-east-1', account = ACCOUNT) =>
  `arn:aws:cognito-identity:${region}:${account}:identitypool/${poolId}`

describe('CreateIdentityPool', () => {
  it('returns a new pool with a region-prefixed id, its settings echoed and defaults filled in', async () => {
    const out = await cognito.send(
      new CreateIdentityPoolCommand({
        IdentityPoolName: 'web app',
        AllowUnauthenticatedIdentities: true,
        SupportedLoginProviders: { 'accounts.google.com': 'client.apps.googleusercontent.com' },
        CognitoIdentityProviders: [userPoolProvider()],
        IdentityPoolTags: { team: 'data' },
      }),
    )
    expect(out.IdentityPoolId).toMatch(idPattern())
    expect(out).toMatchObject({
      IdentityPoolName: 'web app',
      AllowUnauthenticatedIdentities: true,
      AllowClassicFlow: false,
      SupportedLoginProviders: { 'accounts.google.com': 'client.apps.googleusercontent.com' },
      CognitoIdentityProviders: [{ ProviderName: USER_POOL, ClientId: userPoolProvider().ClientId, ServerSideTokenCheck: false }],
      IdentityPoolTags: { team: 'data' },
    })
  })

  it('gives every pool a different id, even with the same name', async () => {
    const a = await createPool(cognito, 'same')
    const b = await createPool(cognito, 'same')
    expect(a).not.toBe(b)
    expect(aws.cognito.pools().map((p) => p.identityPoolId)).toEqual([a, b])
  })

  it('makes the pool visible to DescribeIdentityPool with the same description CreateIdentityPool returned', async () => {
    const created = await cognito.send(
      new CreateIdentityPoolCommand({
        IdentityPoolName: 'described',
        AllowUnauthenticatedIdentities: false,
        DeveloperProviderName: 'login.example',
      }),
    )
    const { $metadata: _a, ...createdPool } = created
    const { $metadata: _b, ...described } = await describePool(created.IdentityPoolId!)
    expect(described).toEqual(createdPool)
    expect(described.DeveloperProviderName).toBe('login.example')
  })

  it('shows the new pool to aws.cognito.pools() with its providers, no roles and the creation time', async () => {
    const id = await createPool(cognito, 'inspected', { CognitoIdentityProviders: [userPoolProvider()], IdentityPoolTags: { a: '1' } })
    expect(aws.cognito.pools()).toEqual([
      {
        identityPoolId: id,
        name: 'inspected',
        allowUnauthenticatedIdentities: true,
        loginProviders: [USER_POOL],
        roles: {},
        tags: { a: '1' },
        createdAt: START,
      },
    ])
  })
})

describe('DescribeIdentityPool', () => {
  it('answers ResourceNotFoundException naming the id for a pool that does not exist', async () => {
    const missing = 'us-east-1:11111111-2222-4333-8444-555555555555'
    await expectAwsError(describePool(missing), poolNotFound(missing))
  })
})

describe('ListIdentityPools', () => {
  it('lists nothing when there are no pools, with no NextToken', async () => {
    const out = await listPools({ MaxResults: 10 })
    expect(out.IdentityPools).toEqual([])
    expect(out.NextToken).toBeUndefined()
  })

  it('lists ids and names in creation order, and pages with MaxResults and NextToken', async () => {
    const ids: string[] = []
    for (const name of ['e', 'd', 'c', 'b', 'a']) ids.push(await createPool(cognito, name))
    const seen: { IdentityPoolId?: string; IdentityPoolName?: string }[] = []
    const sizes: number[] = []
    let NextToken: string | undefined
    do {
      const out = await listPools({ MaxResults: 2, ...(NextToken ? { NextToken } : {}) })
      seen.push(...out.IdentityPools!)
      sizes.push(out.IdentityPools!.length)
      NextToken = out.NextToken
    } while (NextToken)
    expect(sizes).toEqual([2, 2, 1])
    expect(seen).toEqual(ids.map((id, i) => ({ IdentityPoolId: id, IdentityPoolName: ['e', 'd', 'c', 'b', 'a'][i] })))
  })

  it('gives no NextToken when the page holds exactly the remaining pools', async () => {
    await createPool(cognito, 'one')
    await createPool(cognito, 'two')
    const out = await listPools({ MaxResults: 2 })
    expect(out.IdentityPools).toHaveLength(2)
    expect(out.NextToken).toBeUndefined()
  })

  it('answers a 400 error for a NextToken it did not give out', async () => {
    await createPool(cognito, 'one')
    await expectAwsError(listPools({ MaxResults: 2, NextToken: 'bogus-token' }), { name: 'InvalidParameterException', status: 400 })
    // The form of the mock's own tokens, without an offset: not read as the first page.
    const empty = btoa('fhmsw-cognito:')
    await expectAwsError(listPools({ MaxResults: 2, NextToken: empty }), { name: 'InvalidParameterException', status: 400 })
  })
})

describe('UpdateIdentityPool', () => {
  it('replaces the configuration: members left out return to their defaults', async () => {
    const id = await createPool(cognito, 'before', {
      AllowClassicFlow: true,
      SupportedLoginProviders: { 'graph.facebook.com': '1234567890' },
      CognitoIdentityProviders: [userPoolProvider()],
      DeveloperProviderName: 'login.example',
    })
    const out = await cognito.send(
      new UpdateIdentityPoolCommand({ IdentityPoolId: id, IdentityPoolName: 'after', AllowUnauthenticatedIdentities: false }),
    )
    expect(out.IdentityPoolName).toBe('after')
    expect(out.AllowUnauthenticatedIdentities).toBe(false)
    expect(out.AllowClassicFlow).toBe(false)
    expect(out.SupportedLoginProviders).toBeUndefined()
    expect(out.CognitoIdentityProviders).toBeUndefined()
    expect(out.DeveloperProviderName).toBeUndefined()
    const described = await describePool(id)
    expect(described.IdentityPoolName).toBe('after')
    expect(described.SupportedLoginProviders).toBeUndefined()
    expect(aws.cognito.pools()[0]!.loginProviders).toEqual([])
  })

  it('keeps the tags when the request has no IdentityPoolTags, and replaces them when it has', async () => {
    const id = await createPool(cognito, 'tagged', { IdentityPoolTags: { team: 'data', env: 'dev' } })
    const kept = await cognito.send(
      new UpdateIdentityPoolCommand({ IdentityPoolId: id, IdentityPoolName: 'tagged', AllowUnauthenticatedIdentities: true }),
    )
    expect(kept.IdentityPoolTags).toEqual({ team: 'data', env: 'dev' })
    const replaced = await cognito.send(
      new UpdateIdentityPoolCommand({
        IdentityPoolId: id,
        IdentityPoolName: 'tagged',
        AllowUnauthenticatedIdentities: true,
        IdentityPoolTags: { env: 'prod' },
      }),
    )
    expect(replaced.IdentityPoolTags).toEqual({ env: 'prod' })
    expect(aws.cognito.pools()[0]!.tags).toEqual({ env: 'prod' })
  })

  it('keeps the pool’s roles', async () => {
    const id = await createPool(cognito)
    await cognito.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: id, Roles: { unauthenticated: roleArn('guest') } }))
    await cognito.send(
      new UpdateIdentityPoolCommand({ IdentityPoolId: id, IdentityPoolName: 'renamed', AllowUnauthenticatedIdentities: true }),
    )
    expect((await cognito.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: id }))).Roles).toEqual({
      unauthenticated: roleArn('guest'),
    })
  })

  it('answers ResourceNotFoundException for a pool that does not exist', async () => {
    const missing = 'us-east-1:11111111-2222-4333-8444-555555555555'
    await expectAwsError(
      cognito.send(new UpdateIdentityPoolCommand({ IdentityPoolId: missing, IdentityPoolName: 'x', AllowUnauthenticatedIdentities: true })),
      poolNotFound(missing),
    )
  })
})

describe('DeleteIdentityPool', () => {
  it('deletes the pool and its identities', async () => {
    const id = await createPool(cognito)
    const { IdentityId } = await cognito.send(new GetIdCommand({ IdentityPoolId: id }))
    await cognito.send(new DeleteIdentityPoolCommand({ IdentityPoolId: id }))
    await expectAwsError(describePool(id), poolNotFound(id))
    await expectAwsError(cognito.send(new DescribeIdentityCommand({ IdentityId })), { name: 'ResourceNotFoundException', status: 400 })
    await expectAwsError(cognito.send(new GetIdCommand({ IdentityPoolId: id })), poolNotFound(id))
    expect(aws.cognito.pools()).toEqual([])
    expect((await listPools({ MaxResults: 60 })).IdentityPools).toEqual([])
  })

  it('leaves the account’s other pools alone', async () => {
    const gone = await createPool(cognito, 'gone')
    const kept = await createPool(cognito, 'kept')
    const { IdentityId } = await cognito.send(new GetIdCommand({ IdentityPoolId: kept }))
    await cognito.send(new DeleteIdentityPoolCommand({ IdentityPoolId: gone }))
    expect(aws.cognito.pools().map((p) => p.identityPoolId)).toEqual([kept])
    expect(aws.cognito.identities(kept).map((i) => i.identityId)).toEqual([IdentityId])
  })

  it('answers ResourceNotFoundException for a pool deleted already', async () => {
    const id = await createPool(cognito)
    await cognito.send(new DeleteIdentityPoolCommand({ IdentityPoolId: id }))
    await expectAwsError(cognito.send(new DeleteIdentityPoolCommand({ IdentityPoolId: id })), poolNotFound(id))
  })
})

describe('SetIdentityPoolRoles and GetIdentityPoolRoles', () => {
  it('a new pool has no roles', async () => {
    const id = await createPool(cognito)
    const out = await cognito.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: id }))
    expect(out.IdentityPoolId).toBe(id)
    expect(out.Roles).toEqual({})
    expect(out.RoleMappings).toBeUndefined()
  })

  it('sets both roles and the role mappings, and GetIdentityPoolRoles returns them', async () => {
    const id = await createPool(cognito, 'roles', { CognitoIdentityProviders: [userPoolProvider()] })
    const roles = { authenticated: roleArn('signed-in'), unauthenticated: roleArn('guest') }
    const RoleMappings = { [USER_POOL]: { Type: 'Token' as const, AmbiguousRoleResolution: 'AuthenticatedRole' as const } }
    await cognito.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: id, Roles: roles, RoleMappings }))
    const out = await cognito.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: id }))
    expect(out.Roles).toEqual(roles)
    expect(out.RoleMappings).toEqual(RoleMappings)
    expect(aws.cognito.pools()[0]!.roles).toEqual(roles)
  })

  it('replaces the roles: a role left out is removed', async () => {
    const id = await createPool(cognito)
    await cognito.send(
      new SetIdentityPoolRolesCommand({ IdentityPoolId: id, Roles: { authenticated: roleArn('a'), unauthenticated: roleArn('u') } }),
    )
    await cognito.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: id, Roles: { authenticated: roleArn('a2') } }))
    expect((await cognito.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: id }))).Roles).toEqual({ authenticated: roleArn('a2') })
  })

  it('answers ResourceNotFoundException for a pool that does not exist', async () => {
    const missing = 'us-east-1:11111111-2222-4333-8444-555555555555'
    await expectAwsError(cognito.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: missing, Roles: {} })), poolNotFound(missing))
    await expectAwsError(cognito.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: missing })), poolNotFound(missing))
  })
})

describe('TagResource, UntagResource and ListTagsForResource', () => {
  it('add tags to the ones a pool was created with, overwrite a key, and list them by pool ARN', async () => {
    const id = await createPool(cognito, 'tags', { IdentityPoolTags: { team: 'data' } })
    const ResourceArn = poolArnOf(id)
    await cognito.send(new TagResourceCommand({ ResourceArn, Tags: { env: 'dev', team: 'web' } }))
    expect((await cognito.send(new ListTagsForResourceCommand({ ResourceArn }))).Tags).toEqual({ team: 'web', env: 'dev' })
    expect((await describePool(id)).IdentityPoolTags).toEqual({ team: 'web', env: 'dev' })
  })

  it('UntagResource removes the keys it names and ignores keys the pool does not have', async () => {
    const id = await createPool(cognito, 'tags', { IdentityPoolTags: { a: '1', b: '2', c: '3' } })
    const ResourceArn = poolArnOf(id)
    await cognito.send(new UntagResourceCommand({ ResourceArn, TagKeys: ['a', 'c', 'zzz'] }))
    expect((await cognito.send(new ListTagsForResourceCommand({ ResourceArn }))).Tags).toEqual({ b: '2' })
    expect(aws.cognito.pools()[0]!.tags).toEqual({ b: '2' })
  })

  it('lists no tags for a pool without any', async () => {
    const id = await createPool(cognito)
    expect((await cognito.send(new ListTagsForResourceCommand({ ResourceArn: poolArnOf(id) }))).Tags).toEqual({})
  })

  it('answers ResourceNotFoundException for the ARN of a deleted pool', async () => {
    const id = await createPool(cognito)
    await cognito.send(new DeleteIdentityPoolCommand({ IdentityPoolId: id }))
    await expectAwsError(cognito.send(new ListTagsForResourceCommand({ ResourceArn: poolArnOf(id) })), poolNotFound(id))
  })

  it('answers a 400 error for an ARN that is not an identity pool’s, and tags nothing', async () => {
    const id = await createPool(cognito)
    await expectAwsError(
      cognito.send(new TagResourceCommand({ ResourceArn: `arn:aws:iam::${ACCOUNT}:role/not-a-pool`, Tags: { a: '1' } })),
      {
        name: 'InvalidParameterException',
        status: 400,
      },
    )
    await expectAwsError(
      cognito.send(new TagResourceCommand({ ResourceArn: poolArnOf(id, 'us-east-1', OTHER_ACCOUNT), Tags: { a: '1' } })),
      {
        name: 'InvalidParameterException',
        status: 400,
      },
    )
    expect(aws.cognito.pools()[0]!.tags).toEqual({})
  })
})

describe('identity pools are per region and per account', () => {
  it('a pool created in us-east-1 is not found from eu-west-1, and is not listed there', async () => {
    const id = await createPool(cognito)
    await expectAwsError(describePool(id, west), poolNotFound(id))
    await expectAwsError(west.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: id })), poolNotFound(id))
    await expectAwsError(west.send(new DeleteIdentityPoolCommand({ IdentityPoolId: id })), poolNotFound(id))
    expect((await listPools({ MaxResults: 60 }, west)).IdentityPools).toEqual([])
    expect(aws.cognito.pools({ region: 'eu-west-1' })).toEqual([])
    expect(aws.cognito.pools().map((p) => p.identityPoolId)).toEqual([id])
  })

  it('a pool created in eu-west-1 has an eu-west-1 id and appears only there', async () => {
    const id = await createPool(west)
    expect(id).toMatch(idPattern('eu-west-1'))
    expect((await listPools({ MaxResults: 60 }, west)).IdentityPools!.map((p) => p.IdentityPoolId)).toEqual([id])
    expect((await listPools({ MaxResults: 60 })).IdentityPools).toEqual([])
    expect(aws.cognito.pools()).toEqual([])
    expect(aws.cognito.pools({ region: 'eu-west-1' }).map((p) => p.identityPoolId)).toEqual([id])
  })

  it('another account’s signed calls do not find the pool, list it, change it or delete it', async () => {
    const id = await createPool(cognito, 'mine', { IdentityPoolTags: { owner: 'me' } })
    await expectAwsError(describePool(id, otherAccount), poolNotFound(id))
    expect((await listPools({ MaxResults: 60 }, otherAccount)).IdentityPools).toEqual([])
    await expectAwsError(
      otherAccount.send(
        new UpdateIdentityPoolCommand({ IdentityPoolId: id, IdentityPoolName: 'theirs', AllowUnauthenticatedIdentities: false }),
      ),
      poolNotFound(id),
    )
    await expectAwsError(otherAccount.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: id, Roles: {} })), poolNotFound(id))
    await expectAwsError(otherAccount.send(new DeleteIdentityPoolCommand({ IdentityPoolId: id })), poolNotFound(id))
    const [pool] = aws.cognito.pools()
    expect(pool).toMatchObject({ identityPoolId: id, name: 'mine', allowUnauthenticatedIdentities: true })
    expect(aws.cognito.pools({ accountId: OTHER_ACCOUNT })).toEqual([])
  })

  it('each account lists only its own pools', async () => {
    const mine = await createPool(cognito, 'mine')
    const theirs = await createPool(otherAccount, 'theirs')
    expect((await listPools({ MaxResults: 60 })).IdentityPools).toEqual([{ IdentityPoolId: mine, IdentityPoolName: 'mine' }])
    expect((await listPools({ MaxResults: 60 }, otherAccount)).IdentityPools).toEqual([
      { IdentityPoolId: theirs, IdentityPoolName: 'theirs' },
    ])
    expect(aws.cognito.pools({ accountId: OTHER_ACCOUNT }).map((p) => p.identityPoolId)).toEqual([theirs])
  })

  it('the public GetId works for any account’s pool: a browser does not sign it', async () => {
    const theirs = await createPool(otherAccount, 'theirs')
    const unsigned = cognitoClient('us-east-1', { credentials: { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'unknown' } })
    const { IdentityId } = await unsigned.send(new GetIdCommand({ IdentityPoolId: theirs }))
    expect(IdentityId).toMatch(idPattern())
    expect(aws.cognito.identities(theirs, { accountId: OTHER_ACCOUNT }).map((i) => i.identityId)).toEqual([IdentityId])
  })

  it('another account’s signed calls do not find the pool’s identities, and cannot delete them', async () => {
    const id = await createPool(cognito)
    const { IdentityId } = await cognito.send(new GetIdCommand({ IdentityPoolId: id }))
    await expectAwsError(otherAccount.send(new DescribeIdentityCommand({ IdentityId })), { name: 'ResourceNotFoundException', status: 400 })
    await expectAwsError(otherAccount.send(new ListIdentitiesCommand({ IdentityPoolId: id, MaxResults: 10 })), poolNotFound(id))
    const out = await otherAccount.send(new DeleteIdentitiesCommand({ IdentityIdsToDelete: [IdentityId!] }))
    expect(out.UnprocessedIdentityIds).toEqual([])
    expect(aws.cognito.identities(id).map((i) => i.identityId)).toEqual([IdentityId])
    expect((await cognito.send(new DescribeIdentityCommand({ IdentityId }))).IdentityId).toBe(IdentityId)
  })

  it('aws.cognito.identities() throws for a pool of another account', async () => {
    const theirs = await createPool(otherAccount, 'theirs')
    expect(() => aws.cognito.identities(theirs)).toThrow(new RegExp(ACCOUNT))
  })
})

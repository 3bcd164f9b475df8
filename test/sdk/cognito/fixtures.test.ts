import {
  CreateIdentityPoolCommand,
  DeleteIdentityPoolCommand,
  DescribeIdentityPoolCommand,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  GetIdentityPoolRolesCommand,
  ListIdentityPoolsCommand,
} from '@aws-sdk/client-cognito-identity'
import { describe, expect, it } from 'vitest'
import { createFirehoseMock, FirehoseMswError, type Fixture, type IdentityPoolFixture } from '../../../src'
import { ACCOUNT, OTHER_ACCOUNT } from '../../support/aws'
import { START } from '../../support/clock'
import { cognitoClient, NO_ROLE, roleArn } from '../../support/cognito'
import { expectAwsError } from '../../support/errors'
import { loadFixture } from '../../support/files'
import { useMock } from '../../support/mock'

const WEB_POOL = 'us-east-1:11111111-2222-4333-8444-555555555555'
const NO_ROLES_POOL = 'us-east-1:22222222-3333-4444-8555-666666666666'
const WEST_POOL = 'eu-west-1:33333333-4444-4555-8666-777777777777'

const seed: Fixture = {
  name: 'identity-pools',
  cognito: {
    identityPools: [
      {
        identityPoolId: WEB_POOL,
        definition: { IdentityPoolName: 'Web App', AllowUnauthenticatedIdentities: true, IdentityPoolTags: { team: 'web' } },
      },
      {
        identityPoolId: NO_ROLES_POOL,
        definition: { IdentityPoolName: 'bare', AllowUnauthenticatedIdentities: true },
        roles: {},
      },
      {
        identityPoolId: WEST_POOL,
        region: 'eu-west-1',
        accountId: OTHER_ACCOUNT,
        definition: { IdentityPoolName: 'west', AllowUnauthenticatedIdentities: false },
        roles: { authenticated: roleArn('west-users', OTHER_ACCOUNT) },
      },
    ],
  },
}

const { aws, clock, server } = useMock({ timing: 'instant', seed })
const cognito = cognitoClient()

const guestCredentials = async (IdentityPoolId: string) => {
  const { IdentityId } = await cognito.send(new GetIdCommand({ IdentityPoolId }))
  return cognito.send(new GetCredentialsForIdentityCommand({ IdentityId }))
}

/** The error createFirehoseMock throws for a fixture with this one pool entry. */
function seedError(entry: unknown): Error {
  try {
    createFirehoseMock({ seed: { name: 'bad', cognito: { identityPools: [entry as IdentityPoolFixture] } } })
  } catch (error) {
    return error as Error
  }
  throw new Error('expected createFirehoseMock to throw')
}

describe('identity pool fixtures', () => {
  it('load with the identityPoolId they give, in fixture order, with their definition', async () => {
    const { IdentityPools } = await cognito.send(new ListIdentityPoolsCommand({ MaxResults: 60 }))
    expect(IdentityPools).toEqual([
      { IdentityPoolId: WEB_POOL, IdentityPoolName: 'Web App' },
      { IdentityPoolId: NO_ROLES_POOL, IdentityPoolName: 'bare' },
    ])
    const described = await cognito.send(new DescribeIdentityPoolCommand({ IdentityPoolId: WEB_POOL }))
    expect(described).toMatchObject({
      IdentityPoolName: 'Web App',
      AllowUnauthenticatedIdentities: true,
      IdentityPoolTags: { team: 'web' },
    })
    expect(aws.cognito.pools()[0]!.createdAt).toBe(START)
  })

  it('get the roles the console creates by default, named after the pool without its spaces', async () => {
    const { Roles } = await cognito.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: WEB_POOL }))
    expect(Roles).toEqual({
      authenticated: `arn:aws:iam::${ACCOUNT}:role/Cognito_WebAppAuth_Role`,
      unauthenticated: `arn:aws:iam::${ACCOUNT}:role/Cognito_WebAppUnauth_Role`,
    })
  })

  it('let a guest get credentials at once, of the default unauthenticated role', async () => {
    const out = await guestCredentials(WEB_POOL)
    expect(out.Credentials!.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/)
    const [identity] = aws.cognito.identities(WEB_POOL)
    expect(identity!.credentials.map((c) => c.roleArn)).toEqual([`arn:aws:iam::${ACCOUNT}:role/Cognito_WebAppUnauth_Role`])
  })

  it('with `roles: {}` have no roles, so GetCredentialsForIdentity fails as for a pool without them', async () => {
    expect((await cognito.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: NO_ROLES_POOL }))).Roles).toEqual({})
    await expectAwsError(guestCredentials(NO_ROLES_POOL), NO_ROLE)
  })

  it('load into the region and account they name, with the roles they give', async () => {
    expect(aws.cognito.pools({ region: 'eu-west-1' })).toEqual([])
    expect(aws.cognito.pools({ region: 'eu-west-1', accountId: OTHER_ACCOUNT })).toEqual([
      {
        identityPoolId: WEST_POOL,
        name: 'west',
        allowUnauthenticatedIdentities: false,
        loginProviders: [],
        roles: { authenticated: roleArn('west-users', OTHER_ACCOUNT) },
        tags: {},
        createdAt: START,
      },
    ])
    await expectAwsError(cognitoClient('eu-west-1').send(new GetIdCommand({ IdentityPoolId: WEST_POOL })), {
      name: 'NotAuthorizedException',
      message: 'Unauthenticated access is not supported for this identity pool.',
      status: 400,
    })
  })

  it('come back on reset(), which also drops identities and the pools made since', async () => {
    clock.advance(60_000)
    await guestCredentials(WEB_POOL)
    await cognito.send(new DeleteIdentityPoolCommand({ IdentityPoolId: NO_ROLES_POOL }))
    await cognito.send(new CreateIdentityPoolCommand({ IdentityPoolName: 'extra', AllowUnauthenticatedIdentities: true }))
    clock.set(START)
    aws.reset()
    expect(aws.cognito.pools().map((p) => [p.identityPoolId, p.name])).toEqual([
      [WEB_POOL, 'Web App'],
      [NO_ROLES_POOL, 'bare'],
    ])
    expect(aws.cognito.identities(WEB_POOL)).toEqual([])
    expect(aws.cognito.pools()[0]!.createdAt).toBe(START)
  })

  it('a fixture pool id names its pool for GetId, and a guest gets an identity in its region', async () => {
    const { IdentityId } = await cognito.send(new GetIdCommand({ IdentityPoolId: WEB_POOL }))
    expect(IdentityId).toMatch(/^us-east-1:/)
    expect(aws.cognito.identities(WEB_POOL).map((i) => i.identityId)).toEqual([IdentityId])
  })
})

describe('bad identity pool fixtures', () => {
  const definition = { IdentityPoolName: 'app', AllowUnauthenticatedIdentities: true }

  it('an identityPoolId of another region than the entry’s throws FirehoseMswError naming the field', () => {
    const error = seedError({ identityPoolId: 'eu-west-1:11111111-2222-4333-8444-555555555555', definition })
    expect(error).toBeInstanceOf(FirehoseMswError)
    expect(error.message).toMatch(/^\[firehose-msw\] Failed to load fixture "bad": cognito\.identityPools\[0\]\.identityPoolId: /)
    expect(error.message).toContain('us-east-1:')
  })

  it('an identityPoolId that is not a region and a UUID throws naming the field', () => {
    const error = seedError({ identityPoolId: 'us-east-1:not-a-uuid', definition })
    expect(error).toBeInstanceOf(FirehoseMswError)
    expect(error.message).toContain('cognito.identityPools[0].identityPoolId')
  })

  it('a role that is not an IAM role ARN throws naming the role', () => {
    const error = seedError({ definition, roles: { authenticated: 'arn:aws:s3:::bucket' } })
    expect(error).toBeInstanceOf(FirehoseMswError)
    expect(error.message).toMatch(/cognito\.identityPools\[0\]\.roles\.authenticated: is not an IAM role ARN: "arn:aws:s3:::bucket"/)
  })

  it('an unknown kind of role throws naming it', () => {
    const error = seedError({ definition, roles: { admin: roleArn('admin') } })
    expect(error).toBeInstanceOf(FirehoseMswError)
    expect(error.message).toContain('cognito.identityPools[0].roles')
    expect(error.message).toContain('"admin"')
  })

  it('a definition that fails the model’s validation throws with the ValidationException text', () => {
    const error = seedError({ definition: { IdentityPoolName: 'app' } })
    expect(error).toBeInstanceOf(FirehoseMswError)
    expect(error.message).toBe(
      '[firehose-msw] Failed to load fixture "bad": cognito.identityPools[0].definition: ValidationException: 1 validation error detected: ' +
        "Value null at 'allowUnauthenticatedIdentities' failed to satisfy constraint: Member must not be null",
    )
  })

  it('a missing definition throws naming it', () => {
    const error = seedError({ identityPoolId: WEB_POOL })
    expect(error).toBeInstanceOf(FirehoseMswError)
    expect(error.message).toContain('cognito.identityPools[0].definition')
  })

  it('an unknown key throws naming it and the key meant', () => {
    const error = seedError({ definition, identityPoolID: WEB_POOL })
    expect(error).toBeInstanceOf(FirehoseMswError)
    expect(error.message).toContain('cognito.identityPools[0]')
    expect(error.message).toContain('"identityPoolID"')
    expect(error.message).toContain('"identityPoolId"')
  })

  it('an unknown key under cognito throws naming it', () => {
    let error: unknown
    try {
      createFirehoseMock({ seed: { name: 'bad', cognito: { pools: [] } } as unknown as Fixture })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(FirehoseMswError)
    expect((error as Error).message).toContain('"pools"')
  })

  it('the same identityPoolId twice throws naming it', () => {
    let error: unknown
    try {
      createFirehoseMock({
        seed: {
          name: 'bad',
          cognito: {
            identityPools: [
              { identityPoolId: WEB_POOL, definition },
              { identityPoolId: WEB_POOL, definition },
            ],
          },
        },
      })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(FirehoseMswError)
    expect((error as Error).message).toMatch(/cognito\.identityPools\[1\]\.identityPoolId: .*defined twice/)
  })

  it('a region that is not a region name throws naming it', () => {
    const error = seedError({ region: 'moon', definition })
    expect(error).toBeInstanceOf(FirehoseMswError)
    expect(error.message).toContain('cognito.identityPools[0].region')
  })
})

describe('the shipped guest-identity-pool fixture', () => {
  it('seeds a guest pool under its fixed id, whose guests get credentials at once', async () => {
    const shipped = loadFixture('guest-identity-pool')
    const poolId = shipped.cognito!.identityPools![0]!.identityPoolId!
    const aws = createFirehoseMock({ seed: shipped })
    expect(aws.cognito.pools().map((pool) => [pool.identityPoolId, pool.allowUnauthenticatedIdentities])).toEqual([[poolId, true]])
    // Ahead of this file's mock: the shipped fixture's mock answers.
    server.use(...aws.handlers)
    try {
      const cognito = cognitoClient()
      const { IdentityId } = await cognito.send(new GetIdCommand({ IdentityPoolId: poolId }))
      const { Credentials } = await cognito.send(new GetCredentialsForIdentityCommand({ IdentityId }))
      expect(Credentials?.AccessKeyId).toMatch(/^ASIA/)
      expect(aws.cognito.identities(poolId)).toHaveLength(1)
    } finally {
      server.resetHandlers()
    }
  })
})

import {
  CreateIdentityPoolCommand,
  DeleteIdentitiesCommand,
  DescribeIdentityPoolCommand,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  ListIdentitiesCommand,
  ListIdentityPoolsCommand,
  LookupDeveloperIdentityCommand,
  SetIdentityPoolRolesCommand,
  UnlinkIdentityCommand,
  type CreateIdentityPoolCommandInput,
} from '@aws-sdk/client-cognito-identity'
import { describe, expect, it } from 'vitest'
import { cognitoClient, createPool, MISSING_ID } from '../../support/cognito'
import { expectAwsError } from '../../support/errors'
import { useMock } from '../../support/mock'

const { aws } = useMock({ timing: 'instant' })
const cognito = cognitoClient()

/** As AWS's messages print it (the service's model text, without the anchors the Smithy JSON adds). */
const ID_PATTERN = '[\\w-]+:[0-9a-f-]+'
const invalid = (message: string) => ({ name: 'ValidationException', message, status: 400 })
const one = (violation: string) => invalid(`1 validation error detected: ${violation}`)

describe('model validation of Cognito Identity requests', () => {
  it('rejects an IdentityPoolId without the region prefix', async () => {
    await expectAwsError(
      cognito.send(new DescribeIdentityPoolCommand({ IdentityPoolId: 'not-a-pool-id' })),
      one(
        `Value 'not-a-pool-id' at 'identityPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: ${ID_PATTERN}`,
      ),
    )
  })

  it('rejects a malformed IdentityPoolId in the unsigned GetId too, and makes no identity', async () => {
    const pool = await createPool(cognito)
    await expectAwsError(
      cognito.send(new GetIdCommand({ IdentityPoolId: 'us-east-1:NOT-HEX' })),
      one(
        `Value 'us-east-1:NOT-HEX' at 'identityPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: ${ID_PATTERN}`,
      ),
    )
    expect(aws.cognito.identities(pool)).toEqual([])
  })

  it('rejects an IdentityId longer than 55 characters', async () => {
    const long = `us-east-1:${'a'.repeat(50)}`
    await expectAwsError(
      cognito.send(new GetCredentialsForIdentityCommand({ IdentityId: long })),
      one(`Value '${long}' at 'identityId' failed to satisfy constraint: Member must have length less than or equal to 55`),
    )
  })

  it('rejects a MaxResults of 0 and of 61 for ListIdentityPools', async () => {
    await expectAwsError(
      cognito.send(new ListIdentityPoolsCommand({ MaxResults: 0 })),
      one("Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1"),
    )
    await expectAwsError(
      cognito.send(new ListIdentityPoolsCommand({ MaxResults: 61 })),
      one("Value '61' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60"),
    )
  })

  it('accepts MaxResults of 1 and 60, the ends of the range', async () => {
    await createPool(cognito)
    expect((await cognito.send(new ListIdentityPoolsCommand({ MaxResults: 1 }))).IdentityPools).toHaveLength(1)
    expect((await cognito.send(new ListIdentityPoolsCommand({ MaxResults: 60 }))).IdentityPools).toHaveLength(1)
  })

  it('rejects a MaxResults of 61 for ListIdentities', async () => {
    const pool = await createPool(cognito)
    await expectAwsError(
      cognito.send(new ListIdentitiesCommand({ IdentityPoolId: pool, MaxResults: 61 })),
      one("Value '61' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60"),
    )
  })

  it('requires MaxResults for ListIdentityPools', async () => {
    await expectAwsError(
      cognito.send(new ListIdentityPoolsCommand({} as never)),
      one("Value null at 'maxResults' failed to satisfy constraint: Member must not be null"),
    )
  })

  it('requires AllowUnauthenticatedIdentities for CreateIdentityPool, and creates nothing', async () => {
    await expectAwsError(
      cognito.send(new CreateIdentityPoolCommand({ IdentityPoolName: 'app' } as CreateIdentityPoolCommandInput)),
      one("Value null at 'allowUnauthenticatedIdentities' failed to satisfy constraint: Member must not be null"),
    )
    expect(aws.cognito.pools()).toEqual([])
  })

  it('lists every violation when a request has several', async () => {
    await expectAwsError(
      cognito.send(new CreateIdentityPoolCommand({} as CreateIdentityPoolCommandInput)),
      invalid(
        "2 validation errors detected: Value null at 'identityPoolName' failed to satisfy constraint: Member must not be null; " +
          "Value null at 'allowUnauthenticatedIdentities' failed to satisfy constraint: Member must not be null",
      ),
    )
  })

  it('rejects an IdentityPoolName with characters outside the model’s pattern', async () => {
    await expectAwsError(
      cognito.send(new CreateIdentityPoolCommand({ IdentityPoolName: 'my/pool', AllowUnauthenticatedIdentities: true })),
      one(
        "Value 'my/pool' at 'identityPoolName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+",
      ),
    )
    expect(aws.cognito.pools()).toEqual([])
  })

  it('rejects an empty IdentityIdsToDelete and one of more than 60 ids', async () => {
    await expectAwsError(
      cognito.send(new DeleteIdentitiesCommand({ IdentityIdsToDelete: [] })),
      one("Value '[]' at 'identityIdsToDelete' failed to satisfy constraint: Member must have length greater than or equal to 1"),
    )
    const many = Array.from({ length: 61 }, () => MISSING_ID)
    await expectAwsError(cognito.send(new DeleteIdentitiesCommand({ IdentityIdsToDelete: many })), {
      name: 'ValidationException',
      message:
        /^1 validation error detected: Value '\[.*\]' at 'identityIdsToDelete' failed to satisfy constraint: Member must have length less than or equal to 60$/,
      status: 400,
    })
  })

  it('rejects a role kind other than authenticated or unauthenticated in SetIdentityPoolRoles', async () => {
    const pool = await createPool(cognito)
    await expectAwsError(
      cognito.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: pool, Roles: { admin: 'arn:aws:iam::123456789012:role/admin' } })),
      {
        name: 'ValidationException',
        message:
          /^1 validation error detected: Value 'admin' at 'roles\.admin\.key' failed to satisfy constraint: Member must satisfy regular expression pattern: \(un\)\?authenticated$/,
        status: 400,
      },
    )
  })
})

describe('operations the mock does not simulate', () => {
  it('answers an operation of the model it does not simulate (LookupDeveloperIdentity) with UnsupportedOperationException', async () => {
    const pool = await createPool(cognito)
    await expectAwsError(cognito.send(new LookupDeveloperIdentityCommand({ IdentityPoolId: pool, MaxResults: 10 })), {
      name: 'UnsupportedOperationException',
      message: 'LookupDeveloperIdentity is not simulated by firehose-msw.',
      status: 400,
    })
  })

  it('answers the unsigned UnlinkIdentity with UnsupportedOperationException too', async () => {
    await expectAwsError(cognito.send(new UnlinkIdentityCommand({ IdentityId: MISSING_ID, Logins: {}, LoginsToRemove: [] })), {
      name: 'UnsupportedOperationException',
      status: 400,
    })
  })

  it('answers an X-Amz-Target the model does not have with UnknownOperationException', async () => {
    const response = await fetch('https://cognito-identity.us-east-1.amazonaws.com/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityService.Bogus' },
      body: '{}',
    })
    expect(response.status).toBe(400)
    expect(((await response.json()) as { __type: string }).__type).toMatch(/UnknownOperationException$/)
  })
})

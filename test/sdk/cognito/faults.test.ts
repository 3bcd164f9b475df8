import {
  CreateIdentityPoolCommand,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  SetIdentityPoolRolesCommand,
} from '@aws-sdk/client-cognito-identity'
import { describe, expect, it } from 'vitest'
import { cognitoClient, createPool, roleArn } from '../../support/cognito'
import { expectAwsError } from '../../support/errors'
import { useMock } from '../../support/mock'

const { aws } = useMock({ timing: 'instant' })
const cognito = cognitoClient()

describe('faults on Cognito Identity', () => {
  it('a TooManyRequestsException rule on GetId answers that error with status 400 and makes no identity', async () => {
    const pool = await createPool(cognito)
    const fault = aws.faults.add({ service: 'cognito', operation: 'GetId', error: 'TooManyRequestsException' })
    await expectAwsError(cognito.send(new GetIdCommand({ IdentityPoolId: pool })), { name: 'TooManyRequestsException', status: 400 })
    expect(fault.hits).toBe(1)
    expect(aws.cognito.identities(pool)).toEqual([])
  })

  it('carries the rule’s message, and with `times` lets later calls through', async () => {
    const pool = await createPool(cognito)
    aws.faults.add({ service: 'cognito', operation: 'GetId', error: 'TooManyRequestsException', message: 'Rate exceeded', times: 1 })
    await expectAwsError(cognito.send(new GetIdCommand({ IdentityPoolId: pool })), {
      name: 'TooManyRequestsException',
      message: 'Rate exceeded',
      status: 400,
    })
    const { IdentityId } = await cognito.send(new GetIdCommand({ IdentityPoolId: pool }))
    expect(aws.cognito.identities(pool).map((i) => i.identityId)).toEqual([IdentityId])
  })

  it('an InternalErrorException rule answers status 500 and issues no credentials', async () => {
    const pool = await createPool(cognito)
    await cognito.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: pool, Roles: { unauthenticated: roleArn('guest') } }))
    const { IdentityId } = await cognito.send(new GetIdCommand({ IdentityPoolId: pool }))
    aws.faults.add({ service: 'cognito', operation: 'GetCredentialsForIdentity', error: 'InternalErrorException' })
    await expectAwsError(cognito.send(new GetCredentialsForIdentityCommand({ IdentityId })), {
      name: 'InternalErrorException',
      status: 500,
    })
    expect(aws.cognito.identities(pool)[0]!.credentials).toEqual([])
  })

  it('a rule on CreateIdentityPool creates no pool', async () => {
    aws.faults.add({ service: 'cognito', operation: 'CreateIdentityPool', error: 'LimitExceededException' })
    await expectAwsError(cognito.send(new CreateIdentityPoolCommand({ IdentityPoolName: 'app', AllowUnauthenticatedIdentities: true })), {
      name: 'LimitExceededException',
      status: 400,
    })
    expect(aws.cognito.pools()).toEqual([])
  })

  it('a rule for another service does not touch Cognito calls', async () => {
    const pool = await createPool(cognito)
    const fault = aws.faults.add({ service: 'kms', operation: 'GetId', error: 'TooManyRequestsException' })
    await cognito.send(new GetIdCommand({ IdentityPoolId: pool }))
    expect(fault.hits).toBe(0)
    expect(aws.cognito.identities(pool)).toHaveLength(1)
  })
})

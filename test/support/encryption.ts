/**
 * Shared steps for the server-side-encryption tests: the real Firehose and KMS clients, a few
 * one-line wrappers around their commands, and assertions on what Describe shows.
 */
import {
  PutRecordBatchCommand,
  StartDeliveryStreamEncryptionCommand,
  StopDeliveryStreamEncryptionCommand,
  type DeliveryStreamEncryptionConfigurationInput,
  type FirehoseClient,
} from '@aws-sdk/client-firehose'
import {
  CreateAliasCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  ListGrantsCommand,
  RevokeGrantCommand,
  ScheduleKeyDeletionCommand,
  type CreateKeyCommandInput,
} from '@aws-sdk/client-kms'
import { expect } from 'vitest'
import type { FirehoseMock, ManualClock } from '../../src'
import { ACCOUNT, FIREHOSE_PRINCIPAL } from './aws'
import { bytes } from './bytes'
import { kmsClient } from './clients'
import { activeStream as makeActive, createStream, deleteStream, describeStream, putText } from './firehose'
import { createKey as createKeyWith } from './kms'

/** A key policy that lets the account administer the key but explicitly denies Firehose every KMS action. */
export const DENY_FIREHOSE_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Id: 'deny-firehose',
  Statement: [
    {
      Sid: 'Enable IAM User Permissions',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
    {
      Sid: 'Deny Firehose',
      Effect: 'Deny',
      Principal: { Service: FIREHOSE_PRINCIPAL },
      Action: 'kms:*',
      Resource: '*',
    },
  ],
})

export const cmk = (KeyARN: string): DeliveryStreamEncryptionConfigurationInput => ({ KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN })
export const awsOwned: DeliveryStreamEncryptionConfigurationInput = { KeyType: 'AWS_OWNED_CMK' }

/** The steps every encryption test file needs, bound to its mock, clock and Firehose client. */
export function encryptionKit({ aws, clock, firehose }: { aws: FirehoseMock; clock: ManualClock; firehose: FirehoseClient }) {
  const kms = kmsClient()

  const create = (input: Record<string, unknown>, client: FirehoseClient = firehose) => createStream(client, input)

  /** Creates a stream (by default a plain S3 one) and moves the clock until it is ACTIVE. */
  const activeStream = (name: string, input?: Record<string, unknown>) => makeActive({ aws, clock, firehose }, name, input)

  const start = (name: string, config?: DeliveryStreamEncryptionConfigurationInput, client: FirehoseClient = firehose) =>
    client.send(
      new StartDeliveryStreamEncryptionCommand({
        DeliveryStreamName: name,
        ...(config ? { DeliveryStreamEncryptionConfigurationInput: config } : {}),
      }),
    )

  const stop = (name: string) => firehose.send(new StopDeliveryStreamEncryptionCommand({ DeliveryStreamName: name }))

  const del = (name: string) => deleteStream(firehose, name)

  const describe = (name: string) => describeStream(firehose, name)

  const encryptionOf = async (name: string) => (await describe(name)).DeliveryStreamEncryptionConfiguration!

  const put = (name: string, text = 'hello') => putText(firehose, name, text)

  const putBatch = (name: string, texts: string[] = ['a', 'b']) =>
    firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: name, Records: texts.map((t) => ({ Data: bytes(t) })) }))

  /** Asserts that PutRecord and PutRecordBatch both answer `Encrypted: expected`. */
  async function expectPutsEncrypted(name: string, expected: boolean) {
    expect((await put(name)).Encrypted).toBe(expected)
    const batch = await putBatch(name)
    expect(batch.FailedPutCount).toBe(0)
    expect(batch.Encrypted).toBe(expected)
  }

  /** A customer managed key made through KMS CreateKey; returns its id and ARN. */
  const createKey = (input: CreateKeyCommandInput = {}) => createKeyWith(kms, input)

  const disableKey = (keyId: string) => kms.send(new DisableKeyCommand({ KeyId: keyId }))
  const enableKey = (keyId: string) => kms.send(new EnableKeyCommand({ KeyId: keyId }))
  const scheduleDeletion = (keyId: string, days = 7) =>
    kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: days }))
  const createAlias = (aliasName: string, keyId: string) => kms.send(new CreateAliasCommand({ AliasName: aliasName, TargetKeyId: keyId }))

  /** Firehose's grants on a key, read through KMS ListGrants. */
  async function firehoseGrants(keyId: string) {
    const out = await kms.send(new ListGrantsCommand({ KeyId: keyId }))
    return (out.Grants ?? []).filter((g) => g.GranteePrincipal === FIREHOSE_PRINCIPAL)
  }

  const revokeGrant = (keyId: string, grantId: string) => kms.send(new RevokeGrantCommand({ KeyId: keyId, GrantId: grantId }))

  /** Waits (on the clock) until a Start has completed and its effect has reached puts. */
  function settleStart() {
    clock.advance(aws.timing.encryptionEnabling + aws.timing.encryptionPropagation)
  }

  /** Starts encryption with a config and waits until it is ENABLED and puts see it. */
  async function enabled(name: string, config?: DeliveryStreamEncryptionConfigurationInput) {
    await start(name, config)
    settleStart()
    expect((await encryptionOf(name)).Status).toBe('ENABLED')
  }

  return {
    kms,
    create,
    activeStream,
    start,
    stop,
    del,
    describe,
    encryptionOf,
    put,
    putBatch,
    expectPutsEncrypted,
    createKey,
    disableKey,
    enableKey,
    scheduleDeletion,
    createAlias,
    firehoseGrants,
    revokeGrant,
    settleStart,
    enabled,
  }
}

/** Asserts a FailureDescription of the given type with non-blank Details of at most 1024 characters. */
export function expectFailure(failure: { Type?: string; Details?: string } | undefined, type: string) {
  expect(failure?.Type).toBe(type)
  expect(typeof failure?.Details).toBe('string')
  expect(failure!.Details!.trim().length).toBeGreaterThan(0)
  expect(failure!.Details!.length).toBeLessThanOrEqual(1024)
}

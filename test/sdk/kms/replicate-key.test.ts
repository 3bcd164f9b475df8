/**
 * ReplicateKey: a replica of a multi-Region primary key in another Region — its answer (the replica
 * still Creating, its policy and tags), both keys' MultiRegionConfiguration, a ciphertext of either
 * Region decrypting in the other, and KMS's refusals (a key that is not a multi-Region primary).
 */
import {
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GetPublicKeyCommand,
  ReplicateKeyCommand,
  RotateKeyOnDemandCommand,
  SignCommand,
  VerifyCommand,
} from '@aws-sdk/client-kms'
import { describe, expect, it } from 'vitest'
import { ACCOUNT } from '../../support/aws'
import { bytes, decode } from '../../support/bytes'
import { kmsClient } from '../../support/clients'
import { expectAwsError } from '../../support/errors'
import { useMock } from '../../support/mock'

const { aws } = useMock({ timing: 'instant' })
const east = kmsClient('us-east-1')
const west = kmsClient('eu-west-1')

async function primary() {
  const { KeyMetadata } = await east.send(new CreateKeyCommand({ MultiRegion: true, Description: 'primary' }))
  return { keyId: KeyMetadata!.KeyId!, arn: KeyMetadata!.Arn! }
}

describe('ReplicateKey', () => {
  it('answers the replica as Creating, with the default policy and the tags given; both keys list the family', async () => {
    const { keyId, arn } = await primary()
    expect(keyId).toMatch(/^mrk-[0-9a-f]{32}$/)
    const out = await east.send(
      new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'eu-west-1', Tags: [{ TagKey: 'team', TagValue: 'data' }] }),
    )
    const replicaArn = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${keyId}`
    expect(out.ReplicaKeyMetadata).toMatchObject({ KeyId: keyId, Arn: replicaArn, KeyState: 'Creating', Enabled: false, Description: '' })
    expect(JSON.parse(out.ReplicaPolicy!).Statement[0].Principal.AWS).toBe(`arn:aws:iam::${ACCOUNT}:root`)
    expect(out.ReplicaTags).toEqual([{ TagKey: 'team', TagValue: 'data' }])
    const family = {
      PrimaryKey: { Arn: arn, Region: 'us-east-1' },
      ReplicaKeys: [{ Arn: replicaArn, Region: 'eu-west-1' }],
    }
    const onPrimary = (await east.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!
    expect(onPrimary.MultiRegionConfiguration).toEqual({ MultiRegionKeyType: 'PRIMARY', ...family })
    const onReplica = (await west.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!
    expect(onReplica).toMatchObject({ Arn: replicaArn, KeyState: 'Enabled', MultiRegion: true })
    expect(onReplica.MultiRegionConfiguration).toEqual({ MultiRegionKeyType: 'REPLICA', ...family })
    expect(aws.kms.keys({ region: 'eu-west-1' }).map((k) => k.arn)).toEqual([replicaArn])
  })

  it('shares the key material: what one Region encrypts, the other decrypts', async () => {
    const { keyId } = await primary()
    await east.send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'eu-west-1' }))
    const fromEast = await east.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('made in us-east-1') }))
    expect(decode((await west.send(new DecryptCommand({ CiphertextBlob: fromEast.CiphertextBlob }))).Plaintext)).toBe('made in us-east-1')
    const fromWest = await west.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('made in eu-west-1') }))
    expect(decode((await east.send(new DecryptCommand({ CiphertextBlob: fromWest.CiphertextBlob }))).Plaintext)).toBe('made in eu-west-1')
  })

  it('refuses a key that is not a multi-Region primary, and a Region that already has the replica', async () => {
    const single = (await east.send(new CreateKeyCommand({}))).KeyMetadata!
    await expectAwsError(east.send(new ReplicateKeyCommand({ KeyId: single.KeyId!, ReplicaRegion: 'eu-west-1' })), {
      name: 'UnsupportedOperationException',
      message: `${single.Arn} is not a multi-region primary key.`,
      status: 400,
    })
    const { keyId } = await primary()
    await east.send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'eu-west-1' }))
    await expectAwsError(west.send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'ap-south-1' })), {
      name: 'UnsupportedOperationException',
      message: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${keyId} is not a multi-region primary key.`,
      status: 400,
    })
    await expectAwsError(east.send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'eu-west-1' })), {
      name: 'AlreadyExistsException',
      status: 400,
    })
  })

  it('shares an asymmetric key material even when the primary was never used: what one Region signs, the other verifies', async () => {
    const { KeyMetadata } = await east.send(new CreateKeyCommand({ MultiRegion: true, KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }))
    const KeyId = KeyMetadata!.KeyId!
    await east.send(new ReplicateKeyCommand({ KeyId, ReplicaRegion: 'eu-west-1' }))
    const [eastKey, westKey] = await Promise.all([east, west].map((kms) => kms.send(new GetPublicKeyCommand({ KeyId }))))
    expect(westKey!.PublicKey).toEqual(eastKey!.PublicKey)
    const { Signature } = await east.send(new SignCommand({ KeyId, Message: bytes('signed east'), SigningAlgorithm: 'ECDSA_SHA_256' }))
    const verified = await west.send(
      new VerifyCommand({ KeyId, Message: bytes('signed east'), Signature, SigningAlgorithm: 'ECDSA_SHA_256' }),
    )
    expect(verified.SignatureValid).toBe(true)
  })

  it('a multi-Region key does not rotate here: EnableKeyRotation and RotateKeyOnDemand say so', async () => {
    const { keyId } = await primary()
    const refusal = {
      name: 'UnsupportedOperationException',
      message: 'Rotation of multi-Region keys is not simulated by firehose-msw.',
      status: 400,
    }
    await expectAwsError(east.send(new EnableKeyRotationCommand({ KeyId: keyId })), refusal)
    await expectAwsError(east.send(new RotateKeyOnDemandCommand({ KeyId: keyId })), refusal)
  })
})

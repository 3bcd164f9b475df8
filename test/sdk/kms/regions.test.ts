import {
  CreateAliasCommand,
  CreateGrantCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  ListAliasesCommand,
  ListKeysCommand,
} from '@aws-sdk/client-kms'
import { describe, expect, it } from 'vitest'
import { bytes } from '../../support/bytes'
import { kmsClient } from '../../support/clients'
import { expectAwsError, failureOf } from '../../support/errors'
import { createKey, notFoundAlias, notFoundKey } from '../../support/kms'
import { useMock } from '../../support/mock'

const { aws } = useMock({ timing: 'instant' })
const east = kmsClient('us-east-1')
const west = kmsClient('eu-west-1')

describe('KMS is regional', () => {
  it('a key created in us-east-1 is not found by its id from eu-west-1, with the eu-west-1 ARN in the message', async () => {
    const { keyId } = await createKey(east)
    await expectAwsError(west.send(new DescribeKeyCommand({ KeyId: keyId })), notFoundKey(keyId, 'eu-west-1'))
    expect((await west.send(new ListKeysCommand({}))).Keys).toEqual([])
    expect(aws.kms.keys({ region: 'eu-west-1' })).toEqual([])
    expect(aws.kms.keys().map((k) => k.keyId)).toEqual([keyId])
  })

  it('a key created in eu-west-1 has an eu-west-1 ARN and appears only there', async () => {
    const { keyId, arn } = await createKey(west)
    expect(arn).toBe(`arn:aws:kms:eu-west-1:123456789012:key/${keyId}`)
    expect((await east.send(new ListKeysCommand({}))).Keys).toEqual([])
    expect(aws.kms.keys({ region: 'eu-west-1' }).map((k) => k.arn)).toEqual([arn])
    expect(aws.kms.keys()).toEqual([])
  })

  it('a us-east-1 key ARN sent to the eu-west-1 endpoint is not usable there (NotFoundException)', async () => {
    const { arn } = await createKey(east)
    await expectAwsError(west.send(new DescribeKeyCommand({ KeyId: arn })), { name: 'NotFoundException', status: 400 })
    await expectAwsError(west.send(new EncryptCommand({ KeyId: arn, Plaintext: bytes('x') })), { name: 'NotFoundException', status: 400 })
  })

  it('aliases are per region: the same alias name can point at different keys in two regions', async () => {
    const e = await createKey(east)
    const w = await createKey(west)
    await east.send(new CreateAliasCommand({ AliasName: 'alias/app', TargetKeyId: e.keyId }))
    await west.send(new CreateAliasCommand({ AliasName: 'alias/app', TargetKeyId: w.keyId }))
    expect((await east.send(new DescribeKeyCommand({ KeyId: 'alias/app' }))).KeyMetadata!.Arn).toBe(e.arn)
    expect((await west.send(new DescribeKeyCommand({ KeyId: 'alias/app' }))).KeyMetadata!.Arn).toBe(w.arn)
    const westAliases = (await west.send(new ListAliasesCommand({ KeyId: w.keyId }))).Aliases!
    expect(westAliases.map((a) => a.AliasArn)).toEqual(['arn:aws:kms:eu-west-1:123456789012:alias/app'])
  })

  it('an alias of another region is not found, named with this region’s ARN', async () => {
    const e = await createKey(east)
    await east.send(new CreateAliasCommand({ AliasName: 'alias/only-east', TargetKeyId: e.keyId }))
    await expectAwsError(west.send(new DescribeKeyCommand({ KeyId: 'alias/only-east' })), notFoundAlias('alias/only-east', 'eu-west-1'))
  })

  it('a ciphertext from us-east-1 cannot be decrypted in eu-west-1', async () => {
    const { keyId } = await createKey(east)
    const { CiphertextBlob } = await east.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('regional') }))
    // AWS answers 400 "The ciphertext refers to a customer master key that does not exist, does not exist in this
    // region, or you are not allowed to access." (observed as AccessDeniedException; the API reference names no error).
    const error = await failureOf(west.send(new DecryptCommand({ CiphertextBlob })))
    expect(['AccessDeniedException', 'InvalidCiphertextException']).toContain(error.name)
    expect(error.$metadata?.httpStatusCode).toBe(400)
  })

  it('grants are per region: aws.kms.grants() reads the region it is given', async () => {
    const w = await createKey(west)
    await west.send(new CreateGrantCommand({ KeyId: w.keyId, GranteePrincipal: 'firehose.amazonaws.com', Operations: ['Encrypt'] }))
    expect(aws.kms.grants()).toEqual([])
    expect(aws.kms.grants(undefined, { region: 'eu-west-1' })).toHaveLength(1)
    expect(aws.kms.grants(w.arn, { region: 'eu-west-1' })).toHaveLength(1)
  })
})

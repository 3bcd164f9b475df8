/**
 * ReEncrypt and GenerateDataKeyPair(WithoutPlaintext) through the real SDK. ReEncrypt between
 * symmetric and RSA keys in every direction, with each key checked as Decrypt and Encrypt check it.
 * Data key pairs of every simulated KeyPairSpec: the private key (DER PKCS #8) parses with Node,
 * its public half is the PublicKey (DER SubjectPublicKeyInfo), a signature it makes verifies with
 * PublicKey, and Decrypt of PrivateKeyCiphertextBlob (with its EncryptionContext) returns it.
 */
import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify } from 'node:crypto'
import {
  DecryptCommand,
  DisableKeyCommand,
  EncryptCommand,
  GenerateDataKeyPairCommand,
  GenerateDataKeyPairWithoutPlaintextCommand,
  ReEncryptCommand,
  ScheduleKeyDeletionCommand,
  type DataKeyPairSpec,
} from '@aws-sdk/client-kms'
import { beforeAll, describe, expect, it } from 'vitest'
import { bytes, decode } from '../../support/bytes'
import { kmsClient } from '../../support/clients'
import { expectAwsError } from '../../support/errors'
import { createKey, disabled, pendingDeletion } from '../../support/kms'
import { useSharedMock } from '../../support/mock'

// One mock for the file: a key's material (an RSA 4096 key pair takes a while) is made once per key.
useSharedMock()
const kms = kmsClient()

type Key = { keyId: string; arn: string }
const INVALID_CIPHERTEXT = { name: 'InvalidCiphertextException', status: 400 }
const DRY_RUN = {
  name: 'DryRunOperationException',
  message: 'The request would have succeeded, but the DryRun option is set.',
  status: 400,
}
const INCORRECT_KEY = {
  name: 'IncorrectKeyException',
  message: 'The key ID in the request does not identify a CMK that can perform this operation.',
  status: 400,
}

let symmetric: Key
let rsa: Key
beforeAll(async () => {
  symmetric = await createKey(kms)
  rsa = await createKey(kms, { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' })
}, 30_000)

describe('ReEncrypt', () => {
  it('symmetric to symmetric: the source context opens it, the destination context binds the new blob', async () => {
    const destination = await createKey(kms)
    const { CiphertextBlob } = await kms.send(
      new EncryptCommand({ KeyId: symmetric.keyId, Plaintext: bytes('moving house'), EncryptionContext: { from: 'a' } }),
    )
    const out = await kms.send(
      new ReEncryptCommand({
        CiphertextBlob,
        SourceEncryptionContext: { from: 'a' },
        DestinationKeyId: destination.keyId,
        DestinationEncryptionContext: { to: 'b' },
      }),
    )
    expect(out).toMatchObject({
      SourceKeyId: symmetric.arn,
      KeyId: destination.arn,
      SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    })
    const back = await kms.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob, EncryptionContext: { to: 'b' } }))
    expect(back.KeyId).toBe(destination.arn)
    expect(decode(back.Plaintext)).toBe('moving house')
    await expectAwsError(kms.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob })), INVALID_CIPHERTEXT)
    await expectAwsError(kms.send(new ReEncryptCommand({ CiphertextBlob, DestinationKeyId: destination.keyId })), INVALID_CIPHERTEXT)
  })

  it('symmetric to RSA and back: an RSA ciphertext names no key, so SourceKeyId is needed for it', async () => {
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: symmetric.keyId, Plaintext: bytes('round trip') }))
    const toRsa = await kms.send(
      new ReEncryptCommand({ CiphertextBlob, DestinationKeyId: rsa.keyId, DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }),
    )
    expect(toRsa).toMatchObject({
      SourceKeyId: symmetric.arn,
      KeyId: rsa.arn,
      SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
    })
    expect(toRsa.CiphertextBlob).toHaveLength(256)
    const direct = await kms.send(
      new DecryptCommand({ CiphertextBlob: toRsa.CiphertextBlob, KeyId: rsa.keyId, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }),
    )
    expect(decode(direct.Plaintext)).toBe('round trip')
    await expectAwsError(
      kms.send(
        new ReEncryptCommand({
          CiphertextBlob: toRsa.CiphertextBlob,
          SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
          DestinationKeyId: symmetric.keyId,
        }),
      ),
      INVALID_CIPHERTEXT,
    )
    const back = await kms.send(
      new ReEncryptCommand({
        CiphertextBlob: toRsa.CiphertextBlob,
        SourceKeyId: rsa.keyId,
        SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
        DestinationKeyId: symmetric.keyId,
      }),
    )
    expect(back).toMatchObject({
      SourceKeyId: rsa.arn,
      KeyId: symmetric.arn,
      SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
      DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    })
    expect(decode((await kms.send(new DecryptCommand({ CiphertextBlob: back.CiphertextBlob }))).Plaintext)).toBe('round trip')
  })

  it('RSA to RSA with another algorithm', async () => {
    const destination = await createKey(kms, { KeySpec: 'RSA_3072', KeyUsage: 'ENCRYPT_DECRYPT' })
    const { CiphertextBlob } = await kms.send(
      new EncryptCommand({ KeyId: rsa.keyId, Plaintext: bytes('rsa to rsa'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }),
    )
    const out = await kms.send(
      new ReEncryptCommand({
        CiphertextBlob,
        SourceKeyId: rsa.arn,
        SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_1',
        DestinationKeyId: destination.keyId,
        DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
      }),
    )
    expect(out).toMatchObject({ SourceKeyId: rsa.arn, KeyId: destination.arn, DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })
    expect(out.CiphertextBlob).toHaveLength(384)
    const back = await kms.send(
      new DecryptCommand({ CiphertextBlob: out.CiphertextBlob, KeyId: destination.keyId, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }),
    )
    expect(decode(back.Plaintext)).toBe('rsa to rsa')
  })

  it('a SourceKeyId that is not the ciphertext’s key is IncorrectKeyException, even a key of another usage', async () => {
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: symmetric.keyId, Plaintext: bytes('x') }))
    const hmac = await createKey(kms, { KeySpec: 'HMAC_224', KeyUsage: 'GENERATE_VERIFY_MAC' })
    await expectAwsError(
      kms.send(new ReEncryptCommand({ CiphertextBlob, SourceKeyId: hmac.keyId, DestinationKeyId: hmac.keyId })),
      INCORRECT_KEY,
    )
    const other = await createKey(kms)
    await expectAwsError(
      kms.send(new ReEncryptCommand({ CiphertextBlob, SourceKeyId: other.arn, DestinationKeyId: other.keyId })),
      INCORRECT_KEY,
    )
    const ok = await kms.send(new ReEncryptCommand({ CiphertextBlob, SourceKeyId: symmetric.arn, DestinationKeyId: other.keyId }))
    expect(ok.SourceKeyId).toBe(symmetric.arn)
  })

  it('checks the destination as Encrypt does: usage, algorithm, RSA plaintext limit, state', async () => {
    const small = await kms.send(new EncryptCommand({ KeyId: symmetric.keyId, Plaintext: bytes('x') }))
    const signing = await createKey(kms, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })
    await expectAwsError(kms.send(new ReEncryptCommand({ CiphertextBlob: small.CiphertextBlob, DestinationKeyId: signing.keyId })), {
      name: 'InvalidKeyUsageException',
      message: `${signing.arn} key usage is SIGN_VERIFY which is not valid for ReEncrypt.`,
      status: 400,
    })
    await expectAwsError(kms.send(new ReEncryptCommand({ CiphertextBlob: small.CiphertextBlob, DestinationKeyId: rsa.keyId })), {
      name: 'InvalidKeyUsageException',
      message: 'Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.',
      status: 400,
    })
    const large = await kms.send(new EncryptCommand({ KeyId: symmetric.keyId, Plaintext: new Uint8Array(191) }))
    await expectAwsError(
      kms.send(
        new ReEncryptCommand({
          CiphertextBlob: large.CiphertextBlob,
          DestinationKeyId: rsa.keyId,
          DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
        }),
      ),
      {
        name: 'ValidationException',
        message: 'Algorithm RSAES_OAEP_SHA_256 and key spec RSA_2048 cannot encrypt data larger than 190 bytes.',
        status: 400,
      },
    )
    const off = await createKey(kms)
    await kms.send(new DisableKeyCommand({ KeyId: off.keyId }))
    await expectAwsError(
      kms.send(new ReEncryptCommand({ CiphertextBlob: small.CiphertextBlob, DestinationKeyId: off.keyId })),
      disabled(off.arn),
    )
  })

  it('checks the source as Decrypt does: usage and state', async () => {
    const source = await createKey(kms)
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: source.keyId, Plaintext: bytes('x') }))
    await expectAwsError(
      kms.send(new ReEncryptCommand({ CiphertextBlob, SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_1', DestinationKeyId: symmetric.keyId })),
      {
        name: 'InvalidKeyUsageException',
        message: 'Algorithm RSAES_OAEP_SHA_1 is incompatible with key spec SYMMETRIC_DEFAULT.',
        status: 400,
      },
    )
    const signing = await createKey(kms, { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' })
    await expectAwsError(
      kms.send(
        new ReEncryptCommand({
          CiphertextBlob: new Uint8Array(256),
          SourceKeyId: signing.keyId,
          SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
          DestinationKeyId: symmetric.keyId,
        }),
      ),
      {
        name: 'InvalidKeyUsageException',
        message: `${signing.arn} key usage is SIGN_VERIFY which is not valid for ReEncrypt.`,
        status: 400,
      },
    )
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: source.keyId, PendingWindowInDays: 7 }))
    await expectAwsError(kms.send(new ReEncryptCommand({ CiphertextBlob, DestinationKeyId: symmetric.keyId })), pendingDeletion(source.arn))
  })

  it('DryRun answers DryRunOperationException only when everything else would succeed', async () => {
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: symmetric.keyId, Plaintext: bytes('x') }))
    await expectAwsError(kms.send(new ReEncryptCommand({ CiphertextBlob, DestinationKeyId: symmetric.keyId, DryRun: true })), DRY_RUN)
    await expectAwsError(
      kms.send(
        new ReEncryptCommand({
          CiphertextBlob,
          SourceEncryptionContext: { not: 'bound' },
          DestinationKeyId: symmetric.keyId,
          DryRun: true,
        }),
      ),
      INVALID_CIPHERTEXT,
    )
  })
})

const PAIR_SPECS: Array<[DataKeyPairSpec, Record<string, unknown>]> = [
  ['RSA_2048', { modulusLength: 2048 }],
  ['RSA_3072', { modulusLength: 3072 }],
  ['RSA_4096', { modulusLength: 4096 }],
  ['ECC_NIST_P256', { namedCurve: 'prime256v1' }],
  ['ECC_NIST_P384', { namedCurve: 'secp384r1' }],
  ['ECC_NIST_P521', { namedCurve: 'secp521r1' }],
  ['ECC_SECG_P256K1', { namedCurve: 'secp256k1' }],
]

/** Node's view of a data key pair: the private key parses as PKCS #8, its public half is `publicKey`, and they sign and verify. */
function checkPair(privateKey: Uint8Array, publicKey: Uint8Array, details: Record<string, unknown>) {
  const parsed = createPrivateKey({ key: Buffer.from(privateKey), format: 'der', type: 'pkcs8' })
  expect(parsed.asymmetricKeyDetails).toMatchObject(details)
  expect(new Uint8Array(createPublicKey(parsed).export({ format: 'der', type: 'spki' }))).toEqual(publicKey)
  const publicObject = createPublicKey({ key: Buffer.from(publicKey), format: 'der', type: 'spki' })
  const signature = nodeSign('sha256', bytes('signed with a data key'), parsed)
  expect(nodeVerify('sha256', bytes('signed with a data key'), publicObject, signature)).toBe(true)
  expect(nodeVerify('sha256', bytes('signed with a data kez'), publicObject, signature)).toBe(false)
}

describe('GenerateDataKeyPair', () => {
  it.each(PAIR_SPECS)(
    '%s: a PKCS #8 private key, its SubjectPublicKeyInfo, and the private key sealed',
    { timeout: 30_000 },
    async (spec, details) => {
      const out = await kms.send(
        new GenerateDataKeyPairCommand({ KeyId: symmetric.keyId, KeyPairSpec: spec, EncryptionContext: { pair: spec } }),
      )
      expect(out).toMatchObject({ KeyId: symmetric.arn, KeyPairSpec: spec })
      checkPair(out.PrivateKeyPlaintext!, out.PublicKey!, details)
      const sealed = await kms.send(new DecryptCommand({ CiphertextBlob: out.PrivateKeyCiphertextBlob, EncryptionContext: { pair: spec } }))
      expect(sealed.KeyId).toBe(symmetric.arn)
      expect(sealed.Plaintext).toEqual(out.PrivateKeyPlaintext)
      await expectAwsError(kms.send(new DecryptCommand({ CiphertextBlob: out.PrivateKeyCiphertextBlob })), INVALID_CIPHERTEXT)
    },
  )

  it('WithoutPlaintext: no PrivateKeyPlaintext; Decrypt of PrivateKeyCiphertextBlob gives the private key of PublicKey', async () => {
    const out = await kms.send(new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: symmetric.keyId, KeyPairSpec: 'ECC_NIST_P256' }))
    expect(out).toMatchObject({ KeyId: symmetric.arn, KeyPairSpec: 'ECC_NIST_P256' })
    expect(out).not.toHaveProperty('PrivateKeyPlaintext')
    const { Plaintext } = await kms.send(new DecryptCommand({ CiphertextBlob: out.PrivateKeyCiphertextBlob }))
    checkPair(Plaintext!, out.PublicKey!, { namedCurve: 'prime256v1' })
    const rsaPair = await kms.send(new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: symmetric.keyId, KeyPairSpec: 'RSA_2048' }))
    const rsaPrivate = await kms.send(new DecryptCommand({ CiphertextBlob: rsaPair.PrivateKeyCiphertextBlob }))
    checkPair(rsaPrivate.Plaintext!, rsaPair.PublicKey!, { modulusLength: 2048 })
  })

  it('makes a new pair each call', async () => {
    const one = await kms.send(new GenerateDataKeyPairCommand({ KeyId: symmetric.keyId, KeyPairSpec: 'ECC_SECG_P256K1' }))
    const two = await kms.send(new GenerateDataKeyPairCommand({ KeyId: symmetric.keyId, KeyPairSpec: 'ECC_SECG_P256K1' }))
    expect(two.PublicKey).not.toEqual(one.PublicKey)
    expect(two.PrivateKeyPlaintext).not.toEqual(one.PrivateKeyPlaintext)
  })

  it('needs a symmetric encryption key, an enabled one; SM2 pairs are not simulated; DryRun comes last', async () => {
    for (const Command of [GenerateDataKeyPairCommand, GenerateDataKeyPairWithoutPlaintextCommand]) {
      const operation = Command === GenerateDataKeyPairCommand ? 'GenerateDataKeyPair' : 'GenerateDataKeyPairWithoutPlaintext'
      await expectAwsError(kms.send(new Command({ KeyId: rsa.keyId, KeyPairSpec: 'RSA_2048' })), {
        name: 'InvalidKeyUsageException',
        message: `${rsa.arn} key usage is ENCRYPT_DECRYPT with key spec RSA_2048, which is not valid for ${operation}.`,
        status: 400,
      })
      await expectAwsError(kms.send(new Command({ KeyId: symmetric.keyId, KeyPairSpec: 'SM2' })), {
        name: 'UnsupportedOperationException',
        message: 'SM2 keys are not simulated by firehose-msw.',
        status: 400,
      })
      await expectAwsError(kms.send(new Command({ KeyId: symmetric.keyId, KeyPairSpec: 'RSA_4096', DryRun: true })), DRY_RUN)
      await expectAwsError(kms.send(new Command({ KeyId: rsa.keyId, KeyPairSpec: 'RSA_2048', DryRun: true })), {
        name: 'InvalidKeyUsageException',
        status: 400,
      })
    }
    const off = await createKey(kms)
    await kms.send(new DisableKeyCommand({ KeyId: off.keyId }))
    await expectAwsError(kms.send(new GenerateDataKeyPairCommand({ KeyId: off.keyId, KeyPairSpec: 'ECC_NIST_P256' })), disabled(off.arn))
  })
})

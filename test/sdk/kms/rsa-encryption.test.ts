/**
 * RSA ENCRYPT_DECRYPT keys through the real SDK: Encrypt and Decrypt with RSAES_OAEP_SHA_1 and
 * RSAES_OAEP_SHA_256 on RSA_2048/3072/4096 — KMS's ciphertexts round-trip, and a ciphertext Node's
 * crypto.publicEncrypt makes with the PublicKey from GetPublicKey (OAEP, same hash) decrypts with
 * KMS (the private key never leaves KMS, so that is how the encryption is shown to be real OAEP).
 * Also KMS's limits on the plaintext and its refusals, by name and message.
 */
import { constants, createPublicKey, publicEncrypt, type KeyObject } from 'node:crypto'
import {
  CreateAliasCommand,
  DecryptCommand,
  DisableKeyCommand,
  EncryptCommand,
  GetPublicKeyCommand,
  type EncryptionAlgorithmSpec,
} from '@aws-sdk/client-kms'
import { beforeAll, describe, expect, it } from 'vitest'
import { bytes, decode } from '../../support/bytes'
import { kmsClient } from '../../support/clients'
import { expectAwsError } from '../../support/errors'
import { createKey, disabled } from '../../support/kms'
import { useSharedMock } from '../../support/mock'

// One mock for the file: a key's material (an RSA 4096 key pair takes a while) is made once per key.
useSharedMock()
const kms = kmsClient()

const ALGORITHMS: EncryptionAlgorithmSpec[] = ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']
/** KMS's recorded plaintext limits, per key spec: [RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256]. */
const LIMITS: Array<[string, number, number]> = [
  ['RSA_2048', 214, 190],
  ['RSA_3072', 342, 318],
  ['RSA_4096', 470, 446],
]

const oaepHash = (algorithm: string) => (algorithm === 'RSAES_OAEP_SHA_1' ? 'sha1' : 'sha256')

/** Bytes 0, 1, 2, … of the given length. */
const counting = (length: number) => Uint8Array.from({ length }, (_, i) => i & 0xff)

const INVALID_CIPHERTEXT = { name: 'InvalidCiphertextException', status: 400 }
const DRY_RUN = {
  name: 'DryRunOperationException',
  message: 'The request would have succeeded, but the DryRun option is set.',
  status: 400,
}

describe.each(LIMITS)('%s', (keySpec, sha1Limit, sha256Limit) => {
  const limits: Record<string, number> = { RSAES_OAEP_SHA_1: sha1Limit, RSAES_OAEP_SHA_256: sha256Limit }
  const modulusBytes = Number(keySpec.slice('RSA_'.length)) / 8
  let key: { keyId: string; arn: string }
  let publicKey: KeyObject
  beforeAll(async () => {
    key = await createKey(kms, { KeySpec: keySpec as never, KeyUsage: 'ENCRYPT_DECRYPT' })
    const out = await kms.send(new GetPublicKeyCommand({ KeyId: key.keyId }))
    expect(out).toMatchObject({ KeyId: key.arn, KeySpec: keySpec, KeyUsage: 'ENCRYPT_DECRYPT', EncryptionAlgorithms: ALGORITHMS })
    publicKey = createPublicKey({ key: Buffer.from(out.PublicKey!), format: 'der', type: 'spki' })
  }, 30_000)

  it.each(ALGORITHMS)('%s: a KMS ciphertext is as long as the modulus, new each time, and decrypts with KMS', async (algorithm) => {
    const plaintext = bytes('a secret for RSA')
    const one = await kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: plaintext, EncryptionAlgorithm: algorithm }))
    expect(one).toMatchObject({ KeyId: key.arn, EncryptionAlgorithm: algorithm })
    expect(one.CiphertextBlob).toHaveLength(modulusBytes)
    const two = await kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: plaintext, EncryptionAlgorithm: algorithm }))
    expect(two.CiphertextBlob).not.toEqual(one.CiphertextBlob) // OAEP is randomised
    for (const { CiphertextBlob } of [one, two]) {
      const back = await kms.send(new DecryptCommand({ CiphertextBlob, KeyId: key.arn, EncryptionAlgorithm: algorithm }))
      expect(back).toMatchObject({ KeyId: key.arn, EncryptionAlgorithm: algorithm })
      expect(decode(back.Plaintext)).toBe('a secret for RSA')
    }
  })

  it.each(ALGORITHMS)('%s: a ciphertext Node makes with the public key from GetPublicKey decrypts with KMS', async (algorithm) => {
    const plaintext = counting(limits[algorithm]!)
    const ciphertext = publicEncrypt(
      { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: oaepHash(algorithm) },
      plaintext,
    )
    const back = await kms.send(new DecryptCommand({ CiphertextBlob: ciphertext, KeyId: key.keyId, EncryptionAlgorithm: algorithm }))
    expect(back).toMatchObject({ KeyId: key.arn, EncryptionAlgorithm: algorithm })
    expect(back.Plaintext).toEqual(plaintext)
    // The hash is part of OAEP: the other algorithm does not open it.
    const other = ALGORITHMS.find((a) => a !== algorithm)!
    await expectAwsError(
      kms.send(new DecryptCommand({ CiphertextBlob: ciphertext, KeyId: key.keyId, EncryptionAlgorithm: other })),
      INVALID_CIPHERTEXT,
    )
  })

  it.each(ALGORITHMS)('%s: encrypts a plaintext of the limit and refuses one byte more with ValidationException', async (algorithm) => {
    const limit = limits[algorithm]!
    const at = await kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: counting(limit), EncryptionAlgorithm: algorithm }))
    const back = await kms.send(new DecryptCommand({ CiphertextBlob: at.CiphertextBlob, KeyId: key.keyId, EncryptionAlgorithm: algorithm }))
    expect(back.Plaintext).toEqual(counting(limit))
    await expectAwsError(
      kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: counting(limit + 1), EncryptionAlgorithm: algorithm })),
      {
        name: 'ValidationException',
        message: `Algorithm ${algorithm} and key spec ${keySpec} cannot encrypt data larger than ${limit} bytes.`,
        status: 400,
      },
    )
  })
})

describe('what KMS refuses', () => {
  let rsa: { keyId: string; arn: string }
  let ciphertext: Uint8Array
  beforeAll(async () => {
    rsa = await createKey(kms, { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' })
    const out = await kms.send(new EncryptCommand({ KeyId: rsa.keyId, Plaintext: bytes('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }))
    ciphertext = out.CiphertextBlob!
  }, 30_000)

  it('an RSA key without an EncryptionAlgorithm (SYMMETRIC_DEFAULT), and a symmetric key with an RSA algorithm', async () => {
    await expectAwsError(kms.send(new EncryptCommand({ KeyId: rsa.keyId, Plaintext: bytes('x') })), {
      name: 'InvalidKeyUsageException',
      message: 'Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.',
      status: 400,
    })
    await expectAwsError(kms.send(new DecryptCommand({ CiphertextBlob: ciphertext, KeyId: rsa.keyId })), {
      name: 'InvalidKeyUsageException',
      message: 'Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.',
      status: 400,
    })
    const symmetric = await createKey(kms)
    await expectAwsError(
      kms.send(new EncryptCommand({ KeyId: symmetric.keyId, Plaintext: bytes('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })),
      {
        name: 'InvalidKeyUsageException',
        message: 'Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SYMMETRIC_DEFAULT.',
        status: 400,
      },
    )
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: symmetric.keyId, Plaintext: bytes('x') }))
    await expectAwsError(kms.send(new DecryptCommand({ CiphertextBlob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' })), {
      name: 'InvalidKeyUsageException',
      message: 'Algorithm RSAES_OAEP_SHA_1 is incompatible with key spec SYMMETRIC_DEFAULT.',
      status: 400,
    })
  })

  it('an RSA ciphertext without KeyId, or with another key (RSA or symmetric), or tampered: InvalidCiphertextException', async () => {
    await expectAwsError(
      kms.send(new DecryptCommand({ CiphertextBlob: ciphertext, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })),
      INVALID_CIPHERTEXT,
    )
    const other = await createKey(kms, { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' })
    await expectAwsError(
      kms.send(new DecryptCommand({ CiphertextBlob: ciphertext, KeyId: other.keyId, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })),
      INVALID_CIPHERTEXT,
    )
    const symmetric = await createKey(kms)
    await expectAwsError(kms.send(new DecryptCommand({ CiphertextBlob: ciphertext, KeyId: symmetric.keyId })), INVALID_CIPHERTEXT)
    const tampered = Uint8Array.from(ciphertext)
    tampered[100] = tampered[100]! ^ 0x01
    await expectAwsError(
      kms.send(new DecryptCommand({ CiphertextBlob: tampered, KeyId: rsa.keyId, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })),
      INVALID_CIPHERTEXT,
    )
    // The untampered one still decrypts: the failures above are the ciphertext's, not the key's.
    const back = await kms.send(
      new DecryptCommand({ CiphertextBlob: ciphertext, KeyId: rsa.keyId, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }),
    )
    expect(decode(back.Plaintext)).toBe('x')
  })

  it('an RSA SIGN_VERIFY key: InvalidKeyUsageException naming the operation', async () => {
    const signing = await createKey(kms, { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' })
    await expectAwsError(
      kms.send(new EncryptCommand({ KeyId: signing.keyId, Plaintext: bytes('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })),
      { name: 'InvalidKeyUsageException', message: `${signing.arn} key usage is SIGN_VERIFY which is not valid for Encrypt.`, status: 400 },
    )
    await expectAwsError(
      kms.send(new DecryptCommand({ CiphertextBlob: ciphertext, KeyId: signing.keyId, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })),
      { name: 'InvalidKeyUsageException', message: `${signing.arn} key usage is SIGN_VERIFY which is not valid for Decrypt.`, status: 400 },
    )
  })

  it('DryRun answers DryRunOperationException after every other check; an alias names an RSA key', async () => {
    await createAlias('alias/rsa-dry-run', rsa.keyId)
    const out = await kms.send(
      new EncryptCommand({ KeyId: 'alias/rsa-dry-run', Plaintext: bytes('via alias'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }),
    )
    expect(out.KeyId).toBe(rsa.arn)
    await expectAwsError(
      kms.send(new EncryptCommand({ KeyId: rsa.keyId, Plaintext: bytes('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_1', DryRun: true })),
      DRY_RUN,
    )
    await expectAwsError(
      kms.send(new EncryptCommand({ KeyId: rsa.keyId, Plaintext: counting(215), EncryptionAlgorithm: 'RSAES_OAEP_SHA_1', DryRun: true })),
      { name: 'ValidationException', status: 400 },
    )
    await expectAwsError(
      kms.send(
        new DecryptCommand({
          CiphertextBlob: out.CiphertextBlob,
          KeyId: 'alias/rsa-dry-run',
          EncryptionAlgorithm: 'RSAES_OAEP_SHA_1',
          DryRun: true,
        }),
      ),
      DRY_RUN,
    )
    await expectAwsError(
      kms.send(
        new DecryptCommand({
          CiphertextBlob: out.CiphertextBlob,
          KeyId: rsa.keyId,
          EncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
          DryRun: true,
        }),
      ),
      INVALID_CIPHERTEXT,
    )
  })

  it('a disabled RSA key: DisabledException for Encrypt and Decrypt', async () => {
    const { keyId, arn } = await createKey(kms, { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' })
    const { CiphertextBlob } = await kms.send(
      new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }),
    )
    await kms.send(new DisableKeyCommand({ KeyId: keyId }))
    await expectAwsError(
      kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' })),
      disabled(arn),
    )
    await expectAwsError(
      kms.send(new DecryptCommand({ CiphertextBlob, KeyId: keyId, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' })),
      disabled(arn),
    )
  })

  it('an SM2 key (China Regions only) is not simulated', async () => {
    const { keyId } = await createKey(kms, { KeySpec: 'SM2', KeyUsage: 'ENCRYPT_DECRYPT' })
    await expectAwsError(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x'), EncryptionAlgorithm: 'SM2PKE' })), {
      name: 'UnsupportedOperationException',
      message: 'SM2 keys are not simulated by firehose-msw.',
      status: 400,
    })
  })
})

const createAlias = (AliasName: string, TargetKeyId: string) => kms.send(new CreateAliasCommand({ AliasName, TargetKeyId }))

import {
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GenerateRandomCommand,
  GetKeyPolicyCommand,
} from '@aws-sdk/client-kms'
import { describe, expect, it } from 'vitest'
import { bytes, containsBytes, decode } from '../../support/bytes'
import { kmsClient } from '../../support/clients'
import { expectAwsError } from '../../support/errors'
import { createKey, disabled, notFoundKey } from '../../support/kms'
import { useMock } from '../../support/mock'

useMock({ timing: 'instant' })
const kms = kmsClient()

const encrypt = (KeyId: string, plaintext: string, EncryptionContext?: Record<string, string>) =>
  kms.send(new EncryptCommand({ KeyId, Plaintext: bytes(plaintext), EncryptionContext }))

describe('Encrypt and Decrypt', () => {
  it('round-trips the plaintext; both answer with the key ARN and SYMMETRIC_DEFAULT, and Decrypt needs no KeyId', async () => {
    const { keyId, arn } = await createKey(kms)
    const out = await encrypt(keyId, 'the quick brown fox')
    expect(out.KeyId).toBe(arn)
    expect(out.EncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT')
    expect(out.CiphertextBlob).toBeInstanceOf(Uint8Array)
    const back = await kms.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob }))
    expect(back.KeyId).toBe(arn)
    expect(back.EncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT')
    expect(decode(back.Plaintext)).toBe('the quick brown fox')
  })

  it('round-trips binary plaintext of every byte value', async () => {
    const { keyId } = await createKey(kms)
    const all = Uint8Array.from({ length: 256 }, (_, i) => i)
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: all }))
    const back = await kms.send(new DecryptCommand({ CiphertextBlob }))
    expect(Array.from(back.Plaintext!)).toEqual(Array.from(all))
  })

  it('does not carry the plaintext bytes readably in the ciphertext blob', async () => {
    const { keyId } = await createKey(kms)
    const secret = 'PLAINTEXT-MARKER-0123456789'
    const { CiphertextBlob } = await encrypt(keyId, secret)
    expect(containsBytes(CiphertextBlob!, bytes(secret))).toBe(false)
    expect(containsBytes(CiphertextBlob!, bytes('PLAINTEXT'))).toBe(false)
  })

  it('produces a different blob each time for the same plaintext', async () => {
    const { keyId } = await createKey(kms)
    const a = await encrypt(keyId, 'same')
    const b = await encrypt(keyId, 'same')
    expect(Array.from(a.CiphertextBlob!)).not.toEqual(Array.from(b.CiphertextBlob!))
  })

  it('answers InvalidCiphertextException when any single byte of the blob is flipped', async () => {
    const { keyId } = await createKey(kms)
    const { CiphertextBlob } = await encrypt(keyId, 'integrity matters')
    const blob = CiphertextBlob!
    for (const at of [0, 5, Math.floor(blob.length / 2), blob.length - 20, blob.length - 1]) {
      const tampered = Uint8Array.from(blob)
      tampered[at] = tampered[at]! ^ 0x01
      await expectAwsError(kms.send(new DecryptCommand({ CiphertextBlob: tampered })), { name: 'InvalidCiphertextException', status: 400 })
    }
  })

  it('answers InvalidCiphertextException for a blob that was never a ciphertext', async () => {
    await expectAwsError(kms.send(new DecryptCommand({ CiphertextBlob: bytes('definitely not a kms ciphertext blob at all, no') })), {
      name: 'InvalidCiphertextException',
      status: 400,
    })
  })

  it('needs the exact EncryptionContext: a different, extra or missing context answers InvalidCiphertextException', async () => {
    const { keyId } = await createKey(kms)
    const context = { stream: 'orders', tenant: 'acme' }
    const { CiphertextBlob } = await encrypt(keyId, 'bound', context)
    const ok = await kms.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { tenant: 'acme', stream: 'orders' } }))
    expect(decode(ok.Plaintext)).toBe('bound')
    const wrong: Array<Record<string, string> | undefined> = [
      { stream: 'orders', tenant: 'other' },
      { stream: 'orders', tenant: 'ACME' },
      { stream: 'orders' },
      { ...context, extra: 'x' },
      undefined,
    ]
    for (const EncryptionContext of wrong) {
      await expectAwsError(kms.send(new DecryptCommand({ CiphertextBlob, EncryptionContext })), {
        name: 'InvalidCiphertextException',
        status: 400,
      })
    }
  })

  it('answers IncorrectKeyException when Decrypt names a different key than the one that encrypted', async () => {
    const a = await createKey(kms)
    const b = await createKey(kms)
    const { CiphertextBlob } = await encrypt(a.keyId, 'for a')
    await expectAwsError(kms.send(new DecryptCommand({ CiphertextBlob, KeyId: b.keyId })), { name: 'IncorrectKeyException', status: 400 })
    const ok = await kms.send(new DecryptCommand({ CiphertextBlob, KeyId: a.arn }))
    expect(decode(ok.Plaintext)).toBe('for a')
  })

  it('refuses Encrypt and Decrypt with a disabled key with DisabledException "<arn> is disabled."', async () => {
    const { keyId, arn } = await createKey(kms)
    const { CiphertextBlob } = await encrypt(keyId, 'before')
    await kms.send(new DisableKeyCommand({ KeyId: keyId }))
    await expectAwsError(encrypt(keyId, 'after'), disabled(arn))
    await expectAwsError(kms.send(new DecryptCommand({ CiphertextBlob })), disabled(arn))
  })

  it('refuses Encrypt with a SIGN_VERIFY key with InvalidKeyUsageException', async () => {
    const { keyId } = await createKey(kms, { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' })
    await expectAwsError(encrypt(keyId, 'x'), { name: 'InvalidKeyUsageException', status: 400 })
  })

  it('refuses Encrypt with an HMAC key with InvalidKeyUsageException', async () => {
    const { keyId } = await createKey(kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })
    await expectAwsError(encrypt(keyId, 'x'), { name: 'InvalidKeyUsageException', status: 400 })
  })

  it('answers NotFoundException for an unknown key', async () => {
    const missing = 'abcdef01-1111-2222-3333-444455556666'
    await expectAwsError(encrypt(missing, 'x'), notFoundKey(missing))
  })

  it('answers an Encrypt DryRun with DryRunOperationException (400, as AWS answers it; the model says 412) when it would have succeeded', async () => {
    const { keyId } = await createKey(kms)
    await expectAwsError(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x'), DryRun: true })), {
      name: 'DryRunOperationException',
      status: 400,
    })
  })

  it('refuses Encrypt with the AWS managed key behind alias/aws/firehose, whose policy allows it only through Firehose', async () => {
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/firehose' }))
    expect(KeyMetadata!.KeyManager).toBe('AWS')
    await expectAwsError(encrypt('alias/aws/firehose', 'managed'), {
      name: 'AccessDeniedException',
      message: `User: arn:aws:iam::123456789012:root is not authorized to perform: kms:Encrypt on resource: ${KeyMetadata!.Arn} because no resource-based policy allows the kms:Encrypt action`,
      status: 400,
    })
    const { Policy } = await kms.send(new GetKeyPolicyCommand({ KeyId: KeyMetadata!.KeyId }))
    expect(JSON.parse(Policy!).Statement[0]).toMatchObject({
      Principal: { AWS: '*' },
      Condition: { StringEquals: { 'kms:CallerAccount': '123456789012', 'kms:ViaService': 'firehose.us-east-1.amazonaws.com' } },
    })
  })
})

describe('GenerateDataKey', () => {
  it.each([
    ['AES_256', 32],
    ['AES_128', 16],
  ] as const)('returns a %s data key of %i bytes whose CiphertextBlob decrypts to the Plaintext', async (KeySpec, length) => {
    const { keyId, arn } = await createKey(kms)
    const out = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec }))
    expect(out.KeyId).toBe(arn)
    expect(out.Plaintext).toHaveLength(length)
    const back = await kms.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob }))
    expect(back.KeyId).toBe(arn)
    expect(Array.from(back.Plaintext!)).toEqual(Array.from(out.Plaintext!))
    expect(containsBytes(out.CiphertextBlob!, out.Plaintext!)).toBe(false)
  })

  it('returns NumberOfBytes bytes when NumberOfBytes is given', async () => {
    const { keyId } = await createKey(kms)
    for (const NumberOfBytes of [1, 64, 1024]) {
      const out = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, NumberOfBytes }))
      expect(out.Plaintext).toHaveLength(NumberOfBytes)
    }
  })

  it('binds the data key to its EncryptionContext', async () => {
    const { keyId } = await createKey(kms)
    const EncryptionContext = { purpose: 'test' }
    const out = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext }))
    await expectAwsError(kms.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob })), {
      name: 'InvalidCiphertextException',
      status: 400,
    })
    const back = await kms.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob, EncryptionContext }))
    expect(Array.from(back.Plaintext!)).toEqual(Array.from(out.Plaintext!))
  })

  it('returns a different data key every call', async () => {
    const { keyId } = await createKey(kms)
    const a = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' }))
    const b = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' }))
    expect(Array.from(a.Plaintext!)).not.toEqual(Array.from(b.Plaintext!))
  })

  it('answers ValidationException when both KeySpec and NumberOfBytes are given, or neither', async () => {
    const { keyId } = await createKey(kms)
    await expectAwsError(kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', NumberOfBytes: 32 })), {
      name: 'ValidationException',
      status: 400,
    })
    await expectAwsError(kms.send(new GenerateDataKeyCommand({ KeyId: keyId })), { name: 'ValidationException', status: 400 })
  })

  it('refuses an asymmetric key with InvalidKeyUsageException', async () => {
    const rsa = await createKey(kms, { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' })
    await expectAwsError(kms.send(new GenerateDataKeyCommand({ KeyId: rsa.keyId, KeySpec: 'AES_256' })), {
      name: 'InvalidKeyUsageException',
      status: 400,
    })
    const signing = await createKey(kms, { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' })
    await expectAwsError(kms.send(new GenerateDataKeyCommand({ KeyId: signing.keyId, KeySpec: 'AES_256' })), {
      name: 'InvalidKeyUsageException',
      status: 400,
    })
  })

  it('refuses a disabled key with DisabledException "<arn> is disabled."', async () => {
    const { keyId, arn } = await createKey(kms)
    await kms.send(new DisableKeyCommand({ KeyId: keyId }))
    await expectAwsError(kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' })), disabled(arn))
  })

  it('answers a DryRun with DryRunOperationException (400, as AWS answers it; the model says 412)', async () => {
    const { keyId } = await createKey(kms)
    await expectAwsError(kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', DryRun: true })), {
      name: 'DryRunOperationException',
      status: 400,
    })
  })
})

describe('GenerateDataKeyWithoutPlaintext', () => {
  it('returns only the CiphertextBlob and the key ARN; the blob decrypts to a key of the requested length', async () => {
    const { keyId, arn } = await createKey(kms)
    const out = await kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: keyId, KeySpec: 'AES_128' }))
    expect(out.KeyId).toBe(arn)
    expect('Plaintext' in out).toBe(false)
    const back = await kms.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob }))
    expect(back.Plaintext).toHaveLength(16)
  })

  it('answers ValidationException without KeySpec or NumberOfBytes and InvalidKeyUsageException for an asymmetric key', async () => {
    const { keyId } = await createKey(kms)
    await expectAwsError(kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: keyId })), {
      name: 'ValidationException',
      status: 400,
    })
    const rsa = await createKey(kms, { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' })
    await expectAwsError(kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: rsa.keyId, NumberOfBytes: 32 })), {
      name: 'InvalidKeyUsageException',
      status: 400,
    })
  })

  it('refuses a disabled key with DisabledException', async () => {
    const { keyId, arn } = await createKey(kms)
    await kms.send(new DisableKeyCommand({ KeyId: keyId }))
    await expectAwsError(kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: keyId, KeySpec: 'AES_256' })), disabled(arn))
  })
})

describe('GenerateRandom', () => {
  it('returns NumberOfBytes random bytes', async () => {
    const out = await kms.send(new GenerateRandomCommand({ NumberOfBytes: 48 }))
    expect(out.Plaintext).toHaveLength(48)
  })
})

describe('model constraints on cryptographic inputs', () => {
  it('Encrypt accepts 4,096 bytes of plaintext and answers ValidationException for 4,097', async () => {
    const { keyId } = await createKey(kms)
    const ok = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: new Uint8Array(4096) }))
    expect(ok.CiphertextBlob!.length).toBeGreaterThan(4096)
    await expectAwsError(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: new Uint8Array(4097) })), {
      name: 'ValidationException',
      status: 400,
    })
  })

  it('Encrypt answers ValidationException for an empty plaintext', async () => {
    const { keyId } = await createKey(kms)
    await expectAwsError(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: new Uint8Array(0) })), {
      name: 'ValidationException',
      status: 400,
    })
  })

  it('GenerateDataKey answers ValidationException for NumberOfBytes 0 or 1025', async () => {
    const { keyId } = await createKey(kms)
    for (const NumberOfBytes of [0, 1025]) {
      await expectAwsError(kms.send(new GenerateDataKeyCommand({ KeyId: keyId, NumberOfBytes })), {
        name: 'ValidationException',
        status: 400,
      })
    }
  })
})

describe('Recipient (Nitro Enclaves)', () => {
  it('is refused with UnsupportedOperationException naming it, where KMS would answer CiphertextForRecipient', async () => {
    const { keyId } = await createKey(kms)
    const { CiphertextBlob } = await encrypt(keyId, 'for an enclave')
    const Recipient = { KeyEncryptionAlgorithm: 'RSAES_OAEP_SHA_256' as const, AttestationDocument: bytes('not a real attestation') }
    const refusal = {
      name: 'UnsupportedOperationException',
      message: 'Recipient (Nitro Enclaves attestation) is not simulated by firehose-msw.',
      status: 400,
    }
    await expectAwsError(kms.send(new DecryptCommand({ CiphertextBlob, Recipient })), refusal)
    await expectAwsError(kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', Recipient })), refusal)
    await expectAwsError(kms.send(new GenerateRandomCommand({ NumberOfBytes: 16, Recipient })), refusal)
  })
})

/**
 * Asymmetric signing keys and HMAC keys through the real SDK: CreateKey with RSA and ECC key specs,
 * GetPublicKey (DER SubjectPublicKeyInfo), Sign and Verify with every signing algorithm KMS lists
 * for each spec, for a message (RAW) and for a digest (DIGEST), GenerateMac and VerifyMac — and
 * the signatures checked by standard libraries against the public key from GetPublicKey: Node's
 * crypto.verify, WebCrypto, and jose for a JWT signed by KMS. Also KMS's refusals, by name and message.
 */
import { createHash, createHmac, createPublicKey, constants, verify as nodeVerify, webcrypto } from 'node:crypto'
import {
  DisableKeyCommand,
  EncryptCommand,
  GenerateMacCommand,
  GetPublicKeyCommand,
  SignCommand,
  VerifyCommand,
  VerifyMacCommand,
  type SigningAlgorithmSpec,
} from '@aws-sdk/client-kms'
import { importSPKI, jwtVerify } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { createFirehoseMock } from '../../../src'
import { bytes } from '../../support/bytes'
import { kmsClient } from '../../support/clients'
import { expectAwsError } from '../../support/errors'
import { createKey, disabled } from '../../support/kms'
import { useSharedMock } from '../../support/mock'
import { derToRaw } from '../../support/signatures'

// One mock for the file: a key's material (an RSA 4096 key pair takes a while) is made once per key.
const { aws, server } = useSharedMock()
const kms = kmsClient()

const SPECS: Array<[string, SigningAlgorithmSpec[]]> = [
  [
    'RSA_2048',
    [
      'RSASSA_PKCS1_V1_5_SHA_256',
      'RSASSA_PKCS1_V1_5_SHA_384',
      'RSASSA_PKCS1_V1_5_SHA_512',
      'RSASSA_PSS_SHA_256',
      'RSASSA_PSS_SHA_384',
      'RSASSA_PSS_SHA_512',
    ],
  ],
  ['RSA_3072', ['RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PSS_SHA_384']],
  ['RSA_4096', ['RSASSA_PSS_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_512']],
  ['ECC_NIST_P256', ['ECDSA_SHA_256']],
  ['ECC_NIST_P384', ['ECDSA_SHA_384']],
  ['ECC_NIST_P521', ['ECDSA_SHA_512']],
  ['ECC_SECG_P256K1', ['ECDSA_SHA_256']],
]

const hashOf = (algorithm: string) => `sha${algorithm.slice(-3)}`

/** Node's verdict on a KMS signature, with the public key from GetPublicKey. */
function nodeVerdict(spki: Uint8Array, algorithm: string, message: Uint8Array, signature: Uint8Array): boolean {
  const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' })
  const options = algorithm.startsWith('RSASSA_PSS')
    ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(algorithm.slice(-3)) / 8 }
    : algorithm.startsWith('RSASSA_PKCS1')
      ? { key, padding: constants.RSA_PKCS1_PADDING }
      : { key, dsaEncoding: 'der' as const }
  return nodeVerify(hashOf(algorithm), message, options, signature)
}

describe.each(SPECS)('%s', (keySpec, algorithms) => {
  let key: { keyId: string; arn: string }
  let spki: Uint8Array
  beforeAll(async () => {
    key = await createKey(kms, { KeySpec: keySpec as never, KeyUsage: 'SIGN_VERIFY' })
    const out = await kms.send(new GetPublicKeyCommand({ KeyId: key.keyId }))
    expect(out).toMatchObject({ KeyId: key.arn, KeySpec: keySpec, CustomerMasterKeySpec: keySpec, KeyUsage: 'SIGN_VERIFY' })
    expect(out.SigningAlgorithms).toEqual(expect.arrayContaining(algorithms))
    expect(out).not.toHaveProperty('EncryptionAlgorithms')
    spki = out.PublicKey!
  }, 30_000)
  it.each(algorithms)('%s: a signature of a message verifies with Node and with KMS; another message does not', async (algorithm) => {
    const message = bytes(`message for ${algorithm}`)
    const signed = await kms.send(new SignCommand({ KeyId: key.keyId, Message: message, SigningAlgorithm: algorithm }))
    expect(signed).toMatchObject({ KeyId: key.arn, SigningAlgorithm: algorithm })
    expect(nodeVerdict(spki, algorithm, message, signed.Signature!)).toBe(true)
    expect(nodeVerdict(spki, algorithm, bytes('another message'), signed.Signature!)).toBe(false)
    const verified = await kms.send(
      new VerifyCommand({ KeyId: key.keyId, Message: message, Signature: signed.Signature!, SigningAlgorithm: algorithm }),
    )
    expect(verified).toMatchObject({ KeyId: key.arn, SignatureValid: true, SigningAlgorithm: algorithm })
    await expectAwsError(
      kms.send(
        new VerifyCommand({
          KeyId: key.keyId,
          Message: bytes('another message'),
          Signature: signed.Signature!,
          SigningAlgorithm: algorithm,
        }),
      ),
      { name: 'KMSInvalidSignatureException', status: 400 },
    )
  })

  it.each(algorithms)('%s: a signature of a digest (MessageType DIGEST) is the signature of the message it digests', async (algorithm) => {
    const message = bytes(`digested for ${algorithm}`)
    const digest = createHash(hashOf(algorithm)).update(message).digest()
    const signed = await kms.send(
      new SignCommand({ KeyId: key.keyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: algorithm }),
    )
    expect(nodeVerdict(spki, algorithm, message, signed.Signature!)).toBe(true)
    // Signed as a digest, verified as the message, and the other way round.
    await kms.send(new VerifyCommand({ KeyId: key.keyId, Message: message, Signature: signed.Signature!, SigningAlgorithm: algorithm }))
    const raw = await kms.send(new SignCommand({ KeyId: key.keyId, Message: message, SigningAlgorithm: algorithm }))
    const verified = await kms.send(
      new VerifyCommand({
        KeyId: key.keyId,
        Message: digest,
        MessageType: 'DIGEST',
        Signature: raw.Signature!,
        SigningAlgorithm: algorithm,
      }),
    )
    expect(verified.SignatureValid).toBe(true)
    await expectAwsError(
      kms.send(new SignCommand({ KeyId: key.keyId, Message: digest.subarray(1), MessageType: 'DIGEST', SigningAlgorithm: algorithm })),
      { name: 'ValidationException', message: `Digest is invalid length for algorithm ${algorithm}.`, status: 400 },
    )
  })
})

const base64url = (data: Uint8Array | string) => Buffer.from(data).toString('base64url')
const pem = (spki: Uint8Array) => `-----BEGIN PUBLIC KEY-----\n${Buffer.from(spki).toString('base64')}\n-----END PUBLIC KEY-----`

describe('signatures standard libraries accept', () => {
  it('a JWT signed by KMS (RS256 and ES256) verifies with jose against the public key', async () => {
    for (const [KeySpec, SigningAlgorithm, alg] of [
      ['RSA_2048', 'RSASSA_PKCS1_V1_5_SHA_256', 'RS256'],
      ['ECC_NIST_P256', 'ECDSA_SHA_256', 'ES256'],
    ] as const) {
      const { keyId } = await createKey(kms, { KeySpec, KeyUsage: 'SIGN_VERIFY' })
      const signingInput = `${base64url(JSON.stringify({ alg, typ: 'JWT' }))}.${base64url(JSON.stringify({ sub: 'user-1', aud: 'app' }))}`
      const { Signature } = await kms.send(new SignCommand({ KeyId: keyId, Message: bytes(signingInput), SigningAlgorithm }))
      const signature = alg === 'ES256' ? derToRaw(Signature!, 32) : Signature!
      const { PublicKey } = await kms.send(new GetPublicKeyCommand({ KeyId: keyId }))
      const { payload } = await jwtVerify(`${signingInput}.${base64url(signature)}`, await importSPKI(pem(PublicKey!), alg), {
        audience: 'app',
      })
      expect(payload).toEqual({ sub: 'user-1', aud: 'app' })
    }
  })

  it('an ECDSA P-384 signature verifies with WebCrypto (the public key imported as SPKI)', async () => {
    const { keyId } = await createKey(kms, { KeySpec: 'ECC_NIST_P384', KeyUsage: 'SIGN_VERIFY' })
    const message = bytes('checked by WebCrypto')
    const { Signature } = await kms.send(new SignCommand({ KeyId: keyId, Message: message, SigningAlgorithm: 'ECDSA_SHA_384' }))
    const { PublicKey } = await kms.send(new GetPublicKeyCommand({ KeyId: keyId }))
    const key = await webcrypto.subtle.importKey('spki', PublicKey!, { name: 'ECDSA', namedCurve: 'P-384' }, false, ['verify'])
    const ok = await webcrypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-384' }, key, derToRaw(Signature!, 48), message)
    expect(ok).toBe(true)
  })
})

describe('HMAC keys', () => {
  it.each(['224', '256', '384', '512'])(
    'HMAC_%s: GenerateMac is the HMAC of the message; VerifyMac accepts it and refuses another',
    async (bits) => {
      const { keyId, arn } = await createKey(kms, { KeySpec: `HMAC_${bits}` as never, KeyUsage: 'GENERATE_VERIFY_MAC' })
      const MacAlgorithm = `HMAC_SHA_${bits}` as 'HMAC_SHA_256'
      const one = await kms.send(new GenerateMacCommand({ KeyId: keyId, Message: bytes('payload'), MacAlgorithm }))
      expect(one).toMatchObject({ KeyId: arn, MacAlgorithm })
      expect(one.Mac).toHaveLength(Number(bits) / 8)
      const again = await kms.send(new GenerateMacCommand({ KeyId: keyId, Message: bytes('payload'), MacAlgorithm }))
      expect(again.Mac).toEqual(one.Mac) // deterministic, as an HMAC is
      expect(await kms.send(new VerifyMacCommand({ KeyId: keyId, Message: bytes('payload'), Mac: one.Mac!, MacAlgorithm }))).toMatchObject({
        KeyId: arn,
        MacValid: true,
        MacAlgorithm,
      })
      await expectAwsError(kms.send(new VerifyMacCommand({ KeyId: keyId, Message: bytes('payloaD'), Mac: one.Mac!, MacAlgorithm })), {
        name: 'KMSInvalidMacException',
        status: 400,
      })
      // The HMAC Node computes with the key's secret, read from the mock's state.
      const state = JSON.stringify((await aws.snapshot()).state!.kms)
      const secret = new RegExp(`"keyId":"${keyId}"[^]*?"material":\\{"kind":"hmac","secret":\\{"\\$bytes":"([^"]+)"`).exec(state)![1]!
      expect(one.Mac).toEqual(new Uint8Array(createHmac(`sha${bits}`, Buffer.from(secret, 'base64')).update('payload').digest()))
    },
  )

  it('refuses an algorithm of another size, and a key of another usage', async () => {
    const { keyId } = await createKey(kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })
    await expectAwsError(kms.send(new GenerateMacCommand({ KeyId: keyId, Message: bytes('x'), MacAlgorithm: 'HMAC_SHA_512' })), {
      name: 'InvalidKeyUsageException',
      message: 'Algorithm HMAC_SHA_512 is incompatible with key spec HMAC_256.',
      status: 400,
    })
    const symmetric = await createKey(kms)
    await expectAwsError(kms.send(new GenerateMacCommand({ KeyId: symmetric.keyId, Message: bytes('x'), MacAlgorithm: 'HMAC_SHA_256' })), {
      name: 'InvalidKeyUsageException',
      message: `${symmetric.arn} key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac.`,
      status: 400,
    })
  })
})

describe('what KMS refuses', () => {
  it('a SIGN_VERIFY key for Encrypt, a symmetric key for Sign, an algorithm of another key spec', async () => {
    const signing = await createKey(kms, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })
    await expectAwsError(kms.send(new EncryptCommand({ KeyId: signing.keyId, Plaintext: bytes('x') })), {
      name: 'InvalidKeyUsageException',
      message: `${signing.arn} key usage is SIGN_VERIFY which is not valid for Encrypt.`,
      status: 400,
    })
    const symmetric = await createKey(kms)
    await expectAwsError(kms.send(new SignCommand({ KeyId: symmetric.keyId, Message: bytes('x'), SigningAlgorithm: 'ECDSA_SHA_256' })), {
      name: 'InvalidKeyUsageException',
      message: `${symmetric.arn} key usage is ENCRYPT_DECRYPT which is not valid for Sign.`,
      status: 400,
    })
    await expectAwsError(kms.send(new SignCommand({ KeyId: signing.keyId, Message: bytes('x'), SigningAlgorithm: 'ECDSA_SHA_512' })), {
      name: 'InvalidKeyUsageException',
      message: 'Algorithm ECDSA_SHA_512 is incompatible with key spec ECC_NIST_P256.',
      status: 400,
    })
    await expectAwsError(kms.send(new GetPublicKeyCommand({ KeyId: symmetric.keyId })), {
      name: 'UnsupportedOperationException',
      status: 400,
    })
  })

  it('a signature that is not one (garbage bytes) is KMSInvalidSignatureException, a disabled key DisabledException, DryRun DryRunOperationException', async () => {
    const { keyId, arn } = await createKey(kms, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })
    await expectAwsError(
      kms.send(
        new VerifyCommand({ KeyId: keyId, Message: bytes('x'), Signature: bytes('not a signature'), SigningAlgorithm: 'ECDSA_SHA_256' }),
      ),
      { name: 'KMSInvalidSignatureException', status: 400 },
    )
    await expectAwsError(
      kms.send(new SignCommand({ KeyId: keyId, Message: bytes('x'), SigningAlgorithm: 'ECDSA_SHA_256', DryRun: true })),
      {
        name: 'DryRunOperationException',
        message: 'The request would have succeeded, but the DryRun option is set.',
        status: 400,
      },
    )
    await kms.send(new DisableKeyCommand({ KeyId: keyId }))
    await expectAwsError(kms.send(new SignCommand({ KeyId: keyId, Message: bytes('x'), SigningAlgorithm: 'ECDSA_SHA_256' })), disabled(arn))
  })
})

describe('in a snapshot', () => {
  it('a key keeps its material: a mock seeded with the snapshot verifies what the first signed, with the same public key', async () => {
    const { keyId } = await createKey(kms, { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' })
    const message = bytes('signed before the snapshot')
    const { Signature } = await kms.send(new SignCommand({ KeyId: keyId, Message: message, SigningAlgorithm: 'RSASSA_PSS_SHA_256' }))
    const before = await kms.send(new GetPublicKeyCommand({ KeyId: keyId }))
    const saved = JSON.parse(JSON.stringify(await aws.snapshot()))
    const replay = createFirehoseMock({ timing: 'instant', seed: saved })
    server.use(...replay.handlers)
    try {
      const after = await kms.send(new GetPublicKeyCommand({ KeyId: keyId }))
      expect(after.PublicKey).toEqual(before.PublicKey)
      const verified = await kms.send(
        new VerifyCommand({ KeyId: keyId, Message: message, Signature, SigningAlgorithm: 'RSASSA_PSS_SHA_256' }),
      )
      expect(verified.SignatureValid).toBe(true)
    } finally {
      server.resetHandlers()
    }
  })
})

describe('SM2 keys', () => {
  it('can be created, but signing with one is UnsupportedOperationException naming the simulation', async () => {
    const { keyId } = await createKey(kms, { KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' })
    await expectAwsError(kms.send(new SignCommand({ KeyId: keyId, Message: bytes('x'), SigningAlgorithm: 'SM2DSA' })), {
      name: 'UnsupportedOperationException',
      message: 'SM2 keys are not simulated by firehose-msw.',
      status: 400,
    })
  })
})

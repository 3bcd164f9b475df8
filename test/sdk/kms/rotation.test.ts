/**
 * KMS key rotation through the real SDK: EnableKeyRotation (RotationPeriodInDays 90–2560, default
 * 365), DisableKeyRotation, GetKeyRotationStatus, ListKeyRotations (paged) and RotateKeyOnDemand
 * (10 per key), with KMS's answers for keys that cannot rotate or are in the wrong state. Automatic
 * rotations happen on the mock's clock, lazily: each is dated when it fell due (or, for a key that
 * was disabled then, when it is enabled again). After any rotation older ciphertexts still decrypt
 * while new ones use the new key material, and a snapshot carries the materials and the rotations.
 */
import {
  CancelKeyDeletionCommand,
  type CreateKeyCommandInput,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GetKeyRotationStatusCommand,
  ListKeyRotationsCommand,
  type ListKeyRotationsCommandOutput,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms'
import { getResponse } from 'msw'
import { beforeEach, describe, expect, it } from 'vitest'
import { createFirehoseMock, createManualClock, type Fixture, type FirehoseMock, type ManualClock } from '../../../src'
import { bytes, decode } from '../../support/bytes'
import { kmsClient } from '../../support/clients'
import { DAY, HOUR, START } from '../../support/clock'
import { expectAwsError } from '../../support/errors'
import { createKey, disabled, notFoundKey, pendingDeletion } from '../../support/kms'
import { useServer } from '../../support/mock'

const server = useServer()
const kms = kmsClient()

let clock: ManualClock
let aws: FirehoseMock
beforeEach(() => {
  clock = createManualClock(START)
  aws = createFirehoseMock({ now: clock.now, timing: 'instant' })
  serve(aws)
})

/** Sends the client's requests to `mock` (and no longer to any other). */
const serve = (mock: FirehoseMock): void => server.resetHandlers(...mock.handlers)

/** A new mock on the same clock, seeded with `mock`'s snapshot after a JSON round trip. */
async function restoredFrom(mock: FirehoseMock): Promise<FirehoseMock> {
  const s = JSON.parse(JSON.stringify(await mock.snapshot())) as Fixture
  return createFirehoseMock({ seed: s, now: clock.now, timing: 'instant' })
}

/** The answer without the SDK's $metadata. */
function body<T extends { $metadata: unknown }>(answer: T): Omit<T, '$metadata'> {
  const rest: Partial<T> = { ...answer }
  delete rest.$metadata
  return rest as Omit<T, '$metadata'>
}

const status = async (KeyId: string) => body(await kms.send(new GetKeyRotationStatusCommand({ KeyId })))
const rotationsOf = async (KeyId: string) => (await kms.send(new ListKeyRotationsCommand({ KeyId }))).Rotations
const rotateOnDemand = (KeyId: string) => kms.send(new RotateKeyOnDemandCommand({ KeyId }))
const enableRotation = (KeyId: string, RotationPeriodInDays?: number) =>
  kms.send(new EnableKeyRotationCommand({ KeyId, RotationPeriodInDays }))
const encrypt = async (KeyId: string, text: string, EncryptionContext?: Record<string, string>) =>
  (await kms.send(new EncryptCommand({ KeyId, Plaintext: bytes(text), EncryptionContext }))).CiphertextBlob!
const decrypt = async (CiphertextBlob: Uint8Array, EncryptionContext?: Record<string, string>) =>
  decode((await kms.send(new DecryptCommand({ CiphertextBlob, EncryptionContext }))).Plaintext)

/** A KMS request as it goes on the wire (the mock checks no signature without `auth`). */
const kmsRequest = (operation: string, input: Record<string, unknown>): Request =>
  new Request('https://kms.us-east-1.amazonaws.com/', {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${operation}` },
    body: JSON.stringify(input),
  })

const at = (ms: number): Date => new Date(ms)
const INVALID_CIPHERTEXT = { name: 'InvalidCiphertextException', status: 400 }
const LIMIT_MESSAGE =
  'The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: '

describe('EnableKeyRotation, DisableKeyRotation and GetKeyRotationStatus', () => {
  it('answers only KeyId (the key ARN) and KeyRotationEnabled false for a key whose rotation is off', async () => {
    const { keyId, arn } = await createKey(kms)
    expect(await status(keyId)).toStrictEqual({ KeyId: arn, KeyRotationEnabled: false })
    expect(await status(arn)).toStrictEqual({ KeyId: arn, KeyRotationEnabled: false })
  })

  it('enables rotation every 365 days by default: the next rotation is a period after the call', async () => {
    const { keyId, arn } = await createKey(kms)
    clock.advance(5 * HOUR)
    expect(body(await enableRotation(keyId))).toStrictEqual({})
    expect(await status(keyId)).toStrictEqual({
      KeyId: arn,
      KeyRotationEnabled: true,
      RotationPeriodInDays: 365,
      NextRotationDate: at(START + 5 * HOUR + 365 * DAY),
    })
  })

  it.each([90, 2560])('takes a RotationPeriodInDays of %i', async (days) => {
    const { keyId } = await createKey(kms)
    await enableRotation(keyId, days)
    expect(await status(keyId)).toMatchObject({ RotationPeriodInDays: days, NextRotationDate: at(START + days * DAY) })
  })

  it('sets a new period when called again: the next rotation is the new period after that call', async () => {
    const { keyId } = await createKey(kms)
    await enableRotation(keyId, 400)
    clock.advance(10 * DAY)
    await enableRotation(keyId, 100)
    expect(await status(keyId)).toMatchObject({ RotationPeriodInDays: 100, NextRotationDate: at(START + 110 * DAY) })
  })

  it.each([
    [89, 'greater than or equal to 90'],
    [2561, 'less than or equal to 2560'],
  ])('refuses a RotationPeriodInDays of %i with the model range check, and leaves rotation off', async (days, bound) => {
    const { keyId } = await createKey(kms)
    await expectAwsError(enableRotation(keyId, days), {
      name: 'ValidationException',
      message: `1 validation error detected: Value '${days}' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value ${bound}`,
      status: 400,
    })
    expect((await status(keyId)).KeyRotationEnabled).toBe(false)
  })

  it('disables rotation: the status is KeyId and KeyRotationEnabled false again, and the key no longer rotates', async () => {
    const { keyId, arn } = await createKey(kms)
    await enableRotation(keyId, 90)
    expect(body(await kms.send(new DisableKeyRotationCommand({ KeyId: arn })))).toStrictEqual({})
    expect(await status(keyId)).toStrictEqual({ KeyId: arn, KeyRotationEnabled: false })
    clock.advance(200 * DAY)
    expect(await rotationsOf(keyId)).toEqual([])
    // Disabling a rotation that is off is no error.
    await kms.send(new DisableKeyRotationCommand({ KeyId: keyId }))
  })

  it('answers NotFoundException for a key that does not exist, for every rotation operation', async () => {
    const keyId = '00000000-0000-4000-8000-000000000000'
    await expectAwsError(enableRotation(keyId), notFoundKey(keyId))
    await expectAwsError(kms.send(new DisableKeyRotationCommand({ KeyId: keyId })), notFoundKey(keyId))
    await expectAwsError(kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId })), notFoundKey(keyId))
    await expectAwsError(kms.send(new ListKeyRotationsCommand({ KeyId: keyId })), notFoundKey(keyId))
    await expectAwsError(rotateOnDemand(keyId), notFoundKey(keyId))
  })
})

describe('keys that cannot rotate', () => {
  const operations: Array<[string, (keyId: string) => Promise<unknown>]> = [
    ['EnableKeyRotation', (KeyId) => enableRotation(KeyId)],
    ['DisableKeyRotation', (KeyId) => kms.send(new DisableKeyRotationCommand({ KeyId }))],
    ['GetKeyRotationStatus', (KeyId) => kms.send(new GetKeyRotationStatusCommand({ KeyId }))],
    ['ListKeyRotations', (KeyId) => kms.send(new ListKeyRotationsCommand({ KeyId }))],
    ['RotateKeyOnDemand', (KeyId) => rotateOnDemand(KeyId)],
  ]
  const notSymmetric: CreateKeyCommandInput[] = [
    { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' },
    { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' },
    { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' },
  ]

  it.each(operations)('%s on an asymmetric or HMAC key is UnsupportedOperationException with no message', async (operation, call) => {
    for (const input of notSymmetric) {
      const { keyId } = await createKey(kms, input)
      // The SDK names an error without a message 'UnknownError'.
      await expectAwsError(call(keyId), { name: 'UnsupportedOperationException', message: 'UnknownError', status: 400 })
      const response = await getResponse(aws.handlers, kmsRequest(operation, { KeyId: keyId }))
      expect(response!.status).toBe(400)
      expect(await response!.json()).toStrictEqual({ __type: 'UnsupportedOperationException' })
    }
  })

  it.each(operations)('%s on a key with imported key material is UnsupportedOperationException naming the origin', async (_, call) => {
    const { keyId, arn } = await createKey(kms, { Origin: 'EXTERNAL' })
    await expectAwsError(call(keyId), {
      name: 'UnsupportedOperationException',
      message: `${arn} origin is EXTERNAL which is not valid for this operation.`,
      status: 400,
    })
  })

  it('an AWS managed key rotates every year from its creation; its rotation cannot be changed', async () => {
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: 'alias/aws/firehose' }))
    const arn = KeyMetadata!.Arn!
    expect(await status(arn)).toStrictEqual({
      KeyId: arn,
      KeyRotationEnabled: true,
      RotationPeriodInDays: 365,
      NextRotationDate: at(START + 365 * DAY),
    })
    clock.advance(366 * DAY)
    expect(await rotationsOf(arn)).toEqual([{ KeyId: arn, RotationDate: at(START + 365 * DAY), RotationType: 'AUTOMATIC' }])
    for (const [operation, call] of [operations[0]!, operations[1]!, operations[4]!]) {
      await expectAwsError(call(arn), {
        name: 'AccessDeniedException',
        message: `User: arn:aws:iam::123456789012:root is not authorized to perform: kms:${operation} on resource: ${arn} because no resource-based policy allows the kms:${operation} action`,
        status: 400,
      })
    }
  })
})

describe('key states', () => {
  it('refuses Enable/DisableKeyRotation and RotateKeyOnDemand on a disabled key with DisabledException; Get and List answer', async () => {
    const { keyId, arn } = await createKey(kms)
    await enableRotation(keyId, 90)
    await rotateOnDemand(keyId)
    await kms.send(new DisableKeyCommand({ KeyId: keyId }))
    await expectAwsError(enableRotation(keyId), disabled(arn))
    await expectAwsError(kms.send(new DisableKeyRotationCommand({ KeyId: keyId })), disabled(arn))
    await expectAwsError(rotateOnDemand(keyId), disabled(arn))
    expect(await status(keyId)).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 90 })
    expect(await rotationsOf(keyId)).toHaveLength(1)
  })

  it('refuses them on a key pending deletion with KMSInvalidStateException; its rotation status is false until the deletion is cancelled', async () => {
    const { keyId, arn } = await createKey(kms)
    await enableRotation(keyId, 90)
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }))
    await expectAwsError(enableRotation(keyId), pendingDeletion(arn))
    await expectAwsError(kms.send(new DisableKeyRotationCommand({ KeyId: keyId })), pendingDeletion(arn))
    await expectAwsError(rotateOnDemand(keyId), pendingDeletion(arn))
    expect(await status(keyId)).toStrictEqual({ KeyId: arn, KeyRotationEnabled: false })
    expect(await rotationsOf(keyId)).toEqual([])
    await kms.send(new CancelKeyDeletionCommand({ KeyId: keyId }))
    expect(await status(keyId)).toStrictEqual({
      KeyId: arn,
      KeyRotationEnabled: true,
      RotationPeriodInDays: 90,
      NextRotationDate: at(START + 90 * DAY),
    })
  })
})

describe('automatic rotation on the clock', () => {
  it('rotates when NextRotationDate passes: ListKeyRotations shows it with that date, and the next is a period later', async () => {
    const { keyId, arn } = await createKey(kms)
    await enableRotation(keyId, 90)
    clock.advance(90 * DAY - 1)
    expect(await rotationsOf(keyId)).toEqual([])
    clock.advance(1)
    expect(await rotationsOf(keyId)).toEqual([{ KeyId: arn, RotationDate: at(START + 90 * DAY), RotationType: 'AUTOMATIC' }])
    expect(await status(keyId)).toMatchObject({ KeyRotationEnabled: true, NextRotationDate: at(START + 180 * DAY) })
  })

  it('carries out every rotation that fell due while nobody asked, each on its own date', async () => {
    const { keyId } = await createKey(kms)
    await enableRotation(keyId, 100)
    clock.advance(350 * DAY)
    const rotations = (await rotationsOf(keyId))!
    expect(rotations.map((r) => [r.RotationType, r.RotationDate])).toEqual([
      ['AUTOMATIC', at(START + 100 * DAY)],
      ['AUTOMATIC', at(START + 200 * DAY)],
      ['AUTOMATIC', at(START + 300 * DAY)],
    ])
    expect((await status(keyId)).NextRotationDate).toEqual(at(START + 400 * DAY))
  })

  it('does not rotate a disabled key; enabled again after its date, it rotates at once and the schedule starts from there', async () => {
    const { keyId } = await createKey(kms)
    await enableRotation(keyId, 90)
    clock.advance(30 * DAY)
    await kms.send(new DisableKeyCommand({ KeyId: keyId }))
    clock.advance(100 * DAY)
    expect(await rotationsOf(keyId)).toEqual([])
    await kms.send(new EnableKeyCommand({ KeyId: keyId }))
    const rotations = (await rotationsOf(keyId))!
    expect(rotations.map((r) => r.RotationDate)).toEqual([at(START + 130 * DAY)])
    expect((await status(keyId)).NextRotationDate).toEqual(at(START + 220 * DAY))
  })

  it('keeps the schedule of a key disabled and enabled again before its date', async () => {
    const { keyId } = await createKey(kms)
    await enableRotation(keyId, 90)
    await kms.send(new DisableKeyCommand({ KeyId: keyId }))
    clock.advance(10 * DAY)
    await kms.send(new EnableKeyCommand({ KeyId: keyId }))
    clock.advance(80 * DAY)
    expect((await rotationsOf(keyId))!.map((r) => r.RotationDate)).toEqual([at(START + 90 * DAY)])
  })

  it('decrypts ciphertexts made before the rotation; new ones use the new material, which a mock of before the rotation lacks', async () => {
    const { keyId } = await createKey(kms)
    await enableRotation(keyId, 90)
    const context = { purpose: 'rotation' }
    const before = await encrypt(keyId, 'before', context)
    const dataKey = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' }))
    await kms.send(new DisableKeyRotationCommand({ KeyId: keyId }))
    const earlier = await restoredFrom(aws)
    await enableRotation(keyId, 90)
    clock.advance(90 * DAY)
    const after = await encrypt(keyId, 'after', context)
    expect(await rotationsOf(keyId)).toHaveLength(1)
    expect(await decrypt(before, context)).toBe('before')
    expect((await kms.send(new DecryptCommand({ CiphertextBlob: dataKey.CiphertextBlob }))).Plaintext).toEqual(dataKey.Plaintext)
    expect(await decrypt(after, context)).toBe('after')
    await expectAwsError(kms.send(new DecryptCommand({ CiphertextBlob: before })), INVALID_CIPHERTEXT)

    serve(earlier)
    expect(await decrypt(before, context)).toBe('before')
    await expectAwsError(kms.send(new DecryptCommand({ CiphertextBlob: after, EncryptionContext: context })), INVALID_CIPHERTEXT)
  })
})

describe('RotateKeyOnDemand', () => {
  it('rotates at once and answers the key ARN; ListKeyRotations shows an ON_DEMAND rotation; NextRotationDate stays', async () => {
    const { keyId, arn } = await createKey(kms)
    await enableRotation(keyId, 90)
    clock.advance(3 * DAY)
    expect(body(await rotateOnDemand(keyId))).toStrictEqual({ KeyId: arn })
    expect(await rotationsOf(arn)).toEqual([{ KeyId: arn, RotationDate: at(START + 3 * DAY), RotationType: 'ON_DEMAND' }])
    expect(await status(keyId)).toMatchObject({ NextRotationDate: at(START + 90 * DAY) })
    clock.advance(90 * DAY)
    expect((await rotationsOf(arn))!.map((r) => r.RotationType)).toEqual(['ON_DEMAND', 'AUTOMATIC'])
  })

  it('works on a key whose automatic rotation is off, and leaves it off', async () => {
    const { keyId, arn } = await createKey(kms)
    await rotateOnDemand(keyId)
    expect(await status(keyId)).toStrictEqual({ KeyId: arn, KeyRotationEnabled: false })
    expect(await rotationsOf(keyId)).toHaveLength(1)
  })

  it('decrypts the ciphertexts of every material; each rotation makes new ones under a material earlier mocks lack', async () => {
    const { keyId } = await createKey(kms)
    const sealed = [await encrypt(keyId, 'material 0')]
    const snapshots = [await restoredFrom(aws)]
    for (let i = 1; i <= 3; i++) {
      clock.advance(HOUR)
      await rotateOnDemand(keyId)
      sealed.push(await encrypt(keyId, `material ${i}`))
      snapshots.push(await restoredFrom(aws))
    }
    for (let i = 0; i <= 3; i++) expect(await decrypt(sealed[i]!)).toBe(`material ${i}`)
    // The mock taken after rotation n decrypts what was made with materials 0..n, and nothing newer.
    for (let n = 0; n <= 3; n++) {
      serve(snapshots[n]!)
      for (let i = 0; i <= 3; i++) {
        if (i <= n) expect(await decrypt(sealed[i]!)).toBe(`material ${i}`)
        else await expectAwsError(kms.send(new DecryptCommand({ CiphertextBlob: sealed[i] })), INVALID_CIPHERTEXT)
      }
    }
  })

  it('refuses the 11th on-demand rotation of a key with LimitExceededException; automatic rotations do not count', async () => {
    const { keyId, arn } = await createKey(kms)
    await enableRotation(keyId, 90)
    clock.advance(90 * DAY)
    for (let i = 0; i < 10; i++) await rotateOnDemand(keyId)
    await expectAwsError(rotateOnDemand(arn), { name: 'LimitExceededException', message: `${LIMIT_MESSAGE}${arn}`, status: 400 })
    const rotations = (await rotationsOf(keyId))!
    expect(rotations.filter((r) => r.RotationType === 'ON_DEMAND')).toHaveLength(10)
    expect(rotations).toHaveLength(11)
    // Another key has its own ten.
    const other = await createKey(kms)
    await rotateOnDemand(other.keyId)
  })
})

describe('ListKeyRotations', () => {
  it('lists nothing for a key that never rotated (its first material is no rotation)', async () => {
    const { keyId } = await createKey(kms)
    const out = body(await kms.send(new ListKeyRotationsCommand({ KeyId: keyId })))
    expect(out).toEqual({ Rotations: [], Truncated: false })
  })

  it('pages with Limit, Marker, Truncated and NextMarker, oldest first; 100 by default', async () => {
    const { keyId, arn } = await createKey(kms)
    await enableRotation(keyId, 90)
    clock.advance(90 * DAY * 120)
    for (let i = 0; i < 3; i++) await rotateOnDemand(keyId)
    const all: ListKeyRotationsCommandOutput['Rotations'] = []
    let Marker: string | undefined
    let pages = 0
    do {
      const out = await kms.send(new ListKeyRotationsCommand({ KeyId: keyId, Limit: 50, Marker }))
      expect(out.Truncated).toBe(out.NextMarker !== undefined)
      all.push(...out.Rotations!)
      Marker = out.NextMarker
      pages++
    } while (Marker)
    expect(pages).toBe(3)
    expect(all).toHaveLength(123)
    expect(all[0]).toEqual({ KeyId: arn, RotationDate: at(START + 90 * DAY), RotationType: 'AUTOMATIC' })
    expect(all[119]!.RotationDate).toEqual(at(START + 120 * 90 * DAY))
    expect(all.slice(120).map((r) => r.RotationType)).toEqual(['ON_DEMAND', 'ON_DEMAND', 'ON_DEMAND'])
    const first = await kms.send(new ListKeyRotationsCommand({ KeyId: keyId }))
    expect(first.Rotations).toHaveLength(100)
    expect(first.Truncated).toBe(true)
    await expectAwsError(kms.send(new ListKeyRotationsCommand({ KeyId: keyId, Marker: 'not-a-marker' })), {
      name: 'InvalidMarkerException',
      message: 'Invalid marker',
      status: 400,
    })
  })

  it.each([0, 1001])('refuses a Limit of %i with the model range check', async (limit) => {
    const { keyId } = await createKey(kms)
    await expectAwsError(kms.send(new ListKeyRotationsCommand({ KeyId: keyId, Limit: limit })), {
      name: 'ValidationException',
      message: new RegExp(`^1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint`),
      status: 400,
    })
  })
})

describe('snapshots', () => {
  it('carry the materials, rotations and schedule: a restored mock decrypts old ciphertexts, lists the same rotations and rotates on', async () => {
    const { keyId, arn } = await createKey(kms)
    const sealed = [await encrypt(keyId, 'first')]
    await enableRotation(keyId, 90)
    clock.advance(90 * DAY)
    sealed.push(await encrypt(keyId, 'second'))
    await rotateOnDemand(keyId)
    sealed.push(await encrypt(keyId, 'third'))
    const rotations = await rotationsOf(keyId)
    expect(rotations!.map((r) => r.RotationType)).toEqual(['AUTOMATIC', 'ON_DEMAND'])

    const s = JSON.parse(JSON.stringify(await aws.snapshot()))
    const restored = createFirehoseMock({ seed: s, now: clock.now })
    serve(restored)
    expect(await rotationsOf(keyId)).toEqual(rotations)
    expect(await status(keyId)).toStrictEqual({
      KeyId: arn,
      KeyRotationEnabled: true,
      RotationPeriodInDays: 90,
      NextRotationDate: at(START + 180 * DAY),
    })
    expect(await Promise.all(sealed.map((blob) => decrypt(blob)))).toEqual(['first', 'second', 'third'])
    clock.advance(90 * DAY)
    expect((await rotationsOf(keyId))!.map((r) => r.RotationType)).toEqual(['AUTOMATIC', 'ON_DEMAND', 'AUTOMATIC'])
    expect(await decrypt(await encrypt(keyId, 'fourth'))).toBe('fourth')
    expect(await Promise.all(sealed.map((blob) => decrypt(blob)))).toEqual(['first', 'second', 'third'])
    // The on-demand count came along: nine more, then the limit.
    for (let i = 0; i < 9; i++) await rotateOnDemand(keyId)
    await expectAwsError(rotateOnDemand(keyId), { name: 'LimitExceededException', message: `${LIMIT_MESSAGE}${arn}`, status: 400 })
  })
})

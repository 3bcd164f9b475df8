/**
 * Sensitive members (`smithy.api#sensitive` in AWS's Smithy models, on the target shape or on the
 * member): AWS's validation messages leave their value out — `Value at 'plaintext' failed to
 * satisfy constraint: …` — while other members keep theirs quoted (`Value '1025' at …`). Checked
 * through the real SDKs (KMS, Firehose, Cognito Identity), through fixtures (which load with the same
 * tables), and for every sensitive shape the four services' operation inputs reach in the generated
 * tables (src/<service>/*.gen.ts, flag `h`).
 */
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { GetIdCommand } from '@aws-sdk/client-cognito-identity'
import { CreateDeliveryStreamCommand, type CreateDeliveryStreamCommandInput } from '@aws-sdk/client-firehose'
import { EncryptCommand, GenerateRandomCommand } from '@aws-sdk/client-kms'
import { describe, expect, it } from 'vitest'
import { createFirehoseMock, type Fixture } from '../../src'
import * as cloudwatchModel from '../../src/cloudwatch/model.gen'
import * as createPoolModel from '../../src/cognito/create-pool-model.gen'
import * as cognitoModel from '../../src/cognito/model.gen'
import * as createStreamModel from '../../src/firehose/create-stream-model.gen'
import * as firehoseModel from '../../src/firehose/model.gen'
import * as createKeyModel from '../../src/kms/create-key-model.gen'
import * as kmsModel from '../../src/kms/model.gen'
import type { ShapeRef, ShapeTable } from '../../src/protocol/shapes'
import { BUCKET_ARN, ROLE_ARN } from '../support/aws'
import { kmsClient } from '../support/clients'
import { cognitoClient, MISSING_ID } from '../support/cognito'
import { expectAwsError, failureOf, misuse } from '../support/errors'
import { useMock } from '../support/mock'
import { createKey } from '../support/kms'

const MODELS = resolve(dirname(fileURLToPath(import.meta.url)), '../../models')

const { firehose } = useMock({ timing: 'instant' })
const kms = kmsClient()
const cognito = cognitoClient()

const invalid = (message: string) => ({ name: 'ValidationException', message, status: 400 })
const one = (violation: string) => invalid(`1 validation error detected: ${violation}`)

/** The message carries neither the first nor the last 16 characters of the secret (so not the secret either). */
function expectHidden(message: string, secret: string): void {
  expect(message).not.toContain(secret.slice(0, 16))
  expect(message).not.toContain(secret.slice(-16))
}

describe('KMS: the plaintext is left out of validation messages', () => {
  it("Encrypt with an empty Plaintext: `Value at 'plaintext'`, as AWS answers", async () => {
    const { keyId } = await createKey(kms)
    await expectAwsError(
      kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: new Uint8Array(0) })),
      one("Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1"),
    )
  })

  it('Encrypt with 4,097 bytes of plaintext: the bytes are not described either', async () => {
    const { keyId } = await createKey(kms)
    const error = await expectAwsError(
      kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: new Uint8Array(4097).fill(0x41) })),
      one("Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096"),
    )
    expect(error.message).not.toContain('HeapByteBuffer')
  })

  it('a member that is not sensitive keeps its quoted value (GenerateRandom NumberOfBytes 1025)', async () => {
    await expectAwsError(
      kms.send(new GenerateRandomCommand({ NumberOfBytes: 1025 })),
      one("Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024"),
    )
  })
})

/** A CreateDeliveryStream input to an HTTP endpoint, valid but for what `endpoint` and `extra` change. */
const httpStream = (endpoint: Record<string, unknown>, extra: Record<string, unknown> = {}): CreateDeliveryStreamCommandInput => ({
  DeliveryStreamName: 'to-http',
  HttpEndpointDestinationConfiguration: {
    EndpointConfiguration: { Url: 'https://receiver.example.com/ingest', Name: 'receiver', ...endpoint },
    S3Configuration: { RoleARN: ROLE_ARN, BucketARN: BUCKET_ARN },
    ...extra,
  },
})
const AT = 'httpEndpointDestinationConfiguration'

describe('Firehose: HTTP endpoint secrets are left out of validation messages', () => {
  it('an AccessKey over 4,096 characters, next to a non-sensitive member that keeps its value', async () => {
    const secret = `sk-${'0123456789abcdef'.repeat(256)}`
    const error = await expectAwsError(
      firehose.send(new CreateDeliveryStreamCommand(httpStream({ AccessKey: secret }, { BufferingHints: { SizeInMBs: 0 } }))),
      invalid(
        '2 validation errors detected: ' +
          `Value at '${AT}.endpointConfiguration.accessKey' failed to satisfy constraint: Member must have length less than or equal to 4096; ` +
          `Value '0' at '${AT}.bufferingHints.sizeInMBs' failed to satisfy constraint: Member must have value greater than or equal to 1`,
      ),
    )
    expectHidden(error.message, secret)
  })

  it('a Url that is not https:// (with credentials in it) is named, not printed', async () => {
    const url = 'http://admin:hunter2-secret-token@receiver.example.com/ingest'
    const error = await expectAwsError(
      firehose.send(new CreateDeliveryStreamCommand(httpStream({ Url: url }))),
      one(
        `Value at '${AT}.endpointConfiguration.url' failed to satisfy constraint: Member must satisfy regular expression pattern: https://.*`,
      ),
    )
    expectHidden(error.message, url)
    expect(error.message).not.toContain('hunter2')
  })

  it('common attributes: a bad name or value is left out, and so is a too-long list that holds them', async () => {
    const value = `attribute-secret-${'v'.repeat(1024)}`
    const bad = await failureOf(
      firehose.send(
        new CreateDeliveryStreamCommand(
          httpStream({}, { RequestConfiguration: { CommonAttributes: [{ AttributeName: '   ', AttributeValue: value }] } }),
        ),
      ),
    )
    expect(bad.message).toBe(
      '2 validation errors detected: ' +
        `Value at '${AT}.requestConfiguration.commonAttributes.1.member.attributeName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(?!\\s*$).+; ` +
        `Value at '${AT}.requestConfiguration.commonAttributes.1.member.attributeValue' failed to satisfy constraint: Member must have length less than or equal to 1024`,
    )
    expectHidden(bad.message, value)

    const many = Array.from({ length: 51 }, (_, i) => ({ AttributeName: `name-${i}`, AttributeValue: `attribute-secret-${i}` }))
    const tooMany = await failureOf(
      firehose.send(new CreateDeliveryStreamCommand(httpStream({}, { RequestConfiguration: { CommonAttributes: many } }))),
    )
    expect(tooMany.message).toBe(
      `1 validation error detected: Value at '${AT}.requestConfiguration.commonAttributes' failed to satisfy constraint: Member must have length less than or equal to 50`,
    )
    expect(tooMany.message).not.toContain('attribute-secret')
  })
})

describe('Cognito Identity: a login token is left out of validation messages', () => {
  it('GetId with a token over 50,000 characters', async () => {
    const token = `eyJ-secret-${'t'.repeat(50_000)}`
    const error = await expectAwsError(
      cognito.send(new GetIdCommand({ IdentityPoolId: MISSING_ID, Logins: { 'accounts.google.com': token } })),
      one("Value at 'logins.accounts.google.com.value' failed to satisfy constraint: Member must have length less than or equal to 50000"),
    )
    expectHidden(error.message, token)
  })
})

describe('fixtures load through the same tables', () => {
  it('a stream definition with a bad AccessKey or Url names the member without its value', () => {
    const secret = `fixture-secret-${'k'.repeat(4096)}`
    const seed = {
      name: 'leaky',
      firehose: { deliveryStreams: [{ definition: httpStream({ Url: 'http://fixture-secret-url.example.com', AccessKey: secret }) }] },
    } as unknown as Fixture
    const message = misuse(() => createFirehoseMock({ seed }))
    expect(message).toContain(
      `2 validation errors detected: Value at '${AT}.endpointConfiguration.url' failed to satisfy constraint: Member must satisfy regular expression pattern: https://.*; ` +
        `Value at '${AT}.endpointConfiguration.accessKey' failed to satisfy constraint: Member must have length less than or equal to 4096`,
    )
    expect(message).not.toContain('fixture-secret')
  })
})

/**
 * Walks the Smithy model from each operation input beside the generated table: a shape is flagged
 * `h` in the table exactly where the model makes its value sensitive (the shape, the member, or a
 * sensitive value it sits in). Lists and maps are flagged also when they hold a sensitive value.
 */
function checkFlags(modelFile: string, table: ShapeTable, roots: Array<[shapeId: string, ref: ShapeRef]>): number {
  type SmithyRef = { target: string; traits?: Record<string, unknown> }
  type SmithyShape = {
    type: string
    traits?: Record<string, unknown>
    members?: Record<string, SmithyRef>
    member?: SmithyRef
    key?: SmithyRef
    value?: SmithyRef
  }
  const model = JSON.parse(readFileSync(resolve(MODELS, modelFile), 'utf8')) as {
    shapes: Record<string, SmithyShape>
  }
  const sensitive = (traits?: Record<string, unknown>) => traits?.['smithy.api#sensitive'] !== undefined
  const holds = new Map<string, boolean>()
  /** Whether a value of this shape holds a sensitive value (itself or inside). */
  const holdsSensitive = (id: string, seen = new Set<string>()): boolean => {
    const shape = model.shapes[id]
    if (!shape || seen.has(id)) return false
    if (!holds.has(id)) {
      seen.add(id)
      const members = shape.type === 'structure' || shape.type === 'union' ? Object.values(shape.members!) : []
      const refs = [...members, shape.member, shape.key, shape.value].filter((r) => r !== undefined)
      holds.set(id, sensitive(shape.traits) || refs.some((r) => sensitive(r.traits) || holdsSensitive(r.target, seen)))
    }
    return holds.get(id)!
  }
  let sensitiveSeen = 0
  const visited = new Set<string>()
  const walk = (id: string, ref: ShapeRef, inherited: boolean, path: string): void => {
    const shape = model.shapes[id]
    const entry = table[ref]!
    const hidden = inherited || sensitive(shape?.traits)
    if (visited.has(`${id} ${String(ref)} ${hidden}`)) return
    visited.add(`${id} ${String(ref)} ${hidden}`)
    // A configuration fixtures take as a JSON value (decision 0010): nothing inside is validated.
    if (entry.t === 'D' && shape?.type !== 'document') return
    if (hidden) sensitiveSeen++
    const container = shape?.type === 'list' || shape?.type === 'map'
    expect({ path, h: entry.h === 1 }).toEqual({ path, h: hidden || (container && holdsSensitive(id)) })
    if (!shape) return
    const members = entry.s ? entry.s.split(' ').map((m) => m.replace(/^!/, '').split('=')) : []
    const structure = shape.type === 'structure' || shape.type === 'union'
    for (const [name, def] of Object.entries(structure ? shape.members! : {})) {
      const target = members.find(([member]) => member === name)!
      walk(def.target, target[1] ?? target[0]!, hidden || sensitive(def.traits), `${path}.${name}`)
    }
    if (shape.member) walk(shape.member.target, entry.m!, hidden || sensitive(shape.member.traits), `${path}[]`)
    if (shape.key) walk(shape.key.target, entry.k!, hidden || sensitive(shape.key.traits), `${path}{key}`)
    if (shape.value) walk(shape.value.target, entry.v!, hidden || sensitive(shape.value.traits), `${path}{value}`)
  }
  for (const [id, ref] of roots) walk(id, ref, false, id.split('#')[1]!)
  return sensitiveSeen
}

const inputsOf = (modelFile: string, inputs: Record<string, number>): Array<[string, ShapeRef]> => {
  const model = JSON.parse(readFileSync(resolve(MODELS, modelFile), 'utf8')) as {
    shapes: Record<string, { type: string; input?: { target: string } }>
  }
  const namespace = Object.entries(model.shapes)
    .find(([, shape]) => shape.type === 'service')![0]
    .split('#')[0]!
  return Object.entries(inputs).flatMap(([op, ref]) => {
    const input = model.shapes[`${namespace}#${op}`]?.input
    return input ? [[input.target, ref] as [string, ShapeRef]] : []
  })
}

describe('the generated tables flag every sensitive shape the model marks, and nothing else', () => {
  const FIREHOSE = 'firehose-2015-08-04.json'
  const KMS = 'kms-2014-11-01.json'
  const COGNITO = 'cognito-identity-2014-06-30.json'
  const CLOUDWATCH = 'cloudwatch-2010-08-01.json'

  it('Firehose (full table and the fixtures’ CreateDeliveryStream table)', () => {
    expect(checkFlags(FIREHOSE, firehoseModel.shapes, inputsOf(FIREHOSE, firehoseModel.operationInputs))).toBeGreaterThan(10)
    const create = inputsOf(FIREHOSE, { CreateDeliveryStream: createStreamModel.inputShape })
    expect(checkFlags(FIREHOSE, createStreamModel.shapes, create)).toBeGreaterThan(3)
  })

  it('KMS (full table and the fixtures’ CreateKey table)', () => {
    expect(checkFlags(KMS, kmsModel.shapes, inputsOf(KMS, kmsModel.operationInputs))).toBeGreaterThan(3)
    checkFlags(KMS, createKeyModel.shapes, inputsOf(KMS, { CreateKey: createKeyModel.inputShape }))
  })

  it('Cognito Identity (full table and the fixtures’ CreateIdentityPool table)', () => {
    expect(checkFlags(COGNITO, cognitoModel.shapes, inputsOf(COGNITO, cognitoModel.operationInputs))).toBeGreaterThan(0)
    checkFlags(COGNITO, createPoolModel.shapes, inputsOf(COGNITO, { CreateIdentityPool: createPoolModel.inputShape }))
  })

  it('CloudWatch (its model marks nothing sensitive: no flag)', () => {
    expect(checkFlags(CLOUDWATCH, cloudwatchModel.shapes, inputsOf(CLOUDWATCH, cloudwatchModel.operationInputs))).toBe(0)
  })
})

/**
 * Server-side encryption as the Firehose operations see it: the synchronous checks of Start and
 * Stop, the KMS check Firehose makes when a Start is accepted (which decides how it ends), the
 * grant it holds on a customer managed key, and what a put sees. KMS is reached only through the
 * port (`ctx.kms`); the state itself is the pure machine of encryption-state.ts. Also how
 * DescribeDeliveryStream (and `aws.firehose.stream()`) shows it.
 */
import type { GrantOperation, KeyRefusal } from '../kms/port'
import {
  beginChange,
  currentConfig,
  encryptionStatus,
  grantFor,
  grantsHeld,
  keysInUse,
  newEncryptionState,
  recentCalls,
  type PendingChange,
} from './encryption-state'
import { invalidArgument, limitExceeded, resourceInUse } from './errors'
import type { FirehoseContext } from './store'
import type { DeliveryStream, EncryptionConfig, EncryptionState, FailureDescription, KeyType, WireObject } from './types'

export { newEncryptionState }

/** A customer managed key can encrypt at most this many streams. */
export const MAX_STREAMS_PER_CMK = 500
const DAY = 24 * 60 * 60 * 1000
const SIX_HOURS = 6 * 60 * 60 * 1000

/** The principal Firehose's grants name, and the operations it needs on the key. */
export const FIREHOSE_PRINCIPAL = 'firehose.amazonaws.com'
export const FIREHOSE_GRANT_OPERATIONS: GrantOperation[] = [
  'Encrypt',
  'Decrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'ReEncryptFrom',
  'ReEncryptTo',
  'DescribeKey',
  'RetireGrant',
]
/** What Firehose does with the key to encrypt records; an explicit Deny of them in the key policy overrides its grant. */
export const USE_ACTIONS = ['kms:GenerateDataKey', 'kms:Encrypt']
const GRANT_ACTIONS = ['kms:CreateGrant', 'kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext']

/** How Firehose reports each reason KMS refuses it a key (Describe's FailureDescription). */
export function keyFailure(refusal: KeyRefusal, keyArn: string): FailureDescription {
  switch (refusal) {
    case 'not-found':
      return { Type: 'KMS_KEY_NOT_FOUND', Details: `The KMS key ${keyArn} was not found.` }
    case 'disabled':
      return { Type: 'DISABLED_KMS_KEY', Details: `The KMS key ${keyArn} is disabled.` }
    case 'pending-deletion':
      return { Type: 'INVALID_KMS_KEY', Details: `The KMS key ${keyArn} is pending deletion.` }
    case 'pending-import':
      return { Type: 'INVALID_KMS_KEY', Details: `The KMS key ${keyArn} is pending import.` }
    case 'not-symmetric':
      return { Type: 'INVALID_KMS_KEY', Details: `The KMS key ${keyArn} is not a symmetric encryption key.` }
    case 'policy-denies':
      return { Type: 'KMS_ACCESS_DENIED', Details: `The key policy of ${keyArn} denies Firehose access to the key.` }
  }
}

/** The failure a customer managed key in use shows now (disabled or deleted after ENABLED, a key policy that came to deny Firehose, or its grant revoked). */
export function keyProblem(state: EncryptionState, config: EncryptionConfig | null, ctx: FirehoseContext): FailureDescription | undefined {
  if (!config?.keyArn) return undefined
  const checked = ctx.kms.checkKey(ctx, config.keyArn, { principal: FIREHOSE_PRINCIPAL, actions: USE_ACTIONS })
  if (checked.refusal) return keyFailure(checked.refusal, checked.keyArn)
  const grant = grantFor(state, config)
  if (grant && !ctx.kms.grantExists(grant, ctx.now)) {
    return { Type: 'KMS_ACCESS_DENIED', Details: `Firehose's grant on the KMS key ${checked.keyArn} has been revoked or retired.` }
  }
  return undefined
}

/**
 * Decides how a change to `config` ends, as Firehose's KMS check at acceptance would: the pending
 * transition, with the new grant already created when it will succeed.
 */
function planEnable(stream: DeliveryStream, config: EncryptionConfig, ctx: FirehoseContext, completesAt: number): PendingChange {
  const pending = { kind: 'enable' as const, config, completesAt }
  if (config.keyType === 'AWS_OWNED_CMK') return pending
  const checked = ctx.kms.checkKey(ctx, config.keyArn!, { principal: FIREHOSE_PRINCIPAL, actions: GRANT_ACTIONS })
  if (checked.refusal) return { ...pending, failure: keyFailure(checked.refusal, checked.keyArn) }
  if (ctx.sessionIssuedAt !== undefined && ctx.now - ctx.sessionIssuedAt > SIX_HOURS) {
    const Details =
      'Firehose could not create a grant on the KMS key: the temporary credentials of the request were issued more than 6 hours ago.'
    return { ...pending, failure: { Type: 'CREATE_KMS_GRANT_FAILED', Details } }
  }
  if (ctx.grantRefusal) return { ...pending, failure: { Type: 'CREATE_KMS_GRANT_FAILED', Details: ctx.grantRefusal } }
  const grant = ctx.kms.createServiceGrant(ctx, checked.keyArn, {
    principal: FIREHOSE_PRINCIPAL,
    operations: FIREHOSE_GRANT_OPERATIONS,
    constraints: { EncryptionContextEquals: { 'aws:firehose:arn': stream.arn } },
  })
  return { ...pending, grant }
}

function configFromInput(input: { KeyType: string; KeyARN?: string } | undefined): EncryptionConfig {
  const keyType = (input?.KeyType ?? 'AWS_OWNED_CMK') as KeyType
  if (keyType === 'CUSTOMER_MANAGED_CMK' && input?.KeyARN === undefined) {
    throw invalidArgument('KeyARN is required when KeyType is CUSTOMER_MANAGED_CMK.')
  }
  if (keyType === 'AWS_OWNED_CMK' && input?.KeyARN !== undefined) {
    throw invalidArgument('KeyARN is not allowed when KeyType is AWS_OWNED_CMK.')
  }
  return keyType === 'CUSTOMER_MANAGED_CMK' ? { keyType, keyArn: input!.KeyARN } : { keyType }
}

function checkDirectPut(stream: DeliveryStream): void {
  if (stream.type !== 'DirectPut') {
    throw invalidArgument(
      `Server-side encryption is only supported for DirectPut Firehose streams; ${stream.name} has source type ${stream.type}.`,
    )
  }
}

function checkCmkReuse(ctx: FirehoseContext, stream: DeliveryStream, config: EncryptionConfig): void {
  if (!config.keyArn) return
  let users = 0
  for (const other of ctx.store.list(ctx.accountId, ctx.region, ctx.now)) {
    if (other !== stream && keysInUse(other.encryption).includes(config.keyArn)) users++
  }
  if (users >= MAX_STREAMS_PER_CMK) {
    throw limitExceeded(`The KMS key ${config.keyArn} already encrypts the maximum of ${MAX_STREAMS_PER_CMK} Firehose streams.`)
  }
}

/** Validates a configuration input for CreateDeliveryStream (synchronous errors only). */
export function encryptionForCreate(
  stream: DeliveryStream,
  input: { KeyType: string; KeyARN?: string },
  ctx: FirehoseContext,
): EncryptionState {
  const config = configFromInput(input)
  checkCmkReuse(ctx, stream, config)
  const state = newEncryptionState()
  state.pending = planEnable(stream, config, ctx, stream.activeAt)
  return state
}

function checkAcceptsChange(stream: DeliveryStream, ctx: FirehoseContext, status: string): void {
  if (status !== 'ACTIVE') {
    throw resourceInUse(`Firehose ${stream.name} under account ${ctx.accountId} is not in the ACTIVE state.`)
  }
  const encryption = encryptionStatus(stream.encryption, ctx.now)
  if (encryption === 'ENABLING' || encryption === 'DISABLING') {
    throw resourceInUse(`Firehose ${stream.name} under account ${ctx.accountId} is already ${encryption.toLowerCase()} encryption.`)
  }
  if (recentCalls(stream.encryption, ctx.now, DAY) >= ctx.quotas.encryptionCallsPerDay) {
    throw limitExceeded(
      `You have exceeded the limit of ${ctx.quotas.encryptionCallsPerDay} StartDeliveryStreamEncryption and StopDeliveryStreamEncryption calls for Firehose ${stream.name} in 24 hours.`,
    )
  }
}

/** Accepts a change and schedules the retirement of the grants it releases. */
function accept(stream: DeliveryStream, change: PendingChange, ctx: FirehoseContext): void {
  for (const grant of beginChange(stream.encryption, change, ctx.now)) ctx.kms.scheduleRetirement(grant, change.completesAt, ctx.now)
}

export function startEncryption(
  stream: DeliveryStream,
  status: string,
  input: { KeyType: string; KeyARN?: string } | undefined,
  ctx: FirehoseContext,
): void {
  checkDirectPut(stream)
  const config = configFromInput(input)
  checkAcceptsChange(stream, ctx, status)
  checkCmkReuse(ctx, stream, config)
  accept(stream, planEnable(stream, config, ctx, ctx.now + ctx.timing.encryptionEnabling), ctx)
}

export function stopEncryption(stream: DeliveryStream, status: string, ctx: FirehoseContext): void {
  checkDirectPut(stream)
  checkAcceptsChange(stream, ctx, status)
  accept(stream, { kind: 'disable', completesAt: ctx.now + ctx.timing.encryptionDisabling }, ctx)
}

/** Schedules the retirement of the stream's grants (DeleteDeliveryStream). */
export function retireOnDelete(stream: DeliveryStream, ctx: FirehoseContext, at: number): void {
  for (const grant of grantsHeld(stream.encryption)) ctx.kms.scheduleRetirement(grant, at, ctx.now)
}

const configWire = (config: EncryptionConfig): WireObject =>
  config.keyArn !== undefined ? { KeyARN: config.keyArn, KeyType: config.keyType } : { KeyType: config.keyType }

/** `DeliveryStreamEncryptionConfiguration`. */
export function describeEncryption(stream: DeliveryStream, ctx: FirehoseContext): WireObject {
  const state = stream.encryption
  const Status = encryptionStatus(state, ctx.now)
  if (state.pending?.kind === 'enable') return { ...configWire(state.pending.config), Status }
  if (state.failed) return { ...configWire(state.failed.config), Status, FailureDescription: state.failed.failure }
  // ENABLED, or DISABLING: a Stop on a stream that had no key in use (never enabled, or only failed Starts) shows no key.
  const config = currentConfig(state)
  if (!config) return { Status }
  const problem = keyProblem(state, config, ctx)
  return { ...configWire(config), Status, ...(problem ? { FailureDescription: problem } : {}) }
}

/** The stream-level FailureDescription while encryption has failed, or its key is no longer usable. */
export function encryptionFailure(stream: DeliveryStream, ctx: FirehoseContext) {
  const state = stream.encryption
  const status = encryptionStatus(state, ctx.now)
  if (status === 'ENABLING_FAILED') return state.failed!.failure
  if (status === 'ENABLED') return keyProblem(state, currentConfig(state), ctx)
  return undefined
}

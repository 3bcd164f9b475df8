/**
 * Server-side encryption of a stream, as Firehose documents it:
 * - Start answers at once; the status is ENABLING, then ENABLED (or ENABLING_FAILED with a
 *   FailureDescription) after `timing.encryptionEnabling`. Stop: DISABLING, then DISABLED.
 * - Puts keep their previous `Encrypted` value for `timing.encryptionPropagation` after a change.
 * - A customer managed key gets a Firehose grant when Start is accepted; the grant of a key that
 *   stops being used is scheduled for retirement when the change completes.
 * - A failed change of key leaves encryption on with the old key.
 * The outcome of a Start is decided when it is accepted (the KMS check Firehose makes), and every
 * transition is computed from the clock when the stream is next read.
 */
import { issueGrant } from '../kms/grant'
import { policyDenies } from '../kms/policy'
import { isSymmetricEncryptionKey } from '../kms/key'
import { resolveKey, type KmsContext, type KmsScope } from '../kms/store'
import type { GrantOperation } from '../kms/wire.gen'
import type { DeliveryStream, WireObject } from './delivery-stream'
import { invalidArgument, invalidKmsResource, limitExceeded, resourceInUse } from './errors'
import type { FirehoseContext } from './store'

export type KeyType = 'AWS_OWNED_CMK' | 'CUSTOMER_MANAGED_CMK'
export interface EncryptionConfig {
  keyType: KeyType
  keyArn?: string
}
export interface FailureDescription {
  Type: string
  Details: string
}
interface GrantRef {
  accountId: string
  region: string
  grantId: string
}

export interface EncryptionState {
  /** Completed changes in time order; each applies to puts from `at + propagation`. `null` is off. */
  history: Array<{ at: number; config: EncryptionConfig | null }>
  pending?:
    | { kind: 'enable'; config: EncryptionConfig; completesAt: number; failure?: FailureDescription; grant?: GrantRef }
    | { kind: 'disable'; completesAt: number }
  /** The last change that failed (ENABLING_FAILED), until the next Start or Stop. */
  failed?: { config: EncryptionConfig; failure: FailureDescription }
  /** The grant Firehose holds on the key in use. */
  grant?: GrantRef
  /** Times of accepted Start/Stop calls, for the rolling 24-hour limit. */
  calls: number[]
}

export const newEncryptionState = (): EncryptionState => ({ history: [], calls: [] })

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

const kmsContext = (ctx: FirehoseContext): KmsContext => ({
  accountId: ctx.accountId,
  region: ctx.region,
  partition: ctx.partition,
  now: ctx.now,
  store: ctx.kms,
})

/** Applies a transition whose time has come. */
export function settleEncryption(stream: DeliveryStream, now: number): void {
  const state = stream.encryption
  const pending = state.pending
  if (!pending || now < pending.completesAt) return
  state.pending = undefined
  if (pending.kind === 'disable') {
    state.history.push({ at: pending.completesAt, config: null })
    state.grant = undefined
    return
  }
  if (pending.failure) {
    state.failed = { config: pending.config, failure: pending.failure }
    return
  }
  state.history.push({ at: pending.completesAt, config: pending.config })
  state.grant = pending.grant
}

const current = (state: EncryptionState): EncryptionConfig | null => state.history.at(-1)?.config ?? null

export function encryptionStatus(stream: DeliveryStream, now: number): string {
  settleEncryption(stream, now)
  const state = stream.encryption
  if (state.pending) return state.pending.kind === 'enable' ? 'ENABLING' : 'DISABLING'
  if (state.failed) return 'ENABLING_FAILED'
  return current(state) ? 'ENABLED' : 'DISABLED'
}

const configWire = (config: EncryptionConfig): WireObject =>
  config.keyArn !== undefined ? { KeyARN: config.keyArn, KeyType: config.keyType } : { KeyType: config.keyType }

/** The failure a customer managed key in use shows now (disabled or deleted after ENABLED, or its grant revoked). */
function keyProblem(state: EncryptionState, config: EncryptionConfig | null, ctx: FirehoseContext): FailureDescription | undefined {
  if (!config?.keyArn) return undefined
  const checked = checkKey(config.keyArn, kmsContext(ctx))
  if (!checked || checked.failure) return checked?.failure
  if (config === current(state) && state.grant && !checked.scope.grants.has(state.grant.grantId)) {
    return { Type: 'KMS_ACCESS_DENIED', Details: `Firehose's grant on the KMS key ${checked.key.arn} has been revoked or retired.` }
  }
  return undefined
}

/** `DeliveryStreamEncryptionConfiguration` for Describe. */
export function describeEncryption(stream: DeliveryStream, ctx: FirehoseContext): WireObject {
  const status = encryptionStatus(stream, ctx.now)
  const state = stream.encryption
  switch (status) {
    case 'ENABLING':
      return { ...configWire((state.pending as { config: EncryptionConfig }).config), Status: status }
    case 'ENABLING_FAILED':
      return { ...configWire(state.failed!.config), Status: status, FailureDescription: state.failed!.failure }
    case 'ENABLED':
    case 'DISABLING': {
      // A Stop on a stream that had no key in use (never enabled, or only failed Starts) is DISABLING with no key.
      const config = current(state)
      if (!config) return { Status: status }
      const problem = keyProblem(state, config, ctx)
      return { ...configWire(config), Status: status, ...(problem ? { FailureDescription: problem } : {}) }
    }
    default:
      return { Status: status }
  }
}

/** The stream-level FailureDescription Describe shows while encryption has failed. */
export function encryptionFailure(stream: DeliveryStream, ctx: FirehoseContext): FailureDescription | undefined {
  const status = encryptionStatus(stream, ctx.now)
  if (status === 'ENABLING_FAILED') return stream.encryption.failed!.failure
  if (status === 'ENABLED') return keyProblem(stream.encryption, current(stream.encryption), ctx)
  return undefined
}

/** What KMS would answer Firehose for a key: the key and its scope, or the failure to report. */
function checkKey(
  keyArn: string,
  kms: KmsContext,
): { failure: FailureDescription } | { key: ReturnType<typeof resolveKey>['key']; scope: KmsScope; failure?: undefined } | undefined {
  let resolved
  try {
    resolved = resolveKey(kms, keyArn, { aliases: true })
  } catch {
    return { failure: { Type: 'KMS_KEY_NOT_FOUND', Details: `The KMS key ${keyArn} was not found.` } }
  }
  const { key, scope } = resolved
  if (key.state === 'Disabled') return { failure: { Type: 'DISABLED_KMS_KEY', Details: `The KMS key ${key.arn} is disabled.` } }
  if (key.state !== 'Enabled') {
    const why = key.state === 'PendingDeletion' ? 'is pending deletion' : 'is pending import'
    return { failure: { Type: 'INVALID_KMS_KEY', Details: `The KMS key ${key.arn} ${why}.` } }
  }
  if (!isSymmetricEncryptionKey(key)) {
    return { failure: { Type: 'INVALID_KMS_KEY', Details: `The KMS key ${key.arn} is not a symmetric encryption key.` } }
  }
  return { key, scope }
}

const GRANT_ACTIONS = ['kms:CreateGrant', 'kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext']

/**
 * Checks the request and decides how a change to `config` ends. Throws the synchronous errors;
 * returns the pending transition (with the new grant already created when it will succeed).
 */
function planEnable(
  stream: DeliveryStream,
  config: EncryptionConfig,
  ctx: FirehoseContext,
  completesAt: number,
): NonNullable<EncryptionState['pending']> {
  if (config.keyType === 'AWS_OWNED_CMK') return { kind: 'enable', config, completesAt }
  const kms = kmsContext(ctx)
  const checked = checkKey(config.keyArn!, kms)
  if (!checked || checked.failure) return { kind: 'enable', config, completesAt, failure: checked!.failure }
  const { key, scope } = checked
  if (policyDenies(key.policy, FIREHOSE_PRINCIPAL, GRANT_ACTIONS)) {
    return {
      kind: 'enable',
      config,
      completesAt,
      failure: { Type: 'KMS_ACCESS_DENIED', Details: `The key policy of ${key.arn} denies Firehose access to the key.` },
    }
  }
  if (ctx.sessionIssuedAt !== undefined && ctx.now - ctx.sessionIssuedAt > SIX_HOURS) {
    return {
      kind: 'enable',
      config,
      completesAt,
      failure: {
        Type: 'CREATE_KMS_GRANT_FAILED',
        Details:
          'Firehose could not create a grant on the KMS key: the temporary credentials of the request were issued more than 6 hours ago.',
      },
    }
  }
  const { grant } = issueGrant(
    scope,
    key,
    {
      KeyId: key.keyId,
      GranteePrincipal: FIREHOSE_PRINCIPAL,
      RetiringPrincipal: FIREHOSE_PRINCIPAL,
      Operations: FIREHOSE_GRANT_OPERATIONS,
      Constraints: { EncryptionContextEquals: { 'aws:firehose:arn': stream.arn } },
    },
    kms,
  )
  return { kind: 'enable', config, completesAt, grant: { accountId: key.accountId, region: key.region, grantId: grant.grantId } }
}

function scheduleRetirement(ctx: FirehoseContext, grant: GrantRef | undefined, at: number): void {
  if (!grant) return
  const g = ctx.kms.scope(grant.accountId, grant.region, ctx.now).grants.get(grant.grantId)
  if (g) g.retireAt = Math.min(g.retireAt ?? at, at)
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
    if (other === stream) continue
    const s = other.encryption
    const uses = [current(s), s.pending?.kind === 'enable' ? s.pending.config : null]
    if (uses.some((c) => c?.keyArn === config.keyArn)) users++
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
  const encryption = encryptionStatus(stream, ctx.now)
  if (encryption === 'ENABLING' || encryption === 'DISABLING') {
    throw resourceInUse(`Firehose ${stream.name} under account ${ctx.accountId} is already ${encryption.toLowerCase()} encryption.`)
  }
  const calls = stream.encryption.calls.filter((t) => ctx.now - t < DAY)
  stream.encryption.calls = calls
  if (calls.length >= ctx.quotas.encryptionCallsPerDay) {
    throw limitExceeded(
      `You have exceeded the limit of ${ctx.quotas.encryptionCallsPerDay} StartDeliveryStreamEncryption and StopDeliveryStreamEncryption calls for Firehose ${stream.name} in 24 hours.`,
    )
  }
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
  const completesAt = ctx.now + ctx.timing.encryptionEnabling
  const pending = planEnable(stream, config, ctx, completesAt)
  const state = stream.encryption
  if (pending.kind === 'enable' && !pending.failure && state.grant && state.grant.grantId !== pending.grant?.grantId) {
    scheduleRetirement(ctx, state.grant, completesAt)
  }
  state.failed = undefined
  state.pending = pending
  state.calls.push(ctx.now)
}

export function stopEncryption(stream: DeliveryStream, status: string, ctx: FirehoseContext): void {
  checkDirectPut(stream)
  checkAcceptsChange(stream, ctx, status)
  const state = stream.encryption
  const completesAt = ctx.now + ctx.timing.encryptionDisabling
  scheduleRetirement(ctx, state.grant, completesAt)
  state.failed = undefined
  state.pending = { kind: 'disable', completesAt }
  state.calls.push(ctx.now)
}

/** Schedules the retirement of the stream's grant (DeleteDeliveryStream). */
export function retireOnDelete(stream: DeliveryStream, ctx: FirehoseContext, at: number): void {
  const state = stream.encryption
  scheduleRetirement(ctx, state.grant, at)
  if (state.pending?.kind === 'enable') scheduleRetirement(ctx, state.pending.grant, at)
}

/**
 * Whether a put at `now` is encrypted, and with which customer managed key. A customer managed
 * key that is no longer usable (disabled, deleted, grant revoked) fails the put with
 * InvalidKMSResourceException, as Firehose does.
 */
export function putEncryption(stream: DeliveryStream, ctx: FirehoseContext): { encrypted: boolean; keyArn?: string } {
  settleEncryption(stream, ctx.now)
  const state = stream.encryption
  let effective: EncryptionConfig | null = null
  for (const entry of state.history) {
    if (entry.at + ctx.timing.encryptionPropagation <= ctx.now) effective = entry.config
  }
  if (!effective) return { encrypted: false }
  if (!effective.keyArn) return { encrypted: true }
  const checked = checkKey(effective.keyArn, kmsContext(ctx))
  if (!checked || checked.failure) {
    throw invalidKmsResource(`Firehose could not use the KMS key ${effective.keyArn}: ${checked?.failure.Details}`)
  }
  const grant = effective === current(state) ? state.grant : undefined
  if (grant && !checked.scope.grants.has(grant.grantId)) {
    throw invalidKmsResource(
      'The grant for the CMK to this delivery stream might have been revoked or caller might not have sufficient permissions for the CMK.',
    )
  }
  return { encrypted: true, keyArn: checked.key.arn }
}

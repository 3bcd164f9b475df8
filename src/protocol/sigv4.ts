/**
 * Opt-in SigV4 verification: recomputes the request's signature with @smithy/signature-v4 (the
 * SDK's own signer, over the browser-safe @aws-crypto/sha256-js) and answers the errors AWS gives
 * for missing, unknown, stale or wrong signatures. Only the Authorization-header form is checked
 * (the SDKs never presign these services' calls).
 */
import { Sha256 } from '@aws-crypto/sha256-js'
import { SignatureV4 } from '@smithy/signature-v4'
import type { AwsError } from './aws-error'
import { jsonErrors } from './catalog'
import { toHex } from './ids'
import type { WireRequest } from './codec'

/** A credential the mock accepts, and the account it acts as. */
export interface AuthCredential {
  accessKeyId: string
  secretAccessKey: string
  /** Set for temporary credentials: requests must carry exactly this token. */
  sessionToken?: string
  /** The account the key belongs to; default: the mock's accountId. */
  accountId?: string
  /**
   * The IAM principal the key acts as (an ARN, e.g. `arn:aws:iam::123456789012:role/app`), as key
   * policies see it; default: the account's root.
   */
  principal?: string
}

export interface AuthOptions {
  credentials: AuthCredential[]
}

const FIVE_MINUTES = 5 * 60 * 1000

const missingToken = (): AwsError => jsonErrors.error('MissingAuthenticationTokenException', 'Request is missing Authentication Token')
const incomplete = jsonErrors.factory('IncompleteSignatureException')
const unrecognized = (): AwsError =>
  jsonErrors.error('UnrecognizedClientException', 'The security token included in the request is invalid.')
const invalidSignature = jsonErrors.factory('InvalidSignatureException')
const expiredToken = (): AwsError => jsonErrors.error('ExpiredTokenException', 'The security token included in the request is expired')

const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'

/** `20261125T211254Z` ↔ epoch ms */
function parseAmzDate(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text)
  if (!m) return undefined
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)
}
const formatAmzDate = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')

function sha256Hex(body: Uint8Array): string {
  const h = new Sha256()
  h.update(body)
  return toHex(h.digestSync())
}

/** A credential that stops being accepted at `expiresAt` (temporary credentials the mock issued). */
export interface ExpiringCredential extends AuthCredential {
  /** epoch ms */
  expiresAt?: number
}

export interface VerifiedCaller {
  credential: AuthCredential
  region: string
}

/**
 * Verifies a request's SigV4 Authorization header; returns the caller's credential, or throws the
 * AwsError AWS would answer.
 */
export async function verifySignature(
  request: WireRequest,
  body: Uint8Array,
  options: {
    auth: AuthOptions
    /** Credentials issued while the mock runs (Cognito's), looked up after `auth.credentials`. */
    issued?: (accessKeyId: string) => ExpiringCredential | undefined
    service: string
    hostRegion?: string
    now: number
  },
): Promise<VerifiedCaller> {
  const authorization = request.headers.get('authorization')
  if (!authorization) throw missingToken()
  const parts = /^AWS4-HMAC-SHA256\s+(.*)$/.exec(authorization.trim())
  if (!parts)
    throw incomplete(`Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${authorization}`)
  const fields = new Map<string, string>()
  for (const piece of parts[1]!.split(',')) {
    const eq = piece.indexOf('=')
    if (eq > 0) fields.set(piece.slice(0, eq).trim(), piece.slice(eq + 1).trim())
  }
  for (const name of ['Credential', 'SignedHeaders', 'Signature']) {
    if (!fields.get(name)) throw incomplete(`Authorization header requires '${name}' parameter. Authorization=${authorization}`)
  }
  const scope = fields.get('Credential')!.split('/')
  if (scope.length !== 5 || scope[4] !== 'aws4_request') {
    throw incomplete(`Credential should be scoped to a valid region, not '${scope[2] ?? ''}'. `)
  }
  const [accessKeyId, shortDate, region, service] = scope as [string, string, string, string]
  const credential: ExpiringCredential | undefined =
    options.auth.credentials.find((c) => c.accessKeyId === accessKeyId) ?? options.issued?.(accessKeyId)
  if (!credential) throw unrecognized()
  const token = request.headers.get('x-amz-security-token') ?? undefined
  if (token !== credential.sessionToken) throw unrecognized()
  if (credential.expiresAt !== undefined && options.now >= credential.expiresAt) throw expiredToken()
  if (service !== options.service) throw invalidSignature(`Credential should be scoped to correct service: '${options.service}'. `)
  if (options.hostRegion !== undefined && region !== options.hostRegion) {
    throw invalidSignature(`Credential should be scoped to a valid region, not '${region}'. `)
  }
  const amzDate = request.headers.get('x-amz-date') ?? ''
  const signedAt = parseAmzDate(amzDate)
  if (signedAt === undefined)
    throw incomplete(`Date must be in ISO-8601 'basic format'. Got '${amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`)
  if (shortDate !== amzDate.slice(0, 8))
    throw invalidSignature(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${shortDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
    )
  if (signedAt < options.now - FIVE_MINUTES) {
    throw invalidSignature(
      `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(options.now - FIVE_MINUTES)} (${formatAmzDate(options.now)} - 5 min.)`,
    )
  }
  if (signedAt > options.now + FIVE_MINUTES) {
    throw invalidSignature(
      `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(options.now + FIVE_MINUTES)} (${formatAmzDate(options.now)} + 5 min.)`,
    )
  }
  const declaredHash = request.headers.get('x-amz-content-sha256')
  if (declaredHash !== null && declaredHash !== 'UNSIGNED-PAYLOAD' && declaredHash !== sha256Hex(body)) {
    throw invalidSignature("The provided 'x-amz-content-sha256' header does not match what was computed.")
  }
  const url = new URL(request.url)
  const signed = fields
    .get('SignedHeaders')!
    .split(';')
    .map((h) => h.trim().toLowerCase())
  const headers: Record<string, string> = {}
  for (const name of signed) {
    // Browsers and happy-dom drop forbidden headers (host, content-length) that the SDK signed.
    const value = request.headers.get(name) ?? (name === 'host' ? url.host : name === 'content-length' ? String(body.length) : undefined)
    if (value === undefined) throw invalidSignature(MISMATCH)
    headers[name] = value
  }
  const signer = new SignatureV4({
    service,
    region,
    sha256: Sha256,
    credentials: { accessKeyId, secretAccessKey: credential.secretAccessKey, ...(token ? { sessionToken: token } : {}) },
  })
  const query: Record<string, string> = {}
  url.searchParams.forEach((v, k) => (query[k] = v))
  const resigned = await signer.sign(
    {
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query,
      headers,
      body,
    },
    { signingDate: new Date(signedAt), signableHeaders: new Set(signed) },
  )
  const expected = /Signature=([0-9a-f]+)/.exec(String(resigned.headers.authorization))?.[1]
  if (expected !== fields.get('Signature')) throw invalidSignature(MISMATCH)
  return { credential, region }
}

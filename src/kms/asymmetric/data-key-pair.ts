/**
 * The key pairs of GenerateDataKeyPair(WithoutPlaintext): a new pair per call, the private key as
 * DER PKCS #8 PrivateKeyInfo (RFC 5958) and the public key as DER SubjectPublicKeyInfo (RFC 5280),
 * as KMS returns them. RSA pairs come from WebCrypto (which exports both forms); elliptic-curve
 * pairs from @noble/curves (WebCrypto lacks secp256k1), their PKCS #8 built here: an ECPrivateKey
 * (RFC 5915) with its public key, in a PrivateKeyInfo that names id-ecPublicKey and the curve.
 * Loaded on the first such call.
 */
import { CURVES, EC_PUBLIC_KEY, der, ecSpki, oid, type CurveSpec } from './material'

export interface DataKeyPair {
  privateKey: Uint8Array
  publicKey: Uint8Array
}

const integer = (value: number): Uint8Array => der(0x02, new Uint8Array([value]))

function ecPair(spec: CurveSpec): DataKeyPair {
  const { curve, oid: curveOid } = CURVES[spec]
  const secret = curve.utils.randomSecretKey()
  const point = curve.getPublicKey(secret, false)
  const ecPrivateKey = der(0x30, integer(1), der(0x04, secret), der(0xa1, der(0x03, new Uint8Array([0]), point)))
  const algorithm = der(0x30, oid(EC_PUBLIC_KEY), oid(curveOid))
  return { privateKey: der(0x30, integer(0), algorithm, der(0x04, ecPrivateKey)), publicKey: ecSpki(spec, point) }
}

async function rsaPair(bits: number): Promise<DataKeyPair> {
  const pair = (await crypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: bits, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair
  const [privateKey, publicKey] = await Promise.all([
    crypto.subtle.exportKey('pkcs8', pair.privateKey),
    crypto.subtle.exportKey('spki', pair.publicKey),
  ])
  return { privateKey: new Uint8Array(privateKey), publicKey: new Uint8Array(publicKey) }
}

/** A new key pair of a KeyPairSpec other than SM2 (RSA_2048/3072/4096, ECC_NIST_P256/P384/P521, ECC_SECG_P256K1). */
export async function generateDataKeyPair(spec: string): Promise<DataKeyPair> {
  if (spec in CURVES) return ecPair(spec as CurveSpec)
  return rsaPair(Number(spec.slice('RSA_'.length)))
}

/** The KeyMetadata wire shape (only the KMS operations need it, so it loads with them). */
import type { KeyUsage, KmsKey } from './key'
import type { KeyMetadata } from './wire.gen'

/** The algorithms KeyMetadata lists for a key spec and usage. */
export function algorithmsOf(keySpec: string, keyUsage: KeyUsage): Record<string, string[]> {
  if (keyUsage === 'ENCRYPT_DECRYPT') {
    if (keySpec === 'SYMMETRIC_DEFAULT') return { EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'] }
    if (keySpec === 'SM2') return { EncryptionAlgorithms: ['SM2PKE'] }
    return { EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] }
  }
  if (keyUsage === 'SIGN_VERIFY') {
    if (keySpec.startsWith('RSA_')) {
      return {
        SigningAlgorithms: [
          'RSASSA_PKCS1_V1_5_SHA_256',
          'RSASSA_PKCS1_V1_5_SHA_384',
          'RSASSA_PKCS1_V1_5_SHA_512',
          'RSASSA_PSS_SHA_256',
          'RSASSA_PSS_SHA_384',
          'RSASSA_PSS_SHA_512',
        ],
      }
    }
    const bits: Record<string, string> = { ECC_NIST_P256: '256', ECC_SECG_P256K1: '256', ECC_NIST_P384: '384', ECC_NIST_P521: '512' }
    if (keySpec === 'SM2') return { SigningAlgorithms: ['SM2DSA'] }
    if (keySpec === 'ECC_NIST_EDWARDS25519') return { SigningAlgorithms: ['ED25519_SHA_512', 'ED25519_PH_SHA_512'] }
    if (keySpec.startsWith('ML_DSA')) return { SigningAlgorithms: ['ML_DSA_SHAKE_256'] }
    return { SigningAlgorithms: [`ECDSA_SHA_${bits[keySpec] ?? '256'}`] }
  }
  if (keyUsage === 'GENERATE_VERIFY_MAC') return { MacAlgorithms: [`HMAC_SHA_${keySpec.replace('HMAC_', '')}`] }
  return { KeyAgreementAlgorithms: ['ECDH'] }
}

const seconds = (ms: number): number => ms / 1000

/** The algorithm lists of KeyMetadata. */
type Algorithms = Pick<KeyMetadata, 'EncryptionAlgorithms' | 'SigningAlgorithms' | 'MacAlgorithms' | 'KeyAgreementAlgorithms'>

/** The KeyMetadata wire shape. */
export function keyMetadata(key: KmsKey): KeyMetadata {
  const metadata: KeyMetadata = {
    AWSAccountId: key.accountId,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: seconds(key.createdAt),
    Enabled: key.state === 'Enabled',
    Description: key.description,
    KeyUsage: key.keyUsage,
    KeyState: key.state,
    Origin: key.origin,
    KeyManager: key.keyManager,
    CustomerMasterKeySpec: key.keySpec,
    KeySpec: key.keySpec,
    // Plain strings: algorithmsOf also names the algorithms of key specs the model in models/ does not
    // list yet (ML-DSA, Ed25519); those specs fail input validation, so no key here has them.
    ...(algorithmsOf(key.keySpec, key.keyUsage) as Algorithms),
    MultiRegion: key.multiRegion,
  }
  if (key.state === 'PendingDeletion' && key.deletionDate !== undefined) metadata.DeletionDate = seconds(key.deletionDate)
  if (key.state === 'PendingReplicaDeletion') metadata.PendingDeletionWindowInDays = key.pendingWindowInDays
  if (key.origin === 'EXTERNAL') metadata.ExpirationModel = 'KEY_MATERIAL_DOES_NOT_EXPIRE'
  if (key.multiRegion) {
    const family = key.multiRegionFamily ?? { primaryArn: key.arn, replicaRegions: [] }
    const arnIn = (region: string) => family.primaryArn.replace(/^(arn:[^:]+:kms:)[^:]+/, `$1${region}`)
    metadata.MultiRegionConfiguration = {
      MultiRegionKeyType: family.primaryArn === key.arn ? 'PRIMARY' : 'REPLICA',
      PrimaryKey: { Arn: family.primaryArn, Region: family.primaryArn.split(':')[3] },
      ReplicaKeys: family.replicaRegions.map((region) => ({ Arn: arnIn(region), Region: region })),
    }
  }
  return metadata
}

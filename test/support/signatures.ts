/** Signatures as other libraries take them: an ECDSA DER signature (as KMS returns it) as r‖s (WebCrypto, JWS). */

/** The r and s of a DER ECDSA signature, each `size` bytes, concatenated. */
export function derToRaw(signature: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size * 2)
  let at = 2 + (signature[1]! & 0x80 ? signature[1]! & 0x7f : 0)
  for (const half of [0, 1]) {
    const length = signature[at + 1]!
    const value = signature.subarray(at + 2, at + 2 + length)
    const trimmed = value.subarray(Math.max(0, value.length - size))
    out.set(trimmed, half * size + size - trimmed.length)
    at += 2 + length
  }
  return out
}

/**
 * The modules the mock loads on first use from packages, for Vite's `optimizeDeps.include`: a
 * dependency Vite only discovers when the page first imports it makes Vite re-optimise and reload
 * the page (a test running in it loses its page).
 */
export const LAZY_DEPENDENCIES = [
  // KMS signatures and MACs
  '@noble/curves/nist.js',
  '@noble/curves/secp256k1.js',
  '@noble/hashes/sha2.js',
  '@noble/hashes/hmac.js',
  '@noble/hashes/legacy.js',
]

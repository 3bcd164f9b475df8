/** src/protocol/base64.ts against Node's Buffer, the reference implementation of RFC 4648 base64. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { base64Paths, base64Problem, decodeBase64, encodeBase64, utf8Paths } from '../../src/protocol/base64'
import { BASE64_VECTORS, base64Mismatches, utf8Mismatches } from '../support/base64'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const bytesUpTo300 = fc.uint8Array({ minLength: 0, maxLength: 300 })

describe('encodeBase64 / decodeBase64', () => {
  it('encodes exactly as Buffer does, for every length 0..300', () => {
    for (let n = 0; n <= 300; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff)
      expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'))
    }
  })

  it('round-trips random bytes (lengths 0..300) and agrees with Buffer', () => {
    fc.assert(
      fc.property(bytesUpTo300, (bytes) => {
        const encoded = encodeBase64(bytes)
        expect(encoded).toBe(Buffer.from(bytes).toString('base64'))
        expect(base64Problem(encoded)).toBeUndefined()
        const decoded = decodeBase64(encoded)
        expect(decoded).toBeInstanceOf(Uint8Array)
        expect(Array.from(decoded)).toEqual(Array.from(bytes))
      }),
      { numRuns: 500 },
    )
  })

  it("decodes Buffer's encoding of random bytes", () => {
    fc.assert(
      fc.property(bytesUpTo300, (bytes) => {
        const text = Buffer.from(bytes).toString('base64')
        expect(Buffer.from(decodeBase64(text)).equals(Buffer.from(bytes))).toBe(true)
      }),
    )
  })

  it('handles the empty string and the padding forms', () => {
    expect(decodeBase64('')).toEqual(new Uint8Array(0))
    expect(encodeBase64(new Uint8Array(0))).toBe('')
    expect(Array.from(decodeBase64('QQ=='))).toEqual([0x41])
    expect(Array.from(decodeBase64('QUI='))).toEqual([0x41, 0x42])
    expect(Array.from(decodeBase64('QUJD'))).toEqual([0x41, 0x42, 0x43])
    expect(Array.from(decodeBase64('////'))).toEqual([0xff, 0xff, 0xff])
    expect(encodeBase64(new Uint8Array([0xfb, 0xff]))).toBe('+/8=')
  })
})

describe('base64Problem', () => {
  it.each([
    ['a', 1],
    ['ab', 2],
    ['abc', 3],
    ['abcde', 5],
    ['QQ=', 3],
  ])('rejects %j: its length %i is not a multiple of 4', (text, n) => {
    expect(base64Problem(text)).toBe(`Base64 encoded length is expected a multiple of 4 bytes but found: ${n}`)
  })

  it.each([
    ['ab!=', '!'],
    ['ab-_', '-'],
    ['abc_', '_'],
    ['ab c', ' '],
    ['abé=', 'é'],
    ['QQ==QQ==', '='],
    ['====', '='],
    ['A===', '='],
    ['ab\nc', '\n'],
  ])('rejects %j: invalid character %j', (text, ch) => {
    expect(base64Problem(text)).toBe(`Invalid Base64 character: '${ch}'`)
  })

  it.each(['QR==', 'QUJ=', 'AB==', 'AAB=', 'QUJDRB=='])('rejects %j: the unused bits of the last group are not zero', (text) => {
    expect(base64Problem(text)).toBeDefined()
    // Buffer is lenient and would decode it, but re-encoding shows it is not canonical.
    expect(Buffer.from(text, 'base64').toString('base64')).not.toBe(text)
  })

  it('accepts canonical strings', () => {
    for (const text of ['', 'QQ==', 'QUI=', 'QUJD', 'AAAA', '+/+/', 'aGVsbG8gd29ybGQ=']) expect(base64Problem(text)).toBeUndefined()
  })

  it('rejects any group whose unused bits are set (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 300 }).filter((b) => b.length % 3 !== 0),
        fc.integer({ min: 1, max: 15 }),
        (bytes, noise) => {
          const canonical = encodeBase64(bytes)
          const pad = canonical.endsWith('==') ? 2 : 1
          const at = canonical.length - pad - 1
          const unusedMask = pad === 2 ? 0x0f : 0x03
          const bits = noise & unusedMask
          fc.pre(bits !== 0)
          const value = ALPHABET.indexOf(canonical[at]!) | bits
          const tampered = canonical.slice(0, at) + ALPHABET[value] + canonical.slice(at + 1)
          expect(base64Problem(tampered)).toBeDefined()
        },
      ),
    )
  })

  it('accepts a string exactly when Buffer round-trips it unchanged (canonical form)', () => {
    const char = fc.constantFrom(...ALPHABET.split(''))
    const quads = fc.array(fc.tuple(char, char, char, char), { maxLength: 20 }).map((qs) => qs.map((q) => q.join('')).join(''))
    const padded = fc
      .tuple(quads, char, char, char, fc.constantFrom(0, 1, 2))
      .map(([body, a, b, c, pad]) => body + (pad === 0 ? '' : pad === 1 ? `${a}${b}${c}=` : `${a}${b}==`))
    const anything = fc.string({ unit: fc.constantFrom(...ALPHABET.split(''), '=', '-', ' '), maxLength: 24 })
    fc.assert(
      fc.property(fc.oneof(padded, anything), (text) => {
        const canonical = Buffer.from(text, 'base64').toString('base64') === text
        expect(base64Problem(text) === undefined).toBe(canonical)
        if (canonical) expect(Buffer.from(decodeBase64(text)).equals(Buffer.from(text, 'base64'))).toBe(true)
      }),
      { numRuns: 1000 },
    )
  })
})

describe.each(Object.entries(base64Paths()))('the %s path', (name, path) => {
  it('decodes and encodes exactly as Buffer does (random bytes, lengths 0..300)', () => {
    fc.assert(
      fc.property(bytesUpTo300, (bytes) => {
        const text = Buffer.from(bytes).toString('base64')
        expect(path.encode(bytes)).toBe(text)
        const out = new Uint8Array(bytes.length)
        expect(path.decodeInto(text, out)).toBe(true)
        expect(Buffer.from(out).equals(Buffer.from(bytes))).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  it('refuses what is not canonical, as the portable path does', () => {
    for (const text of BASE64_VECTORS.refused) {
      expect(path.decodeInto(text, new Uint8Array(8)), `${name}: ${JSON.stringify(text)}`).toBe(false)
      expect(base64Problem(text)).toBeDefined()
    }
    for (const text of BASE64_VECTORS.canonical) expect(path.decodeInto(text, new Uint8Array(decodeBase64(text).length))).toBe(true)
  })

  it('decodes into a view at an offset of a larger buffer (the request arena)', () => {
    const arena = new Uint8Array(16).fill(9)
    const view = arena.subarray(5, 8)
    expect(path.decodeInto('QUJD', view)).toBe(true)
    expect(Array.from(arena)).toEqual([9, 9, 9, 9, 9, 0x41, 0x42, 0x43, 9, 9, 9, 9, 9, 9, 9, 9])
  })
})

it('offers the Buffer path in Node, the portable one last, and every path answers as the portable one', () => {
  expect(Object.keys(base64Paths())).toContain('buffer')
  expect(Object.keys(base64Paths()).at(-1)).toBe('portable')
  expect(base64Mismatches(base64Paths())).toEqual([])
})

it('decodes UTF-8 request bodies alike on every path (Buffer in Node, TextDecoder everywhere)', () => {
  expect(Object.keys(utf8Paths())).toEqual(['buffer', 'portable'])
  expect(utf8Mismatches(utf8Paths())).toEqual([])
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      const paths = utf8Paths()
      expect(paths.buffer!(bytes)).toBe(paths.portable!(bytes))
    }),
    { numRuns: 2000 },
  )
})

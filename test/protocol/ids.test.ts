/** src/protocol/ids.ts: random bytes handed out from a pool that Web Crypto refills 4 KiB at a time. */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { randomBytes, randomUuid } from '../../src/protocol/ids'

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

afterEach(() => vi.restoreAllMocks())

describe('randomUuid', () => {
  it('gives version 4 UUIDs, all different, across many refills of the pool', () => {
    const ids = Array.from({ length: 2000 }, () => randomUuid())
    for (const id of ids) expect(id).toMatch(UUID_V4)
    expect(new Set(ids).size).toBe(ids.length)
  })
})

describe('randomBytes', () => {
  it('asks Web Crypto once per 4 KiB, not once per call', () => {
    const getRandomValues = vi.spyOn(globalThis.crypto, 'getRandomValues')
    for (let i = 0; i < 1024; i++) randomBytes(16)
    // 16 KiB handed out: four or five refills, depending on what the pool held before.
    expect(getRandomValues.mock.calls.length).toBeGreaterThanOrEqual(4)
    expect(getRandomValues.mock.calls.length).toBeLessThanOrEqual(5)
  })

  it('hands out copies: changing one never changes the next, and no two slices overlap', () => {
    const a = randomBytes(64)
    const before = Array.from(a)
    a.fill(0)
    const b = randomBytes(64)
    expect(b.buffer).not.toBe(a.buffer)
    expect(Array.from(b)).not.toEqual(Array.from(a))
    expect(before).not.toEqual(Array.from(a))
  })

  it('serves requests larger than the pool, and every length in between', () => {
    for (const length of [0, 1, 15, 16, 4095, 4096, 4097, 10_000]) {
      const bytes = randomBytes(length)
      expect(bytes).toBeInstanceOf(Uint8Array)
      expect(bytes.length).toBe(length)
    }
    // 10,000 random bytes are not all one value.
    expect(new Set(randomBytes(10_000)).size).toBeGreaterThan(200)
  })

  it('falls back to Math.random where Web Crypto is missing', () => {
    vi.spyOn(globalThis, 'crypto', 'get').mockReturnValue(undefined as unknown as Crypto)
    const random = vi.spyOn(Math, 'random')
    // Drain whatever the pool holds, so the next call must refill it.
    randomBytes(4096)
    random.mockClear()
    const bytes = randomBytes(32)
    expect(random).toHaveBeenCalled()
    expect(bytes.length).toBe(32)
    expect(randomUuid()).toMatch(UUID_V4)
  })
})

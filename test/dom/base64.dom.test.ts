/** The base64 paths the core picks from in happy-dom answer exactly as the portable one. */
import { expect, it } from 'vitest'
import { base64Paths, utf8Paths } from '../../src/protocol/base64'
import { base64Mismatches, utf8Mismatches } from '../support/base64'

it('every base64 path of this environment answers as the portable one', () => {
  expect(Object.keys(base64Paths()).at(-1)).toBe('portable')
  expect(base64Mismatches(base64Paths())).toEqual([])
  expect(utf8Mismatches(utf8Paths())).toEqual([])
})

/** The repository on disk: its root folder and the shipped fixture files. */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Fixture } from '../../src'

/** The repository's root folder, with a trailing slash. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** A fixture file of fixtures/, by name without `.json`. */
export function loadFixture(name: string): Fixture {
  return JSON.parse(readFileSync(`${ROOT}fixtures/${name}.json`, 'utf8')) as Fixture
}

/**
 * Vite aliases that let the examples run on the library's sources (no build, instant reload)
 * without hiding a broken `exports` map: each alias is derived from an entry of package.json's
 * `exports`, and an import of a subpath the map does not export finds no alias and fails, as it
 * would for a user. A build target `./dist/<path>.js` maps to the source `src/<path>.ts`.
 */
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const repo = fileURLToPath(new URL('../../', import.meta.url))

type Target = string | null | { [condition: string]: Target }

/** Conditions a browser bundler follows; Node (and Vitest) follow `node`, `import`, `default`. */
const BROWSER_CONDITIONS = ['browser', 'import', 'default'] as const

/** The file picked for an export under `conditions`: the first condition present decides. */
function resolveTarget(target: Target, conditions: readonly string[]): string | undefined {
  if (target === null) return undefined
  if (typeof target === 'string') return target
  // `null` decides too: `"browser": null` means not for browsers, `"node": null` not for Node.
  const condition = conditions.find((name) => name in target)
  return condition === undefined ? undefined : resolveTarget(target[condition] ?? null, conditions)
}

export function packageAliases(conditions: readonly string[] = BROWSER_CONDITIONS): { find: RegExp; replacement: string }[] {
  const pkg = JSON.parse(readFileSync(`${repo}package.json`, 'utf8')) as { name: string; exports: Record<string, Target> }
  const aliases: { find: RegExp; replacement: string }[] = []
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    const file = resolveTarget(target, conditions)
    if (file === undefined) continue
    const specifier = `${pkg.name}${subpath.slice(1)}`
    if (subpath.endsWith('/*') && file.endsWith('/*') && !file.startsWith('./dist/')) {
      // Files shipped as they are (the fixtures): the same folder of the repository.
      const prefix = specifier.slice(0, -1).replace(/[/.]/g, '\\$&')
      aliases.push({ find: new RegExp(`^${prefix}(.+)$`), replacement: `${repo}${file.slice(2, -1)}$1` })
      continue
    }
    const match = /^\.\/dist\/(.+)\.js$/.exec(file)
    if (match === null) continue
    const source = `${repo}src/${match[1]}.ts`
    if (!existsSync(source)) throw new Error(`package.json exports "${subpath}" → ${file}, but ${source} does not exist`)
    aliases.push({ find: new RegExp(`^${specifier.replace(/[/.]/g, '\\$&')}$`), replacement: source })
  }
  return aliases
}

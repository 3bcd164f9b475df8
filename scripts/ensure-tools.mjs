#!/usr/bin/env node
/**
 * `npm test`'s first step: makes sure the two programs the suite drives from outside npm are
 * here — Chromium (the browser tests) and the AWS CLI (the server tests). As root with apt-get,
 * it installs Debian's packages; otherwise it stops with one line saying what to install.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { findChromium } from './chromium.mjs'

const onPath = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0
const hasChromium = () => findChromium() !== undefined

const missing = []
if (!hasChromium()) missing.push('chromium')
if (!onPath('aws')) missing.push('awscli')
if (missing.length === 0) process.exit(0)

const root = typeof process.getuid === 'function' && process.getuid() === 0
if (root && onPath('apt-get')) {
  console.log(`[pretest] installing Debian's ${missing.join(' and ')} for the browser and server tests`)
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'] })
    execFileSync('apt-get', ['install', '-y', '-qq', ...missing], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    })
  } catch {
    // Reported below as still missing.
  }
  const still = missing.filter((name) => (name === 'chromium' ? !hasChromium() : !onPath('aws')))
  if (still.length === 0) process.exit(0)
  missing.splice(0, missing.length, ...still)
}
const how = { chromium: 'Chromium (`apt-get install chromium`, or set CHROMIUM_PATH)', awscli: 'the AWS CLI (`apt-get install awscli`)' }
console.error(`[pretest] the tests need ${missing.map((name) => how[name]).join(' and ')}: install it and run npm test again`)
process.exit(1)

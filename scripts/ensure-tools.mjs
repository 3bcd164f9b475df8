#!/usr/bin/env node
/**
 * `npm test`'s first step: makes sure the programs the suite drives from outside npm are here —
 * Chromium (the browser tests), and Debian's AWS CLI and boto3 (the server tests): /usr/bin/aws
 * and /usr/bin/python3's boto3 are the clients that still speak AWS Query to CloudWatch. As root
 * with apt-get, it installs Debian's packages; otherwise it stops with one line saying what to install.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { findChromium } from './chromium.mjs'

const onPath = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0

/** Debian package → whether what the tests use of it is here. */
const present = {
  chromium: () => findChromium() !== undefined,
  awscli: () => onPath('aws') && existsSync('/usr/bin/aws'),
  'python3-boto3': () => spawnSync('/usr/bin/python3', ['-c', 'import boto3'], { stdio: 'ignore' }).status === 0,
}

const missing = Object.keys(present).filter((name) => !present[name]())
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
  const still = missing.filter((name) => !present[name]())
  if (still.length === 0) process.exit(0)
  missing.splice(0, missing.length, ...still)
}
const how = {
  chromium: 'Chromium (`apt-get install chromium`, or set CHROMIUM_PATH)',
  awscli: "Debian's AWS CLI as /usr/bin/aws (`apt-get install awscli`)",
  'python3-boto3': "Debian's boto3 for /usr/bin/python3 (`apt-get install python3-boto3`)",
}
const them = missing.length > 1 ? 'them' : 'it'
console.error(`[pretest] the tests need ${missing.map((name) => how[name]).join(' and ')}: install ${them} and run npm test again`)
process.exit(1)

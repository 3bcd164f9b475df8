/** Programs the tests run as child processes: to completion, or as a server left running. */
import { execFile, spawn, type ChildProcess } from 'node:child_process'

export interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export interface RunOptions {
  cwd?: string
  env?: NodeJS.ProcessEnv
  /** ms until the child is killed; none by default. */
  timeout?: number
}

/**
 * Runs a program to completion and resolves with its exit code and output, whatever the code.
 * Rejects only when the program could not be started or did not exit by itself (killed on `timeout`).
 */
export function run(command: string, args: string[], { cwd, env, timeout }: RunOptions = {}): Promise<Exit> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, env, timeout, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error)
      resolve({ code: error ? (error.code as number) : 0, signal: null, stdout, stderr })
    })
  })
}

export interface Started {
  child: ChildProcess
  /** Everything the child has printed on stdout so far. */
  stdout: () => string
  /** The first stdout line matching `pattern`; fails when the child exits first or after `timeoutMs` without one. */
  waitForLine: (pattern: RegExp, timeoutMs?: number) => Promise<string>
  /** How the child ended, with everything it printed. */
  exited: Promise<Exit>
}

const running = new Set<ChildProcess>()

/** Spawns a long-running program and follows its stdout line by line. End it with `stopChildren()`. */
export function start(command: string, args: string[], { cwd, env }: Omit<RunOptions, 'timeout'> = {}): Started {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  running.add(child)
  let out = ''
  let err = ''
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = []
  const check = () => {
    for (const waiter of [...waiters]) {
      // Complete lines only: a chunk can end in the middle of one.
      const line = out
        .split('\n')
        .slice(0, -1)
        .find((l) => waiter.pattern.test(l))
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve(line)
      }
    }
  }
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk
    check()
  })
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk))
  const exited = new Promise<Exit>((resolve) =>
    child.once('close', (code, signal) => {
      running.delete(child)
      resolve({ code, signal, stdout: out, stderr: err })
    }),
  )
  const waitForLine = (pattern: RegExp, timeoutMs = 5_000) => {
    let timer: NodeJS.Timeout | undefined
    return Promise.race([
      new Promise<string>((resolve) => {
        waiters.push({ pattern, resolve })
        check()
      }),
      exited.then((e) => {
        throw new Error(`${command} exited (${e.code ?? e.signal}) before printing ${pattern}:\n${e.stdout}${e.stderr}`)
      }),
      new Promise<string>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; stdout:\n${out}\nstderr:\n${err}`)),
          timeoutMs,
        )
        timer.unref()
      }),
    ]).finally(() => clearTimeout(timer))
  }
  return { child, stdout: () => out, waitForLine, exited }
}

/** Kills (SIGKILL) every child `start()` began that is still running. */
export function stopChildren(): void {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
}

/**
 * The environment for an AWS client program (the AWS CLI, boto3) talking to the mock: this
 * process's variables without any AWS_* of the developer's, test credentials, no config files,
 * no pager, one attempt, plus `extra`.
 */
export function awsClientEnv(
  credentials: { accessKeyId: string; secretAccessKey: string },
  region: string,
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('AWS_')) env[name] = value
  return {
    ...env,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_DEFAULT_REGION: region,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
    AWS_MAX_ATTEMPTS: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extra,
  }
}

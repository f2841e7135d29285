// TEST UTILITY — runs a service script in its own process (start() is once
// per process), waits for its "LISTENING <port>" line, and collects the JSON
// log lines it writes on stdout.
import { spawn, type ChildProcess } from 'node:child_process'

export interface Running {
  child: ChildProcess
  url: string
  lines: () => Record<string, unknown>[]
}

export async function spawnService(
  script: string,
  name: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<Running> {
  const child = spawn(process.execPath, [...nodeArgs, script], {
    env: { ...process.env, SERVICE_NAME: name, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()))
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${err}`)), 20_000)
    const check = (): void => {
      const match = /LISTENING (\d+)/.exec(out)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      } else setTimeout(check, 50)
    }
    check()
  })
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    lines: () =>
      out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  }
}

/** SIGTERM, then wait for the exit (services flush their spans on SIGTERM). */
export async function stopServices(services: readonly Running[]): Promise<void> {
  for (const s of services) s.child.kill('SIGTERM')
  await Promise.all(
    services.map(
      (s) => new Promise((resolve) => (s.child.exitCode !== null ? resolve(null) : s.child.once('exit', resolve))),
    ),
  )
}

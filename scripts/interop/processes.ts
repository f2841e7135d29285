// Processes of an interop run: tracehound stages (the CLI as a user runs it),
// the Collector with a generated config, telemetrygen; free ports, waiting
// for a line, reading Prometheus counters, counting spans in a Kafka topic.
import { type ChildProcess, spawn } from 'node:child_process'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { decodeTracesProto } from '@tracehound/otlp'
import { Kafka, logLevel } from 'kafkajs'

const BIN = fileURLToPath(new URL('../../packages/cli/bin/tracehound.js', import.meta.url))

export interface Running {
  child: ChildProcess
  output(): string
  /** Resolves with the first match of `pattern` in the output. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>
  stop(): Promise<void>
}

/** Resolves once something accepts TCP connections on 127.0.0.1:`port`. */
export async function waitForPort(port: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => resolve(socket.end() !== undefined))
      socket.once('error', () => resolve(false))
    })
    if (open) return
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

export function run(command: string, args: string[], env: Record<string, string> = {}): Running {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } })
  let out = ''
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()))
  return {
    child,
    output: () => out,
    async waitFor(pattern, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const match = pattern.exec(out)
        if (match) return match
        if (child.exitCode !== null)
          throw new Error(
            `${command} ${args[0] ?? ''} exited (${child.exitCode}) before ${pattern}:\n${out.slice(-2000)}`,
          )
        if (Date.now() > deadline)
          throw new Error(`${command} ${args[0] ?? ''}: no ${pattern} within ${timeoutMs} ms:\n${out.slice(-2000)}`)
        await new Promise((r) => setTimeout(r, 100))
      }
    },
    async stop() {
      if (child.exitCode !== null) return
      child.kill('SIGINT')
      await new Promise((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
        child.once('exit', () => resolve(clearTimeout(timer)))
      })
    },
  }
}

export const tracehound = (args: string[], env: Record<string, string> = {}): Running =>
  run(process.execPath, [BIN, ...args], env)

/** Runs to the end; rejects when it fails. */
export async function finish(running: Running): Promise<string> {
  const code = await new Promise<number | null>((resolve) =>
    running.child.exitCode !== null ? resolve(running.child.exitCode) : running.child.once('exit', resolve),
  )
  if (code !== 0) throw new Error(`exited ${code}:\n${running.output().slice(-2000)}`)
  return running.output()
}

/** The Collector with `config` (YAML text) written next to `dir`. */
export function collector(binary: string, dir: string, name: string, config: string): Running {
  const file = join(dir, `${name}.yaml`)
  writeFileSync(file, config)
  return run(binary, ['--config', file])
}

/** A counter's value (summed over its labels) from a Prometheus endpoint; 0 when absent. */
export async function counter(metricsUrl: string, name: string, label?: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text()
  let total = 0
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue
    const match = /^([a-z_]+)(\{[^}]*\})? (\S+)$/.exec(line)
    if (match?.[1] === name && (!label || (match[2] ?? '').includes(label))) total += Number(match[3])
  }
  return total
}

/** Waits until `read()` stops changing (or reaches `expected`), returning its last value. */
export async function settle(read: () => Promise<number>, expected: number, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs
  let last = -1
  let stableSince = Date.now()
  for (;;) {
    const value = await read().catch(() => last)
    if (value >= expected) return value
    if (value !== last) {
      last = value
      stableSince = Date.now()
    } else if (Date.now() - stableSince > 10_000 || Date.now() > deadline) return value
    await new Promise((r) => setTimeout(r, 500))
  }
}

/** Spans in every OTLP/protobuf message of `topic`, and whether any message was not protobuf. */
export async function spansInTopic(
  brokers: string,
  topic: string,
): Promise<{ spans: number; messages: number; nonProto: number }> {
  const kafka = new Kafka({ brokers: [brokers], logLevel: logLevel.NOTHING, clientId: 'interop-count' })
  const admin = kafka.admin()
  await admin.connect()
  const offsets = await admin.fetchTopicOffsets(topic)
  await admin.disconnect()
  const total = offsets.reduce((n, o) => n + Number(o.high), 0)
  const consumer = kafka.consumer({ groupId: `interop-count-${Date.now()}-${Math.random()}` })
  await consumer.connect()
  await consumer.subscribe({ topic, fromBeginning: true })
  const counts = { spans: 0, messages: 0, nonProto: 0 }
  await consumer.run({
    eachMessage: async ({ message }) => {
      counts.messages++
      try {
        counts.spans += decodeTracesProto(message.value ?? Buffer.alloc(0)).length
      } catch {
        counts.nonProto++
      }
    },
  })
  const deadline = Date.now() + 60_000
  while (counts.messages < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
  await consumer.disconnect()
  return counts
}

/**
 * CPU seconds (user + system) used so far by `pid` and every process below
 * it (the gateway serves from a child it starts), from /proc; undefined where
 * there is no /proc. Clock ticks are 100 per second on Linux.
 */
export function cpuSecondsOfTree(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    let seconds = (Number(fields[11]) + Number(fields[12])) / 100
    for (const task of readdirSync(`/proc/${pid}/task`))
      for (const child of readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean))
        seconds += cpuSecondsOfTree(Number(child)) ?? 0
    return seconds
  } catch {
    return undefined
  }
}

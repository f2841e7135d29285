// Starts a real single-node Apache Kafka broker (KRaft, combined broker +
// controller) on 127.0.0.1 from the Maven Central jars, for tests and local
// runs. One JVM, a temporary log directory, free ports; stop() removes it all.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Kafka, logLevel } from 'kafkajs'
// Tests and scripts that start a broker talk to it through kafkajs: without its negative timer delay (see the module).
import '../../packages/cli/src/kafkajs-timer-clamp.ts'
import { resolveKafkaJars } from './kafka-jars.ts'

export interface KafkaBrokerOptions {
  /** Maximum JVM heap. @default '512m' */
  heap?: string
  /** How long to wait for the broker to answer a metadata request. @default 90_000 */
  startTimeoutMs?: number
  /** Progress lines (jar resolution, start). @default no-op */
  log?: (line: string) => void
}

export interface KafkaBroker {
  /** Bootstrap address, `127.0.0.1:<port>`. */
  readonly brokers: string
  /** The broker's log file, kept until stop(). */
  readonly logFile: string
  /** The JVM's process id (a new one after restart()), for CPU accounting. */
  readonly pid: number | undefined
  /** Stops the JVM (SIGTERM, then SIGKILL after 20 s) and deletes its data. */
  stop(): Promise<void>
  /** Stops the JVM and starts it again on the same ports and data (a broker restart, for fault tests). */
  restart(): Promise<void>
}

/** A free TCP port on 127.0.0.1 (the kernel's choice; released before use). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

/**
 * A Kafka cluster id: 16 random bytes, base64url without padding (what
 * `StorageTool random-uuid` prints). One starting with '-' would be read by
 * the storage tool's argument parser as an option, so those are drawn again.
 */
export function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url')
    if (/^[A-Za-z0-9]/.test(id)) return id
  }
}

function serverProperties(dataDir: string, port: number, controllerPort: number): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.bootstrap.servers=127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${join(dataDir, 'logs')}`,
    'num.partitions=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=4',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    // Tests create topics on the fly and join groups often; don't make them wait.
    'auto.create.topics.enable=true',
    'group.initial.rebalance.delay.ms=0',
    'log.flush.interval.messages=1000000',
    '',
  ].join('\n')
}

const LOG4J2 = `Configuration:
  status: warn
  Appenders:
    Console:
      name: STDOUT
      PatternLayout:
        pattern: "[%d] %p %m (%c)%n"
  Loggers:
    Root:
      level: WARN
      AppenderRef:
        - ref: STDOUT
    Logger:
      - name: kafka.server.KafkaRaftServer
        level: INFO
`

function java(libs: string, dataDir: string, heap: string, args: string[]): { cmd: string; args: string[] } {
  return {
    cmd: 'java',
    args: [
      `-Xmx${heap}`,
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${join(dataDir, 'log4j2.yaml')}`,
      `-Dkafka.logs.dir=${dataDir}`,
      '-cp',
      join(libs, '*'),
      ...args,
    ],
  }
}

async function run(cmd: { cmd: string; args: string[] }, what: string): Promise<void> {
  const child = spawn(cmd.cmd, cmd.args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr.on('data', (d: Buffer) => (output += d.toString()))
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', resolve)
  })
  if (code !== 0) throw new Error(`${what} failed (exit ${code}):\n${output.slice(-4000)}`)
}

async function waitForMetadata(
  brokers: string,
  child: ChildProcess,
  logFile: string,
  timeoutMs: number,
): Promise<void> {
  const kafka = new Kafka({
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    connectionTimeout: 1000,
  })
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`Kafka broker exited with code ${child.exitCode} while starting:\n${tail(logFile)}`)
    }
    const admin = kafka.admin()
    try {
      await admin.connect()
      const cluster = await admin.describeCluster()
      if (cluster.brokers.length > 0 && cluster.controller !== null) return
    } catch (err) {
      lastError = err
    } finally {
      await admin.disconnect().catch(() => undefined)
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(
    `Kafka broker on ${brokers} did not answer a metadata request within ${timeoutMs} ms ` +
      `(last error: ${String(lastError)}):\n${tail(logFile)}`,
  )
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-4000)
  } catch {
    return '(no broker log)'
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
  await exited
  clearTimeout(timer)
}

/** Starts a broker; resolves once it answers a metadata request. */
export async function startKafkaBroker(options: KafkaBrokerOptions = {}): Promise<KafkaBroker> {
  const log = options.log ?? (() => {})
  const heap = options.heap ?? '512m'
  const libs = resolveKafkaJars(log)
  const dataDir = mkdtempSync(join(tmpdir(), 'tracehound-kafka-'))
  const logFile = join(dataDir, 'broker.log')
  const [port, controllerPort] = [await freePort(), await freePort()]
  const propsFile = join(dataDir, 'server.properties')
  writeFileSync(propsFile, serverProperties(dataDir, port, controllerPort))
  writeFileSync(join(dataDir, 'log4j2.yaml'), LOG4J2)

  await run(
    java(libs, dataDir, '256m', [
      'kafka.tools.StorageTool',
      'format',
      '--standalone',
      '-t',
      clusterId(),
      '-c',
      propsFile,
    ]),
    'Formatting the KRaft storage',
  )

  const cmd = java(libs, dataDir, heap, ['kafka.Kafka', propsFile])
  const out = createWriteStream(logFile, { flags: 'a' })
  let child: ChildProcess
  // The broker must not outlive the process that started it.
  const killOnExit = (): void => {
    child.kill('SIGKILL')
  }
  process.once('exit', killOnExit)
  const brokers = `127.0.0.1:${port}`
  const launch = async (): Promise<void> => {
    child = spawn(cmd.cmd, cmd.args, { stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout?.pipe(out, { end: false })
    child.stderr?.pipe(out, { end: false })
    await waitForMetadata(brokers, child, logFile, options.startTimeoutMs ?? 90_000)
  }

  log(`starting Kafka ${brokers} (data ${dataDir})`)
  try {
    await launch()
  } catch (err) {
    await stopChild(child!)
    process.removeListener('exit', killOnExit)
    rmSync(dataDir, { recursive: true, force: true })
    throw err
  }

  let stopped: Promise<void> | undefined
  return {
    brokers,
    logFile,
    get pid() {
      return child.pid
    },
    stop() {
      stopped ??= (async () => {
        await stopChild(child)
        process.removeListener('exit', killOnExit)
        out.end()
        rmSync(dataDir, { recursive: true, force: true })
      })()
      return stopped
    },
    async restart() {
      await stopChild(child)
      await launch()
    },
  }
}

// `tracehound demo` (= `npm start`): five instrumented services on 127.0.0.1,
// ordinary users, then injected attacks, all through the real pipeline
// running embedded in this process; findings print as they fire, and a
// summary says what was injected, what was found and how fast.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import type { Command } from 'commander'
import type { Finding, Incident } from '@tracehound/detector'
// The demo shop (and Express behind it) is loaded only when the demo runs.
import type { InjectedAttack } from '@tracehound/example-services'
import { startDistributedPipeline } from '../up/distributed-pipeline.ts'
import { startEmbeddedPipeline, walDirFor } from '../up/embedded-pipeline.ts'
import { loadedConfigFor, storeOptionsFrom } from './store-options.ts'
import { positiveInteger } from './parse-values.ts'
import { forTerminal } from './terminal-text.ts'

interface DemoFlags {
  data?: string
  kafka?: string
  clickhouse?: string
  users: number
  warmupSeconds: number
  timeoutSeconds: number
  keepRunning?: boolean
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })

const say = (line: string): void => void process.stdout.write(`${line}\n`)

export function registerDemo(command: Command): void {
  command
    .option('--data <dir>', 'keep the store here (default: a temporary directory, removed at the end)')
    .option('--kafka <brokers>', 'run the distributed path: gateway → these Kafka brokers → consumer group → store')
    .option(
      '--clickhouse <url>',
      'store in this ClickHouse server instead of the embedded engine (password from TRACEHOUND_CLICKHOUSE_PASSWORD)',
    )
    .option('--users <n>', 'ordinary users', positiveInteger('--users'), 20)
    .option('--warmup-seconds <n>', 'ordinary traffic before the first attack', positiveInteger('--warmup-seconds'), 40)
    .option(
      '--timeout-seconds <n>',
      'how long to wait for detection after the attacks',
      positiveInteger('--timeout-seconds'),
      180,
    )
    .option('--keep-running', 'after the summary, keep the services, traffic and console running until Ctrl-C')
    .addHelpText(
      'after',
      '\nNeeds nothing but this repository: services, pipeline and store all run locally. Takes about three minutes.',
    )
    .action(async (flags: DemoFlags) => {
      const {
        ordinaryHistory,
        ordinaryUsers,
        pivotFromNotifications,
        scrapeOrders,
        SERVICE_ENTRY,
        SERVICES,
        stuffCredentials,
      } = await import('@tracehound/example-services')
      const dataDir = flags.data ?? mkdtempSync(join(tmpdir(), 'tracehound-demo-'))
      const findings: { finding: Finding; at: number }[] = []
      const children: ChildProcess[] = []
      const users = new AbortController()
      const started = Date.now()
      const onFinding = (finding: Finding): void => {
        if (finding.status !== 'open' || findings.some((f) => f.finding.fingerprint === finding.fingerprint)) return
        findings.push({ finding, at: Date.now() })
        say(
          `  ▲ ${finding.severity.toUpperCase().padEnd(8)} ${finding.kind.padEnd(22)} ${forTerminal(finding.summary)}`,
        )
      }
      // The latest version of each incident; an incident merged into another is dropped.
      const incidents = new Map<string, Incident>()
      const onIncident = (incident: Incident): void => {
        if (incident.status === 'merged') {
          incidents.delete(incident.id)
          return
        }
        if (!incidents.has(incident.id))
          say(`  ◆ INCIDENT ${incident.severity.toUpperCase().padEnd(8)} ${forTerminal(incident.title)}`)
        incidents.set(incident.id, incident)
      }
      const log = (level: string, message: string, fields?: Record<string, unknown>): void => {
        if (level === 'error') say(`  ! ${message} ${JSON.stringify(fields ?? {})}`)
      }
      const store = storeOptionsFrom(
        { data: dataDir, ...(flags.clickhouse ? { clickhouse: flags.clickhouse } : {}) },
        loadedConfigFor(command).secrets,
      )
      const pipeline = flags.kafka
        ? await startDistributedPipeline({
            brokers: flags.kafka
              .split(',')
              .map((b) => b.trim())
              .filter(Boolean),
            store,
            latenessSeconds: 5,
            onFinding,
            onIncident,
            log,
          })
        : await (async () => {
            const embedded = await startEmbeddedPipeline({
              store,
              port: 0,
              latenessSeconds: 5,
              onFinding,
              onIncident,
              log,
            })
            return {
              url: embedded.url,
              location: embedded.location,
              seedWriter: embedded.writer,
              storedRows: () => embedded.writer.rowsWritten,
              stop: () => embedded.stop(),
            }
          })()
      try {
        say(`tracehound demo — pipeline on ${pipeline.url} (${pipeline.location})`)
        say(`    console: ${pipeline.url}/ (incidents, service graph, traces)`)
        say(`1/5 seeding the last hour of ordinary traffic, so baselines and the service graph exist`)
        const history = ordinaryHistory(Date.now() / 1000, 60, flags.users)
        for (let i = 0; i < history.length; i += 10_000)
          await pipeline.seedWriter.write('otel_traces', history.slice(i, i + 10_000))
        await pipeline.seedWriter.drain() // stored, not only logged: the baselines need it
        say(`    ${history.length} spans`)

        say(`2/5 starting ${SERVICES.join(', ')} (instrumented with @tracehound/instrumentation)`)
        const ports = Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, await freePort()] as const)))
        const peers = SERVICES.map((s) => `${s}=http://127.0.0.1:${ports[s]}`).join(',')
        await Promise.all(
          SERVICES.map(
            (service) =>
              new Promise<void>((resolve, reject) => {
                const child = spawn(process.execPath, [fileURLToPath(SERVICE_ENTRY)], {
                  env: {
                    ...process.env,
                    SERVICE_NAME: service,
                    PORT: String(ports[service]),
                    PEERS: peers,
                    OTEL_EXPORTER_OTLP_ENDPOINT: pipeline.url,
                    LOG_LEVEL: 'warn',
                  },
                  stdio: ['ignore', 'pipe', 'inherit'],
                })
                children.push(child)
                const timer = setTimeout(() => reject(new Error(`${service} did not start within 30 s`)), 30_000)
                child.stdout?.on('data', (d: Buffer) => {
                  if (d.toString().includes('LISTENING')) {
                    clearTimeout(timer)
                    resolve()
                  }
                })
              }),
          ),
        )
        const gateway = `http://127.0.0.1:${ports['gateway']}`

        say(
          `3/5 ${flags.users} ordinary users browse, log in and check out (${flags.warmupSeconds} s before the attacks)`,
        )
        const browsing = ordinaryUsers(gateway, flags.users, users.signal)
        browsing.catch(() => undefined)
        await sleep(flags.warmupSeconds * 1000)

        say('4/5 injecting attacks')
        const injected: InjectedAttack[] = []
        for (const attack of [
          () => scrapeOrders(gateway),
          () => stuffCredentials(gateway),
          () => pivotFromNotifications(`http://127.0.0.1:${ports['notifications']}`),
        ]) {
          const done = await attack()
          injected.push(done)
          say(`    → ${done.label}`)
        }

        say('5/5 waiting for detection (one-minute windows, event time)')
        const expected = new Set(injected.flatMap((a) => a.kinds))
        const deadline = Date.now() + flags.timeoutSeconds * 1000
        // Every expected kind found, and every finding so far grouped into an incident (grouping follows each cycle).
        const grouped = (): boolean =>
          findings.every((f) => [...incidents.values()].some((i) => i.findingIds.includes(f.finding.id)))
        while (
          Date.now() < deadline &&
          !([...expected].every((k) => findings.some((f) => f.finding.kind === k)) && grouped())
        )
          await sleep(1000)

        say('\nsummary')
        let missed = 0
        for (const attack of injected) {
          say(`  ${attack.label}`)
          for (const kind of attack.kinds) {
            const hit = findings.find((f) => f.finding.kind === kind && f.at >= attack.at - 1000)
            if (hit)
              say(`    ✓ ${kind.padEnd(20)} detected ${((hit.at - attack.at) / 1000).toFixed(0)} s after injection`)
            else {
              missed++
              say(`    ✗ ${kind.padEnd(20)} not detected`)
            }
          }
        }
        const others = findings.filter((f) => !expected.has(f.finding.kind))
        if (others.length)
          say(
            `  also found: ${others.map((f) => `${f.finding.kind} (${f.finding.entity.service ?? ''} ${f.finding.entity.endpoint ?? ''})`.replace(/ \)/, ')')).join(', ')}`,
          )
        // One attack, one incident: the findings of each attack grouped, so on-call is paged once per attack.
        const attackIncidents = [...incidents.values()].filter((i) => i.kinds.some((k) => expected.has(k)))
        say(`  ${injected.length} attacks → ${attackIncidents.length} incidents (${findings.length} findings)`)
        for (const i of attackIncidents)
          say(`    ◆ ${forTerminal(i.title)} — ${i.findingIds.length} findings; ${forTerminal(i.reasons[0] ?? '')}`)
        say(
          `  ${expected.size - missed}/${expected.size} attack kinds detected in ${((Date.now() - started) / 1000).toFixed(0)} s; ${pipeline.seedWriter.rowsWritten + (flags.kafka ? pipeline.storedRows() : 0)} spans stored`,
        )
        process.exitCode = missed === 0 ? 0 : 1
        if (flags.keepRunning) {
          say(`\nopen the console: ${pipeline.url}/ — ordinary users keep browsing; Ctrl-C stops the demo`)
          await new Promise<void>((resolve) => {
            process.once('SIGINT', resolve)
            process.once('SIGTERM', resolve)
          })
        }
      } finally {
        users.abort()
        for (const child of children) child.kill('SIGTERM')
        await Promise.all(
          children.map(
            (c) => new Promise((resolve) => (c.exitCode !== null ? resolve(null) : c.once('exit', resolve))),
          ),
        )
        await pipeline.stop()
        if (!flags.data) {
          rmSync(dataDir, { recursive: true, force: true })
          rmSync(walDirFor(dataDir), { recursive: true, force: true }) // empty once stopped
        }
      }
    })
}

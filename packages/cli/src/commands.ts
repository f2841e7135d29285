// The commands of docs/architecture.md, in the order a user meets them.
import type { Command } from 'commander'
import { registerAlerts } from './commands/alerts.ts'
import { registerConsole } from './commands/console.ts'
import { registerDashboards } from './commands/dashboards.ts'
import { registerDemo } from './commands/demo.ts'
import { registerDetect } from './commands/detect.ts'
import { registerFindings } from './commands/findings.ts'
import { registerGateway } from './commands/gateway.ts'
import { registerIncidents } from './commands/incidents.ts'
import { registerIngest } from './commands/ingest.ts'
import { registerMigrate } from './commands/migrate.ts'
import { registerReplay } from './commands/replay.ts'
import { registerUp } from './commands/up.ts'

export interface CommandSpec {
  /** commander usage, e.g. `replay <files...>` */
  readonly usage: string
  readonly summary: string
  /** Adds the command's options and action. */
  readonly register: (command: Command) => void
}

export const COMMANDS: readonly CommandSpec[] = [
  {
    usage: 'up',
    summary:
      'all-in-one on the embedded store: OTLP receiver, live detection, findings API, alert routing with --alerts-config, ClickHouse HTTP for Grafana with --clickhouse-http-port',
    register: registerUp,
  },
  {
    usage: 'demo',
    summary: 'demo microservices and traffic with injected attacks through the real pipeline (= npm start)',
    register: registerDemo,
  },
  {
    usage: 'replay <files...>',
    summary: 'load OTLP JSON lines (.gz accepted) into the store, with progress',
    register: registerReplay,
  },
  {
    usage: 'detect',
    summary: 'run detection over an event-time range (--from/--to), or --follow continuously',
    register: registerDetect,
  },
  { usage: 'findings', summary: 'list findings (a table, or JSON lines with --json)', register: registerFindings },
  {
    usage: 'incidents',
    summary: 'list incidents: the findings of one attack grouped, with why (a table, or JSON lines with --json)',
    register: registerIncidents,
  },
  {
    usage: 'gateway',
    summary: 'OTLP/HTTP receiver producing to Kafka, one message per trace keyed by trace id',
    register: registerGateway,
  },
  {
    usage: 'ingest',
    summary: 'Kafka consumer group writing spans and logs to ClickHouse, without loss or duplicates',
    register: registerIngest,
  },
  {
    usage: 'alerts',
    summary: 'deliver findings to Slack, PagerDuty and webhooks (alerts test --receiver NAME checks the wiring)',
    register: registerAlerts,
  },
  {
    usage: 'console',
    summary: 'the web console (incidents, service graph, traces) over a store it only reads; up serves it too',
    register: registerConsole,
  },
  {
    usage: 'migrate',
    summary: 'create or upgrade the ClickHouse schema (embedded store or server, single node or cluster)',
    register: registerMigrate,
  },
  {
    usage: 'dashboards',
    summary: 'write (--out DIR) or publish (--publish URL) the Grafana dashboards',
    register: registerDashboards,
  },
]

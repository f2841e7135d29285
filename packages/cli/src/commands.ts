// The commands of ../shared/DESIGN.md, in the order a user meets them. Each
// names the issue that builds it until it is implemented, so `--help` is
// already the map of the product.
import type { Command } from 'commander'
import { registerAlerts } from './commands/alerts.ts'
import { registerDemo } from './commands/demo.ts'
import { registerDetect } from './commands/detect.ts'
import { registerFindings } from './commands/findings.ts'
import { registerGateway } from './commands/gateway.ts'
import { registerIngest } from './commands/ingest.ts'
import { registerMigrate } from './commands/migrate.ts'
import { registerReplay } from './commands/replay.ts'
import { registerUp } from './commands/up.ts'

export interface CommandSpec {
  /** commander usage, e.g. `replay <files...>` */
  readonly usage: string
  readonly summary: string
  /** Open issue that implements the command; absent once it works. */
  readonly pendingIssue?: number
  /** Adds the command's options and action; present once it works. */
  readonly register?: (command: Command) => void
}

export const COMMANDS: readonly CommandSpec[] = [
  { usage: 'up', summary: 'all-in-one on the embedded store: OTLP receiver, live detection, findings API (alert routing: not built yet)', register: registerUp },
  { usage: 'demo', summary: 'demo microservices and traffic with injected attacks through the real pipeline (= npm start)', register: registerDemo },
  { usage: 'replay <files...>', summary: 'load OTLP JSON lines (.gz accepted) into the store, with progress', register: registerReplay },
  { usage: 'detect', summary: 'run detection over an event-time range (--from/--to), or --follow continuously', register: registerDetect },
  { usage: 'findings', summary: 'list findings (a table, or JSON lines with --json)', register: registerFindings },
  { usage: 'gateway', summary: 'OTLP/HTTP receiver producing to Kafka, one message per trace keyed by trace id', register: registerGateway },
  { usage: 'ingest', summary: 'Kafka consumer group writing spans and logs to ClickHouse, without loss or duplicates', register: registerIngest },
  { usage: 'alerts', summary: 'deliver findings to Slack, PagerDuty and webhooks (alerts test --receiver NAME checks the wiring)', register: registerAlerts },
  { usage: 'migrate', summary: 'create or upgrade the ClickHouse schema (embedded store or server, single node or cluster)', register: registerMigrate },
  { usage: 'dashboards', summary: 'generate or publish the Grafana dashboards', pendingIssue: 9 },
]

/** Exit code of a command that is not built yet (sysexits EX_UNAVAILABLE). */
export const EXIT_UNAVAILABLE = 69

// `tracehound ingest`: Kafka consumer group → ClickHouse (server or embedded).
import type { Command } from 'commander'
import { startIngest } from '@tracehound/ingest'
import { migrate, oldestKept, openStore, readRetentionDays } from '@tracehound/store'
import { jsonLog } from './json-log.ts'
import { runUntilSignal } from './run-stage.ts'
import { positiveInteger } from './parse-values.ts'
import { effective } from '../config/effective-option.ts'
import { addStoreOptions, configFor, storeOptionsFor, type StoreFlags } from './store-options.ts'

interface IngestFlags extends StoreFlags {
  kafka?: string
  group: string
  spansTopic: string
  logsTopic: string
  maxUnitMessages: number
  fetchMib: number
  sessionTimeoutMs: number
  metricsPort?: number
  metricsHost: string
  migrate: boolean
}

export function registerIngest(command: Command): void {
  addStoreOptions(command)
    .option(
      '--kafka <brokers>',
      'Kafka bootstrap servers, host:port[,host:port…] (or kafka.brokers, TRACEHOUND_KAFKA_BROKERS)',
    )
    .option('--group <id>', 'consumer group id', 'tracehound-ingest')
    .option('--spans-topic <topic>', 'topic with ExportTraceServiceRequest messages', 'otlp_spans')
    .option('--logs-topic <topic>', 'topic with ExportLogsServiceRequest messages', 'otlp_logs')
    .option('--max-unit-messages <n>', 'most messages per insert', positiveInteger('--max-unit-messages'), 1000)
    .option(
      '--fetch-mib <n>',
      'MiB fetched per partition per request, and most MiB of messages per insert: larger inserts run faster under lag and hold more memory (1–256)',
      positiveInteger('--fetch-mib', 256),
      32,
    )
    .option(
      '--session-timeout-ms <ms>',
      "how long the group waits for a silent consumer (the broker's group.min.session.timeout.ms is the floor)",
      positiveInteger('--session-timeout-ms'),
      30_000,
    )
    .option('--metrics-port <port>', 'serve /metrics and /healthz on <port> (0 = any free port)', (v) => Number(v))
    .option('--metrics-host <address>', 'interface for --metrics-port (0.0.0.0 in a container)', '127.0.0.1')
    .option('--no-migrate', 'do not create or upgrade the schema at start')
    .addHelpText(
      'after',
      '\nMessages may be otlp_proto or otlp_json (each is recognised by its first byte). Offsets are committed only after rows are stored; a restart replays the last unit with the same deduplication token.\nUndecodable messages go to <topic>.dlq with the error in their headers. SIGINT/SIGTERM finish the unit in flight.',
    )
    .action(async (flags: IngestFlags) => {
      const log = jsonLog('ingest')
      const config = configFor(command)
      const kafka = config.kafka
      const brokers = effective(command, 'kafka', kafka?.brokers?.join(','))
      if (!brokers)
        throw new Error(
          'ingest needs Kafka: --kafka host:port, kafka.brokers in tracehound.yaml, or TRACEHOUND_KAFKA_BROKERS',
        )
      flags.group = effective(command, 'group', kafka?.group) ?? flags.group
      flags.spansTopic = effective(command, 'spansTopic', kafka?.spans_topic) ?? flags.spansTopic
      flags.logsTopic = effective(command, 'logsTopic', kafka?.logs_topic) ?? flags.logsTopic
      const store = await openStore(storeOptionsFor(command))
      if (flags.migrate) await migrate(store)
      // Records older than the store keeps are counted and logged, not stored (the TTL would delete them at once).
      const retentionDays = await readRetentionDays(store)
      const ingest = await startIngest(
        store,
        {
          brokers: brokers
            .split(',')
            .map((b) => b.trim())
            .filter(Boolean),
          groupId: flags.group,
          spansTopic: flags.spansTopic,
          logsTopic: flags.logsTopic,
          maxUnitMessages: flags.maxUnitMessages,
          maxBytesPerPartition: flags.fetchMib * 2 ** 20,
          maxUnitBytes: flags.fetchMib * 2 ** 20,
          sessionTimeoutMs: flags.sessionTimeoutMs,
          principalAliases: config.detect?.principals ?? {},
          ...(retentionDays !== undefined ? { oldestKept: () => oldestKept(retentionDays) } : {}),
        },
        log,
      )
      await runUntilSignal(
        {
          health: () => ({ ok: true, detail: { lag: ingest.metrics.totalLag().toString() } }),
          metrics: () => ingest.metrics.render(),
          stop: () => ingest.stop().finally(() => store.close()),
        },
        {
          log,
          metricsPort: flags.metricsPort,
          metricsHost: flags.metricsHost,
          progress: () => ({
            rows: Object.fromEntries(ingest.metrics.rowsInserted),
            dead_letters: Object.fromEntries(ingest.metrics.deadLetters),
            lag: ingest.metrics.totalLag().toString(),
            retries: ingest.metrics.insertRetries,
          }),
          stoppingMessage: 'stopping: finishing the unit in flight',
          stopped: () => ({ rows: Object.fromEntries(ingest.metrics.rowsInserted) }),
        },
      )
    })
}

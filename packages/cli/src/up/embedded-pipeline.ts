// The one-process pipeline shared by `tracehound up` and `tracehound demo`:
// embedded store, OTLP/HTTP receiver into the batch writer, live detection,
// and the HTTP API on the receiver's port.
import { startGateway, type GatewayLog, type GatewayOptions } from '@tracehound/gateway'
import { startAlerts, type AlertsStage } from '@tracehound/alerts-pipeline'
import { startDetect, type DetectStage } from '@tracehound/detect'
import type { AlertsConfig } from '@tracehound/alerts'
import type { DetectorConfig, Finding, Incident } from '@tracehound/detector'
import { BatchWriter, WalWriter, type RowWriter } from '@tracehound/ingest'
import { logsProtoToJsonEachRow, tracesProtoToJsonEachRow } from '@tracehound/otlp'
import {
  ChdbStore,
  migrate,
  openStore,
  startClickHouseHttpInterface,
  type ClickHouseHttpInterface,
  type OpenStoreOptions,
  type Store,
  oldestKept,
  readRetentionDays,
} from '@tracehound/store'
import { apiRoutes } from '../console/api-routes.ts'
import { consoleAssets } from '../console/console-assets.ts'

export interface EmbeddedPipelineOptions {
  /** Where the store is: the embedded engine's directory, or a ClickHouse server. */
  store: OpenStoreOptions
  /** When set, the alert router runs in this process too. */
  alerts?: { config: AlertsConfig; secrets: Map<string, Record<string, string>> } | undefined
  host?: string
  port?: number
  /** OTLP/gRPC port; none when undefined. */
  grpcPort?: number | undefined
  latenessSeconds: number
  /** Detector settings (sensitivity, edge policy); defaults otherwise. */
  detector?: Partial<DetectorConfig>
  bearerToken?: string
  /** Span attribute keys read as principals (`detect.principals`). */
  principalAliases?: GatewayOptions['principalAliases']
  /** Serve ClickHouse's HTTP interface, read-only, over the embedded store (for Grafana). */
  clickhouseHttp?: { host: string; port: number; user: string; password: string }
  onFinding: (finding: Finding) => void
  onIncident?: (incident: Incident) => void
  log: GatewayLog
}

export interface EmbeddedPipeline {
  readonly url: string
  readonly grpcUrl: string | undefined
  readonly store: Store
  /** Where the data is, for messages. */
  readonly location: string
  /** The write-ahead log on the embedded store; the batch writer on a ClickHouse server. */
  readonly writer: RowWriter
  /** The read-only ClickHouse HTTP interface, when asked for. */
  readonly clickhouseHttp: ClickHouseHttpInterface | undefined
  /** Stops receiving, stores what is buffered, stops detection, closes the store. */
  stop(): Promise<void>
}

/** Where `up` keeps its write-ahead log: beside the embedded store's data directory. */
export const walDirFor = (dataDir: string): string => `${dataDir.replace(/\/+$/, '')}.wal`

export async function startEmbeddedPipeline(options: EmbeddedPipelineOptions): Promise<EmbeddedPipeline> {
  const store = await openStore(options.store)
  await migrate(store)
  let clickhouseHttp: ClickHouseHttpInterface | undefined
  if (options.clickhouseHttp) {
    if (!(store instanceof ChdbStore))
      throw new Error(
        '--clickhouse-http-port serves the embedded store; with a ClickHouse server, point Grafana at the server itself',
      )
    clickhouseHttp = await startClickHouseHttpInterface(store, {
      ...options.clickhouseHttp,
      log: (level, message, fields) => options.log(level, message, fields),
    })
  }
  const retentionDays = await readRetentionDays(store)
  const keptFrom = retentionDays === undefined ? undefined : () => oldestKept(retentionDays)
  // Embedded: a request is acknowledged once its rows are fsynced in a write-ahead log beside the
  // data (milliseconds), and stored from there; what a crash leaves in it is stored at the next start.
  // A ClickHouse server: acknowledged once inserted (group commit).
  const writer: RowWriter =
    store instanceof ChdbStore
      ? await WalWriter.open(walDirFor(store.dataDir), store, { log: options.log })
      : new BatchWriter(store)
  // Assigned below; the /metrics closure reads it only once requests arrive.
  let detection: DetectStage
  let alerts: AlertsStage | undefined
  const gateway = await startGateway(
    // The store sink (no Kafka in one process): protobuf spans and logs go from their bytes straight to
    // the insert's JSONEachRow (checked by the gateway without rows, so forwardsBytes); JSON as decoded rows.
    {
      forwardsBytes: true,
      accept: (request) => {
        if (request.format === 'protobuf') {
          const { body, rows } =
            request.signal === 'traces'
              ? tracesProtoToJsonEachRow(request.body, { aliases: options.principalAliases, oldestKept: keptFrom?.() })
              : logsProtoToJsonEachRow(request.body, { oldestKept: keptFrom?.() })
          return writer.writeEncoded(request.signal === 'traces' ? 'otel_traces' : 'otel_logs', body, rows)
        }
        return writer.write(request.signal === 'traces' ? 'otel_traces' : 'otel_logs', request.rows)
      },
      close: () => writer.drain(),
    },
    {
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 4318,
      grpcPort: options.grpcPort,
      principalAliases: options.principalAliases ?? {},
      // Spans older than the store keeps are not stored, and the client is told (partial_success).
      ...(keptFrom ? { oldestKept: keptFrom } : {}),
      ...(options.bearerToken ? { bearerToken: options.bearerToken } : {}),
    },
    options.log,
    {
      routes: apiRoutes(store),
      publicRoutes: consoleAssets(),
      metrics: () =>
        [
          '# HELP tracehound_up_rows_written_total Rows the batch writer stored.',
          '# TYPE tracehound_up_rows_written_total counter',
          `tracehound_up_rows_written_total ${writer.rowsWritten}`,
          '# HELP tracehound_up_rows_buffered Rows waiting for the store.',
          '# TYPE tracehound_up_rows_buffered gauge',
          `tracehound_up_rows_buffered ${writer.buffered}`,
          detection.metrics(),
          alerts?.metrics() ?? '',
        ].join('\n'),
    },
  )
  detection = startDetect(store, {
    latenessSeconds: options.latenessSeconds,
    config: options.detector ?? {},
    onFinding: options.onFinding,
    ...(options.onIncident ? { onIncident: options.onIncident } : {}),
    log: options.log,
  })
  alerts = options.alerts
    ? startAlerts(store, { config: options.alerts.config, secrets: options.alerts.secrets, log: options.log })
    : undefined
  let stopped: Promise<void> | undefined
  return {
    url: gateway.url,
    grpcUrl: gateway.grpcUrl,
    store,
    location:
      'clickhouse' in options.store
        ? options.store.clickhouse.url
        : `embedded store ${store instanceof ChdbStore ? store.dataDir : ''}`,
    writer,
    clickhouseHttp,
    stop: () =>
      (stopped ??= (async () => {
        await clickhouseHttp?.close()
        await gateway.close()
        await writer.drain()
        await detection.stop()
        await alerts?.stop()
        await store.close()
      })()),
  }
}

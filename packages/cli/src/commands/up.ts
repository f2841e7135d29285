// `tracehound up`: the whole pipeline in one process on the embedded store —
// OTLP/HTTP receiver (/v1/traces, /v1/logs), batch writer, live detection,
// findings on the console, and the HTTP API on the same port.
import type { Command } from 'commander'
import { startEmbeddedPipeline } from '../up/embedded-pipeline.ts'
import { effective } from '../config/effective-option.ts'
import { loadAlertsConfigFile } from '../config/alerts-config-file.ts'
import { runUntilSignal } from './run-stage.ts'
import { addDetectorOptions, detectorSettingsFor } from './detector-settings.ts'
import { configFor, loadedConfigFor } from './store-options.ts'
import { jsonLog } from './json-log.ts'
import { positiveInteger } from './parse-values.ts'
import { forTerminal } from './terminal-text.ts'

interface UpFlags {
  data: string
  alertsConfig?: string
  host: string
  port: number
  grpcPort?: number
  latenessSeconds: number
  clickhouseHttpPort?: number
  clickhouseHttpUser: string
}

export function registerUp(command: Command): void {
  addDetectorOptions(command)
    .option('--data <dir>', 'embedded store directory', './.tracehound')
    .option('--host <address>', 'interface to listen on', '127.0.0.1')
    .option('--port <port>', 'OTLP/HTTP and API port', (v) => Number(v), 4318)
    .option('--grpc-port <port>', 'OTLP/gRPC port (default 4317; any free port with --port 0)', (v) => Number(v))
    .option(
      '--lateness-seconds <n>',
      'how far behind the newest span the detection watermark stays',
      positiveInteger('--lateness-seconds'),
      30,
    )
    .option(
      '--alerts-config <file>',
      'route findings to Slack / PagerDuty / webhooks too (a tracehound.yaml with an alerts: section)',
    )
    .option(
      '--clickhouse-http-port <port>',
      "serve ClickHouse's HTTP interface over the embedded store, read-only, for Grafana (password from TRACEHOUND_CLICKHOUSE_HTTP_PASSWORD)",
      (v) => Number(v),
    )
    .option('--clickhouse-http-user <name>', 'the user name that interface accepts', 'grafana')
    .addHelpText(
      'after',
      '\nEndpoints: POST /v1/traces, /v1/logs (OTLP/HTTP, protobuf or JSON, gzip); OTLP/gRPC on --grpc-port (4317); GET /api/findings, /api/incidents, /api/edges, /api/traces/:id, /healthz, /metrics.\nPoint services at it with OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318. With --clickhouse-http-port 8123, a Grafana ClickHouse datasource (protocol HTTP) reads the store. Ctrl-C stores what is buffered and stops.',
    )
    .action(async (flags: UpFlags) => {
      const log = jsonLog('up')
      const config = configFor(command)
      flags.data = effective(command, 'data', config.store?.data) ?? flags.data
      flags.host = effective(command, 'host', config.gateway?.host) ?? flags.host
      flags.port = effective(command, 'port', config.gateway?.port) ?? flags.port
      // With --port 0 (tests, several instances) gRPC takes any free port too, so the two never collide.
      flags.grpcPort = effective(command, 'grpcPort', config.gateway?.grpc_port) ?? (flags.port === 0 ? 0 : 4317)
      flags.latenessSeconds =
        effective(command, 'latenessSeconds', config.detect?.lateness_seconds) ?? flags.latenessSeconds
      const detector = detectorSettingsFor(command, config)
      const { gatewayToken: token, clickhouseHttpPassword: clickhousePassword } = loadedConfigFor(command).secrets
      if (flags.clickhouseHttpPort !== undefined) {
        if (
          !Number.isInteger(flags.clickhouseHttpPort) ||
          flags.clickhouseHttpPort < 0 ||
          flags.clickhouseHttpPort > 65535
        )
          throw new Error(
            `--clickhouse-http-port ${flags.clickhouseHttpPort}: expected a port number (0-65535; 8123 is ClickHouse's usual)`,
          )
        if (!clickhousePassword)
          throw new Error(
            '--clickhouse-http-port needs TRACEHOUND_CLICKHOUSE_HTTP_PASSWORD: the interface serves the stored spans, so it never runs without a password',
          )
      }
      const pipeline = await startEmbeddedPipeline({
        store: { dataDir: flags.data },
        alerts: flags.alertsConfig ? loadAlertsConfigFile(flags.alertsConfig) : undefined,
        host: flags.host,
        port: flags.port,
        grpcPort: flags.grpcPort,
        latenessSeconds: flags.latenessSeconds,
        detector,
        principalAliases: config.detect?.principals ?? {},
        ...(token ? { bearerToken: token } : {}),
        ...(flags.clickhouseHttpPort !== undefined && clickhousePassword
          ? {
              clickhouseHttp: {
                host: flags.host,
                port: flags.clickhouseHttpPort,
                user: flags.clickhouseHttpUser,
                password: clickhousePassword,
              },
            }
          : {}),
        onIncident: (i) => {
          if (i.status !== 'merged')
            process.stdout.write(
              `INCIDENT ${i.status === 'resolved' ? 'RESOLVED' : i.severity.toUpperCase()} ${i.id}: ${forTerminal(i.title)} (${i.findingIds.length} findings)\n`,
            )
        },
        onFinding: (f) =>
          process.stdout.write(
            `${f.status === 'resolved' ? 'RESOLVED' : f.severity.toUpperCase()} ${f.kind}: ${forTerminal(f.summary)}\n`,
          ),
        log,
      })
      process.stdout.write(`tracehound up: OTLP/HTTP and API on ${pipeline.url} (${pipeline.location})\n`)
      if (pipeline.grpcUrl) process.stdout.write(`tracehound up: OTLP/gRPC on ${pipeline.grpcUrl}\n`)
      // The page asks for the token itself (a #token= fragment would put it in shell history and screenshots).
      process.stdout.write(
        `tracehound up: console on ${pipeline.url}/${token ? ' (it asks for TRACEHOUND_GATEWAY_TOKEN)' : ''}\n`,
      )
      if (pipeline.clickhouseHttp)
        process.stdout.write(
          `tracehound up: ClickHouse HTTP (read-only, user ${flags.clickhouseHttpUser}) on ${pipeline.clickhouseHttp.url}\n`,
        )
      // /healthz and /metrics are served on the receiver's port.
      await runUntilSignal(
        { health: () => ({ ok: true }), metrics: () => '', stop: () => pipeline.stop() },
        {
          log,
          stoppingMessage: 'stopping: storing buffered rows',
          stopped: () => ({ rows: pipeline.writer.rowsWritten }),
        },
      )
    })
}

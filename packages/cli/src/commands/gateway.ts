// `tracehound gateway`: OTLP/HTTP receiver producing to Kafka, for teams
// without an OpenTelemetry Collector.
import type { Command } from 'commander'
import { DEFAULT_MAX_MESSAGE_BYTES, KafkaSink, startGateway } from '@tracehound/gateway'
import { jsonLog } from './json-log.ts'
import { runUntilSignal } from './run-stage.ts'
import { effective } from '../config/effective-option.ts'
import { positiveInteger } from './parse-values.ts'
import { configFor, loadedConfigFor } from './store-options.ts'
import {
  GATEWAY_V8_FLAGS,
  runAgainWithCappedYoungGeneration,
  semiSpaceMib,
  stopWithParent,
  youngGenerationChosen,
} from './young-generation.ts'

interface GatewayFlags {
  kafka?: string
  host: string
  port: number
  maxBodyBytes: number
  spansTopic: string
  logsTopic: string
  maxMessageBytes: number
  spoolDir?: string
  spoolMaxBytes?: number
}

export function registerGateway(command: Command): void {
  command
    .option(
      '--kafka <brokers>',
      'Kafka bootstrap servers, host:port[,host:port…] (or kafka.brokers, TRACEHOUND_KAFKA_BROKERS)',
    )
    .option('--host <address>', 'interface to listen on (0.0.0.0 for all)', '127.0.0.1')
    .option('--port <port>', 'OTLP/HTTP port', (v) => Number(v), 4318)
    .option('--grpc-port <port>', 'OTLP/gRPC port (default 4317; any free port with --port 0)', (v) => Number(v))
    .option(
      '--max-body-bytes <n>',
      'largest request body as sent',
      positiveInteger('--max-body-bytes'),
      4 * 1024 * 1024,
    )
    .option('--spans-topic <topic>', 'topic for traces', 'otlp_spans')
    .option('--logs-topic <topic>', 'topic for logs', 'otlp_logs')
    .option(
      '--max-message-bytes <n>',
      "largest Kafka message (and send batch) produced; keep it under the topics' max.message.bytes",
      positiveInteger('--max-message-bytes'),
      DEFAULT_MAX_MESSAGE_BYTES,
    )
    .option(
      '--spool-dir <dir>',
      'acknowledge requests once fsynced to a spool in <dir>, and produce them to Kafka in the background (survives a Kafka outage and a restart)',
    )
    .option(
      '--spool-max-bytes <n>',
      'spooled bytes not yet in Kafka before requests get 503 + Retry-After (default 256 MiB)',
      positiveInteger('--spool-max-bytes'),
    )
    .addHelpText(
      'after',
      '\nPOST /v1/traces and /v1/logs (application/x-protobuf or application/json, gzip optional); GET /healthz, /metrics.\nThe topics get otlp_proto whatever the client sent (JSON is re-encoded), one message per trace keyed by trace id, every message under --max-message-bytes.\nSet TRACEHOUND_GATEWAY_TOKEN to require Authorization: Bearer <token>.',
    )
    .action(async (flags: GatewayFlags) => {
      const log = jsonLog('gateway')
      const config = configFor(command)
      const brokers = effective(command, 'kafka', config.kafka?.brokers?.join(','))
      if (!brokers)
        throw new Error(
          'gateway needs Kafka: --kafka host:port, kafka.brokers in tracehound.yaml, or TRACEHOUND_KAFKA_BROKERS',
        )
      flags.host = effective(command, 'host', config.gateway?.host) ?? flags.host
      flags.port = effective(command, 'port', config.gateway?.port) ?? flags.port
      const grpcPort =
        effective<number>(command, 'grpcPort', config.gateway?.grpc_port) ?? (flags.port === 0 ? 0 : 4317)
      flags.spansTopic = effective(command, 'spansTopic', config.kafka?.spans_topic) ?? flags.spansTopic
      flags.logsTopic = effective(command, 'logsTopic', config.kafka?.logs_topic) ?? flags.logsTopic
      if (!youngGenerationChosen()) {
        process.exitCode = await runAgainWithCappedYoungGeneration()
        return
      }
      stopWithParent()
      log('info', 'v8 young generation capped', {
        max_semi_space_mib: semiSpaceMib(),
        v8_flags: GATEWAY_V8_FLAGS.filter((flag) => process.execArgv.includes(flag)),
        pid: process.pid,
      })
      const spoolDir = effective<string>(command, 'spoolDir', config.gateway?.spool_dir)
      const spoolMaxBytes = effective<number>(command, 'spoolMaxBytes', config.gateway?.spool_max_bytes)
      const sink = new KafkaSink(
        brokers
          .split(',')
          .map((b) => b.trim())
          .filter(Boolean),
        {
          spansTopic: flags.spansTopic,
          logsTopic: flags.logsTopic,
          maxMessageBytes:
            effective<number>(command, 'maxMessageBytes', config.gateway?.max_message_bytes) ?? flags.maxMessageBytes,
          spoolDir,
          ...(spoolMaxBytes === undefined ? {} : { maxSpoolBytes: spoolMaxBytes }),
          log,
        },
      )
      if (spoolDir) {
        await sink.open()
        log('info', 'spool open: requests are acknowledged once on disk', { dir: spoolDir })
      }
      const token = loadedConfigFor(command).secrets.gatewayToken
      const gateway = await startGateway(
        sink,
        {
          host: flags.host,
          port: flags.port,
          grpcPort,
          maxBodyBytes: flags.maxBodyBytes,
          ...(token ? { bearerToken: token } : {}),
        },
        log,
        { metrics: () => sink.metricsText() },
      )
      // /healthz and /metrics are served on the gateway's own port.
      await runUntilSignal(
        { health: () => ({ ok: true }), metrics: () => '', stop: () => gateway.close().finally(() => sink.close()) },
        { log, stoppingMessage: 'stopping: finishing requests in flight' },
      )
    })
}

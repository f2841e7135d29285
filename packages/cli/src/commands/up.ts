// `tracehound up`: the whole pipeline in one process on the embedded store —
// OTLP/HTTP receiver (/v1/traces, /v1/logs), batch writer, live detection,
// findings on the console, and the HTTP API on the same port.
import type { Command } from 'commander'
import { startGateway } from '@tracehound/gateway'
import { BatchWriter } from '@tracehound/ingest'
import { ChdbStore, migrate } from '@tracehound/store'
import { apiRoutes } from '../up/api-routes.ts'
import { startLiveDetection } from '../up/live-detection.ts'
import { jsonLog } from './json-log.ts'
import { positiveInteger } from './parse-values.ts'

interface UpFlags {
  data: string
  host: string
  port: number
  latenessSeconds: number
  sensitivity?: number
}

export function registerUp(command: Command): void {
  command
    .option('--data <dir>', 'embedded store directory', './.tracehound')
    .option('--host <address>', 'interface to listen on', '127.0.0.1')
    .option('--port <port>', 'OTLP/HTTP and API port', (v) => Number(v), 4318)
    .option('--lateness-seconds <n>', 'how far behind the newest span the detection watermark stays', positiveInteger('--lateness-seconds'), 30)
    .option('--sensitivity <k>', 'robust z-score threshold (higher = fewer findings)', positiveInteger('--sensitivity'))
    .addHelpText(
      'after',
      '\nEndpoints: POST /v1/traces, /v1/logs (OTLP/HTTP, protobuf or JSON, gzip); GET /api/findings, /api/edges, /healthz, /metrics.\nPoint services at it with OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318. Ctrl-C stores what is buffered and stops.',
    )
    .action(async (flags: UpFlags) => {
      const log = jsonLog('up')
      const store = await ChdbStore.open({ dataDir: flags.data })
      await migrate(store)
      const writer = new BatchWriter(store)
      const token = process.env['TRACEHOUND_GATEWAY_TOKEN']
      const gateway = await startGateway(
        { send: (_topic, _messages, decoded) => writer.write(decoded.table, decoded.rows), close: () => writer.drain() },
        { host: flags.host, port: flags.port, ...(token ? { bearerToken: token } : {}) },
        log,
        {
          routes: apiRoutes(store),
          metrics: () =>
            [
              '# HELP tracehound_up_rows_written_total Rows the batch writer stored.',
              '# TYPE tracehound_up_rows_written_total counter',
              `tracehound_up_rows_written_total ${writer.rowsWritten}`,
              '# HELP tracehound_up_rows_buffered Rows waiting for the store.',
              '# TYPE tracehound_up_rows_buffered gauge',
              `tracehound_up_rows_buffered ${writer.buffered}`,
              '',
            ].join('\n'),
        },
      )
      const detection = startLiveDetection(store, {
        latenessSeconds: flags.latenessSeconds,
        config: flags.sensitivity ? { sensitivity: flags.sensitivity } : {},
        onFinding: (f) => process.stdout.write(`${f.status === 'resolved' ? 'RESOLVED' : f.severity.toUpperCase()} ${f.kind}: ${f.summary}\n`),
        onError: (err) => log('error', 'detection cycle failed', { error: (err as Error).message }),
      })
      process.stdout.write(`tracehound up: OTLP/HTTP and API on ${gateway.url} (store ${store.dataDir})\n`)
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve())
        process.once('SIGTERM', () => resolve())
      })
      log('info', 'stopping: storing buffered rows')
      await gateway.close()
      await writer.drain()
      await detection.stop()
      await store.close()
      log('info', 'stopped', { rows: writer.rowsWritten })
    })
}

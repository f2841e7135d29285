// OTLP/gRPC (port 4317 by convention): the TraceService and LogsService
// Export calls that SDKs, the Collector's otlp exporter and telemetrygen make
// by default. The request arrives as the same ExportTraceServiceRequest
// protobuf as OTLP/HTTP, so it is decoded and handed to the same sink with
// the same limits, token and in-flight budget. Status codes as the OTLP
// specification asks: INVALID_ARGUMENT for data that can never be stored (do
// not retry), UNAVAILABLE when the pipeline is saturated or down (retry),
// UNAUTHENTICATED for a wrong token. Metrics export is UNIMPLEMENTED.
import * as grpc from '@grpc/grpc-js'
import {
  applyPrincipalAliases,
  decodeLogsProto,
  decodeTracesProto,
  type LogRow,
  OtlpDecodeError,
  type SpanRow,
} from '@tracehound/otlp'
import { bearerMatches } from './bearer-token.ts'
import type { GatewayMetrics } from './gateway-metrics.ts'
import type { ResolvedGatewayOptions } from './gateway-options.ts'
import type { InFlightBudget } from './in-flight-budget.ts'
import { partialSuccessBody } from './otlp-response.ts'
import type { OtlpSink } from './otlp-sink.ts'
import { retentionMessage, withinRetention } from './retention-filter.ts'

type Log = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void

export interface GrpcReceiverDeps {
  sink: OtlpSink
  options: ResolvedGatewayOptions
  budget: InFlightBudget
  metrics: GatewayMetrics
  log: Log
}

/** An empty Export…ServiceResponse: full success (no partial_success) encodes to zero bytes. */
const SUCCESS = Buffer.alloc(0)
const identity = (b: Buffer): Buffer => b

const method = (path: string): grpc.MethodDefinition<Buffer, Buffer> => ({
  path,
  requestStream: false,
  responseStream: false,
  requestSerialize: identity,
  requestDeserialize: identity,
  responseSerialize: identity,
  responseDeserialize: identity,
})

const TRACES = { Export: method('/opentelemetry.proto.collector.trace.v1.TraceService/Export') }
const LOGS = { Export: method('/opentelemetry.proto.collector.logs.v1.LogsService/Export') }

function failure(code: grpc.status, details: string): grpc.ServiceError {
  return Object.assign(new Error(details), { code, details, metadata: new grpc.Metadata() })
}

export async function startGrpcReceiver(
  deps: GrpcReceiverDeps,
  port: number,
): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const { sink, options, budget, metrics, log } = deps
  const handler =
    (signal: 'traces' | 'logs') =>
    (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>): void => {
      const path = `grpc:${signal}`
      let response: Buffer = SUCCESS
      const answer = (code: grpc.status, details?: string): void => {
        metrics.countRequest(path, code)
        if (code === grpc.status.OK) callback(null, response)
        else callback(failure(code, details ?? ''))
      }
      void (async () => {
        if (!bearerMatches(String(call.metadata.get('authorization')[0] ?? ''), options.bearerToken)) {
          answer(
            grpc.status.UNAUTHENTICATED,
            'missing or wrong bearer token: send the metadata authorization: Bearer <token>',
          )
          return
        }
        const body = call.request
        let rows: readonly SpanRow[] | readonly LogRow[]
        try {
          rows =
            signal === 'traces'
              ? applyPrincipalAliases(decodeTracesProto(body), options.principalAliases)
              : decodeLogsProto(body)
        } catch (err) {
          if (err instanceof OtlpDecodeError) {
            answer(grpc.status.INVALID_ARGUMENT, `invalid OTLP ${signal} request: ${err.message}`)
            return
          }
          throw err
        }
        // Older than the store keeps: not stored, and the client is told (partial_success).
        const cutoff = options.oldestKept?.()
        const { kept, rejected } = withinRetention<SpanRow | LogRow>(rows, cutoff)
        if (rejected > 0 && cutoff !== undefined) {
          metrics.rejectedOutsideRetention += rejected
          response = partialSuccessBody(
            'protobuf',
            signal,
            rejected,
            retentionMessage(rejected, signal === 'traces' ? 'spans' : 'log records', cutoff),
          )
        }
        rows = kept as readonly SpanRow[] | readonly LogRow[]
        if (rows.length === 0) {
          answer(grpc.status.OK)
          return
        }
        if (!budget.tryAcquire(body.length)) {
          answer(
            grpc.status.UNAVAILABLE,
            'gateway saturated: the pipeline is storing slower than data arrives; retry later',
          )
          return
        }
        try {
          await sink.accept({ signal, format: 'protobuf', body, rows })
        } catch (err) {
          if ((err as { retriable?: unknown }).retriable === false) {
            log('warn', 'the pipeline refused a gRPC request for good', { error: (err as Error).message })
            answer(
              grpc.status.INVALID_ARGUMENT,
              `this ${signal} request was refused for good: ${(err as Error).message.slice(0, 500)}`,
            )
            return
          }
          log('warn', 'the pipeline did not take a gRPC request; the client will retry', {
            error: (err as Error).message,
          })
          answer(grpc.status.UNAVAILABLE, 'pipeline saturated or unavailable; retry later')
          return
        } finally {
          budget.release(body.length)
        }
        if (signal === 'traces') metrics.spans += rows.length
        else metrics.logRecords += rows.length
        metrics.bytes += body.length
        answer(grpc.status.OK)
      })().catch((err: unknown) => {
        log('error', 'gRPC export failed', { error: (err as Error).message })
        answer(grpc.status.INTERNAL, 'internal error')
      })
    }
  const server = new grpc.Server({
    // A message larger than this is refused before it is decoded (bounded memory).
    'grpc.max_receive_message_length': options.maxDecompressedBytes,
  })
  server.addService(TRACES, { Export: handler('traces') })
  server.addService(LOGS, { Export: handler('logs') })
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(
      `${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
      grpc.ServerCredentials.createInsecure(),
      (err, p) =>
        err
          ? reject(
              new Error(
                `OTLP/gRPC: cannot listen on ${options.host}:${port} (${err.message}); choose another port with --grpc-port`,
              ),
            )
          : resolve(p),
    ),
  )
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${bound}`,
    port: bound,
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  }
}

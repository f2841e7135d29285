// OTLP/gRPC (port 4317 by convention): the TraceService and LogsService
// Export calls that SDKs, the Collector's otlp exporter and telemetrygen make
// by default. The request arrives as the same ExportTraceServiceRequest
// protobuf as OTLP/HTTP, so it is decoded and handed to the same sink with
// the same limits, token and in-flight budget. Status codes as the OTLP
// specification asks: INVALID_ARGUMENT for data that can never be stored (do
// not retry), UNAVAILABLE when the pipeline is saturated or down (retry),
// UNAUTHENTICATED for a wrong token. Metrics export is UNIMPLEMENTED.
import * as grpc from '@grpc/grpc-js'
import { bearerMatches } from './bearer-token.ts'
import { type ExportDeps, exportRequest } from './export-request.ts'
import { partialSuccessBody } from './otlp-response.ts'

/** An empty Export…ServiceResponse: full success (no partial_success) encodes to zero bytes. */
const SUCCESS = Buffer.alloc(0)
const identity = (b: Buffer): Buffer => b

/** A unary method that carries the encoded protobuf as it is, both ways (also what a raw-bytes client needs). */
export const rawBytesMethod = (path: string): grpc.MethodDefinition<Buffer, Buffer> => ({
  path,
  requestStream: false,
  responseStream: false,
  requestSerialize: identity,
  requestDeserialize: identity,
  responseSerialize: identity,
  responseDeserialize: identity,
})

const TRACES = { Export: rawBytesMethod('/opentelemetry.proto.collector.trace.v1.TraceService/Export') }
const LOGS = { Export: rawBytesMethod('/opentelemetry.proto.collector.logs.v1.LogsService/Export') }

function failure(code: grpc.status, details: string): grpc.ServiceError {
  return Object.assign(new Error(details), { code, details, metadata: new grpc.Metadata() })
}

export async function startGrpcReceiver(
  deps: ExportDeps,
  port: number,
): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const { options, metrics, log } = deps
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
        const outcome = await exportRequest(deps, signal, 'protobuf', call.request)
        if (outcome.kind === 'stored') {
          if (outcome.partial)
            response = partialSuccessBody('protobuf', signal, outcome.partial.rejected, outcome.partial.message)
          answer(grpc.status.OK)
        } else
          answer(outcome.kind === 'invalid' ? grpc.status.INVALID_ARGUMENT : grpc.status.UNAVAILABLE, outcome.message)
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

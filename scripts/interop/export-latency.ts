// One export at a time, as an SDK sends them (one in flight): the same
// pre-encoded 512-span request over OTLP/HTTP or OTLP/gRPC, `clients`
// concurrent loops for `seconds`. Answers how many exports were acknowledged,
// so the caller can print the time and the receiver's CPU per export — where
// the receiver's promise (acknowledged after Kafka) costs latency, and where
// its transport costs CPU.
import * as grpc from '@grpc/grpc-js'
import { rawBytesMethod } from '@tracehound/gateway'
import { httpLoad, otlpRequest } from './http-load.ts'

/** A TraceService client that sends and receives raw bytes: the request is already encoded. */
const TraceClient = grpc.makeGenericClientConstructor(
  { Export: rawBytesMethod('/opentelemetry.proto.collector.trace.v1.TraceService/Export') },
  'TraceService',
)

async function grpcExports(port: number, clients: number, seconds: number): Promise<number> {
  const client = new TraceClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure())
  const exportOnce = (body: Buffer): Promise<boolean> =>
    new Promise((resolve) =>
      (client as unknown as { Export(b: Buffer, done: (err: unknown) => void): void }).Export(body, (err) =>
        resolve(!err),
      ),
    )
  const bodies = Array.from({ length: 32 }, () => otlpRequest())
  const until = Date.now() + seconds * 1000
  let acknowledged = 0
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = c; Date.now() < until; i += clients) if (await exportOnce(bodies[i % bodies.length]!)) acknowledged++
    }),
  )
  client.close()
  return acknowledged
}

/** Exports acknowledged in `seconds` by the receiver at `port` (…/v1/traces for HTTP). */
export async function exportsAcknowledged(
  transport: 'http' | 'grpc',
  port: number,
  clients: number,
  seconds: number,
): Promise<number> {
  if (transport === 'grpc') return grpcExports(port, clients, seconds)
  return (await httpLoad(`http://127.0.0.1:${port}/v1/traces`, clients, seconds)).acknowledged / 512
}

// `npm run bench -w @tracehound/gateway`: what a receiver's transport costs
// per OTLP export, before any decoding — the same 512-span request (66 KB of
// protobuf, the interop's request) over OTLP/HTTP on node:http (the gateway's HTTP path), over gRPC
// on @grpc/grpc-js (the gateway's gRPC path), and over gRPC on node:http2
// with the framing written by hand (what replacing grpc-js would save). One
// export in flight, as an SDK sends. Each receiver runs in its own process and
// reports its own CPU per export; the transports alternate for several
// rounds and the median is printed, with ratios to grpc-js.
import { spawn } from 'node:child_process'
import { request as httpRequest, Agent } from 'node:http'
import { cpus } from 'node:os'
import { fileURLToPath } from 'node:url'
import * as grpc from '@grpc/grpc-js'
import { otlpRequest } from '../../../scripts/interop/http-load.ts'
import { rawBytesMethod } from '../src/otlp-grpc-receiver.ts'

const SERVER = fileURLToPath(new URL('./support/transport-server.ts', import.meta.url))
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3)
const WARM = 300
const COUNT = Number(process.env['BENCH_EXPORTS'] ?? 3000)
const TRANSPORTS = ['http1', 'grpc-js', 'h2'] as const
type Transport = (typeof TRANSPORTS)[number]

// The interop's own request (128 traces × 4 spans), so the numbers compare with its section F.
const bodies = Array.from({ length: 16 }, otlpRequest)

async function sendAll(transport: Transport, port: number): Promise<void> {
  const total = WARM + COUNT
  if (transport === 'http1') {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    for (let i = 0; i < total; i++) {
      const body = bodies[i % bodies.length]!
      await new Promise<void>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/v1/traces',
            agent,
            headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length },
          },
          (res) => res.resume().on('end', resolve),
        )
        req.on('error', reject)
        req.end(body)
      })
    }
    agent.destroy()
    return
  }
  const Client = grpc.makeGenericClientConstructor(
    { Export: rawBytesMethod('/opentelemetry.proto.collector.trace.v1.TraceService/Export') },
    'TraceService',
  )
  const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as unknown as {
    Export(body: Buffer, done: (err: grpc.ServiceError | null) => void): void
    close(): void
  }
  for (let i = 0; i < total; i++)
    await new Promise<void>((resolve, reject) =>
      client.Export(bodies[i % bodies.length]!, (err) => (err ? reject(err) : resolve())),
    )
  client.close()
}

async function measure(transport: Transport): Promise<{ cpu: number; wall: number }> {
  const child = spawn(process.execPath, ['--conditions=tracehound-source', SERVER], {
    env: { ...process.env, TRANSPORT: transport, WARM: String(WARM), COUNT: String(COUNT) },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  const seen = (pattern: RegExp): Promise<RegExpExecArray> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const match = pattern.exec(out)
        if (match) resolve(match)
      }
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString()
        check()
      })
      child.once('exit', (code) => reject(new Error(`${transport} receiver exited (${code}) before ${pattern}`)))
      check()
    })
  const port = Number((await seen(/LISTENING (\d+)/))[1])
  const result = seen(/RESULT (\S+) (\S+)/)
  await sendAll(transport, port)
  const [, cpu, wall] = await result
  return { cpu: Number(cpu), wall: Number(wall) }
}

console.log(
  `OTLP transports: ${COUNT} exports of one 512-span request (${bodies[0]!.length} bytes) after ${WARM} to warm up, one in flight; median of ${ROUNDS} alternating rounds; ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
)
const results = Object.fromEntries(TRANSPORTS.map((t) => [t, [] as { cpu: number; wall: number }[]]))
for (let round = 0; round < ROUNDS; round++) {
  for (const transport of TRANSPORTS) results[transport]!.push(await measure(transport))
  process.stderr.write(`  round ${round + 1}/${ROUNDS} done\n`)
}
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const cpuOf = (t: Transport): number => median(results[t]!.map((r) => r.cpu))
const NAMES: Record<Transport, string> = {
  http1: 'OTLP/HTTP on node:http (the gateway’s HTTP path)',
  'grpc-js': 'OTLP/gRPC on @grpc/grpc-js (the gateway’s gRPC path)',
  h2: 'OTLP/gRPC on node:http2, framing by hand',
}
for (const t of TRANSPORTS) {
  const wall = median(results[t]!.map((r) => r.wall))
  console.log(
    `  ${NAMES[t].padEnd(56)} ${cpuOf(t).toFixed(0).padStart(5)} µs CPU/export  ${wall.toFixed(3)} ms/export  ${(cpuOf(t) / cpuOf('grpc-js')).toFixed(2)}× grpc-js's CPU (rounds ${results[t]!.map((r) => r.cpu.toFixed(0)).join(', ')})`,
  )
}

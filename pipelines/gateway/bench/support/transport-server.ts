// One receiver of the transport benchmark, in its own process: it takes OTLP
// export requests and answers success at once (no decoding, no Kafka), so the
// CPU it reports is the transport's. TRANSPORT=http1 (node:http, as the
// gateway's OTLP/HTTP), h2 (node:http2 speaking gRPC's framing by hand) or
// grpc-js (@grpc/grpc-js with the gateway's raw-bytes method). After WARM
// requests it starts counting; after WARM + COUNT it prints its CPU time per
// request and exits.
import { createServer as createHttpServer } from 'node:http'
import { createServer as createHttp2Server } from 'node:http2'
import * as grpc from '@grpc/grpc-js'
import { rawBytesMethod } from '../../src/otlp-grpc-receiver.ts'

const transport = process.env['TRANSPORT'] ?? 'http1'
const WARM = Number(process.env['WARM'] ?? 300)
const COUNT = Number(process.env['COUNT'] ?? 3000)
const EMPTY_GRPC_MESSAGE = Buffer.from([0, 0, 0, 0, 0])

let seen = 0
let startCpu: NodeJS.CpuUsage | undefined
let startTime = 0
/** Counts a request; prints `RESULT <µs CPU> <ms wall>` per request once COUNT were counted. */
function count(): void {
  seen++
  if (seen === WARM) {
    startCpu = process.cpuUsage()
    startTime = performance.now()
  }
  if (seen === WARM + COUNT) {
    const cpu = process.cpuUsage(startCpu)
    const wall = performance.now() - startTime
    process.stdout.write(`RESULT ${(cpu.user + cpu.system) / COUNT} ${wall / COUNT}\n`)
    setTimeout(() => process.exit(0), 50)
  }
}

function listening(port: number): void {
  process.stdout.write(`LISTENING ${port}\n`)
}

if (transport === 'grpc-js') {
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 64 << 20 })
  server.addService(
    { Export: rawBytesMethod('/opentelemetry.proto.collector.trace.v1.TraceService/Export') },
    {
      Export: (_call: grpc.ServerUnaryCall<Buffer, Buffer>, done: grpc.sendUnaryData<Buffer>) => {
        count()
        done(null, Buffer.alloc(0))
      },
    },
  )
  server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => {
    if (err) throw err
    listening(port)
  })
} else if (transport === 'h2') {
  const server = createHttp2Server()
  server.on('stream', (stream) => {
    const chunks: Buffer[] = []
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    stream.on('end', () => {
      Buffer.concat(chunks)
      count()
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true })
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }))
      stream.end(EMPTY_GRPC_MESSAGE)
    })
  })
  server.listen(0, '127.0.0.1', () => listening((server.address() as { port: number }).port))
} else {
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      Buffer.concat(chunks)
      count()
      res.writeHead(200, { 'content-type': 'application/x-protobuf' })
      res.end()
    })
  })
  server.listen(0, '127.0.0.1', () => listening((server.address() as { port: number }).port))
}

// One server for the overhead benchmark, in its own process:
//   MODE=bare        plain node:http
//   MODE=tracehound  start() from @tracehound/instrumentation
//   MODE=stock       sdk-node with getNodeAutoInstrumentations()
// Spans go to an exporter that drops them, so the numbers are about
// instrumentation, not the network.
import { createRequire } from 'node:module'
import { ExportResultCode, type ExportResult } from '@opentelemetry/core'

let exported = 0
let served = 0
const dropSpans = {
  export: (spans: unknown[], done: (result: ExportResult) => void) => {
    exported += spans.length
    done({ code: ExportResultCode.SUCCESS })
  },
  shutdown: async () => {},
  forceFlush: async () => {},
}

const mode = process.env['MODE'] ?? 'bare'
let log: (msg: string) => void = () => {}
if (mode === 'tracehound') {
  const { start, logger } = await import('../../src/index.ts')
  start({ serviceName: 'bench', spanExporter: dropSpans as never })
  log = (msg) => logger.debug(msg)
} else if (mode === 'stock') {
  const { NodeSDK } = await import('@opentelemetry/sdk-node')
  const { getNodeAutoInstrumentations } = await import('@opentelemetry/auto-instrumentations-node')
  new NodeSDK({
    serviceName: 'bench',
    traceExporter: dropSpans as never,
    instrumentations: [getNodeAutoInstrumentations()],
  }).start()
}

// node:http is required after the SDK started, so the instrumentation can patch it
// (a static ESM import would bind the unpatched function first).
const { createServer } = createRequire(import.meta.url)('node:http') as typeof import('node:http')
const body = JSON.stringify({ id: 42, status: 'paid', items: [1, 2, 3] })
const server = createServer((req, res) => {
  if (req.url === '/cpu') {
    const u = process.cpuUsage()
    res.end(String(u.user + u.system))
    return
  }
  if (req.url === '/exported-spans') {
    res.end(`${exported} ${served}`)
    return
  }
  served++
  log(`served ${req.url}`)
  res.writeHead(200, { 'content-type': 'application/json' })
  res.end(body)
})
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  process.stdout.write(`LISTENING ${typeof address === 'object' && address ? address.port : 0}\n`)
})

import { createServer } from 'node:http'
import { context, trace, SpanKind, propagation, ROOT_CONTEXT } from '@opentelemetry/api'
import { ExportResultCode } from '@opentelemetry/core'
import { NodeSDK } from '@opentelemetry/sdk-node'
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace'
let exported = 0
const drop = { export: (s: unknown[], done: (r: unknown) => void) => { exported += s.length; done({ code: ExportResultCode.SUCCESS }) }, shutdown: async () => {}, forceFlush: async () => {} }
const level = process.env['LEVEL'] ?? 'span'
new NodeSDK({ serviceName: 'bench', metricReaders: [], spanProcessors: [new BatchSpanProcessor({ exporter: drop as never, maxQueueSize: 4096, maxExportBatchSize: 512, scheduledDelayMillis: 1000 })], instrumentations: [] }).start()
const tracer = trace.getTracer('floor')
const body = JSON.stringify({ id: 42, status: 'paid', items: [1, 2, 3] })
const getter = { get: (c: any, k: string) => c[k], keys: (c: any) => Object.keys(c) }
const server = createServer((req, res) => {
  if (req.url === '/cpu') {
    const u = process.cpuUsage()
    res.end(String(u.user + u.system))
    return
  }
  if (req.url === '/cpu') { const u = process.cpuUsage(); res.end(String(u.user + u.system)); return }
  if (req.url === '/exported-spans') { res.end(String(exported)); return }
  if (level === 'none') { res.writeHead(200, { 'content-type': 'application/json' }); res.end(body); return }
  const parent = level === 'extract' ? propagation.extract(ROOT_CONTEXT, req.headers, getter) : ROOT_CONTEXT
  const span = tracer.startSpan('GET', { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': req.url, 'url.scheme': 'http', 'server.address': '127.0.0.1', 'server.port': 1, 'client.address': req.socket.remoteAddress, 'user_agent.original': req.headers['user-agent'], 'network.protocol.version': '1.1' } }, parent)
  context.with(trace.setSpan(parent, span), () => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(body)
  })
  span.setAttribute('http.response.status_code', 200)
  span.end()
})
server.listen(0, '127.0.0.1', () => { const a = server.address(); process.stdout.write(`LISTENING ${typeof a === 'object' && a ? a.port : 0}\n`) })

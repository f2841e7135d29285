import { propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api'
import { ExportResultCode } from '@opentelemetry/core'
import { start } from '../src/index.ts'
let exported = 0
start({ serviceName: 'bench', spanExporter: { export: (s: unknown[], done: (r: unknown) => void) => { exported += s.length; done({ code: ExportResultCode.SUCCESS }) }, shutdown: async () => {}, forceFlush: async () => {} } as never })
const tracer = trace.getTracer('x')
const headers = { host: '127.0.0.1:4000', 'user-agent': 'autocannon', 'x-correlation-id': '3fa85f64-5717-4562-b3fc-2c963f66afa6' }
const parent = propagation.extract(ROOT_CONTEXT, headers)
const attrs = (i: number) => ({ 'http.request.method': 'GET', 'url.path': `/orders/${i}`, 'url.scheme': 'http', 'network.protocol.version': '1.1', 'network.peer.address': '127.0.0.1', 'client.address': '127.0.0.1', 'server.address': '127.0.0.1', 'server.port': 4000, 'user_agent.original': 'autocannon' })
let i = 0
const t0 = Date.now()
while (Date.now() - t0 < 6000) {
  for (let k = 0; k < 100; k++) { const s = tracer.startSpan('GET', { kind: SpanKind.SERVER, attributes: attrs(i++) }, parent); s.setAttribute('http.response.status_code', 200); s.end() }
  await new Promise((r) => setImmediate(r))
}
console.log(i, 'spans', (6e6 / i).toFixed(2), 'µs/span wall')
process.exit(0)

import { context, propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api'
import { ExportResultCode, setRPCMetadata, RPCType } from '@opentelemetry/core'
import { start } from '../src/index.ts'
import { acceptCorrelationId, newCorrelationId } from '../src/correlation-id.ts'
let exported = 0
start({ serviceName: 'bench', spanExporter: { export: (s: unknown[], done: (r: unknown) => void) => { exported += s.length; done({ code: ExportResultCode.SUCCESS }) }, shutdown: async () => {}, forceFlush: async () => {} } as never })
const tracer = trace.getTracer('x')
function t(name: string, fn: (i: number) => unknown, N = 300000) { for (let i = 0; i < 30000; i++) fn(i); const t0 = process.hrtime.bigint(); for (let i = 0; i < N; i++) fn(i); console.log(name.padEnd(30), (Number(process.hrtime.bigint() - t0) / N).toFixed(0), 'ns') }
const headers = { host: '127.0.0.1:4000', 'user-agent': 'autocannon', 'x-correlation-id': '3fa85f64-5717-4562-b3fc-2c963f66afa6' }
t('uuid', () => newCorrelationId())
t('accept', () => acceptCorrelationId(headers['x-correlation-id']))
t('extract', () => propagation.extract(ROOT_CONTEXT, headers))
const parent = propagation.extract(ROOT_CONTEXT, headers)
const attrs = (i: number) => ({ 'http.request.method': 'GET', 'url.path': `/orders/${i}`, 'url.scheme': 'http', 'network.protocol.version': '1.1', 'network.peer.address': '127.0.0.1', 'client.address': '127.0.0.1', 'server.address': '127.0.0.1', 'server.port': 4000, 'user_agent.original': 'autocannon' })
t('startSpan only', (i) => tracer.startSpan('GET', { kind: SpanKind.SERVER, attributes: attrs(i) }, parent))
t('startSpan+end', (i) => { const s = tracer.startSpan('GET', { kind: SpanKind.SERVER, attributes: attrs(i) }, parent); s.setAttribute('http.response.status_code', 200); s.end() })
t('setSpan+rpc', () => setRPCMetadata(trace.setSpan(parent, trace.wrapSpanContext({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 })), { type: RPCType.HTTP, span: undefined as never }))
t('context.with', () => context.with(parent, () => 1))
await new Promise((r) => setTimeout(r, 1500))
console.log('exported', exported)
process.exit(0)

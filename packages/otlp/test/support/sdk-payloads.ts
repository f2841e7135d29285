// Real OTLP payloads: spans and logs recorded by the OpenTelemetry JS SDK and
// serialized by its own OTLP serializers (the bytes an SDK exporter sends).
import { SpanKind, SpanStatusCode, context, trace, type Attributes } from '@opentelemetry/api'
import { SeverityNumber } from '@opentelemetry/api-logs'
import {
  JsonLogsSerializer,
  JsonTraceSerializer,
  ProtobufLogsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer'
import { resourceFromAttributes } from '@opentelemetry/resources'
import {
  InMemoryLogRecordExporter,
  LoggerProvider,
  SimpleLogRecordProcessor,
  type ReadableLogRecord,
} from '@opentelemetry/sdk-logs'
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace'

export const RICH_ATTRIBUTES: Attributes = {
  'http.request.method': 'GET',
  'http.route': '/orders/:id',
  'http.response.status_code': 404,
  'retry.allowed': true,
  ratio: 3.5,
  tiny: 1e-7,
  tags: ['a', 'b'],
  ports: [80, 443],
  utf8: 'zażółć ✓',
}

export async function recordSpans(): Promise<ReadableSpan[]> {
  const exporter = new InMemorySpanExporter()
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'orders',
      'service.version': '2.1.0',
      'deployment.environment': 'test',
    }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  })
  const tracer = provider.getTracer('orders-http', '1.2.3')
  const linked = tracer.startSpan('background')
  linked.end()
  const server = tracer.startSpan('GET /orders/:id', {
    kind: SpanKind.SERVER,
    attributes: RICH_ATTRIBUTES,
    links: [{ context: linked.spanContext(), attributes: { 'link.reason': 'follows' } }],
    startTime: [1_795_000_000, 123_456_789],
  })
  server.addEvent('cache.miss', { 'cache.key': 'order:42', size: 7 }, [1_795_000_000, 200_000_000])
  const client = tracer.startSpan(
    'SELECT orders',
    {
      kind: SpanKind.CLIENT,
      attributes: { 'db.system': 'postgresql', 'server.address': 'postgres' },
      startTime: [1_795_000_000, 300_000_000],
    },
    trace.setSpan(context.active(), server),
  )
  client.end([1_795_000_000, 350_000_001])
  server.setStatus({ code: SpanStatusCode.ERROR, message: 'order not found' })
  server.end([1_795_000_001, 0])
  await provider.forceFlush() // SimpleSpanProcessor hands spans to the exporter asynchronously
  return exporter.getFinishedSpans()
}

export async function recordLogs(): Promise<ReadableLogRecord[]> {
  const exporter = new InMemoryLogRecordExporter()
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'orders' }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  })
  const logger = provider.getLogger('tracehound', '0.1.0')
  logger.emit({
    body: 'order 42 not found',
    severityNumber: SeverityNumber.WARN,
    severityText: 'WARN',
    attributes: { correlation_id: 'c-1', attempt: 2 },
    timestamp: [1_795_000_000, 5],
  })
  logger.emit({ body: { structured: true, n: 1 }, severityNumber: SeverityNumber.INFO, severityText: 'INFO' })
  await provider.forceFlush()
  return exporter.getFinishedLogRecords()
}

export const traceProto = (spans: ReadableSpan[]): Uint8Array => ProtobufTraceSerializer.serializeRequest(spans)!
export const traceJson = (spans: ReadableSpan[]): Uint8Array => JsonTraceSerializer.serializeRequest(spans)!
export const logsProto = (logs: ReadableLogRecord[]): Uint8Array => ProtobufLogsSerializer.serializeRequest(logs)!
export const logsJson = (logs: ReadableLogRecord[]): Uint8Array => JsonLogsSerializer.serializeRequest(logs)!

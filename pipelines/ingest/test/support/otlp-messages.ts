// Kafka messages as the Collector's kafka exporter writes them: each value an
// OTLP ExportTraceServiceRequest (protobuf or JSON) serialized by the
// OpenTelemetry SDK, keyed by trace id, several traces per message.
import { randomUUID } from 'node:crypto'
import { SpanKind, context, trace } from '@opentelemetry/api'
import { SeverityNumber } from '@opentelemetry/api-logs'
import { JsonTraceSerializer, ProtobufLogsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs'
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace'
import { Kafka, Partitioners, logLevel, type Message } from 'kafkajs'

export interface TraceMessages {
  messages: Message[]
  spans: number
}

/** `count` messages of `tracesPerMessage` traces × 4 spans (server → client → server → db). */
export async function traceMessages(
  count: number,
  tracesPerMessage: number,
  encoding: 'otlp_proto' | 'otlp_json' = 'otlp_proto',
): Promise<TraceMessages> {
  const messages: Message[] = []
  let spans = 0
  for (let m = 0; m < count; m++) {
    const exporter = new InMemorySpanExporter()
    const provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': `svc-${m % 4}` }),
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
    })
    const tracer = provider.getTracer('ingest-test')
    let key = ''
    for (let t = 0; t < tracesPerMessage; t++) {
      const root = tracer.startSpan('GET /orders/:id', {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': 'GET',
          'http.route': '/orders/:id',
          'url.path': `/orders/${t}`,
          'http.response.status_code': 200,
          'correlation.id': randomUUID(),
        },
      })
      key ||= root.spanContext().traceId
      const ctx = trace.setSpan(context.active(), root)
      const client = tracer.startSpan(
        'GET',
        { kind: SpanKind.CLIENT, attributes: { 'server.address': 'payments:8080' } },
        ctx,
      )
      const callee = tracer.startSpan(
        'POST /pay',
        { kind: SpanKind.SERVER, attributes: { 'http.route': '/pay' } },
        trace.setSpan(context.active(), client),
      )
      const db = tracer.startSpan(
        'SELECT',
        { kind: SpanKind.CLIENT, attributes: { 'db.system': 'postgresql', 'server.address': 'postgres' } },
        trace.setSpan(context.active(), callee),
      )
      for (const span of [db, callee, client, root]) span.end()
    }
    await provider.forceFlush()
    const finished = exporter.getFinishedSpans()
    spans += finished.length
    const value =
      encoding === 'otlp_proto'
        ? ProtobufTraceSerializer.serializeRequest(finished)!
        : JsonTraceSerializer.serializeRequest(finished)!
    messages.push({ key, value: Buffer.from(value) })
  }
  return { messages, spans }
}

export async function logMessages(
  count: number,
  recordsPerMessage: number,
): Promise<{ messages: Message[]; records: number }> {
  const messages: Message[] = []
  for (let m = 0; m < count; m++) {
    const exporter = new InMemoryLogRecordExporter()
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': 'orders' }),
      processors: [new SimpleLogRecordProcessor({ exporter })],
    })
    const logger = provider.getLogger('ingest-test')
    for (let i = 0; i < recordsPerMessage; i++)
      logger.emit({
        body: `line ${m}/${i}`,
        severityNumber: SeverityNumber.INFO,
        severityText: 'INFO',
        attributes: { correlation_id: randomUUID() },
      })
    await provider.forceFlush()
    messages.push({
      key: null,
      value: Buffer.from(ProtobufLogsSerializer.serializeRequest(exporter.getFinishedLogRecords())!),
    })
  }
  return { messages, records: count * recordsPerMessage }
}

export function kafkaFor(brokers: string): Kafka {
  return new Kafka({ clientId: 'ingest-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING })
}

export async function createTopics(kafka: Kafka, topics: string[], partitions = 3): Promise<void> {
  const admin = kafka.admin()
  await admin.connect()
  await admin.createTopics({
    topics: topics.map((topic) => ({ topic, numPartitions: partitions })),
    waitForLeaders: true,
  })
  await admin.disconnect()
}

// The broker refuses a record batch over message.max.bytes (1 MiB by default),
// and kafkajs sends one batch per partition per request. Keys spread messages
// at random, so a send must stay under the limit even if every message of it
// lands on one partition: 25 messages of 63 KB did, once in a few hundred runs.
const SEND_BYTES_LIMIT = 768 * 1024

export async function produce(kafka: Kafka, topic: string, messages: Message[], perSend = 50): Promise<void> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true })
  await producer.connect()
  let batch: Message[] = []
  let bytes = 0
  for (const message of messages) {
    const size = (message.value?.length ?? 0) + (message.key?.length ?? 0)
    if (batch.length > 0 && (batch.length >= perSend || bytes + size > SEND_BYTES_LIMIT)) {
      await producer.send({ topic, acks: -1, messages: batch })
      batch = []
      bytes = 0
    }
    batch.push(message)
    bytes += size
  }
  if (batch.length > 0) await producer.send({ topic, acks: -1, messages: batch })
  await producer.disconnect()
}

/** True once the group has committed every partition of `topic` up to its end. */
export async function caughtUp(kafka: Kafka, groupId: string, topic: string): Promise<boolean> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    const ends = await admin.fetchTopicOffsets(topic)
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] })
    return ends.every((end) => committed?.partitions.find((p) => p.partition === end.partition)?.offset === end.high)
  } finally {
    await admin.disconnect()
  }
}

/** Polls `check` until true; a thrown error (a coordinator still loading…) counts as "not yet". */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  while (Date.now() < deadline) {
    try {
      if (await check()) return
    } catch (err) {
      lastError = err
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`,
  )
}

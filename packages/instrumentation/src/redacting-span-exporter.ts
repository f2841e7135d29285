// Redacts span attributes, event attributes, link attributes, status messages
// and span names before any span leaves the process. Spans are copied, never
// modified.
import type { ExportResult } from '@opentelemetry/core'
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace'
import type { Redactor } from './redaction/redactor.ts'

export class RedactingSpanExporter implements SpanExporter {
  readonly #inner: SpanExporter
  readonly #redactor: Redactor

  constructor(inner: SpanExporter, redactor: Redactor) {
    this.#inner = inner
    this.#redactor = redactor
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.#inner.export(spans.map((span) => this.#redact(span)), resultCallback)
  }

  #redact(span: ReadableSpan): ReadableSpan {
    const r = this.#redactor
    // A plain copy: the SDK's Span keeps state in private fields a prototype copy would not carry.
    return {
      name: r.string(span.name),
      kind: span.kind,
      spanContext: () => span.spanContext(),
      ...(span.parentSpanContext ? { parentSpanContext: span.parentSpanContext } : {}),
      startTime: span.startTime,
      endTime: span.endTime,
      status: span.status.message ? { ...span.status, message: r.string(span.status.message) } : span.status,
      attributes: r.attributes(span.attributes) as ReadableSpan['attributes'],
      links: span.links.map((l) => (l.attributes ? { ...l, attributes: r.attributes(l.attributes) as ReadableSpan['attributes'] } : l)),
      events: span.events.map((e) => (e.attributes ? { ...e, attributes: r.attributes(e.attributes) as ReadableSpan['attributes'] } : e)),
      duration: span.duration,
      ended: span.ended,
      resource: span.resource,
      instrumentationScope: span.instrumentationScope,
      droppedAttributesCount: span.droppedAttributesCount,
      droppedEventsCount: span.droppedEventsCount,
      droppedLinksCount: span.droppedLinksCount,
    }
  }

  shutdown(): Promise<void> {
    return this.#inner.shutdown()
  }

  forceFlush(): Promise<void> {
    return this.#inner.forceFlush?.() ?? Promise.resolve()
  }
}

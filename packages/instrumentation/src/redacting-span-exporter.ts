// Redacts span attributes, event attributes, link attributes, status messages
// and span names before any span leaves the process. Spans are never
// modified: one with something to redact is copied, one without goes as is.
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
    this.#inner.export(
      spans.map((span) => this.#redact(span)),
      resultCallback,
    )
  }

  #redact(span: ReadableSpan): ReadableSpan {
    const r = this.#redactor
    const name = r.name(span.name)
    const status = span.status.message ? { ...span.status, message: r.string(span.status.message) } : span.status
    const attributes = r.attributes(span.attributes) as ReadableSpan['attributes']
    const links = mapChanged(span.links, (l) =>
      l.attributes ? withAttributes(l, r.attributes(l.attributes) as ReadableSpan['attributes']) : l,
    )
    const events = mapChanged(span.events, (e) =>
      e.attributes ? withAttributes(e, r.attributes(e.attributes) as ReadableSpan['attributes']) : e,
    )
    // Nothing to redact (the common case): the span itself goes out, no copy.
    if (
      name === span.name &&
      status.message === span.status.message &&
      attributes === span.attributes &&
      links === span.links &&
      events === span.events
    )
      return span
    // A plain copy: the SDK's Span keeps state in private fields a prototype copy would not carry.
    return {
      name,
      kind: span.kind,
      spanContext: () => span.spanContext(),
      ...(span.parentSpanContext ? { parentSpanContext: span.parentSpanContext } : {}),
      startTime: span.startTime,
      endTime: span.endTime,
      status,
      attributes,
      links,
      events,
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

/** `item` with other attributes, or `item` itself when they are the same map. */
function withAttributes<T extends { attributes?: ReadableSpan['attributes'] }>(
  item: T,
  attributes: ReadableSpan['attributes'],
): T {
  return attributes === item.attributes ? item : { ...item, attributes }
}

/** The array mapped, or the array itself when no item changed. */
function mapChanged<T>(items: T[], map: (item: T) => T): T[] {
  let out: T[] | undefined
  for (let i = 0; i < items.length; i++) {
    const mapped = map(items[i]!)
    if (mapped !== items[i] && !out) out = items.slice(0, i)
    out?.push(mapped)
  }
  return out ?? items
}

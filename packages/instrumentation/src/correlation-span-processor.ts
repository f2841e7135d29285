// Puts `correlation.id` on EVERY span at its start: from the context when a
// request brought one, else the id its trace already got here (spans started
// outside any request share one per trace). Also remembers each trace's local
// server span, so setUser() can annotate it from any depth.
import type { Context } from '@opentelemetry/api'
import { SpanKind } from '@opentelemetry/api'
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace'
import { CORRELATION_ATTRIBUTE, getCorrelationId, newCorrelationId } from './correlation-id.ts'

const MAX_TRACKED = 10_000

export class CorrelationSpanProcessor implements SpanProcessor {
  readonly #idByTrace = new Map<string, string>()
  readonly #serverSpanByTrace = new Map<string, Span>()

  onStart(span: Span, parentContext: Context): void {
    const traceId = span.spanContext().traceId
    let id = getCorrelationId(parentContext) ?? this.#idByTrace.get(traceId)
    if (!id) {
      id = newCorrelationId()
    }
    remember(this.#idByTrace, traceId, id)
    span.setAttribute(CORRELATION_ATTRIBUTE, id)
    if (span.kind === SpanKind.SERVER) remember(this.#serverSpanByTrace, traceId, span)
  }

  onEnd(span: ReadableSpan): void {
    const traceId = span.spanContext().traceId
    if (span.kind === SpanKind.SERVER && this.#serverSpanByTrace.get(traceId) === span) {
      this.#serverSpanByTrace.delete(traceId)
      this.#idByTrace.delete(traceId)
    }
  }

  /** The local server span of a trace, while it runs. */
  serverSpan(traceId: string): Span | undefined {
    return this.#serverSpanByTrace.get(traceId)
  }

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {
    this.#idByTrace.clear()
    this.#serverSpanByTrace.clear()
  }
}

/** A bounded insertion-ordered map: the oldest entry goes first. */
function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key)
  map.set(key, value)
  if (map.size > MAX_TRACKED) map.delete(map.keys().next().value as string)
}

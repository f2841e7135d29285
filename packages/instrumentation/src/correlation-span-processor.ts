// Puts `correlation.id` on EVERY span at its start: from the context when a
// request brought one (always, inside a request), else the id its trace
// already got here — spans started outside any request share one per trace.
import type { Context } from '@opentelemetry/api'
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace'
import { CORRELATION_ATTRIBUTE, getCorrelationId, newCorrelationId } from './correlation-id.ts'
import { addOwnAttribute } from './own-attributes.ts'

const MAX_TRACKED = 10_000

export class CorrelationSpanProcessor implements SpanProcessor {
  /** Only for traces that started outside a request; bounded, oldest out first. */
  readonly #idByTrace = new Map<string, string>()

  onStart(span: Span, parentContext: Context): void {
    addOwnAttribute(
      span,
      CORRELATION_ATTRIBUTE,
      getCorrelationId(parentContext) ?? this.#idOfTrace(span.spanContext().traceId),
    )
  }

  #idOfTrace(traceId: string): string {
    let id = this.#idByTrace.get(traceId)
    if (id === undefined) {
      id = newCorrelationId()
      this.#idByTrace.set(traceId, id)
      if (this.#idByTrace.size > MAX_TRACKED) this.#idByTrace.delete(this.#idByTrace.keys().next().value as string)
    }
    return id
  }

  onEnd(_span: ReadableSpan): void {}

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {
    this.#idByTrace.clear()
  }
}

// Carries the correlation id across hops: extract from `x-correlation-id` (or
// baggage) on the way in, inject `x-correlation-id` on every outbound call.
import type { Context, TextMapGetter, TextMapPropagator, TextMapSetter } from '@opentelemetry/api'
import { acceptCorrelationId, CORRELATION_HEADER, getCorrelationId, withCorrelationId } from './correlation-id.ts'

export class CorrelationIdPropagator implements TextMapPropagator {
  inject(ctx: Context, carrier: unknown, setter: TextMapSetter): void {
    const id = getCorrelationId(ctx)
    if (id) setter.set(carrier, CORRELATION_HEADER, id)
  }

  extract(ctx: Context, carrier: unknown, getter: TextMapGetter): Context {
    const id = acceptCorrelationId(getter.get(carrier, CORRELATION_HEADER)) ?? getCorrelationId(ctx)
    return id ? withCorrelationId(ctx, id) : ctx
  }

  fields(): string[] {
    return [CORRELATION_HEADER]
  }
}

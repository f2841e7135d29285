// Carries the correlation id across hops, as `x-correlation-id` and as the
// `correlation.id` entry of W3C baggage (it also propagates the rest of the
// baggage, in place of W3CBaggagePropagator). The baggage entry is added when
// a call goes out, not when a request comes in: most requests make fewer
// calls than they are, and each context change copies the context.
import {
  propagation,
  type Context,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
} from '@opentelemetry/api'
import { W3CBaggagePropagator } from '@opentelemetry/core'
import {
  acceptCorrelationId,
  CORRELATION_BAGGAGE_KEY,
  CORRELATION_HEADER,
  getCorrelationId,
  withCorrelationId,
} from './correlation-id.ts'

export class CorrelationIdPropagator implements TextMapPropagator {
  readonly #baggage = new W3CBaggagePropagator()

  inject(ctx: Context, carrier: unknown, setter: TextMapSetter): void {
    const id = getCorrelationId(ctx)
    if (!id) {
      this.#baggage.inject(ctx, carrier, setter)
      return
    }
    setter.set(carrier, CORRELATION_HEADER, id)
    const baggage = propagation.getBaggage(ctx) ?? propagation.createBaggage()
    const withEntry =
      baggage.getEntry(CORRELATION_BAGGAGE_KEY)?.value === id
        ? ctx
        : propagation.setBaggage(ctx, baggage.setEntry(CORRELATION_BAGGAGE_KEY, { value: id }))
    this.#baggage.inject(withEntry, carrier, setter)
  }

  extract(ctx: Context, carrier: unknown, getter: TextMapGetter): Context {
    const withBaggage = this.#baggage.extract(ctx, carrier, getter)
    const id = acceptCorrelationId(getter.get(carrier, CORRELATION_HEADER)) ?? getCorrelationId(withBaggage)
    return id ? withCorrelationId(withBaggage, id) : withBaggage
  }

  fields(): string[] {
    return [CORRELATION_HEADER, ...this.#baggage.fields()]
  }
}

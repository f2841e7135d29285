// Correlation ids: accepted from `x-correlation-id` when safe, generated
// otherwise, kept in the OpenTelemetry context; they also travel as W3C
// baggage (see the propagator), so they cross hops even through services that
// only forward baggage.
import { context, createContextKey, propagation, type Context } from '@opentelemetry/api'
import { randomUuid } from './random-uuid.ts'

export const CORRELATION_HEADER = 'x-correlation-id'
export const CORRELATION_ATTRIBUTE = 'correlation.id'
export const CORRELATION_BAGGAGE_KEY = 'correlation.id'
export const CORRELATION_LOG_FIELD = 'correlation_id'

const KEY = createContextKey('tracehound.correlation_id')

/** Bounded length, a safe charset: anything else (header injection, junk) is replaced, never echoed. */
const SAFE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/

export function acceptCorrelationId(value: unknown): string | undefined {
  const candidate = Array.isArray(value) ? value[0] : value
  return typeof candidate === 'string' && SAFE.test(candidate) ? candidate : undefined
}

export function newCorrelationId(): string {
  return randomUuid()
}

export function getCorrelationId(ctx: Context = context.active()): string | undefined {
  const direct = ctx.getValue(KEY)
  if (typeof direct === 'string') return direct
  return acceptCorrelationId(propagation.getBaggage(ctx)?.getEntry(CORRELATION_BAGGAGE_KEY)?.value)
}

/** A context carrying `id`. (It goes out as W3C baggage too: the propagator adds it there at inject time.) */
export function withCorrelationId(ctx: Context, id: string): Context {
  return ctx.setValue(KEY, id)
}

/** Runs `fn` with a correlation id in context (for work that does not start from a request: jobs, consumers). */
export function runWithCorrelationId<T>(id: string | undefined, fn: () => T): T {
  return context.with(withCorrelationId(context.active(), acceptCorrelationId(id) ?? newCorrelationId()), fn)
}

// setUser(): who is calling, for the detector's per-user baselines. Sets
// `enduser.id` (and `enduser.role`) on the request's server span, from any
// depth of the handler.
import { trace } from '@opentelemetry/api'
import type { Span } from '@opentelemetry/sdk-trace'

let lookupServerSpan: (traceId: string) => Span | undefined = () => undefined

/** Wired by start(): finds the local server span of a trace. */
export function setServerSpanLookup(lookup: (traceId: string) => Span | undefined): void {
  lookupServerSpan = lookup
}

export function setUser(id: string, attributes: { role?: string } = {}): void {
  if (typeof id !== 'string' || id === '' || id.length > 256) return
  const active = trace.getActiveSpan()
  if (!active) return
  const target = lookupServerSpan(active.spanContext().traceId) ?? active
  target.setAttribute('enduser.id', id)
  if (attributes.role) target.setAttribute('enduser.role', attributes.role)
}

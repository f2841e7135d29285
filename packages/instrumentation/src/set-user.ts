// setUser(): who is calling, for the detector's per-user baselines. Sets
// `user.id` (and `user.roles`), the current OpenTelemetry names (`enduser.*`
// is deprecated; the detector still reads it), on the request's server span, from any
// depth of the handler: the server instrumentation keeps that span in the
// request's context (as RPC metadata, where Express records the route).
import { context, trace } from '@opentelemetry/api'
import { getRPCMetadata } from '@opentelemetry/core'

export function setUser(id: string, attributes: { role?: string } = {}): void {
  if (typeof id !== 'string' || id === '' || id.length > 256) return
  const active = context.active()
  const target = getRPCMetadata(active)?.span ?? trace.getSpan(active)
  if (!target) return
  target.setAttribute('user.id', id)
  if (attributes.role) target.setAttribute('user.roles', [attributes.role])
}

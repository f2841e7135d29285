// Route capture for Fastify without a Fastify instrumentation package:
// Fastify (≥ 5) publishes every request on the `fastify.request.handler`
// tracing channel with the matched route template; the active span there is
// the HTTP server span, which gets `http.route` and the name `METHOD /route`
// — what the detector keys endpoints on. Unsubscribed at shutdown.
import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { trace } from '@opentelemetry/api'

const CHANNEL = 'tracing:fastify.request.handler:start'

function onHandlerStart(message: unknown): void {
  const route = (message as { route?: { url?: unknown; method?: unknown } }).route
  if (typeof route?.url !== 'string') return
  const span = trace.getActiveSpan()
  if (!span) return
  const method = typeof route.method === 'string' ? route.method : undefined
  span.setAttribute('http.route', route.url)
  if (method) span.updateName(`${method} ${route.url}`)
}

export function captureFastifyRoutes(): () => void {
  subscribe(CHANNEL, onHandlerStart)
  return () => unsubscribe(CHANNEL, onHandlerStart)
}

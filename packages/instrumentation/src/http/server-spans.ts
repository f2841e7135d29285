// Server spans for node:http and node:https, with the correlation id decided
// before anything else sees the request. Instead of wrapping each server and
// binding each request's emitters the way @opentelemetry/instrumentation-http
// does (closures per request; measured at +48 µs CPU per request over a bare
// server, against +8 µs for all of start() now — BENCHMARKS.md), the servers'
// shared prototype `emit` is patched once: a 'request' event starts the span
// and runs the handlers in its context; the request's and response's own
// events run in that context through their prototypes' `emit`, keyed by a
// symbol on the object. Works whatever the import order — servers created
// before start() are covered too.
import http, { IncomingMessage, ServerResponse } from 'node:http'
import https from 'node:https'
import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api'
import { getRPCMetadata, RPCType, setRPCMetadata } from '@opentelemetry/core'
import { CORRELATION_HEADER, getCorrelationId, newCorrelationId, withCorrelationId } from '../correlation-id.ts'
import { LINKED_ROOT_CONTEXT } from '../linked-context.ts'
import { addOwnAttribute, fillOwnAttributes } from '../own-attributes.ts'
import { serverRequestAttributes } from './server-attributes.ts'

const CONTEXT = Symbol('tracehound.http.context')
const SPAN = Symbol('tracehound.http.serverSpan')

interface Traced {
  [CONTEXT]?: Context | undefined
  [SPAN]?: Span | undefined
}

type Emit = (this: unknown, event: string | symbol, ...args: unknown[]) => boolean

/** Replaces `emit` on a prototype; returns the undo. */
function patchEmit(proto: object, wrap: (original: Emit) => Emit): () => void {
  const target = proto as { emit: Emit }
  const own = Object.hasOwn(proto, 'emit')
  const original = target.emit
  target.emit = wrap(original)
  return () => {
    if (own) target.emit = original
    else delete (target as Partial<typeof target>).emit
  }
}

/**
 * The request's context, with its correlation id settled: a valid
 * `x-correlation-id` is kept, else a valid `correlation.id` baggage entry,
 * else a new id; anything unsafe is replaced, never echoed. The request's
 * header is set to it (handlers read one place) and the response echoes it.
 */
function requestContext(req: IncomingMessage, res: ServerResponse, propagatedFields: readonly string[]): Context {
  // A request with none of the propagators' headers (a first hop) has nothing to extract.
  const headers = req.headers
  let carries = false
  for (let i = 0; i < propagatedFields.length && !carries; i++) carries = headers[propagatedFields[i]!] !== undefined
  const extracted = carries ? propagation.extract(LINKED_ROOT_CONTEXT, headers) : LINKED_ROOT_CONTEXT
  let id = getCorrelationId(extracted)
  let ctx = extracted
  if (id === undefined) {
    id = newCorrelationId()
    ctx = withCorrelationId(extracted, id)
  }
  req.headers[CORRELATION_HEADER] = id
  if (!res.headersSent) res.setHeader(CORRELATION_HEADER, id)
  return ctx
}

/**
 * Whether switching context for `event` is needed: a listener is there, and
 * it is not one node:http adds itself and that reads no context — the
 * request's 'end' gets `clearIncoming` once the response finished first (most
 * requests without a body); switching for it cost an async-context frame (a
 * Map copy) per request. Reads the emitter's listener table directly: one
 * property load, where listenerCount and then a look at the listener were two
 * calls on every emit of every request and response. Without that table (a
 * future Node), or if Node renames its listener, the context is switched —
 * slower, never wrong.
 */
const NODE_LISTENERS = new Set(['clearIncoming'])

function needsContext(emitter: unknown, event: string | symbol): boolean {
  const table = (emitter as { _events?: Record<string | symbol, unknown> })._events
  if (table === undefined) return true
  const listeners = table[event]
  if (listeners === undefined) return false
  return typeof listeners !== 'function' || !NODE_LISTENERS.has(listeners.name)
}

/** Ends the server span when the response closes (after finishing, or when the connection dropped first). */
function endServerSpan(res: ServerResponse & Traced): void {
  const span = res[SPAN]
  if (!span) return
  res[SPAN] = undefined
  const status = res.statusCode
  addOwnAttribute(span, 'http.response.status_code', status)
  // Express (through its instrumentation) records the matched route here.
  const rpc = res[CONTEXT] && getRPCMetadata(res[CONTEXT])
  if (rpc?.type === RPCType.HTTP && rpc.route) {
    span.setAttribute('http.route', rpc.route)
    span.updateName(`${res.req.method} ${rpc.route}`)
  }
  if (!res.writableFinished) {
    span.setAttribute('error.type', 'aborted')
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'the connection closed before the response was complete' })
  } else if (status >= 500) {
    span.setAttribute('error.type', String(status))
    span.setStatus({ code: SpanStatusCode.ERROR })
  }
  span.end()
}

/** Starts server spans for every node:http(s) server; returns the undo. */
export function traceHttpServers(tracer: Tracer): () => void {
  // Header names the global propagator reads (traceparent, tracestate, baggage, x-correlation-id…), lower-cased as Node keeps them.
  const propagatedFields = propagation.fields().map((f) => f.toLowerCase())
  const traceRequest = (
    scheme: 'http' | 'https',
    emit: Emit,
    server: unknown,
    req: IncomingMessage & Traced,
    res: ServerResponse & Traced,
  ): boolean => {
    const parent = requestContext(req, res, propagatedFields)
    const span = tracer.startSpan(req.method ?? 'HTTP', { kind: SpanKind.SERVER }, parent)
    fillOwnAttributes(span, serverRequestAttributes, req, scheme)
    const ctx = setRPCMetadata(trace.setSpan(parent, span), { type: RPCType.HTTP, span })
    req[CONTEXT] = ctx
    res[CONTEXT] = ctx
    res[SPAN] = span
    return context.with(ctx, emit, server, 'request', req, res)
  }

  const serverEmit =
    (scheme: 'http' | 'https') =>
    (original: Emit): Emit =>
      function emit(this: unknown, event: string | symbol): boolean {
        // `arguments` rather than a rest parameter: no array for the many events that are not requests.
        // biome-ignore lint/complexity/noArguments: hot path, see above
        if (event !== 'request') return original.apply(this, arguments as unknown as [string])
        // biome-ignore lint/complexity/noArguments: hot path, see above
        return traceRequest(scheme, original, this, arguments[1] as IncomingMessage, arguments[2] as ServerResponse)
      }

  // Body chunks, 'end', 'finish', 'close' come from socket callbacks, outside
  // the handler's context: run them in the request's.
  const inRequestContext = (original: Emit): Emit =>
    function emit(this: unknown): boolean {
      const ctx = (this as Traced)[CONTEXT]
      // biome-ignore lint/complexity/noArguments: every emit of every socket passes here; a rest parameter would allocate an array each time
      const args = arguments as unknown as [string, ...unknown[]]
      // No listener for this event, only Node's own, or already in the context: nothing to switch.
      if (ctx === undefined || !needsContext(this, args[0]) || context.active() === ctx)
        return original.apply(this, args)
      return context.with(ctx, () => original.apply(this, args))
    }
  // The response's 'close' also ends the server span — here rather than in a
  // listener, so no request adds one (after the service's own listeners ran).
  const responseEmit = (original: Emit): Emit => {
    const inContext = inRequestContext(original)
    return function emit(this: unknown, event: string | symbol): boolean {
      try {
        // biome-ignore lint/complexity/noArguments: hot path (every response event), no array per call
        return inContext.apply(this, arguments as unknown as [string])
      } finally {
        // Even when a listener throws.
        if (event === 'close') endServerSpan(this as ServerResponse & Traced)
      }
    }
  }

  const undo = [
    patchEmit(http.Server.prototype, serverEmit('http')),
    patchEmit(https.Server.prototype, serverEmit('https')),
    patchEmit(IncomingMessage.prototype, inRequestContext),
    patchEmit(ServerResponse.prototype, responseEmit),
  ]
  return () => {
    for (const u of undo.reverse()) u()
  }
}

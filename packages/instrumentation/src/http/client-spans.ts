// Client spans for node:http and node:https requests, from Node's own
// diagnostics channels — nothing is patched. The span starts when the request
// object is created (in the caller's context), and the trace context, baggage
// and correlation id go into its headers before they are written; it ends
// when the response headers arrive (the HTTP conventions allow that), on a
// request error, or when the request closes without either.
import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import type { ClientRequest, IncomingMessage } from 'node:http'
import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
  type Tracer,
} from '@opentelemetry/api'
import { isTracingSuppressed } from '@opentelemetry/core'
import { addOwnAttributes } from '../own-attributes.ts'
import { splitHost } from './server-attributes.ts'

const SPAN = Symbol('tracehound.http.clientSpan')

type Traced = ClientRequest & { [SPAN]?: Span | undefined }

const headerSetter = { set: (request: ClientRequest, key: string, value: string) => request.setHeader(key, value) }

function clientAttributes(request: ClientRequest): Attributes {
  const scheme = request.protocol === 'https:' ? 'https' : 'http'
  const hostHeader = request.getHeader('host')
  const { address, port } = splitHost(typeof hostHeader === 'string' ? hostHeader : request.host)
  const attributes: Attributes = {
    'http.request.method': request.method,
    'server.address': address,
    'url.full': `${scheme}://${typeof hostHeader === 'string' ? hostHeader : request.host}${request.path}`,
  }
  attributes['server.port'] = port ?? (scheme === 'https' ? 443 : 80)
  return attributes
}

function finish(request: Traced, end: (span: Span) => void): void {
  const span = request[SPAN]
  if (!span) return
  request[SPAN] = undefined
  end(span)
  span.end()
}

function onRequestClose(this: Traced): void {
  finish(this, (span) => {
    span.setAttribute('error.type', 'aborted')
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'the request closed before a response arrived' })
  })
}

/** Starts client spans for every node:http(s) request; returns the undo. */
export function traceHttpClients(tracer: Tracer, ignore: (request: ClientRequest) => boolean): () => void {
  const onCreated = (message: unknown): void => {
    const request = (message as { request: Traced }).request
    const active = context.active()
    // Exporters send with tracing suppressed; their own requests are never traced.
    if (isTracingSuppressed(active) || ignore(request)) return
    const span = tracer.startSpan(request.method, { kind: SpanKind.CLIENT }, active)
    addOwnAttributes(span, clientAttributes(request))
    request[SPAN] = span
    if (!request.headersSent) propagation.inject(trace.setSpan(active, span), request, headerSetter)
    request.on('close', onRequestClose)
  }
  const onResponse = (message: unknown): void => {
    const { request, response } = message as { request: Traced; response: IncomingMessage }
    finish(request, (span) => {
      const status = response.statusCode ?? 0
      span.setAttribute('http.response.status_code', status)
      if (response.socket?.remoteAddress) span.setAttribute('network.peer.address', response.socket.remoteAddress)
      if (status >= 400) {
        span.setAttribute('error.type', String(status))
        span.setStatus({ code: SpanStatusCode.ERROR })
      }
    })
  }
  const onError = (message: unknown): void => {
    const { request, error } = message as { request: Traced; error: Error & { code?: string } }
    finish(request, (span) => {
      span.setAttribute('error.type', error?.code ?? error?.name ?? 'error')
      span.setStatus({ code: SpanStatusCode.ERROR, message: error?.message })
    })
  }
  const channels: [string, (message: unknown) => void][] = [
    ['http.client.request.created', onCreated],
    ['http.client.response.finish', onResponse],
    ['http.client.request.error', onError],
  ]
  for (const [name, listener] of channels) subscribe(name, listener)
  return () => {
    for (const [name, listener] of channels) unsubscribe(name, listener)
  }
}

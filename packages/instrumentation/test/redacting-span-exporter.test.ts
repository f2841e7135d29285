// The exporter wrapper on real SDK spans: names, attributes, event and link
// attributes and status messages are redacted before export; the SDK's own
// spans are never modified, and a span with nothing to redact is exported as
// the same object (no copy).
import { SpanStatusCode, type Link } from '@opentelemetry/api'
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace'
import { describe, expect, it } from 'vitest'
import { createRedactor } from '../src/redaction/redactor.ts'
import { RedactingSpanExporter } from '../src/redacting-span-exporter.ts'

const secret = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'

function pipeline(): {
  tracer: ReturnType<TracerProvider['getTracer']>
  exported: InMemorySpanExporter
  ended: ReadableSpan[]
  flush: () => Promise<void>
} {
  const exported = new InMemorySpanExporter()
  const ended: ReadableSpan[] = []
  const provider = new TracerProvider({
    spanProcessors: [
      {
        onStart() {},
        onEnd: (span: ReadableSpan) => ended.push(span),
        forceFlush: async () => {},
        shutdown: async () => {},
      },
      new SimpleSpanProcessor({ exporter: new RedactingSpanExporter(exported, createRedactor()) }),
    ],
  })
  return { tracer: provider.getTracer('test'), exported, ended, flush: () => provider.forceFlush() }
}

describe('RedactingSpanExporter', () => {
  it('exports a span with nothing to redact as is', async () => {
    const { tracer, exported, ended, flush } = pipeline()
    tracer
      .startSpan('GET /orders/:id', { attributes: { 'url.path': '/orders/42', 'http.response.status_code': 200 } })
      .end()
    await flush()
    expect(exported.getFinishedSpans()[0]).toBe(ended[0])
  })

  it('redacts name, attributes, events, links and status message, and leaves the SDK span untouched', async () => {
    const { tracer, exported, ended, flush } = pipeline()
    const other = tracer.startSpan('other')
    const link: Link = { context: other.spanContext(), attributes: { note: `link ${secret}` } }
    const span = tracer.startSpan(`call with ${secret}`, {
      attributes: { 'url.query': 'token=abcdef123456', password: 'hunter2', 'http.route': '/orders/:id' },
      links: [link],
    })
    span.addEvent('retry', { detail: `retrying with ${secret}` })
    span.setStatus({ code: SpanStatusCode.ERROR, message: `upstream said ${secret}` })
    span.end()
    await flush()
    const out = exported.getFinishedSpans()[0]!
    const original = ended[0]!
    expect(out).not.toBe(original)
    expect(
      JSON.stringify({
        name: out.name,
        attributes: out.attributes,
        events: out.events,
        links: out.links,
        status: out.status,
      }),
    ).not.toContain(secret)
    expect(out.name).toBe('call with [REDACTED:github-token]')
    expect(out.attributes).toMatchObject({
      'url.query': 'token=[REDACTED:url-secret]',
      password: '[REDACTED:password]',
      'http.route': '/orders/:id',
    })
    expect(out.events[0]?.attributes?.['detail']).toBe('retrying with [REDACTED:github-token]')
    expect(out.links[0]?.attributes?.['note']).toBe('link [REDACTED:github-token]')
    expect(out.status.message).toBe('upstream said [REDACTED:github-token]')
    expect(out.spanContext()).toEqual(original.spanContext())
    // The SDK's span still holds what the service set.
    expect(original.name).toContain(secret)
    expect(original.attributes['password']).toBe('hunter2')
    expect(String(original.events[0]?.attributes?.['detail'])).toContain(secret)
  })

  it('remembers only a clean name: a name with a secret after it, and between repeats, is still redacted', async () => {
    const { tracer, exported, flush } = pipeline()
    for (const name of [
      'GET /orders/:id',
      'GET /orders/:id',
      `call with ${secret}`,
      `call with ${secret}`,
      'GET /orders/:id',
    ])
      tracer.startSpan(name).end()
    await flush()
    expect(exported.getFinishedSpans().map((s) => s.name)).toEqual([
      'GET /orders/:id',
      'GET /orders/:id',
      'call with [REDACTED:github-token]',
      'call with [REDACTED:github-token]',
      'GET /orders/:id',
    ])
  })
})

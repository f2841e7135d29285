// Three instrumented services on 127.0.0.1 (gateway → orders → payments) over
// real HTTP, exporting to a real OTLP/HTTP receiver: correlation ids and trace
// context cross every hop, sit on every span and every log line, and no
// secret from the table reaches a span or a log line.
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOtlpReceiver } from './support/otlp-receiver.ts'
import { spawnService, stopServices, type Running } from './support/spawn-service.ts'

const SERVICE = fileURLToPath(new URL('./support/chain-service.ts', import.meta.url))
const SECRETS = ['hunter2', 'abcdefghijklmnop', 'jane.doe@', '4111 1111 1111 1111', 'sk_live_4eC39', 'ghp_a1B2c3']

// OTEL_LOGS_EXPORTER=otlp: log lines are exported as OTLP log records too.
// The gateway calls orders with node:http's client, orders calls payments with fetch.
const startService = (name: string, otlp: string, next?: string, client?: string): Promise<Running> =>
  spawnService(SERVICE, name, {
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp,
    OTEL_LOGS_EXPORTER: 'otlp',
    ...(next ? { NEXT_URL: next } : {}),
    ...(client ? { NEXT_CLIENT: client } : {}),
  })

let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>
let services: Running[] = []
const responses: { sent: string | undefined; echoed: string | null; body: unknown }[] = []
let baggageOnly: { echoed: string | null } = { echoed: null }

beforeAll(async () => {
  receiver = await startOtlpReceiver()
  const payments = await startService('payments', receiver.url)
  const orders = await startService('orders', receiver.url, payments.url)
  const gateway = await startService('gateway', receiver.url, orders.url, 'node:http')
  services = [gateway, orders, payments]
  for (const sent of ['req-7f3a-valid', undefined, '<script>alert(1)</script>', 'x'.repeat(300)]) {
    const res = await fetch(`${gateway.url}/orders/42?token=abc123secret`, {
      headers: sent ? { 'x-correlation-id': sent } : {},
    })
    responses.push({ sent, echoed: res.headers.get('x-correlation-id'), body: await res.json() })
  }
  const viaBaggage = await fetch(`${payments.url}/fail`, {
    headers: { baggage: 'tenant=acme,correlation.id=from-baggage-7' },
  })
  baggageOnly = { echoed: viaBaggage.headers.get('x-correlation-id') }
  await viaBaggage.arrayBuffer()
  await fetch(`${payments.url}/fail`)
  // The client gives up on /hang: the server span must still end, marked aborted.
  await fetch(`${payments.url}/hang`, { signal: AbortSignal.timeout(300) }).catch(() => undefined)
  await new Promise((resolve) => setTimeout(resolve, 200))
  await stopServices(services)
}, 60_000)

afterAll(async () => {
  for (const s of services) s.child.kill('SIGKILL')
  await receiver.close()
})

describe('three services over real HTTP', () => {
  it('the request went through all three services', () => {
    expect(responses[0]?.body).toMatchObject({
      service: 'gateway',
      downstream: { service: 'orders', downstream: { service: 'payments', downstream: null } },
    })
  })

  it('calls carry the correlation id as W3C baggage too, and a baggage-only id is accepted', () => {
    const body = responses[0]?.body as { downstream: { baggage: string; downstream: { baggage: string } } }
    expect(body.downstream.baggage).toContain('correlation.id=req-7f3a-valid')
    expect(body.downstream.downstream.baggage).toContain('correlation.id=req-7f3a-valid')
    expect(baggageOnly.echoed).toBe('from-baggage-7')
    expect(
      receiver.spans.filter((s) => s.SpanAttributes['correlation.id'] === 'from-baggage-7').length,
    ).toBeGreaterThan(0)
  })

  it('a valid correlation id is kept and echoed; a missing or unsafe one is replaced, never echoed', () => {
    expect(responses[0]?.echoed).toBe('req-7f3a-valid')
    for (const r of responses.slice(1)) {
      expect(r.echoed).toMatch(/^[0-9a-f-]{36}$/)
      expect(r.echoed).not.toBe(r.sent)
    }
  })

  it('every span carries the correlation id of its request, across all hops and one trace', () => {
    expect(receiver.spans.length).toBeGreaterThanOrEqual(4 * 5)
    for (const span of receiver.spans)
      expect(span.SpanAttributes['correlation.id'], `${span.ServiceName} ${span.SpanName}`).toMatch(/\S/)
    for (const r of responses) {
      const spans = receiver.spans.filter((s) => s.SpanAttributes['correlation.id'] === r.echoed)
      expect(new Set(spans.map((s) => s.ServiceName))).toEqual(new Set(['gateway', 'orders', 'payments']))
      expect(new Set(spans.map((s) => s.TraceId)).size).toBe(1)
      expect(spans.some((s) => s.SpanKind === 'Client')).toBe(true)
      expect(spans.filter((s) => s.SpanKind === 'Server')).toHaveLength(3)
    }
  })

  it('server spans carry the route template and the user set by setUser()', () => {
    const servers = receiver.spans.filter(
      (s) => s.SpanKind === 'Server' && s.SpanAttributes['url.path'] === '/orders/42',
    )
    for (const span of servers) {
      expect(span.SpanAttributes['http.route']).toBe('/orders/:id')
      expect(span.SpanAttributes['user.id']).toBe('user-42')
    }
  })

  it('server spans describe the request in the stable HTTP conventions', () => {
    for (const span of receiver.spans.filter(
      (s) => s.SpanKind === 'Server' && s.SpanAttributes['url.path'] === '/orders/42',
    )) {
      expect(span.SpanName).toBe('GET /orders/:id')
      expect(span.SpanAttributes).toMatchObject({
        'http.request.method': 'GET',
        'url.path': '/orders/42',
        'url.scheme': 'http',
        'server.address': '127.0.0.1',
        'client.address': '127.0.0.1',
        'network.protocol.version': '1.1',
      })
      expect(span.SpanAttributes['url.query']).toMatch(/^(token|api_key)=\[REDACTED:url-secret\]$/)
      expect(span.SpanAttributes['http.response.status_code']).toBe('200')
    }
  })

  it('a 5xx response and a request the client gave up on end their server spans as errors', () => {
    const failed = receiver.spans.find((s) => s.SpanAttributes['url.path'] === '/fail')
    expect(failed).toMatchObject({ SpanName: 'GET /fail', StatusCode: 'Error' })
    expect(failed?.SpanAttributes).toMatchObject({ 'http.response.status_code': '503', 'error.type': '503' })
    const hung = receiver.spans.find((s) => s.SpanAttributes['url.path'] === '/hang')
    expect(hung).toMatchObject({ SpanName: 'GET /hang', StatusCode: 'Error' })
    expect(hung?.SpanAttributes['error.type']).toBe('aborted')
    expect(hung?.SpanAttributes['correlation.id']).toMatch(/\S/)
  })

  it('client spans from node:http and from fetch descend from the server span that made the call', () => {
    const clients = receiver.spans.filter((s) => s.SpanKind === 'Client')
    for (const service of ['gateway', 'orders']) {
      const mine = clients.filter((s) => s.ServiceName === service)
      expect(mine.length, service).toBe(responses.length)
      for (const span of mine) {
        expect(span.SpanAttributes['http.response.status_code']).toBe('200')
        expect(span.SpanAttributes['url.full']).toContain('api_key=[REDACTED:url-secret]')
        // Up through the service's own (Express handler) spans to its server span.
        let parent = receiver.spans.find((s) => s.SpanId === span.ParentSpanId)
        while (parent && parent.SpanKind === 'Internal')
          parent = receiver.spans.find((s) => s.SpanId === parent!.ParentSpanId)
        expect(parent?.ServiceName).toBe(service)
        expect(parent?.SpanKind).toBe('Server')
        // …and the next service's server span continues from this client span.
        expect(receiver.spans.find((s) => s.ParentSpanId === span.SpanId && s.SpanKind === 'Server')).toBeDefined()
      }
    }
  })

  it('every log line of a request has service, trace and correlation ids', () => {
    for (const service of services) {
      const lines = service.lines().filter((l) => l['component'] === 'handler')
      expect(lines.length).toBe(2 * responses.length)
      for (const line of lines) {
        expect(line).toMatchObject({ level: expect.stringMatching(/info|warn/), service: expect.any(String) })
        expect(line['trace_id']).toMatch(/^[0-9a-f]{32}$/)
        expect(line['span_id']).toMatch(/^[0-9a-f]{16}$/)
        expect(responses.map((r) => r.echoed)).toContain(line['correlation_id'])
        expect(typeof line['time']).toBe('string')
      }
    }
  })

  it('every log line is also exported as an OTLP log record, with its trace context and correlation id', () => {
    for (const service of services) {
      const name = String(service.lines().find((l) => l['component'] === 'handler')?.['service'])
      const lines = service.lines().filter((l) => l['component'] === 'handler')
      const records = receiver.logs.filter((r) => r.ServiceName === name && r.LogAttributes['component'] === 'handler')
      expect(records).toHaveLength(lines.length)
      for (const line of lines) {
        const record = records.find((r) => r.Body === line['msg'] && r.SpanId === line['span_id'])
        expect(record, `${name}: ${String(line['msg'])}`).toBeDefined()
        expect(record).toMatchObject({
          TraceId: line['trace_id'],
          SeverityText: String(line['level']).toUpperCase(),
          SeverityNumber: line['level'] === 'warn' ? 13 : 9,
        })
        expect(record!.LogAttributes['correlation.id']).toBe(line['correlation_id'])
      }
    }
  })

  it('no secret from the table reaches a span or a log line', () => {
    const exported = JSON.stringify(receiver.spans) + JSON.stringify(receiver.logs)
    const logged = services.map((s) => JSON.stringify(s.lines())).join('\n')
    for (const secret of [...SECRETS, 'abc123secret']) {
      expect(exported).not.toContain(secret)
      expect(logged).not.toContain(secret)
    }
    expect(logged).toContain('[REDACTED:password]')
    expect(logged).toContain('j***@example.com')
    expect(exported).toContain('[REDACTED:url-secret]')
  })
})

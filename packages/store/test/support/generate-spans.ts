// Deterministic generator of realistic otel_traces / otel_logs rows, shaped
// exactly as the Collector's ClickHouse exporter writes them. Traces cross
// services (gateway → orders → payments → db), so edges can be paired.

/** A seeded PRNG (mulberry32) so every run generates the same dataset. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// The row shapes are the decoder's: what the store receives from ingest.
export type { LogRow, SpanRow } from '@tracehound/otlp'
import type { LogRow, SpanRow } from '@tracehound/otlp'

const hex = (random: () => number, chars: number): string => {
  let out = ''
  while (out.length < chars)
    out += Math.floor(random() * 0x100000000)
      .toString(16)
      .padStart(8, '0')
  return out.slice(0, chars)
}

/** `YYYY-MM-DD HH:MM:SS.nnnnnnnnn` in UTC, from epoch nanoseconds. */
export function formatNanos(nanos: bigint): string {
  const ms = Number(nanos / 1_000_000n)
  const base = new Date(ms).toISOString().slice(0, 19).replace('T', ' ')
  return `${base}.${(nanos % 1_000_000_000n).toString().padStart(9, '0')}`
}

interface Call {
  service: string
  method: string
  route: string
  path: string
  target: string
}

const ROUTES: Call[] = [
  { service: 'orders', method: 'GET', route: '/orders/:id', path: '/orders/{n}', target: 'orders:8080' },
  { service: 'orders', method: 'POST', route: '/orders', path: '/orders', target: 'orders:8080' },
  {
    service: 'users',
    method: 'GET',
    route: '/users/{userId}/profile',
    path: '/users/{n}/profile',
    target: 'users:8080',
  },
  { service: 'auth', method: 'POST', route: '/login', path: '/login', target: 'auth:8080' },
]

export interface GenerateOptions {
  traces: number
  /** Epoch nanoseconds of the first trace. */
  startNanos: bigint
  /** Spread of trace start times. @default 10 minutes */
  spanNanos?: bigint
  seed?: number
}

/** Generates whole traces: a gateway SERVER span, its CLIENT call, the callee's SERVER span, and a DB CLIENT span. */
export function generateTraces(options: GenerateOptions): { spans: SpanRow[]; logs: LogRow[] } {
  const random = seededRandom(options.seed ?? 42)
  const spread = options.spanNanos ?? 600_000_000_000n
  const spans: SpanRow[] = []
  const logs: LogRow[] = []
  for (let t = 0; t < options.traces; t++) {
    const traceId = hex(random, 32)
    const start = options.startNanos + (spread * BigInt(t)) / BigInt(Math.max(1, options.traces))
    const call = ROUTES[Math.floor(random() * ROUTES.length)] ?? ROUTES[0]!
    const objectId = String(1000 + Math.floor(random() * 50))
    const path = call.path.replace('{n}', objectId)
    const anonymous = random() < 0.2
    const user = anonymous ? '' : `user-${Math.floor(random() * 12)}`
    const client = `10.0.${Math.floor(random() * 3)}.${Math.floor(random() * 20)}`
    const status = random() < 0.08 ? 500 : random() < 0.15 ? (random() < 0.5 ? 404 : 403) : 200
    const correlation = `c-${hex(random, 12)}`
    const resource = (service: string): Record<string, string> => ({
      'service.name': service,
      'service.version': '1.4.2',
      'deployment.environment': 'test',
      'telemetry.sdk.language': 'nodejs',
    })
    const ids = [hex(random, 16), hex(random, 16), hex(random, 16), hex(random, 16)] as const
    const durations: [number, number, number, number] = [
      40_000_000 + Math.floor(random() * 60_000_000),
      30_000_000,
      25_000_000 + Math.floor(random() * 20_000_000),
      2_000_000 + Math.floor(random() * 3_000_000),
    ]
    const statusCode = status >= 500 ? 'Error' : 'Unset'
    const common = (service: string, scope: string) => ({
      TraceState: t % 7 === 0 ? 'vendor=1' : '',
      ResourceAttributes: resource(service),
      ScopeName: scope,
      ScopeVersion: '0.57.0',
      StatusMessage: status >= 500 ? 'Internal Server Error' : '',
      'Links.TraceId': [] as string[],
      'Links.SpanId': [] as string[],
      'Links.TraceState': [] as string[],
      'Links.Attributes': [] as Record<string, string>[],
    })
    const noEvents = {
      'Events.Timestamp': [] as string[],
      'Events.Name': [] as string[],
      'Events.Attributes': [] as Record<string, string>[],
    }
    spans.push({
      ...common('gateway', '@opentelemetry/instrumentation-http'),
      ...noEvents,
      Timestamp: formatNanos(start),
      TraceId: traceId,
      SpanId: ids[0],
      ParentSpanId: '',
      SpanName: `${call.method} /api${call.route}`,
      SpanKind: 'Server',
      ServiceName: 'gateway',
      SpanAttributes: {
        'http.request.method': call.method,
        'http.route': `/api${call.route}`,
        'url.path': `/api${path}`,
        'http.response.status_code': String(status),
        'client.address': client,
        ...(user ? { 'enduser.id': user } : {}),
        'correlation.id': correlation,
      },
      Duration: durations[0],
      StatusCode: statusCode,
    })
    spans.push({
      ...common('gateway', '@opentelemetry/instrumentation-undici'),
      ...noEvents,
      Timestamp: formatNanos(start + 1_000_000n),
      TraceId: traceId,
      SpanId: ids[1],
      ParentSpanId: ids[0],
      SpanName: call.method,
      SpanKind: 'Client',
      ServiceName: 'gateway',
      SpanAttributes: {
        'http.request.method': call.method,
        'server.address': call.target,
        'url.full': `http://${call.target}${path}`,
        'http.response.status_code': String(status),
        'correlation.id': correlation,
      },
      Duration: durations[1],
      StatusCode: statusCode,
    })
    spans.push({
      ...common(call.service, '@opentelemetry/instrumentation-http'),
      'Events.Timestamp': [formatNanos(start + 3_000_000n)],
      'Events.Name': ['cache.miss'],
      'Events.Attributes': [{ 'cache.key': `obj:${objectId}` }],
      'Links.TraceId': t % 5 === 0 ? [hex(random, 32)] : [],
      'Links.SpanId': t % 5 === 0 ? [hex(random, 16)] : [],
      'Links.TraceState': t % 5 === 0 ? [''] : [],
      'Links.Attributes': t % 5 === 0 ? [{ 'link.reason': 'retry' }] : [],
      Timestamp: formatNanos(start + 2_000_000n),
      TraceId: traceId,
      SpanId: ids[2],
      ParentSpanId: ids[1],
      SpanName: `${call.method} ${call.route}`,
      SpanKind: 'Server',
      ServiceName: call.service,
      SpanAttributes: {
        'http.request.method': call.method,
        'http.route': call.route,
        'url.path': path,
        'http.response.status_code': String(status),
        'client.address': '10.1.0.2',
        ...(user ? { 'enduser.id': user } : {}),
        'correlation.id': correlation,
      },
      Duration: durations[2],
      StatusCode: statusCode,
    })
    spans.push({
      ...common(call.service, '@opentelemetry/instrumentation-pg'),
      ...noEvents,
      Timestamp: formatNanos(start + 4_000_000n),
      TraceId: traceId,
      SpanId: ids[3],
      ParentSpanId: ids[2],
      SpanName: 'pg.query:SELECT',
      SpanKind: 'Client',
      ServiceName: call.service,
      SpanAttributes: {
        'db.system': 'postgresql',
        'server.address': 'postgres',
        'db.statement': 'SELECT * FROM t WHERE id = $1',
        'correlation.id': correlation,
      },
      Duration: durations[3],
      StatusCode: 'Unset',
    })
    logs.push({
      Timestamp: formatNanos(start + 2_500_000n),
      TraceId: traceId,
      SpanId: ids[2],
      TraceFlags: 1,
      SeverityText: status >= 500 ? 'ERROR' : 'INFO',
      SeverityNumber: status >= 500 ? 17 : 9,
      ServiceName: call.service,
      Body: status >= 500 ? `handler failed for ${path}` : `handled ${call.method} ${path}`,
      ResourceSchemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
      ResourceAttributes: resource(call.service),
      ScopeSchemaUrl: '',
      ScopeName: 'tracehound',
      ScopeVersion: '0.1.0',
      ScopeAttributes: {},
      LogAttributes: { correlation_id: correlation, 'http.route': call.route },
    })
  }
  return { spans, logs }
}

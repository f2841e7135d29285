// Labelled traffic for detector tests: an ordinary hour of a small shop
// (gateway → orders / users / auth), then injected attacks. Rows are
// otel_traces rows as the Collector exporter writes them.
import { formatNanos, seededRandom, type SpanRow } from '../../../store/test/support/generate-spans.ts'

export const BASE_SECONDS = 1_795_600_800 // 2026-11-25 07:20:00 UTC, minute-aligned

interface Request {
  at: number // epoch seconds (fractional)
  service: string
  method: string
  route: string
  path: string
  status: number
  user: string
  client: string
  correlation?: boolean
  extraAttributes?: Record<string, string>
  /** Who calls this service (paired edge); gateway requests come from outside. */
  caller?: string
}

const hex = (random: () => number, n: number): string =>
  Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('')

export class Traffic {
  readonly spans: SpanRow[] = []
  readonly #random: () => number

  constructor(seed = 7) {
    this.#random = seededRandom(seed)
  }

  /** One request: a server span in `service`, and when `caller` is set, the caller's client span as its parent. */
  request(r: Request): void {
    const random = this.#random
    const traceId = hex(random, 32)
    const start = BigInt(Math.round(r.at * 1e9))
    const attrs = (extra: Record<string, string>): Record<string, string> =>
      r.correlation === false ? extra : { ...extra, 'correlation.id': `c-${traceId.slice(0, 12)}` }
    const empty = {
      'Events.Timestamp': [],
      'Events.Name': [],
      'Events.Attributes': [],
      'Links.TraceId': [],
      'Links.SpanId': [],
      'Links.TraceState': [],
      'Links.Attributes': [],
    }
    let parent = ''
    if (r.caller) {
      parent = hex(random, 16)
      this.spans.push({
        ...empty,
        Timestamp: formatNanos(start),
        TraceId: traceId,
        SpanId: parent,
        ParentSpanId: '',
        TraceState: '',
        SpanName: r.method,
        SpanKind: 'Client',
        ServiceName: r.caller,
        ResourceAttributes: { 'service.name': r.caller },
        ScopeName: 'test',
        ScopeVersion: '1',
        SpanAttributes: attrs({
          'http.request.method': r.method,
          'server.address': `${r.service}:8080`,
          'http.response.status_code': String(r.status),
        }),
        Duration: 5_000_000,
        StatusCode: r.status >= 500 ? 'Error' : 'Unset',
        StatusMessage: '',
      })
    }
    this.spans.push({
      ...empty,
      Timestamp: formatNanos(start + 1_000_000n),
      TraceId: traceId,
      SpanId: hex(random, 16),
      ParentSpanId: parent,
      TraceState: '',
      SpanName: `${r.method} ${r.route}`,
      SpanKind: 'Server',
      ServiceName: r.service,
      ResourceAttributes: { 'service.name': r.service },
      ScopeName: 'test',
      ScopeVersion: '1',
      SpanAttributes: attrs({
        'http.request.method': r.method,
        'http.route': r.route,
        'url.path': r.path,
        'http.response.status_code': String(r.status),
        'client.address': r.client,
        ...(r.user ? { 'enduser.id': r.user } : {}),
        ...r.extraAttributes,
      }),
      Duration: 3_000_000 + Math.floor(random() * 4_000_000),
      StatusCode: r.status >= 500 ? 'Error' : 'Unset',
      StatusMessage: '',
    })
  }

  /** Ordinary traffic: `users` customers, each a few requests a minute, for `minutes` minutes from `fromSeconds`. */
  normal(fromSeconds: number, minutes: number, users = 30): void {
    const random = this.#random
    for (let m = 0; m < minutes; m++) {
      for (let u = 0; u < users; u++) {
        const count = 1 + Math.floor(random() * 3)
        for (let k = 0; k < count; k++) {
          const at = fromSeconds + m * 60 + random() * 59
          const user = `user-${u}`
          const client = `10.0.${u % 4}.${u}`
          const pick = random()
          if (pick < 0.6) {
            const id = 1000 + u * 10 + Math.floor(random() * 3) // each user has a few orders of their own
            this.request({
              at,
              service: 'orders',
              caller: 'gateway',
              method: 'GET',
              route: '/orders/:id',
              path: `/orders/${id}`,
              status: random() < 0.02 ? 404 : 200,
              user,
              client,
            })
          } else if (pick < 0.9) {
            this.request({
              at,
              service: 'users',
              caller: 'gateway',
              method: 'GET',
              route: '/users/:id/profile',
              path: `/users/${u}/profile`,
              status: 200,
              user,
              client,
            })
          } else {
            this.request({
              at,
              service: 'auth',
              caller: 'gateway',
              method: 'POST',
              route: '/login',
              path: '/login',
              status: random() < 0.1 ? 401 : 200,
              user,
              client,
            })
          }
        }
      }
    }
  }
}

// A recorded-looking past hour of ordinary traffic for the demo shop, as
// otel_traces rows: the demo seeds the store with it so baselines and the
// service graph exist before live traffic starts (a real deployment learns
// them from its own first hour).
import { randomBytes } from 'node:crypto'
import type { SpanRow } from '@tracehound/otlp'
import { DEMO_PASSWORD, type ServiceName } from './topology.ts'

/** otel_traces rows without events or links (the columns default to empty). */
export type HistoryRow = Omit<
  SpanRow,
  | 'Events.Timestamp'
  | 'Events.Name'
  | 'Events.Attributes'
  | 'Links.TraceId'
  | 'Links.SpanId'
  | 'Links.TraceState'
  | 'Links.Attributes'
>

const hex = (bytes: number): string => randomBytes(bytes).toString('hex')
const stamp = (seconds: number): string => {
  const ms = Math.floor(seconds * 1000)
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}.${String(ms % 1000).padStart(3, '0')}000000`
}

interface Hop {
  service: ServiceName
  method: string
  route: string
  path: string
  status: number
}

/** One request through a chain of services: a server span per hop, a client span between hops. */
function chain(at: number, user: string, hops: Hop[]): HistoryRow[] {
  const traceId = hex(16)
  const correlation = `hist-${traceId.slice(0, 12)}`
  const rows: HistoryRow[] = []
  let parent = ''
  hops.forEach((hop, i) => {
    const server = hex(8)
    const t = at + i * 0.002
    const base = {
      TraceId: traceId,
      TraceState: '',
      ResourceAttributes: { 'service.name': hop.service },
      ScopeName: 'history',
      ScopeVersion: '1',
      StatusMessage: '',
    }
    rows.push({
      ...base,
      Timestamp: stamp(t),
      SpanId: server,
      ParentSpanId: parent,
      SpanName: `${hop.method} ${hop.route}`,
      SpanKind: 'Server',
      ServiceName: hop.service,
      SpanAttributes: {
        'http.request.method': hop.method,
        'http.route': hop.route,
        'url.path': hop.path,
        'http.response.status_code': String(hop.status),
        'client.address': '127.0.0.1',
        'correlation.id': correlation,
        ...(user ? { 'enduser.id': user } : {}),
      },
      Duration: 2_000_000,
      StatusCode: hop.status >= 500 ? 'Error' : 'Unset',
    })
    const next = hops[i + 1]
    if (next) {
      parent = hex(8)
      rows.push({
        ...base,
        Timestamp: stamp(t + 0.001),
        SpanId: parent,
        ParentSpanId: server,
        SpanName: next.method,
        SpanKind: 'Client',
        ServiceName: hop.service,
        SpanAttributes: {
          'http.request.method': next.method,
          'server.address': '127.0.0.1',
          'http.response.status_code': String(next.status),
          'correlation.id': correlation,
        },
        Duration: 1_500_000,
        StatusCode: 'Unset',
      })
    }
  })
  return rows
}

/** The same mix of actions the live driver makes, for `minutes` minutes ending at `endSeconds`. */
export function ordinaryHistory(endSeconds: number, minutes: number, users: number): HistoryRow[] {
  const rows: HistoryRow[] = []
  const start = Math.floor(endSeconds / 60) * 60 - minutes * 60
  for (let m = 0; m < minutes; m++) {
    for (let u = 0; u < users; u++) {
      const count = 1 + Math.floor(Math.random() * 3)
      for (let k = 0; k < count; k++) {
        const at = start + m * 60 + Math.random() * 59
        const user = `user-${u}`
        const order = u * 10 + Math.floor(Math.random() * 10)
        const pick = Math.random()
        if (pick < 0.6)
          rows.push(
            ...chain(at, user, [
              {
                service: 'gateway',
                method: 'GET',
                route: '/api/orders/:id',
                path: `/api/orders/${order}`,
                status: 200,
              },
              { service: 'orders', method: 'GET', route: '/orders/:id', path: `/orders/${order}`, status: 200 },
            ]),
          )
        else if (pick < 0.85)
          rows.push(
            ...chain(at, user, [
              {
                service: 'gateway',
                method: 'GET',
                route: '/api/users/:id/profile',
                path: `/api/users/${u}/profile`,
                status: 200,
              },
              { service: 'auth', method: 'GET', route: '/users/:id', path: `/users/${u}`, status: 200 },
            ]),
          )
        else if (pick < 0.95) {
          const status = Math.random() < 0.1 ? 401 : 200
          rows.push(
            ...chain(at, user, [
              { service: 'gateway', method: 'POST', route: '/api/login', path: '/api/login', status },
              { service: 'auth', method: 'POST', route: '/login', path: '/login', status },
            ]),
          )
        } else {
          rows.push(
            ...chain(at, user, [
              { service: 'gateway', method: 'POST', route: '/api/checkout', path: '/api/checkout', status: 201 },
              { service: 'orders', method: 'POST', route: '/orders', path: '/orders', status: 201 },
              { service: 'payments', method: 'POST', route: '/payments', path: '/payments', status: 200 },
              { service: 'notifications', method: 'POST', route: '/notify', path: '/notify', status: 200 },
            ]),
          )
        }
      }
    }
  }
  return rows
}

export { DEMO_PASSWORD }

// Expected rollup numbers computed in plain JS from the generated rows —
// independent of the SQL under test.
import type { SpanRow } from './generate-spans.ts'

const minuteOf = (timestamp: string): string => `${timestamp.slice(0, 16)}:00`
const attr = (span: SpanRow, key: string): string => span.SpanAttributes[key] ?? ''

export interface EndpointMinuteExpectation {
  key: string
  requests: number
  errors: number
  status4xx: number
  status5xx: number
  durationSum: number
  users: number
}

export function expectedEndpointMinutes(spans: readonly SpanRow[]): Map<string, EndpointMinuteExpectation> {
  const out = new Map<string, EndpointMinuteExpectation & { userSet: Set<string> }>()
  for (const span of spans) {
    if (span.SpanKind !== 'Server') continue
    const key = [
      minuteOf(span.Timestamp),
      span.ServiceName,
      attr(span, 'http.request.method'),
      attr(span, 'http.route'),
    ].join('|')
    const status = Number(attr(span, 'http.response.status_code'))
    const entry = out.get(key) ?? {
      key,
      requests: 0,
      errors: 0,
      status4xx: 0,
      status5xx: 0,
      durationSum: 0,
      users: 0,
      userSet: new Set(),
    }
    entry.requests++
    if (span.StatusCode === 'Error' || status >= 500) entry.errors++
    if (status >= 400 && status < 500) entry.status4xx++
    if (status >= 500) entry.status5xx++
    entry.durationSum += span.Duration
    if (attr(span, 'enduser.id')) entry.userSet.add(attr(span, 'enduser.id'))
    entry.users = entry.userSet.size
    out.set(key, entry)
  }
  return new Map([...out].map(([k, { userSet: _, ...rest }]) => [k, rest]))
}

/** Object id = the path segments where the route template has a parameter. */
export function objectIdOf(route: string, path: string): string {
  const templates = route.split('/')
  const segments = path.split('/')
  return templates
    .map((template, i) => (template.startsWith(':') || template.startsWith('{') ? (segments[i] ?? '') : ''))
    .filter((segment) => segment !== '')
    .join('/')
}

export interface UserMinuteExpectation {
  key: string
  requests: number
  failures: number
  objectIds: number
}

export function expectedUserMinutes(spans: readonly SpanRow[]): Map<string, UserMinuteExpectation> {
  const out = new Map<string, UserMinuteExpectation & { ids: Set<string> }>()
  for (const span of spans) {
    if (span.SpanKind !== 'Server') continue
    const route = attr(span, 'http.route')
    const key = [
      minuteOf(span.Timestamp),
      span.ServiceName,
      attr(span, 'http.request.method'),
      route,
      attr(span, 'enduser.id'),
      attr(span, 'client.address'),
    ].join('|')
    const status = Number(attr(span, 'http.response.status_code'))
    const entry = out.get(key) ?? { key, requests: 0, failures: 0, objectIds: 0, ids: new Set() }
    entry.requests++
    if (span.StatusCode === 'Error' || status >= 400) entry.failures++
    const id = objectIdOf(route, attr(span, 'url.path'))
    if (id) entry.ids.add(id)
    entry.objectIds = entry.ids.size
    out.set(key, entry)
  }
  return new Map([...out].map(([k, { ids: _, ...rest }]) => [k, rest]))
}

/** caller|callee|method|route|address|source|minute → calls */
export function expectedEdges(spans: readonly SpanRow[]): Map<string, number> {
  const byId = new Map(spans.map((s) => [`${s.TraceId}/${s.SpanId}`, s]))
  const out = new Map<string, number>()
  const add = (key: string): void => {
    out.set(key, (out.get(key) ?? 0) + 1)
  }
  for (const child of spans) {
    const parent = byId.get(`${child.TraceId}/${child.ParentSpanId}`)
    if (parent && parent.ServiceName !== child.ServiceName) {
      const address = attr(parent, 'peer.service') || attr(parent, 'server.address')
      add(
        [
          parent.ServiceName,
          child.ServiceName,
          attr(child, 'http.request.method'),
          attr(child, 'http.route'),
          address,
          'span',
          minuteOf(child.Timestamp),
        ].join('|'),
      )
    }
    if (
      (child.SpanKind === 'Client' || child.SpanKind === 'Producer') &&
      (attr(child, 'peer.service') || attr(child, 'server.address'))
    ) {
      const address = attr(child, 'peer.service') || attr(child, 'server.address')
      add(
        [
          child.ServiceName,
          attr(child, 'peer.service'),
          attr(child, 'http.request.method'),
          '',
          address,
          'client',
          minuteOf(child.Timestamp),
        ].join('|'),
      )
    }
  }
  return out
}

// Counts over several horizons ending at the window's end (1, 5, 15, 60
// minutes by default), from the minute rollups of the longest horizon: a
// fast attack shows in the 1-minute count, a slow one as its longer
// horizons fill. Only what is active in the window itself is returned, and
// the read covers one horizon of rollups whatever the history's length.
import type { Store } from '@tracehound/store'
import type { DetectorConfig } from './detector-config.ts'
import type { AddressAuthCounts, EndpointCounts, PrincipalCounts, ServiceSpanCounts, Window } from './detection-input.ts'

const n = (v: unknown): number => Number(v ?? 0)
const list = (v: unknown): number[] => (v as unknown[]).map(n)

export interface HorizonCounts {
  principalCounts: PrincipalCounts[]
  endpointCounts: EndpointCounts[]
  addressAuthCounts: AddressAuthCounts[]
  serviceSpanCounts: ServiceSpanCounts[]
}

/** `[sumIf(x, Minute >= since_1), …]` over the horizons, as one array column. */
const perHorizon = (fn: string, value: string, horizons: readonly number[], alias: string): string =>
  `[${horizons.map((h) => `${fn}(${value}, Minute >= toDateTime({end:UInt32} - ${h * 60}))`).join(', ')}] AS ${alias}`

/** The JavaScript route pattern as RE2 (ClickHouse `match`). */
export const re2Of = (pattern: RegExp): string => `${pattern.flags.includes('i') ? '(?i)' : ''}${pattern.source}`

export async function readHorizonCounts(store: Store, window: Window, config: DetectorConfig): Promise<HorizonCounts> {
  const horizons = config.horizonsMinutes
  const longest = Math.max(...horizons)
  const params = { end: window.end, start: window.start, from: window.end - longest * 60, auth: re2Of(config.authRoute) }
  const inRange = 'Minute >= toDateTime({from:UInt32}) AND Minute < toDateTime({end:UInt32})'
  const active = 'Minute >= toDateTime({start:UInt32})'
  const principal = "if(UserId != '', UserId, ClientAddress)"
  const shortest = `Minute >= toDateTime({end:UInt32} - ${Math.min(...horizons.slice(1), longest) * 60})`
  const [principals, endpoints, addresses, services] = await Promise.all([
    store.query(
      `SELECT ServiceName AS service, Method AS method, Route AS route, ${principal} AS principal, any(UserId) != '' AS isUser, anyLast(ClientAddress) AS address,
              ${perHorizon('sumIf', 'Requests', horizons, 'requests')}, ${perHorizon('sumIf', 'Failures', horizons, 'failures')},
              ${perHorizon('sumIf', 'Status401 + Status403 + Status404', horizons, 'denied')}, ${perHorizon('uniqMergeIf', 'ObjectIds', horizons, 'objects')},
              groupUniqArrayMergeIf(5)(SampleTraceIds, ${shortest}) AS samples, groupUniqArrayMergeIf(5)(SampleObjectIds, ${shortest}) AS sampleObjects
       FROM user_endpoint_minute WHERE ${inRange} AND principal != ''
       GROUP BY service, method, route, principal HAVING sumIf(Requests, ${active}) > 0`,
      params,
    ),
    store.query(
      `SELECT e.service AS service, e.method AS method, e.route AS route, requests, errors, samples, failures, failingPrincipals, addresses FROM (
         SELECT ServiceName AS service, Method AS method, Route AS route,
                ${perHorizon('sumIf', 'Requests', horizons, 'requests')}, ${perHorizon('sumIf', 'Errors', horizons, 'errors')},
                groupUniqArrayMergeIf(5)(SampleTraceIds, ${active}) AS samples
         FROM endpoint_minute WHERE ${inRange} GROUP BY service, method, route HAVING sumIf(Requests, ${active}) > 0) AS e
       LEFT JOIN (
         SELECT ServiceName AS service, Method AS method, Route AS route,
                ${perHorizon('sumIf', 'Failures', horizons, 'failures')},
                [${horizons.map((h) => `uniqExactIf(${principal}, Failures > 0 AND Minute >= toDateTime({end:UInt32} - ${h * 60}))`).join(', ')}] AS failingPrincipals,
                [${horizons.map((h) => `uniqExactIf(ClientAddress, Minute >= toDateTime({end:UInt32} - ${h * 60}))`).join(', ')}] AS addresses
         FROM user_endpoint_minute WHERE ${inRange} GROUP BY service, method, route) AS u
       ON e.service = u.service AND e.method = u.method AND e.route = u.route`,
      params,
    ),
    store.query(
      `SELECT ServiceName AS service, Method AS method, Route AS route, ClientAddress AS address,
              ${perHorizon('sumIf', 'Requests', horizons, 'requests')}, ${perHorizon('sumIf', 'Failures', horizons, 'failures')},
              [${horizons.map((h) => `uniqExactIf(UserId, Failures > 0 AND UserId != '' AND Minute >= toDateTime({end:UInt32} - ${h * 60}))`).join(', ')}] AS failingPrincipals,
              groupUniqArrayMergeIf(5)(SampleTraceIds, ${shortest}) AS samples
       FROM user_endpoint_minute WHERE ${inRange} AND ClientAddress != '' AND match(Route, {auth:String})
       GROUP BY service, method, route, address HAVING sumIf(Failures, ${active}) > 0`,
      params,
    ),
    // Hygiene reads spans: only the horizons up to 15 minutes.
    store.query(
      `SELECT ServiceName AS service,
              [${horizons.map((h) => `countIf(Timestamp >= toDateTime({end:UInt32} - ${Math.min(h, 15) * 60}))`).join(', ')}] AS spans,
              [${horizons.map((h) => `countIf(SpanAttributes['correlation.id'] = '' AND Timestamp >= toDateTime({end:UInt32} - ${Math.min(h, 15) * 60}))`).join(', ')}] AS missing,
              groupUniqArrayIf(5)(TraceId, SpanAttributes['correlation.id'] = '' AND Timestamp >= toDateTime({start:UInt32})) AS samples
       FROM otel_traces WHERE Timestamp >= toDateTime({end:UInt32} - ${Math.min(longest, 15) * 60}) AND Timestamp < toDateTime({end:UInt32})
       GROUP BY service HAVING countIf(Timestamp >= toDateTime({start:UInt32})) > 0`,
      params,
    ),
  ])
  return {
    principalCounts: principals.map((r) => ({
      service: String(r['service']),
      method: String(r['method']),
      route: String(r['route']),
      principal: String(r['principal']),
      isUser: n(r['isUser']) === 1,
      clientAddress: String(r['address']),
      requests: list(r['requests']),
      failures: list(r['failures']),
      denied: list(r['denied']),
      objects: list(r['objects']),
      sampleTraceIds: (r['samples'] as string[]) ?? [],
      sampleObjectIds: (r['sampleObjects'] as string[]) ?? [],
    })),
    endpointCounts: endpoints.map((r) => ({
      service: String(r['service']),
      method: String(r['method']),
      route: String(r['route']),
      requests: list(r['requests']),
      errors: list(r['errors']),
      failures: r['failures'] ? list(r['failures']) : horizons.map(() => 0),
      failingPrincipals: r['failingPrincipals'] ? list(r['failingPrincipals']) : horizons.map(() => 0),
      addresses: r['addresses'] ? list(r['addresses']) : horizons.map(() => 0),
      sampleTraceIds: (r['samples'] as string[]) ?? [],
    })),
    addressAuthCounts: addresses.map((r) => ({
      service: String(r['service']),
      method: String(r['method']),
      route: String(r['route']),
      address: String(r['address']),
      requests: list(r['requests']),
      failures: list(r['failures']),
      failingPrincipals: list(r['failingPrincipals']),
      sampleTraceIds: (r['samples'] as string[]) ?? [],
    })),
    serviceSpanCounts: services.map((r) => ({ service: String(r['service']), spans: list(r['spans']), missingCorrelation: list(r['missing']), sampleTraceIds: (r['samples'] as string[]) ?? [] })),
  }
}

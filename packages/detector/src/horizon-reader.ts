// Counts over several horizons ending at each window's end (1, 5, 15, 60
// minutes by default), from the minute rollups: a fast attack shows in the
// 1-minute count, a slow one as its longer horizons fill. Only what is
// active in the window itself is returned. Windows are read in chunks (a
// backfill reads up to an hour of windows per query, `ARRAY JOIN` over their
// ends), so a window costs a share of a query, not a query of its own; the
// read covers one horizon of rollups before the chunk, whatever the
// history's length.
import type { Store } from '@tracehound/store'
import { READ_METHODS, type DetectorConfig } from './detector-config.ts'
import type { AddressAuthCounts, EndpointCounts, PrincipalCounts, ServiceSpanCounts } from './detection-input.ts'

const n = (v: unknown): number => Number(v ?? 0)
const list = (v: unknown): number[] => (v as unknown[]).map(n)
const strings = (v: unknown): string[] => (v as string[] | undefined) ?? []

export interface HorizonCounts {
  principalCounts: PrincipalCounts[]
  endpointCounts: EndpointCounts[]
  addressAuthCounts: AddressAuthCounts[]
  serviceSpanCounts: ServiceSpanCounts[]
}

/** A rollup row's principal: the user, else the client address (the rollups key on both). */
export const PRINCIPAL_SQL = "if(UserId != '', UserId, ClientAddress)"

/** Hygiene reads spans, per minute: horizons beyond this are not read. */
export const HYGIENE_MAX_HORIZON_MINUTES = 15

/** The horizon sample ids are drawn from: the second-shortest (5 minutes by default), or the only one. */
export const recentHorizonSeconds = (config: Pick<DetectorConfig, 'horizonsMinutes'>): number =>
  Math.min(...config.horizonsMinutes.slice(1), Math.max(...config.horizonsMinutes)) * 60

/** `[fn(value, Minute >= w − h), …]` over the horizons, as one array column. */
const perHorizon = (fn: string, value: string, horizons: readonly number[], alias: string, extra = ''): string =>
  `[${horizons.map((h) => `${fn}(${value}, Minute >= toDateTime(w - ${h * 60})${extra})`).join(', ')}] AS ${alias}`

/** The JavaScript route pattern as RE2 (ClickHouse `match`). */
export const re2Of = (pattern: RegExp): string => `${pattern.flags.includes('i') ? '(?i)' : ''}${pattern.source}`

/** Counts for each window ending at `ends` (epoch seconds), keyed by that end. */
export async function readHorizonCounts(
  store: Store,
  ends: readonly number[],
  config: DetectorConfig,
): Promise<Map<number, HorizonCounts>> {
  const horizons = config.horizonsMinutes
  const longest = Math.max(...horizons)
  const first = Math.min(...ends)
  const last = Math.max(...ends)
  const params = {
    ends: [...ends],
    from: first - longest * 60,
    to: last,
    window: config.windowSeconds,
    auth: re2Of(config.authRoute),
    readMethods: [...READ_METHODS],
  }
  // Rows of the chunk's range, each joined to the windows whose longest horizon holds it.
  // One window (live detection): `w` is a constant, so every horizon bound folds to one.
  const single = ends.length === 1
  const joined = single
    ? 'WHERE Minute >= toDateTime({from:UInt32}) AND Minute < toDateTime({to:UInt32})'
    : `ARRAY JOIN {ends:Array(UInt32)} AS w
       WHERE Minute >= toDateTime({from:UInt32}) AND Minute < toDateTime({to:UInt32})
         AND Minute >= toDateTime(w - ${longest * 60}) AND Minute < toDateTime(w)`
  const query = (sql: string, values: typeof params) =>
    store.query(single ? `WITH {to:UInt32} AS w ${sql}` : sql, values)
  const active = 'Minute >= toDateTime(w - {window:UInt32})'
  const recent = `Minute >= toDateTime(w - ${recentHorizonSeconds(config)})`
  const [principals, endpoints, users, addresses, services] = await Promise.all([
    query(
      `SELECT w, ServiceName AS service, Method AS method, Route AS route, ${PRINCIPAL_SQL} AS principal, max(UserId != '') AS isUser, anyLast(ClientAddress) AS address,
              ${perHorizon('sumIf', 'Requests', horizons, 'requests')}, ${perHorizon('sumIf', 'Failures', horizons, 'failures')},
              ${perHorizon('sumIf', 'Status401 + Status403 + Status404', horizons, 'denied')}, ${perHorizon('uniqMergeIf', 'ObjectIds', horizons, 'objects')}
       FROM user_endpoint_minute ${joined} AND ${PRINCIPAL_SQL} != ''
       GROUP BY w, service, method, route, principal HAVING sumIf(Requests, ${active}) > 0`,
      params,
    ),
    query(
      `SELECT w, ServiceName AS service, Method AS method, Route AS route,
              ${perHorizon('sumIf', 'Requests', horizons, 'requests')}, ${perHorizon('sumIf', 'Errors', horizons, 'errors')},
              groupUniqArrayMergeIf(5)(SampleTraceIds, ${active}) AS samples
       FROM endpoint_minute ${joined}
       GROUP BY w, service, method, route HAVING sumIf(Requests, ${active}) > 0`,
      params,
    ),
    query(
      `SELECT w, ServiceName AS service, Method AS method, Route AS route,
              ${perHorizon('sumIf', 'Failures', horizons, 'failures')},
              ${perHorizon('uniqExactIf', PRINCIPAL_SQL, horizons, 'failingPrincipals', ' AND Failures > 0')},
              ${perHorizon('uniqExactIf', 'ClientAddress', horizons, 'addresses')}
       FROM user_endpoint_minute ${joined}
       GROUP BY w, service, method, route HAVING sumIf(Requests, ${active}) > 0`,
      params,
    ),
    query(
      `SELECT w, ServiceName AS service, Method AS method, Route AS route, ClientAddress AS address,
              ${perHorizon('sumIf', 'Requests', horizons, 'requests')}, ${perHorizon('sumIf', 'Failures', horizons, 'failures')},
              ${perHorizon('uniqExactIf', 'UserId', horizons, 'failingPrincipals', " AND Failures > 0 AND UserId != ''")},
              groupUniqArrayMergeIf(5)(SampleTraceIds, ${recent}) AS samples
       FROM user_endpoint_minute ${joined} AND ClientAddress != '' AND match(Route, {auth:String}) AND Method NOT IN {readMethods:Array(String)}
       GROUP BY w, service, method, route, address HAVING sumIf(Failures, ${active}) > 0`,
      params,
    ),
    // Spans per service and minute (hygiene), summed into horizons below.
    store.query(
      `SELECT ServiceName AS service, toUInt32(toStartOfMinute(Timestamp)) AS minute, count() AS spans,
              countIf(SpanAttributes['correlation.id'] = '') AS missing, groupUniqArrayIf(5)(TraceId, SpanAttributes['correlation.id'] = '') AS samples
       FROM otel_traces WHERE Timestamp >= toDateTime({hygieneFrom:UInt32}) AND Timestamp < toDateTime({to:UInt32})
       GROUP BY service, minute`,
      { ...params, hygieneFrom: first - Math.min(longest, HYGIENE_MAX_HORIZON_MINUTES) * 60 },
    ),
  ])

  const out = new Map<number, HorizonCounts>(
    ends.map((end) => [end, { principalCounts: [], endpointCounts: [], addressAuthCounts: [], serviceSpanCounts: [] }]),
  )
  const at = (r: Record<string, unknown>): HorizonCounts | undefined => out.get(n(r['w']))
  const zeros = horizons.map(() => 0)
  for (const r of principals) {
    at(r)?.principalCounts.push({
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
      // Read only for the principals a finding names (principal-samples.ts): most never need them.
      sampleTraceIds: [],
      sampleObjectIds: [],
    })
  }
  const userSide = new Map(
    users.map((r) => [
      `${n(r['w'])}\u0000${String(r['service'])}\u0000${String(r['method'])}\u0000${String(r['route'])}`,
      r,
    ]),
  )
  for (const r of endpoints) {
    const u = userSide.get(
      `${n(r['w'])}\u0000${String(r['service'])}\u0000${String(r['method'])}\u0000${String(r['route'])}`,
    )
    at(r)?.endpointCounts.push({
      service: String(r['service']),
      method: String(r['method']),
      route: String(r['route']),
      requests: list(r['requests']),
      errors: list(r['errors']),
      failures: u ? list(u['failures']) : zeros,
      failingPrincipals: u ? list(u['failingPrincipals']) : zeros,
      addresses: u ? list(u['addresses']) : zeros,
      sampleTraceIds: strings(r['samples']),
    })
  }
  for (const r of addresses) {
    at(r)?.addressAuthCounts.push({
      service: String(r['service']),
      method: String(r['method']),
      route: String(r['route']),
      address: String(r['address']),
      requests: list(r['requests']),
      failures: list(r['failures']),
      failingPrincipals: list(r['failingPrincipals']),
      sampleTraceIds: strings(r['samples']),
    })
  }
  const byService = new Map<string, Map<number, { spans: number; missing: number; samples: string[] }>>()
  for (const r of services) {
    const minutes = byService.get(String(r['service'])) ?? new Map()
    minutes.set(n(r['minute']), { spans: n(r['spans']), missing: n(r['missing']), samples: strings(r['samples']) })
    byService.set(String(r['service']), minutes)
  }
  for (const [end, counts] of out) {
    for (const [service, minutes] of byService) {
      const sum = (h: number, field: 'spans' | 'missing'): number => {
        let total = 0
        for (const [minute, m] of minutes)
          if (minute >= end - Math.min(h, HYGIENE_MAX_HORIZON_MINUTES) * 60 && minute < end) total += m[field]
        return total
      }
      const inWindow = [...minutes].filter(([minute]) => minute >= end - config.windowSeconds && minute < end)
      if (!inWindow.some(([, m]) => m.spans > 0)) continue
      counts.serviceSpanCounts.push({
        service,
        spans: horizons.map((h) => sum(h, 'spans')),
        missingCorrelation: horizons.map((h) => sum(h, 'missing')),
        sampleTraceIds: inWindow.flatMap(([, m]) => m.samples).slice(0, 5),
      })
    }
  }
  return out
}

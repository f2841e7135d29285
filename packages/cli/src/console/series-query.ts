// The per-minute series behind a finding (`GET /api/series`): requests and
// errors of one endpoint — or of one user on it — around the finding's
// window, read from the minute rollups. The console draws it with the hour
// before the window as the band the finding was judged against.
import type { Store } from '@tracehound/store'

export interface SeriesRequest {
  service: string
  /** `METHOD route` as findings name endpoints, or a bare route. */
  endpoint?: string | undefined
  user?: string | undefined
  from: number
  to: number
}

export interface SeriesPoint {
  minute: string
  requests: number
  errors: number
}

/** At most a day of minutes per request: what one chart can show. */
export const MAX_SERIES_SECONDS = 86_400

/** `GET /orders/:id` → method and route; a route alone (no method) stays whole. */
export function splitEndpoint(endpoint: string): { method: string; route: string } {
  const match = /^([A-Z]{3,7}) (.+)$/.exec(endpoint)
  return match ? { method: match[1]!, route: match[2]! } : { method: '', route: endpoint }
}

export async function readSeries(store: Store, request: SeriesRequest): Promise<SeriesPoint[]> {
  const endpoint = request.endpoint ? splitEndpoint(request.endpoint) : undefined
  const params = {
    service: request.service,
    method: endpoint?.method ?? '',
    route: endpoint?.route ?? '',
    user: request.user ?? '',
    from: request.from,
    to: request.to,
  }
  const endpointFilter = endpoint ? 'AND Method = {method:String} AND Route = {route:String}' : ''
  const sql = request.user
    ? `SELECT toString(Minute) AS minute, sum(Requests) AS requests, sum(Failures) AS errors
       FROM user_endpoint_minute
       WHERE ServiceName = {service:String} ${endpointFilter} AND UserId = {user:String}
         AND Minute >= toDateTime({from:UInt32}) AND Minute < toDateTime({to:UInt32})
       GROUP BY Minute ORDER BY Minute`
    : `SELECT toString(Minute) AS minute, sum(Requests) AS requests, sum(Errors) AS errors
       FROM endpoint_minute
       WHERE ServiceName = {service:String} ${endpointFilter}
         AND Minute >= toDateTime({from:UInt32}) AND Minute < toDateTime({to:UInt32})
       GROUP BY Minute ORDER BY Minute`
  const rows = await store.query(sql, params)
  return rows.map((r) => ({
    minute: `${String(r['minute']).replace(' ', 'T')}Z`,
    requests: Number(r['requests']),
    errors: Number(r['errors']),
  }))
}

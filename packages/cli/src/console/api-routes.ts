// The read API of `tracehound up` (on the OTLP port) and `tracehound console`:
//   GET /api/findings[?kind=&status=&from=&to=]  findings (JSON array, docs/architecture.md shape)
//   GET /api/incidents[?status=&from=&to=]       incidents (JSON array, `tracehound incidents --json` shape)
//   GET /api/edges[?minutes=60]                  the service graph of the last N minutes of event time
//   GET /api/traces/:traceId                      one trace's spans, in start order (a finding's sample traces)
//   GET /api/series?service=&endpoint=&user=&from=&to=  requests and errors per minute (a finding's chart)
//   GET /api/health                               the pipeline as the store sees it
// Read-only: every query is a SELECT with bound parameters.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { FINDING_KINDS, findingToJson, incidentToJson, listFindings, listIncidents } from '@tracehound/detector'
import type { Store } from '@tracehound/store'
import { readStoreHealth } from './health-query.ts'
import { MAX_SERIES_SECONDS, readSeries } from './series-query.ts'
import { readTrace, TRACE_ID } from './trace-query.ts'

function send(res: ServerResponse, status: number, body: unknown): true {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(body))
  return true
}

/** What the store's finding times can hold (DateTime64, UInt32 epoch seconds in queries): 1970 up to 2105. */
const LATEST_SECONDS = 4_294_967_295

/** Longest service, endpoint or user name a query takes: longer ones are not names the store holds. */
const MAX_NAME_LENGTH = 1024

class BadParameter extends Error {}

/** `from` / `to`: epoch seconds or an ISO-8601 time within what the store holds; absent → undefined; anything else → 400. */
const seconds = (name: string, value: string | null): number | undefined => {
  if (value === null || value === '') return undefined
  // Digits are epoch seconds; otherwise only an ISO-8601 date (Date.parse alone reads "-5" as a year-2001 date).
  const n = /^\d+$/.test(value) ? Number(value) : /^\d{4}-\d\d-\d\d/.test(value) ? Date.parse(value) / 1000 : NaN
  if (!Number.isFinite(n) || n < 0 || n > LATEST_SECONDS) {
    throw new BadParameter(
      `${name} must be epoch seconds or an ISO-8601 time between 1970-01-01 and 2106-02-07 (e.g. ${name}=2026-11-23T10:00:00Z); got ${JSON.stringify(value.slice(0, 60))}`,
    )
  }
  return Math.floor(n)
}

/** `from`/`to` of a query, `to` after `from` when both are given. */
function timeRange(url: URL): { from?: number; to?: number } {
  const from = seconds('from', url.searchParams.get('from'))
  const to = seconds('to', url.searchParams.get('to'))
  if (from !== undefined && to !== undefined && to <= from)
    throw new BadParameter(`to (${to}) must be after from (${from})`)
  return { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) }
}

function name(url: URL, key: string, required: boolean): string | undefined {
  const value = url.searchParams.get(key) ?? ''
  if (value === '') {
    if (required) throw new BadParameter(`${key} is required, e.g. ${key}=orders`)
    return undefined
  }
  if (value.length > MAX_NAME_LENGTH) throw new BadParameter(`${key} is longer than ${MAX_NAME_LENGTH} characters`)
  return value
}

async function findingsOrIncidents(store: Store, res: ServerResponse, url: URL, incidents: boolean): Promise<true> {
  const kind = url.searchParams.get('kind') ?? undefined
  if (kind && !(FINDING_KINDS as readonly string[]).includes(kind))
    return send(res, 400, { error: `kind must be one of ${FINDING_KINDS.join(', ')}` })
  const statuses = incidents ? ['open', 'resolved', 'merged'] : ['open', 'resolved']
  const status = url.searchParams.get('status')
  if (status && !statuses.includes(status)) return send(res, 400, { error: `status must be ${statuses.join(' or ')}` })
  const range = timeRange(url)
  if (incidents) {
    const found = await listIncidents(store, { ...(status ? { status: status as 'open' } : {}), ...range })
    return send(res, 200, found.map(incidentToJson))
  }
  const found = await listFindings(store, {
    ...(kind ? { kind } : {}),
    ...(status ? { status: status as 'open' | 'resolved' } : {}),
    ...range,
  })
  return send(res, 200, found.map(findingToJson))
}

async function edges(store: Store, res: ServerResponse, url: URL): Promise<true> {
  const minutes = Number(url.searchParams.get('minutes') ?? 60)
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 100_000)
    return send(res, 400, { error: 'minutes must be a whole number from 1 to 100000' })
  const rows = await store.query(
    `SELECT CallerService AS caller, if(CalleeService != '', CalleeService, CalleeAddress) AS callee, Source AS source,
            sum(Calls) AS calls, sum(Errors) AS errors, toString(min(FirstSeen)) AS firstSeen, toString(max(LastSeen)) AS lastSeen
     FROM service_edges_minute
     WHERE Minute >= (SELECT max(Minute) FROM service_edges_minute) - toIntervalMinute({minutes:UInt32})
     GROUP BY caller, callee, source ORDER BY calls DESC`,
    { minutes },
  )
  return send(
    res,
    200,
    rows.map((e) => ({ ...e, calls: Number(e['calls']), errors: Number(e['errors']) })),
  )
}

async function series(store: Store, res: ServerResponse, url: URL): Promise<true> {
  const service = name(url, 'service', true)!
  const endpoint = name(url, 'endpoint', false)
  const user = name(url, 'user', false)
  const { from, to } = timeRange(url)
  if (from === undefined || to === undefined)
    throw new BadParameter('from and to are required, e.g. from=2026-11-23T09:00:00Z&to=2026-11-23T11:00:00Z')
  if (to - from > MAX_SERIES_SECONDS)
    throw new BadParameter(`from … to spans at most ${MAX_SERIES_SECONDS / 3600} hours (one chart)`)
  return send(res, 200, await readSeries(store, { service, endpoint, user, from, to }))
}

async function trace(store: Store, res: ServerResponse, path: string): Promise<true> {
  const traceId = path.slice('/api/traces/'.length).toLowerCase()
  if (!TRACE_ID.test(traceId))
    return send(res, 400, {
      error: 'a trace id is 32 hex characters, e.g. /api/traces/4bf92f3577b34da6a3ce929d0e0e4736',
    })
  const spans = await readTrace(store, traceId)
  if (spans.length === 0)
    return send(res, 404, { error: `no spans of trace ${traceId} in the store (it may be older than the retention)` })
  return send(res, 200, { trace_id: traceId, spans })
}

export function apiRoutes(store: Store): (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean> {
  return async (req, res, path) => {
    if (req.method !== 'GET') return false
    const url = new URL(req.url ?? '/', 'http://localhost')
    try {
      if (path.startsWith('/api/traces/')) return await trace(store, res, path)
      if (path === '/api/findings') return await findingsOrIncidents(store, res, url, false)
      if (path === '/api/incidents') return await findingsOrIncidents(store, res, url, true)
      if (path === '/api/edges') return await edges(store, res, url)
      if (path === '/api/series') return await series(store, res, url)
      if (path === '/api/health') return send(res, 200, await readStoreHealth(store))
    } catch (err) {
      if (err instanceof BadParameter) return send(res, 400, { error: err.message })
      throw err
    }
    return false
  }
}

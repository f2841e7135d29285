// The HTTP API of `tracehound up`, on the OTLP port:
//   GET /api/findings[?kind=&status=&from=&to=]  findings (JSON array, docs/architecture.md shape)
//   GET /api/incidents[?status=&from=&to=]       incidents (JSON array, `tracehound incidents --json` shape)
//   GET /api/edges[?minutes=60]                  the service graph of the last N minutes of event time
//   GET /api/traces/:traceId                      one trace's spans, in start order (a finding's sample traces)
import type { IncomingMessage, ServerResponse } from 'node:http'
import { FINDING_KINDS, findingToJson, incidentToJson, listFindings, listIncidents } from '@tracehound/detector'
import type { Store } from '@tracehound/store'
import { readTrace, TRACE_ID } from './trace-query.ts'

function send(res: ServerResponse, status: number, body: unknown): true {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body))
  return true
}

/** What the store's finding times can hold (DateTime64, UInt32 epoch seconds in queries): 1970 up to 2105. */
const LATEST_SECONDS = 4_294_967_295

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

export function apiRoutes(store: Store): (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean> {
  return async (req, res, path) => {
    if (req.method !== 'GET') return false
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (path.startsWith('/api/traces/')) {
      const traceId = path.slice('/api/traces/'.length).toLowerCase()
      if (!TRACE_ID.test(traceId))
        return send(res, 400, {
          error: 'a trace id is 32 hex characters, e.g. /api/traces/4bf92f3577b34da6a3ce929d0e0e4736',
        })
      const spans = await readTrace(store, traceId)
      if (spans.length === 0)
        return send(res, 404, {
          error: `no spans of trace ${traceId} in the store (it may be older than the retention)`,
        })
      return send(res, 200, { trace_id: traceId, spans })
    }
    if (path === '/api/findings' || path === '/api/incidents') {
      const kind = url.searchParams.get('kind') ?? undefined
      if (kind && !(FINDING_KINDS as readonly string[]).includes(kind))
        return send(res, 400, { error: `kind must be one of ${FINDING_KINDS.join(', ')}` })
      const statuses = path === '/api/incidents' ? ['open', 'resolved', 'merged'] : ['open', 'resolved']
      const status = url.searchParams.get('status')
      if (status && !statuses.includes(status))
        return send(res, 400, { error: `status must be ${statuses.join(' or ')}` })
      let from: number | undefined
      let to: number | undefined
      try {
        from = seconds('from', url.searchParams.get('from'))
        to = seconds('to', url.searchParams.get('to'))
      } catch (err) {
        if (err instanceof BadParameter) return send(res, 400, { error: err.message })
        throw err
      }
      if (from !== undefined && to !== undefined && to <= from)
        return send(res, 400, { error: `to (${to}) must be after from (${from})` })
      const range = { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) }
      if (path === '/api/incidents') {
        const incidents = await listIncidents(store, { ...(status ? { status: status as 'open' } : {}), ...range })
        return send(res, 200, incidents.map(incidentToJson))
      }
      const findings = await listFindings(store, {
        ...(kind ? { kind } : {}),
        ...(status ? { status: status as 'open' | 'resolved' } : {}),
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
      })
      return send(res, 200, findings.map(findingToJson))
    }
    if (path === '/api/edges') {
      const minutes = Number(url.searchParams.get('minutes') ?? 60)
      if (!Number.isInteger(minutes) || minutes < 1 || minutes > 100_000)
        return send(res, 400, { error: 'minutes must be a whole number from 1 to 100000' })
      const edges = await store.query(
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
        edges.map((e) => ({ ...e, calls: Number(e['calls']), errors: Number(e['errors']) })),
      )
    }
    return false
  }
}

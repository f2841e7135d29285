// The HTTP API of `tracehound up`, on the OTLP port:
//   GET /api/findings[?kind=&status=&from=&to=]  findings (JSON array, DESIGN.md shape)
//   GET /api/edges[?minutes=60]                  the service graph of the last N minutes of event time
import type { IncomingMessage, ServerResponse } from 'node:http'
import { FINDING_KINDS, findingToJson, listFindings } from '@tracehound/detector'
import type { Store } from '@tracehound/store'

function send(res: ServerResponse, status: number, body: unknown): true {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body))
  return true
}

const seconds = (value: string | null): number | undefined => {
  if (value === null || value === '') return undefined
  const n = /^\d+$/.test(value) ? Number(value) : Date.parse(value) / 1000
  return Number.isFinite(n) ? Math.floor(n) : undefined
}

export function apiRoutes(store: Store): (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean> {
  return async (req, res, path) => {
    if (req.method !== 'GET') return false
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (path === '/api/findings') {
      const kind = url.searchParams.get('kind') ?? undefined
      if (kind && !(FINDING_KINDS as readonly string[]).includes(kind)) return send(res, 400, { error: `kind must be one of ${FINDING_KINDS.join(', ')}` })
      const status = url.searchParams.get('status')
      if (status && status !== 'open' && status !== 'resolved') return send(res, 400, { error: 'status must be open or resolved' })
      const from = seconds(url.searchParams.get('from'))
      const to = seconds(url.searchParams.get('to'))
      const findings = await listFindings(store, { ...(kind ? { kind } : {}), ...(status ? { status: status as 'open' | 'resolved' } : {}), ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) })
      return send(res, 200, findings.map(findingToJson))
    }
    if (path === '/api/edges') {
      const minutes = Number(url.searchParams.get('minutes') ?? 60)
      if (!Number.isInteger(minutes) || minutes < 1 || minutes > 100_000) return send(res, 400, { error: 'minutes must be a whole number from 1 to 100000' })
      const edges = await store.query(
        `SELECT CallerService AS caller, if(CalleeService != '', CalleeService, CalleeAddress) AS callee, Source AS source,
                sum(Calls) AS calls, sum(Errors) AS errors, toString(min(FirstSeen)) AS firstSeen, toString(max(LastSeen)) AS lastSeen
         FROM service_edges_minute
         WHERE Minute >= (SELECT max(Minute) FROM service_edges_minute) - toIntervalMinute({minutes:UInt32})
         GROUP BY caller, callee, source ORDER BY calls DESC`,
        { minutes },
      )
      return send(res, 200, edges.map((e) => ({ ...e, calls: Number(e['calls']), errors: Number(e['errors']) })))
    }
    return false
  }
}

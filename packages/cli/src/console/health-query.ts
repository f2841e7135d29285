// Pipeline health as the store sees it (`GET /api/health`): the same answer
// from `up` and from the separate console stage, which has no pipeline of its
// own — the newest stored span, the span rate of the last five minutes, what
// detection has produced, and the alert outbox by state.
import type { Store } from '@tracehound/store'

export interface StoreHealth {
  newest_span: string | null
  spans_last_5m: number
  open_findings: number
  open_incidents: number
  newest_finding: string | null
  outbox: Record<string, number>
}

const iso = (value: unknown): string | null =>
  value === null || value === undefined || String(value).startsWith('1970-01-01')
    ? null
    : `${String(value).replace(' ', 'T')}Z`

export async function readStoreHealth(store: Store): Promise<StoreHealth> {
  const [spans] = await store.query(
    `SELECT toString(max(Timestamp)) AS newest, count() AS recent
     FROM otel_traces
     WHERE Timestamp >= (SELECT max(Timestamp) FROM otel_traces) - INTERVAL 5 MINUTE`,
  )
  const [findings] = await store.query(
    `SELECT countIf(Status = 'open') AS open, toString(max(WindowEnd)) AS newest FROM findings FINAL`,
  )
  const [incidents] = await store.query(`SELECT countIf(Status = 'open') AS open FROM incidents FINAL`)
  const outbox = await store.query(`SELECT Status AS status, count() AS n FROM alert_outbox FINAL GROUP BY Status`)
  return {
    newest_span: iso(spans?.['newest']),
    spans_last_5m: Number(spans?.['recent'] ?? 0),
    open_findings: Number(findings?.['open'] ?? 0),
    open_incidents: Number(incidents?.['open'] ?? 0),
    newest_finding: iso(findings?.['newest']),
    outbox: Object.fromEntries(outbox.map((r) => [String(r['status']), Number(r['n'])])),
  }
}

// Incidents ↔ the `incidents` table, and the refresh that regroups the
// findings around a detected range and writes the incidents that changed.
// An incident absorbed by another (a later finding joined two) is written
// once more as `merged`, naming the incident it joined.
import { createHash } from 'node:crypto'
import type { Store } from '@tracehound/store'
import { clickHouseTimeToIso, isoToClickHouseTime } from '@tracehound/store'
import type { DetectorConfig } from './detector-config.ts'
import type { Finding, Severity } from './finding.ts'
import { fromRow as findingFromRow } from './findings-table.ts'
import { groupIncidents } from './group-incidents.ts'
import type { Incident } from './incident.ts'

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : [])

/**
 * `version`: the event time the grouping was done for (a later detection
 * wins, a replay writes the same version), times 10, plus the status — so a
 * merge written by the same run wins over the open row.
 */
export function incidentToRow(i: Incident, version: number): Record<string, unknown> {
  return {
    Id: i.id,
    Title: i.title,
    Severity: i.severity,
    Status: i.status,
    FirstSeen: isoToClickHouseTime(i.firstSeen),
    LastSeen: isoToClickHouseTime(i.lastSeen),
    Kinds: i.kinds,
    Services: i.services,
    Endpoints: i.endpoints,
    Users: i.users,
    Addresses: i.addresses,
    HopPath: i.hopPath,
    FindingIds: i.findingIds,
    Fingerprints: i.fingerprints,
    Reasons: i.reasons,
    SampleTraceIds: i.sampleTraceIds,
    SampleCorrelationIds: i.sampleCorrelationIds,
    Version: version * 10 + (i.status === 'open' ? 0 : i.status === 'resolved' ? 1 : 2),
  }
}

export function incidentFromRow(r: Record<string, unknown>): Incident {
  const status = String(r['Status'])
  return {
    id: String(r['Id']),
    title: String(r['Title']),
    severity: String(r['Severity']) as Severity,
    status: status === 'resolved' || status === 'merged' ? status : 'open',
    firstSeen: clickHouseTimeToIso(r['FirstSeen']),
    lastSeen: clickHouseTimeToIso(r['LastSeen']),
    kinds: strings(r['Kinds']),
    services: strings(r['Services']),
    endpoints: strings(r['Endpoints']),
    users: strings(r['Users']),
    addresses: strings(r['Addresses']),
    hopPath: strings(r['HopPath']),
    findingIds: strings(r['FindingIds']),
    fingerprints: strings(r['Fingerprints']),
    reasons: strings(r['Reasons']),
    sampleTraceIds: strings(r['SampleTraceIds']),
    sampleCorrelationIds: strings(r['SampleCorrelationIds']),
  }
}

export interface IncidentsQuery {
  status?: 'open' | 'resolved' | 'merged'
  /** Epoch seconds bounds on the incident's first/last seen. */
  from?: number
  to?: number
}

export async function listIncidents(store: Store, query: IncidentsQuery = {}): Promise<Incident[]> {
  const rows = await store.query(
    `SELECT * FROM incidents FINAL
     WHERE ({status:String} = '' OR Status = {status:String})
       AND LastSeen >= toDateTime64({from:UInt32}, 3) AND FirstSeen < toDateTime64({to:UInt32}, 3)
     ORDER BY FirstSeen, Id`,
    { status: query.status ?? '', from: query.from ?? 0, to: query.to ?? 4_102_444_800 },
  )
  return rows.map(incidentFromRow)
}

/** Findings that can share an incident with the range: widened until no finding reaches further back. */
async function findingsAround(store: Store, from: number, to: number, gap: number): Promise<Finding[]> {
  let lo = from - gap
  for (;;) {
    const rows = await store.query(
      `SELECT * FROM findings FINAL WHERE WindowEnd >= toDateTime64({lo:Int64}, 3) AND WindowStart < toDateTime64({to:UInt32}, 3)`,
      { lo, to },
    )
    const found = rows.map(findingFromRow)
    const earliest = Math.min(...found.map((f) => Date.parse(f.window.start) / 1000)) - gap
    if (!(earliest < lo)) return found
    lo = Math.floor(earliest)
  }
}

/** Regroups the findings around [from, to) into incidents and stores those that changed. Returns them. */
export async function refreshIncidents(
  store: Store,
  from: number,
  to: number,
  config: DetectorConfig,
): Promise<Incident[]> {
  const gap = config.incidentGapSeconds
  const findings = await findingsAround(store, from, to, gap)
  if (findings.length === 0) return []
  const first = Math.min(...findings.map((f) => Date.parse(f.window.start) / 1000))
  const edges = await store.query<{ caller: string; callee: string }>(
    `SELECT DISTINCT CallerService AS caller, CalleeService AS callee FROM service_edges_minute
     WHERE Minute >= toDateTime({from:Int64}) AND Minute < toDateTime({to:UInt32}) AND CalleeService != '' AND CallerService != CalleeService`,
    { from: Math.floor(first) - gap, to },
  )
  const incidents = groupIncidents(findings, {
    gapSeconds: gap,
    links: config.incidentLinks,
    edges: new Set(edges.map((e) => `${e.caller}\u0000${e.callee}`)),
  })
  const ids = new Set(incidents.map((i) => i.id))
  const stored = await store.query(
    `SELECT * FROM incidents FINAL WHERE hasAny(Fingerprints, {fingerprints:Array(String)})`,
    { fingerprints: [...new Set(findings.map((f) => f.fingerprint))] },
  )
  const before = new Map(stored.map(incidentFromRow).map((i) => [i.id, i]))
  const rows = incidents.map((i) => incidentToRow(i, to))
  // Incidents that another one absorbed: the earlier-seeded incident keeps its id, the other says where it went.
  for (const old of before.values()) {
    if (ids.has(old.id) || old.status === 'merged') continue
    const into = incidents.find((i) => i.fingerprints.some((f) => old.fingerprints.includes(f)))
    if (into)
      rows.push(incidentToRow({ ...old, status: 'merged', reasons: [...old.reasons, `merged into ${into.id}`] }, to))
  }
  const content = (r: Record<string, unknown>): string => JSON.stringify({ ...r, Version: 0 })
  const changed = rows.filter((r) => {
    const old = before.get(String(r['Id']))
    return !old || content(incidentToRow(old, 0)) !== content(r)
  })
  if (changed.length > 0) {
    const token = createHash('sha256').update(JSON.stringify(changed)).digest('hex').slice(0, 32)
    await store.insert('incidents', changed, { dedupToken: `incidents/${token}` })
  }
  return incidents.filter((i) => changed.some((r) => r['Id'] === i.id))
}

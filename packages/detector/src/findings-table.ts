// Findings ↔ rows of the `findings` table (ReplacingMergeTree(Version)).
import type { Store } from '@tracehound/store'
import { isoToClickHouseTime, clickHouseTimeToIso } from '@tracehound/store'
import type { Finding, FindingKind, Severity } from './finding.ts'

export function toRow(finding: Finding, version: number): Record<string, unknown> {
  return {
    Id: finding.id,
    Fingerprint: finding.fingerprint,
    Kind: finding.kind,
    Severity: finding.severity,
    Score: finding.score,
    EntityService: finding.entity.service ?? '',
    EntityEndpoint: finding.entity.endpoint ?? '',
    EdgeFrom: finding.entity.edge?.from ?? '',
    EdgeTo: finding.entity.edge?.to ?? '',
    EntityUser: finding.entity.user ?? '',
    WindowStart: isoToClickHouseTime(finding.window.start),
    WindowEnd: isoToClickHouseTime(finding.window.end),
    Summary: finding.summary,
    Evidence: JSON.stringify(finding.evidence),
    Status: finding.status,
    DetectedAt: isoToClickHouseTime(finding.detectedAt),
    Version: version,
  }
}

export function fromRow(row: Record<string, unknown>): Finding {
  const edgeFrom = String(row['EdgeFrom'] ?? '')
  return {
    id: String(row['Id']),
    fingerprint: String(row['Fingerprint']),
    kind: String(row['Kind']) as FindingKind,
    severity: String(row['Severity']) as Severity,
    score: Number(row['Score']),
    entity: {
      ...(row['EntityService'] ? { service: String(row['EntityService']) } : {}),
      ...(row['EntityEndpoint'] ? { endpoint: String(row['EntityEndpoint']) } : {}),
      ...(edgeFrom ? { edge: { from: edgeFrom, to: String(row['EdgeTo']) } } : {}),
      ...(row['EntityUser'] ? { user: String(row['EntityUser']) } : {}),
    },
    window: { start: clickHouseTimeToIso(row['WindowStart']), end: clickHouseTimeToIso(row['WindowEnd']) },
    summary: String(row['Summary']),
    evidence: JSON.parse(String(row['Evidence'] || '{}')) as Finding['evidence'],
    status: row['Status'] === 'resolved' ? 'resolved' : 'open',
    detectedAt: clickHouseTimeToIso(row['DetectedAt']),
  }
}

export interface FindingsQuery {
  kind?: string
  /** ISO or epoch-seconds bounds on the finding window. */
  from?: number
  to?: number
  status?: 'open' | 'resolved'
}

export async function listFindings(store: Store, query: FindingsQuery = {}): Promise<Finding[]> {
  const rows = await store.query(
    `SELECT * FROM findings FINAL
     WHERE ({kind:String} = '' OR Kind = {kind:String})
       AND ({status:String} = '' OR Status = {status:String})
       AND WindowEnd >= toDateTime64({from:UInt32}, 3) AND WindowStart < toDateTime64({to:UInt32}, 3)
     ORDER BY WindowStart, Kind, Id`,
    { kind: query.kind ?? '', status: query.status ?? '', from: query.from ?? 0, to: query.to ?? 4_102_444_800 },
  )
  return rows.map(fromRow)
}

export async function openFindings(store: Store): Promise<Finding[]> {
  return listFindings(store, { status: 'open' })
}

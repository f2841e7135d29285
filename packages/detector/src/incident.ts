// An incident: the findings of one attack, grouped (group-incidents.ts), with
// what tied them together. Its id is derived from its earliest finding, so a
// replay of the same traffic gives the same ids.
import type { Severity } from './finding.ts'

export interface Incident {
  id: string
  /** One line: who did what, where. */
  title: string
  severity: Severity
  /** open while any finding is open; merged when a later finding joined it to an earlier incident. */
  status: 'open' | 'resolved' | 'merged'
  firstSeen: string
  lastSeen: string
  kinds: string[]
  services: string[]
  /** `service METHOD route` */
  endpoints: string[]
  users: string[]
  addresses: string[]
  /** Services in call order, one step each; a step may be a fan-out ("auth, orders, payments"). */
  hopPath: string[]
  findingIds: string[]
  fingerprints: string[]
  /** Why the findings were grouped: one sentence per kind of link. */
  reasons: string[]
  sampleTraceIds: string[]
  sampleCorrelationIds: string[]
}

/** `tracehound incidents --json`, `GET /api/incidents`. */
export function incidentToJson(i: Incident): Record<string, unknown> {
  return {
    id: i.id,
    title: i.title,
    severity: i.severity,
    status: i.status,
    first_seen: i.firstSeen,
    last_seen: i.lastSeen,
    kinds: i.kinds,
    entities: { services: i.services, endpoints: i.endpoints, users: i.users, addresses: i.addresses },
    hop_path: i.hopPath,
    finding_ids: i.findingIds,
    fingerprints: i.fingerprints,
    reasons: i.reasons,
    sample_trace_ids: i.sampleTraceIds,
    sample_correlation_ids: i.sampleCorrelationIds,
  }
}

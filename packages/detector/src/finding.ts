// A finding, in the shape of docs/architecture.md. The fingerprint is stable
// per (kind, entity), so detecting the same thing again updates one finding
// instead of adding another; it is also the PagerDuty dedup_key.
import { createHash } from 'node:crypto'

export const FINDING_KINDS = [
  'endpoint_abuse',
  'enumeration',
  'flow_bypass',
  'auth_failures',
  'rate_spike',
  'new_edge',
  'policy_violation',
  'lateral_movement',
  'shadow_endpoint',
  'missing_correlation_id',
  'secret_leak',
] as const
export type FindingKind = (typeof FINDING_KINDS)[number]

export type Severity = 'critical' | 'high' | 'medium' | 'low'

export interface Entity {
  service?: string
  endpoint?: string
  edge?: { from: string; to: string }
  user?: string
}

/** Observed vs baseline, in fields a program can read. */
export interface Evidence {
  observed: Record<string, number | string>
  baseline: Record<string, number | string>
  threshold?: Record<string, number | string>
  sampleSize?: number
  sampleTraceIds: string[]
  sampleCorrelationIds?: string[]
}

/** What a detector returns for one window. */
export interface FindingDraft {
  kind: FindingKind
  severity: Severity
  /** How far past the threshold (≥ 1 means past it). */
  score: number
  entity: Entity
  /** One sentence for a person. */
  summary: string
  evidence: Evidence
}

export interface Finding extends FindingDraft {
  id: string
  fingerprint: string
  window: { start: string; end: string }
  status: 'open' | 'resolved'
  detectedAt: string
}

export function fingerprintOf(kind: FindingKind, entity: Entity): string {
  const key = JSON.stringify([
    kind,
    entity.service ?? '',
    entity.endpoint ?? '',
    entity.edge?.from ?? '',
    entity.edge?.to ?? '',
    entity.user ?? '',
  ])
  return createHash('sha256').update(key).digest('hex').slice(0, 32)
}

/** Endpoint label used in findings: `METHOD route` (the service is a separate field). */
export function endpointLabel(method: string, route: string): string {
  return method ? `${method} ${route}` : route
}

/** The JSON shape of docs/architecture.md (`tracehound findings --json`, `/api/findings`): every key present, absent entity parts as null. */
export function findingToJson(f: Finding): Record<string, unknown> {
  return {
    id: f.id,
    fingerprint: f.fingerprint,
    kind: f.kind,
    severity: f.severity,
    score: f.score,
    entity: {
      service: f.entity.service ?? null,
      endpoint: f.entity.endpoint ?? null,
      edge: f.entity.edge ?? null,
      user: f.entity.user ?? null,
    },
    window: f.window,
    summary: f.summary,
    evidence: f.evidence,
    status: f.status,
  }
}

// An incident's one-line title: who, what, where — e.g.
// "user-3: endpoint abuse, enumeration, rate spike — gateway → orders (GET /orders/:id)".
// Pure; every part comes from the findings, escaped nowhere here (printers do that).
import { FINDING_KINDS, type Finding } from './finding.ts'

const PHRASE: Record<string, string> = {
  endpoint_abuse: 'endpoint abuse',
  enumeration: 'enumeration',
  flow_bypass: 'flow bypass',
  auth_failures: 'credential stuffing',
  rate_spike: 'rate spike',
  new_edge: 'new edges',
  policy_violation: 'edge policy violation',
  lateral_movement: 'lateral movement',
  shadow_endpoint: 'shadow endpoints',
  missing_correlation_id: 'correlation ids missing',
  secret_leak: 'secret leaked',
}

const list = (items: readonly string[], max: number): string =>
  items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`

export function incidentTitle(findings: readonly Finding[], hopPath: readonly string[]): string {
  // In the order of FINDING_KINDS: what the actor did first, its side effects (spikes) after.
  const kinds = FINDING_KINDS.filter((k) => findings.some((f) => f.kind === k))
  const principals = [...new Set(findings.map((f) => f.entity.user).filter((u): u is string => !!u))]
  const sources = [...new Set(findings.filter((f) => f.entity.edge).map((f) => f.entity.edge!.from))]
  const services = [...new Set(findings.map((f) => f.entity.service).filter((s): s is string => !!s))]
  const who = principals.length > 0 ? list(principals, 2) : sources.length > 0 ? list(sources, 2) : list(services, 2)
  const endpoints = [...new Set(findings.map((f) => f.entity.endpoint).filter((e): e is string => !!e))]
  const targets = [...new Set(findings.map((f) => f.entity.edge?.to).filter((t): t is string => !!t))]
  const where =
    hopPath.length > 1 ? hopPath.join(' → ') : targets.length > 0 ? `to ${list(targets, 3)}` : list(services, 3)
  return `${who}: ${kinds.map((k) => PHRASE[k] ?? k).join(', ')} — ${where}${endpoints.length > 0 ? ` (${list(endpoints, 2)})` : ''}`
}

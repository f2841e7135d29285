// The finding `tracehound alerts test` sends, so users can check their wiring.
import { fingerprintOf, type Finding } from '@tracehound/detector'

export function sampleFinding(now: number): Finding {
  const entity = { service: 'tracehound-test', endpoint: 'GET /test', user: 'wiring-check' }
  const fingerprint = fingerprintOf('new_edge', entity)
  return {
    id: `${fingerprint.slice(0, 16)}-test`,
    fingerprint,
    kind: 'new_edge',
    severity: 'low',
    score: 1,
    entity,
    window: { start: new Date(now - 60_000).toISOString(), end: new Date(now).toISOString() },
    status: 'open',
    detectedAt: new Date(now).toISOString(),
    summary: 'This is a test alert from `tracehound alerts test`: if you can read it, the receiver is wired correctly.',
    evidence: { observed: { test: 1 }, baseline: {}, sampleTraceIds: [] },
  }
}

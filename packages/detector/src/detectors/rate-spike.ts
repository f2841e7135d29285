// rate_spike: an endpoint's volume in the window against its own per-minute
// volume at this time of day on earlier days (recent hours until a day of
// history exists) — see volume-baseline.ts.
import type { DetectorConfig } from '../detector-config.ts'
import { endpointKey, type DetectionInput } from '../detection-input.ts'
import { endpointLabel, type FindingDraft } from '../finding.ts'
import { threshold } from '../robust-stats.ts'
import { volumeBaseline } from '../volume-baseline.ts'
import { round } from './caller-abuse.ts'

export function detectRateSpikes(input: DetectionInput, config: DetectorConfig): FindingDraft[] {
  const history = new Map(input.endpointHistory.map((h) => [endpointKey(h), h]))
  const minutes = (input.window.end - input.window.start) / 60
  const out: FindingDraft[] = []
  for (const e of input.endpoints) {
    const past = history.get(endpointKey(e))
    if (!past || input.window.start - past.firstSeen < config.learningSeconds) continue
    const chosen = volumeBaseline(past, config)
    if (!chosen) continue
    const { base, basis } = chosen
    const rate = e.requests / minutes
    const limit = threshold(base, config.sensitivity, config.minSpikeRequests, 2)
    if (rate < limit) continue
    const endpoint = endpointLabel(e.method, e.route)
    out.push({
      kind: 'rate_spike',
      severity: rate >= limit * 3 ? 'high' : 'medium',
      score: rate / limit,
      entity: { service: e.service, endpoint },
      summary: `${e.service} ${endpoint} served ${Math.round(rate)} requests/min; it usually serves ${round(base.median)} (p99 ${round(base.p99)}; ${basis}), threshold ${round(limit)}.`,
      evidence: {
        observed: { requestsPerMinute: round(rate), errors: e.errors },
        baseline: { medianPerMinute: round(base.median), p99PerMinute: round(base.p99), basis },
        threshold: { requestsPerMinute: round(limit) },
        sampleSize: base.samples,
        sampleTraceIds: e.sampleTraceIds,
      },
    })
  }
  return out
}

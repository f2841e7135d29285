// endpoint_abuse (scraping: one caller far above the endpoint's per-caller
// rate) and enumeration (one caller touching many distinct object ids, with
// many 401/403/404 — BOLA probing).
import type { DetectorConfig } from '../detector-config.ts'
import { endpointKey, type DetectionInput } from '../detection-input.ts'
import { endpointLabel, type FindingDraft } from '../finding.ts'
import { robustBaseline, threshold } from '../robust-stats.ts'

export function detectCallerAbuse(input: DetectionInput, config: DetectorConfig): FindingDraft[] {
  const history = new Map(input.callerHistory.map((h) => [endpointKey(h), h]))
  const firstSeen = new Map(input.endpointHistory.map((h) => [endpointKey(h), h.firstSeen]))
  const minutes = (input.window.end - input.window.start) / 60
  const out: FindingDraft[] = []
  for (const caller of input.callers) {
    // Server spans with neither a user nor a client address (calls between
    // services whose instrumentation records neither) name no principal to blame.
    if (!caller.userId && !caller.clientAddress) continue
    const key = endpointKey(caller)
    const since = firstSeen.get(key)
    if (since === undefined || input.window.start - since < config.learningSeconds) continue // still learning this endpoint
    const past = history.get(key)
    const who = caller.userId ? `user ${caller.userId}` : `client ${caller.clientAddress}`
    const endpoint = endpointLabel(caller.method, caller.route)
    const entity = { service: caller.service, endpoint, user: caller.userId || caller.clientAddress }
    const rate = caller.requests / minutes

    const rates = past ? robustBaseline(past.requests) : undefined
    if (rates) {
      const limit = threshold(rates, config.sensitivity, config.minAbuseRequests, 3)
      if (rate >= limit) {
        out.push({
          kind: 'endpoint_abuse',
          severity: rate >= limit * 3 ? 'high' : 'medium',
          score: rate / limit,
          entity,
          summary: `${who} made ${Math.round(rate)} requests/min to ${caller.service} ${endpoint}; callers usually make ${round(rates.median)} (p99 ${round(rates.p99)}), threshold ${round(limit)}.`,
          evidence: {
            observed: { requestsPerMinute: round(rate), distinctObjects: caller.objectIds, failures: caller.failures },
            baseline: { medianPerCaller: round(rates.median), p99PerCaller: round(rates.p99), spread: round(rates.spread) },
            threshold: { requestsPerMinute: round(limit) },
            sampleSize: rates.samples,
            sampleTraceIds: caller.sampleTraceIds,
          },
        })
      }
    }

    const objects = past ? robustBaseline(past.objectIds) : undefined
    const denied = caller.status401 + caller.status403 + caller.status404
    const objectRate = caller.objectIds / minutes
    if (objects) {
      const limit = threshold(objects, config.sensitivity, config.minEnumerationObjects, 3)
      if (objectRate >= limit && denied / Math.max(1, caller.requests) >= config.enumerationFailureRatio) {
        out.push({
          kind: 'enumeration',
          severity: 'high',
          score: objectRate / limit,
          entity,
          summary: `${who} touched ${caller.objectIds} distinct ids on ${caller.service} ${endpoint} in ${minutes} min, ${denied} of ${caller.requests} refused (401/403/404); callers usually touch ${round(objects.median)} (p99 ${round(objects.p99)}).`,
          evidence: {
            observed: { distinctObjectsPerMinute: round(objectRate), requests: caller.requests, denied, status401: caller.status401, status403: caller.status403, status404: caller.status404, sampleObjectIds: caller.sampleObjectIds.join(',') },
            baseline: { medianObjectsPerCaller: round(objects.median), p99ObjectsPerCaller: round(objects.p99) },
            threshold: { distinctObjectsPerMinute: round(limit), deniedRatio: config.enumerationFailureRatio },
            sampleSize: objects.samples,
            sampleTraceIds: caller.sampleTraceIds,
          },
        })
      }
    }
  }
  return out
}

export const round = (v: number): number => Math.round(v * 100) / 100

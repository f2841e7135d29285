// Hygiene findings: shadow endpoints (outside the declared API inventory, or
// first seen after the learning period),
// services emitting spans without correlation ids, secrets reaching the store.
import { operationKey } from '../api-inventory.ts'
import type { DetectorConfig } from '../detector-config.ts'
import { endpointKey, type DetectionInput } from '../detection-input.ts'
import { endpointLabel, type FindingDraft } from '../finding.ts'

export function detectShadowEndpoints(input: DetectionInput, config: DetectorConfig): FindingDraft[] {
  return [...declaredShadows(input, config), ...learnedShadows(input, config)]
}

/** Services with a declared inventory: anything outside it, from the first request. */
function declaredShadows(input: DetectionInput, config: DetectorConfig): FindingDraft[] {
  const inventory = config.inventory
  if (!inventory) return []
  return input.endpoints
    .filter((e) => e.route !== '' && inventory.has(e.service) && !inventory.get(e.service)!.has(operationKey(e.method, e.route)))
    .map((e) => {
      const endpoint = endpointLabel(e.method, e.route)
      const declared = inventory.get(e.service)!.size
      return {
        kind: 'shadow_endpoint' as const,
        severity: 'medium' as const,
        score: 1,
        entity: { service: e.service, endpoint },
        summary: `${e.service} ${endpoint} served ${e.requests} requests; the service's API inventory (${declared} declared operations) does not declare it.`,
        evidence: { observed: { requests: e.requests }, baseline: { declaredOperations: declared, source: 'inventory' }, sampleTraceIds: e.sampleTraceIds },
      }
    })
}

/** Services without one: endpoints first seen after the learning period. */
function learnedShadows(input: DetectionInput, config: DetectorConfig): FindingDraft[] {
  const seen = new Set(input.endpointHistory.map(endpointKey))
  const earliest = Math.min(...input.endpointHistory.map((h) => h.firstSeen))
  if (!Number.isFinite(earliest) || input.window.start - earliest < config.learningSeconds) return [] // the inventory is still being learned
  return input.endpoints
    .filter((e) => !seen.has(endpointKey(e)) && e.route !== '' && !config.inventory?.has(e.service))
    .map((e) => {
      const endpoint = endpointLabel(e.method, e.route)
      return {
        kind: 'shadow_endpoint' as const,
        severity: 'low' as const,
        score: 1,
        entity: { service: e.service, endpoint },
        summary: `${e.service} ${endpoint} appeared in traffic (${e.requests} requests) after the learning period; it is not in the learned inventory.`,
        evidence: { observed: { requests: e.requests }, baseline: { knownEndpoints: seen.size, source: 'learned' }, sampleTraceIds: e.sampleTraceIds },
      }
    })
}

export function detectMissingCorrelation(input: DetectionInput, config: DetectorConfig): FindingDraft[] {
  // Instrumentation sets the id on every span, so a few missing ones already mean a gap.
  return input.correlation
    .filter((c) => c.missing >= config.minMissingCorrelation && c.missing / c.spans >= 0.05)
    .map((c) => ({
      kind: 'missing_correlation_id' as const,
      severity: 'low' as const,
      score: c.missing / c.spans / 0.05,
      entity: { service: c.service },
      summary: `${c.service} emitted ${c.missing} of ${c.spans} spans without correlation.id in one window; every span must carry one.`,
      evidence: { observed: { spans: c.spans, missing: c.missing }, baseline: { expectedMissing: 0 }, threshold: { missingRatio: 0.05, missing: config.minMissingCorrelation }, sampleTraceIds: c.sampleTraceIds },
    }))
}

export function detectSecretLeaks(input: DetectionInput): FindingDraft[] {
  const byService = new Map<string, { where: Set<string>; traces: string[] }>()
  for (const hit of input.secrets) {
    const entry = byService.get(hit.service) ?? { where: new Set<string>(), traces: [] }
    entry.where.add(hit.where)
    entry.traces.push(hit.traceId)
    byService.set(hit.service, entry)
  }
  return [...byService].map(([service, e]) => ({
    kind: 'secret_leak' as const,
    severity: 'high' as const,
    score: e.traces.length,
    entity: { service },
    summary: `${service} sent ${e.traces.length} values that look like credentials to the store (${[...e.where].join(', ')}); redact them at the source.`,
    evidence: { observed: { values: e.traces.length, where: [...e.where].join(', ') }, baseline: { expected: 0 }, sampleTraceIds: [...new Set(e.traces)].slice(0, 5) },
  }))
}


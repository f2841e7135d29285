// Hygiene findings: shadow endpoints (outside the declared API inventory, or
// first seen after the learning period and not adopted — at once, or when the
// wait for adoption is over — nor behind an adopted one),
// services emitting spans without correlation ids, secrets reaching the store.
import { operationKey } from '../api-inventory.ts'
import { adoptionWait, type DetectorConfig } from '../detector-config.ts'
import { judgeCount, stillGoing } from '../count-statistics.ts'
import { endpointKey, type DetectionInput, type PrincipalCounts } from '../detection-input.ts'
import { alphaFor } from '../test-budget.ts'
import { round } from './caller-abuse.ts'
import { adoptedBy, deployFront, spanCallersOf } from './deploy-front.ts'
import { endpointLabel, type FindingDraft } from '../finding.ts'

export function detectShadowEndpoints(input: DetectionInput, config: DetectorConfig): FindingDraft[] {
  return [...declaredShadows(input, config), ...learnedShadows(input, config), ...unadoptedShadows(input, config)]
}

/** Epoch seconds the learned inventory starts at (undefined: nothing seen yet). */
function inventoryStart(input: DetectionInput): number | undefined {
  const earliest = Math.min(input.endpointsSince ?? Infinity, ...input.endpointHistory.map((h) => h.firstSeen))
  return Number.isFinite(earliest) ? earliest : undefined
}

/** Services with a declared inventory: anything outside it, from the first request. */
function declaredShadows(input: DetectionInput, config: DetectorConfig): FindingDraft[] {
  const inventory = config.inventory
  if (!inventory) return []
  return input.endpoints
    .filter(
      (e) =>
        e.route !== '' && inventory.has(e.service) && !inventory.get(e.service)!.has(operationKey(e.method, e.route)),
    )
    .map((e) => {
      const endpoint = endpointLabel(e.method, e.route)
      const declared = inventory.get(e.service)!.size
      return {
        kind: 'shadow_endpoint' as const,
        severity: 'medium' as const,
        score: 1,
        entity: { service: e.service, endpoint },
        summary: `${e.service} ${endpoint} served ${e.requests} requests; the service's API inventory (${declared} declared operations) does not declare it.`,
        evidence: {
          observed: { requests: e.requests },
          baseline: { declaredOperations: declared, source: 'inventory' },
          sampleTraceIds: e.sampleTraceIds,
        },
      }
    })
}

/**
 * Services without one: endpoints first seen after the learning period —
 * unless traffic says they are an ordinary part of the API: a new endpoint
 * that several principals start calling is adoption (a deploy), and one that
 * a user with a history of their own calls is a rare or newly adopted route
 * (first adopters are existing users), not a hidden one. What stays is an
 * endpoint only anonymous callers, bare addresses or brand-new accounts
 * reach — a debug export, an internal route exposed. When its only callers
 * so far are named users without a history, it waits (unadoptedShadows):
 * after a deploy the first caller may be a new account, with adopters to come.
 */
function learnedShadows(input: DetectionInput, config: DetectorConfig): FindingDraft[] {
  // Known: seen at all in the inventory history (weeks: a weekly job's route is not new), or in the baselines' history.
  const seen = new Set(input.knownEndpoints.keys())
  for (const h of input.endpointHistory) seen.add(endpointKey(h))
  // Seen after the baselines' history was read, before this window: not new now.
  for (const key of input.endpointsSeenSinceBaselines) seen.add(key)
  const earliest = inventoryStart(input)
  if (earliest === undefined || input.window.start - earliest < config.learningSeconds) return [] // the inventory is still being learned
  const fresh = input.endpoints.filter(
    (e) => !seen.has(endpointKey(e)) && e.route !== '' && !config.inventory?.has(e.service),
  )
  if (fresh.length === 0) return []
  // Their callers (only when there is a new endpoint: most windows have none).
  const freshKeys = new Set(fresh.map(endpointKey))
  const callers = new Map<string, PrincipalCounts[]>()
  for (const c of input.principalCounts) {
    const key = endpointKey(c)
    if (!freshKeys.has(key)) continue
    const list = callers.get(key) ?? []
    list.push(c)
    callers.set(key, list)
  }
  const front = deployFront(input, config)
  // Only named users without a history so far: wait for adoption (judged in unadoptedShadows).
  const waiting = (who: readonly PrincipalCounts[]): boolean =>
    adoptionWait(config) > 0 && who.length > 0 && who.every((c) => c.isUser) && !adoptedBy(input, config, who)
  for (const e of fresh) if (waiting(callers.get(endpointKey(e)) ?? [])) front.add(e.service)
  const out: FindingDraft[] = []
  for (const e of fresh) {
    const who = callers.get(endpointKey(e)) ?? []
    const established = who.filter((c) => c.isUser && input.baselines.establishedPrincipals.has(c.principal))
    if (adoptedBy(input, config, who) || waiting(who) || (who.length === 0 && behindDeploy(input, e, front))) continue
    const endpoint = endpointLabel(e.method, e.route)
    out.push(
      learnedShadow(
        e,
        `${e.service} ${endpoint} appeared in traffic (${e.requests} requests from ${
          who.length === 0
            ? 'no named principal'
            : who
                .map((c) => c.principal)
                .slice(0, 3)
                .join(', ')
        }) after the learning period; it is not in the learned inventory.`,
        {
          requests: e.requests,
          principals: who.length,
          establishedUsers: established.length,
          callers: who
            .map((c) => c.principal)
            .slice(0, 5)
            .join(', '),
        },
        { knownEndpoints: seen.size, historyDays: (input.window.start - earliest) / 86400 },
        config,
        e.sampleTraceIds,
      ),
    )
  }
  return out
}

/**
 * New endpoints whose first callers were all named users without a history
 * (learnedShadows waited): when the wait is over, adopted if by then
 * `adoptionPrincipals` users, or one user with a history, called it; else a
 * shadow endpoint that only fresh accounts reach. Endpoints judged in their
 * first window (a bare address, or no principal at all, called them) are not
 * judged again.
 */
function unadoptedShadows(input: DetectionInput, config: DetectorConfig): FindingDraft[] {
  const earliest = inventoryStart(input)
  const waitMinutes = adoptionWait(config) / 60
  const firstWindow = input.window.start - adoptionWait(config)
  // The inventory was still being learned when these endpoints appeared: their first window judged nothing.
  if (earliest === undefined || firstWindow - earliest < config.learningSeconds) return []
  const out: FindingDraft[] = []
  for (const p of input.adoptionsDue) {
    if (p.route === '' || config.inventory?.has(p.service)) continue
    if (p.firstWindowPrincipals === 0 || p.firstWindowAddresses > 0) continue
    // With a history from before the endpoint appeared (a later epoch also knows its fresh callers).
    const established = p.users.filter((u) => (input.baselines.establishedPrincipals.get(u) ?? Infinity) < p.firstSeen)
    if (established.length > 0 || p.users.length >= config.adoptionPrincipals) continue
    const endpoint = endpointLabel(p.method, p.route)
    out.push(
      learnedShadow(
        p,
        `${p.service} ${endpoint} appeared in traffic after the learning period and, in its first ${waitMinutes} minutes, only ${p.users.length} user${
          p.users.length === 1 ? '' : 's'
        } without a history called it (${p.users.slice(0, 3).join(', ')}); adoption is ${config.adoptionPrincipals} users or one with a history.`,
        {
          principals: p.users.length,
          establishedUsers: 0,
          callers: p.users.slice(0, 5).join(', '),
          firstSeen: new Date(p.firstSeen * 1000).toISOString(),
          waitedMinutes: waitMinutes,
        },
        { knownEndpoints: input.knownEndpoints.size, historyDays: (firstWindow - earliest) / 86400 },
        config,
        p.sampleTraceIds,
      ),
    )
  }
  return out
}

/** A shadow endpoint found against the learned inventory (not a declared one). */
function learnedShadow(
  e: { service: string; method: string; route: string },
  summary: string,
  observed: Record<string, string | number>,
  inventory: { knownEndpoints: number; historyDays: number },
  config: DetectorConfig,
  sampleTraceIds: string[],
): FindingDraft {
  return {
    kind: 'shadow_endpoint',
    severity: 'low',
    score: 1,
    entity: { service: e.service, endpoint: endpointLabel(e.method, e.route) },
    summary,
    evidence: {
      observed,
      baseline: {
        knownEndpoints: inventory.knownEndpoints,
        source: 'learned',
        inventoryHistoryDays: Math.round(inventory.historyDays * 10) / 10,
      },
      threshold: { adoptionPrincipals: config.adoptionPrincipals },
      sampleTraceIds,
    },
  }
}

/**
 * An inner hop of a deploy: a new endpoint whose requests name no principal
 * and come from services that are adopting a new route of their own in this
 * window (a new page at the gateway and the backend route behind it, over a
 * known edge or the deploy's new one — service-graph.ts treats that edge
 * alike). An outsider reaching a hidden route, or a service with no adopted
 * route calling it, is still raised.
 */
function behindDeploy(
  input: DetectionInput,
  e: { service: string; method: string; route: string },
  front: ReadonlySet<string>,
): boolean {
  const callers = spanCallersOf(input, e)
  return callers.length > 0 && callers.every((x) => front.has(x.caller))
}

/**
 * missing_correlation_id: the share of a service's spans without a
 * correlation id, over each horizon up to 15 minutes, against that service's
 * own recent share — so a gap fires in the first window where the share
 * departs, and a service that never had ids everywhere is judged on change.
 */
export function detectMissingCorrelation(input: DetectionInput, config: DetectorConfig): FindingDraft[] {
  const alpha = alphaFor(config, 1)
  const out: FindingDraft[] = []
  for (const c of input.serviceSpanCounts) {
    const past = input.baselines.missingCorrelationShare.get(c.service)
    const share = past && past.spans > 0 ? past.missing / past.spans : 0
    const p0 = Math.max(share, 0.001)
    let best: { i: number; pValue: number } | undefined
    for (const [i, horizon] of input.horizons.entries()) {
      if (horizon > 15) continue
      const spans = c.spans[i] ?? 0
      const missing = c.missingCorrelation[i] ?? 0
      if (
        missing < config.minMissingCorrelation ||
        missing / Math.max(1, spans) < Math.max(3 * share, share + 0.02) ||
        !stillGoing(c.missingCorrelation, input.horizons, i)
      )
        continue
      const judgement = judgeCount(
        missing,
        { mean: spans * p0, variance: spans * p0 * (1 - p0), buckets: past?.spans ?? 0 },
        alpha,
        3,
      )
      if (judgement.significant && (!best || judgement.pValue < best.pValue)) best = { i, pValue: judgement.pValue }
    }
    if (!best) continue
    const spans = c.spans[best.i] ?? 0
    const missing = c.missingCorrelation[best.i] ?? 0
    const horizon = input.horizons[best.i]!
    out.push({
      kind: 'missing_correlation_id' as const,
      severity: 'low' as const,
      score: round(missing / Math.max(1, spans) / Math.max(share, 0.01)),
      entity: { service: c.service },
      summary: `${c.service} emitted ${missing} of ${spans} spans without correlation.id in ${horizon} min (${Math.round((missing / Math.max(1, spans)) * 100)} %; usually ${round(share * 100)} %); every span must carry one.`,
      evidence: {
        observed: { spans, missing, horizonMinutes: horizon },
        baseline: { missingShare: round(share), spans: past?.spans ?? 0 },
        threshold: { alpha, pValue: best.pValue, missing: config.minMissingCorrelation },
        sampleTraceIds: c.sampleTraceIds,
      },
    })
  }
  return out
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
    evidence: {
      observed: { values: e.traces.length, where: [...e.where].join(', ') },
      baseline: { expected: 0 },
      sampleTraceIds: [...new Set(e.traces)].slice(0, 5),
    },
  }))
}

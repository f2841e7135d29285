// new_edge, policy_violation and lateral_movement, from the service edges.
// An edge is caller → callee service (paired spans), or caller → address for
// a client span to an uninstrumented target that no paired edge explains.
import type { DetectorConfig } from '../detector-config.ts'
import { endpointKey, type DetectionInput, type EdgeWindow } from '../detection-input.ts'
import { deployFront, newEndpointTest } from './deploy-front.ts'
import type { FindingDraft } from '../finding.ts'
import { edgeAllowed } from '../edge-policy.ts'

const target = (e: { callee: string; address: string; source: string }): string =>
  e.source === 'span' || e.callee ? e.callee : e.address

export function detectGraphChanges(input: DetectionInput, config: DetectorConfig): FindingDraft[] {
  const out: FindingDraft[] = []
  // Addresses that instrumented services answer on: client edges to them are the same edge seen from the caller.
  const answered = new Set(
    [...input.knownEdges, ...input.edges]
      .filter((e) => e.source === 'span' && e.address)
      .map((e) => `${e.caller}\u0000${e.address}`),
  )
  const known = new Set(input.knownEdges.map((e) => `${e.caller}\u0000${target(e)}`))
  const learning = input.graphSince === undefined || input.window.start - input.graphSince < config.learningSeconds
  const fresh = new Map<string, EdgeWindow[]>()
  // How far back the graph goes: "never seen" means never in this many days (rare edges of weekly jobs are known).
  const historyDays =
    input.graphSince === undefined ? 0 : Math.round(((input.window.start - input.graphSince) / 86400) * 10) / 10

  for (const edge of input.edges) {
    if (edge.source === 'client' && (answered.has(`${edge.caller}\u0000${edge.address}`) || !edge.address)) continue
    const to = target(edge)
    if (!to) continue
    if (
      config.edgePolicy &&
      !edgeAllowed(config.edgePolicy, { caller: edge.caller, callee: to, method: edge.method, route: edge.route })
    ) {
      out.push({
        kind: 'policy_violation',
        severity: 'critical',
        score: 1,
        entity: {
          service: edge.caller,
          edge: { from: edge.caller, to },
          ...(edge.route ? { endpoint: `${edge.method} ${edge.route}` } : {}),
        },
        summary: `${edge.caller} called ${to}${edge.route ? ` ${edge.method} ${edge.route}` : ''} ${edge.calls} times; the edge policy does not allow it.`,
        evidence: {
          observed: { calls: edge.calls, source: edge.source },
          baseline: { allowedEdges: config.edgePolicy.length },
          sampleTraceIds: edge.sampleTraceIds,
        },
      })
    }
    const key = `${edge.caller}\u0000${to}`
    if (learning || known.has(key)) continue
    fresh.set(edge.caller, [...(fresh.get(edge.caller) ?? []), edge])
  }

  // A deploy's new edge: the caller is adopting a new route, and every call over the edge reaches a route of the callee first seen since the baselines.
  const front = fresh.size > 0 ? deployFront(input, config) : new Set<string>()
  const isNew = newEndpointTest(input)
  const ofDeploy = (e: EdgeWindow): boolean =>
    front.has(e.caller) &&
    e.source === 'span' &&
    e.route !== '' &&
    isNew(endpointKey({ service: e.callee, method: e.method, route: e.route }))
  for (const [caller, all] of fresh) {
    const kept = all.filter((e) => !ofDeploy(e))
    if (kept.length > 0) fresh.set(caller, kept)
    else fresh.delete(caller)
  }
  const flagged = new Set<string>()
  for (const [caller, edges] of fresh) {
    const targets = [...new Set(edges.map(target))]
    for (const to of targets) {
      const these = edges.filter((e) => target(e) === to)
      const calls = these.reduce((n, e) => n + e.calls, 0)
      out.push({
        kind: 'new_edge',
        severity: 'medium',
        score: 1,
        entity: { service: caller, edge: { from: caller, to } },
        summary: `${caller} called ${to} for the first time (${calls} calls${these[0]?.route ? `, e.g. ${these[0].method} ${these[0].route}` : ''}); this edge is not in the learned service graph.`,
        evidence: {
          observed: { calls, endpoints: these.map((e) => `${e.method} ${e.route}`.trim()).join(', ') },
          baseline: {
            knownEdgesFromCaller: input.knownEdges.filter((k) => k.caller === caller).length,
            graphHistoryDays: historyDays,
          },
          sampleTraceIds: these.flatMap((e) => e.sampleTraceIds).slice(0, 5),
        },
      })
    }
    if (targets.length >= config.lateralMovementEdges) {
      flagged.add(caller)
      out.push({
        kind: 'lateral_movement',
        severity: 'critical',
        score: targets.length / config.lateralMovementEdges,
        entity: { service: caller },
        summary: `${caller} opened ${targets.length} never-seen edges in one window (${targets.join(', ')}): a compromised service moving sideways?`,
        evidence: {
          observed: { newEdges: targets.length, targets: targets.join(', ') },
          baseline: {
            knownEdgesFromCaller: input.knownEdges.filter((k) => k.caller === caller).length,
            graphHistoryDays: historyDays,
          },
          threshold: { newEdges: config.lateralMovementEdges },
          sampleTraceIds: edges.flatMap((e) => e.sampleTraceIds).slice(0, 5),
        },
      })
    }
  }
  out.push(...newEdgeChains([...fresh.values()].flat(), flagged, config))
  return out
}

/**
 * A chain of never-seen edges inside one trace — A newly calls B, and within
 * the same request B newly calls C — is lateral movement even when no single
 * service opened enough new edges: the request itself is hopping. Found from
 * the sample trace ids the edge rollup keeps.
 */
function newEdgeChains(fresh: readonly EdgeWindow[], flagged: Set<string>, config: DetectorConfig): FindingDraft[] {
  const byTrace = new Map<string, EdgeWindow[]>()
  for (const edge of fresh) for (const id of edge.sampleTraceIds) byTrace.set(id, [...(byTrace.get(id) ?? []), edge])
  const out: FindingDraft[] = []
  for (const [traceId, edges] of byTrace) {
    for (const first of edges) {
      const next = edges.find((e) => e.caller === target(first) && e !== first)
      if (!next || flagged.has(first.caller)) continue
      flagged.add(first.caller)
      const hops = [first.caller, target(first), target(next)]
      out.push({
        kind: 'lateral_movement',
        severity: 'critical',
        score: 2 / config.lateralMovementEdges,
        entity: { service: first.caller },
        summary: `one request went ${hops.join(' → ')} over two never-seen edges (trace ${traceId}): a compromised service moving sideways?`,
        evidence: {
          observed: { chain: hops.join(' -> '), newEdges: 2 },
          baseline: { chainsOfNewEdges: 0 },
          sampleTraceIds: [traceId],
        },
      })
    }
  }
  return out
}

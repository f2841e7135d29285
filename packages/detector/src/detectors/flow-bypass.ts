// flow_bypass: a user called a step of a learned flow without its usual
// predecessor earlier in their session — e.g. confirming an order without
// the checkout that prices it, or redeeming without the step that validates.
import type { DetectorConfig } from '../detector-config.ts'
import type { DetectionInput } from '../detection-input.ts'
import { endpointLabel, type FindingDraft } from '../finding.ts'

export function detectFlowBypass(input: DetectionInput, config: DetectorConfig): FindingDraft[] {
  const sessionMinutes = Math.round(config.flowSessionSeconds / 60)
  return input.flowBypasses
    .filter((b) => b.requests >= config.minFlowBypassCalls)
    .map((b) => {
      const step = endpointLabel(b.step.method, b.step.route)
      const predecessors = b.predecessors.map((p) => endpointLabel(p.method, p.route))
      const predecessor = predecessors.length === 1 ? predecessors[0]! : `any of ${predecessors.join(', ')}`
      const percent = (b.learned.precededRatio * 100).toFixed(1)
      return {
        kind: 'flow_bypass' as const,
        severity: 'high' as const,
        score: b.requests / config.minFlowBypassCalls,
        entity: { service: b.step.service, endpoint: step, user: b.userId },
        summary: `${b.userId} called ${b.step.service} ${step} ${b.requests} times without ${predecessor} in the ${sessionMinutes} minutes before (${b.sessionInstead.length > 0 ? `the session called ${b.sessionInstead.slice(0, 3).join(', ')} instead` : 'nothing else in the session'}); ${percent} % of ${b.learned.occurrences} learned calls by ${b.learned.users} users had it first.`,
        evidence: {
          observed: { requests: b.requests, predecessorCalls: 0, sessionInstead: b.sessionInstead.join(', ') },
          baseline: {
            predecessor: b.predecessors.map((p) => `${p.service} ${endpointLabel(p.method, p.route)}`).join(' | '),
            precededRatio: b.learned.precededRatio,
            learnedCalls: b.learned.occurrences,
            learnedUsers: b.learned.users,
          },
          threshold: { calls: config.minFlowBypassCalls, sessionSeconds: config.flowSessionSeconds },
          sampleSize: b.learned.occurrences,
          sampleTraceIds: b.sampleTraceIds.slice(0, 5),
        },
      }
    })
}

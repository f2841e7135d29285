// auth_failures (credential stuffing): on an authentication endpoint, many
// failed attempts from one address across several usernames, or many
// usernames failing across the endpoint in one window.
import type { DetectorConfig } from '../detector-config.ts'
import type { DetectionInput } from '../detection-input.ts'
import { endpointLabel, type FindingDraft } from '../finding.ts'

export function detectAuthFailures(input: DetectionInput, config: DetectorConfig): FindingDraft[] {
  const out: FindingDraft[] = []
  const byAddress = new Map<string, { service: string; method: string; route: string; address: string; failures: number; users: Set<string>; samples: string[] }>()
  for (const c of input.callers) {
    if (!config.authRoute.test(c.route) || c.failures === 0) continue
    const key = `${c.service}\u0000${c.method}\u0000${c.route}\u0000${c.clientAddress}`
    const entry = byAddress.get(key) ?? { service: c.service, method: c.method, route: c.route, address: c.clientAddress, failures: 0, users: new Set<string>(), samples: [] }
    entry.failures += c.failures
    if (c.userId) entry.users.add(c.userId)
    entry.samples.push(...c.sampleTraceIds)
    byAddress.set(key, entry)
  }
  for (const e of byAddress.values()) {
    if (e.failures < config.minAuthFailures || e.users.size < config.minAuthUsers) continue
    const endpoint = endpointLabel(e.method, e.route)
    out.push({
      kind: 'auth_failures',
      severity: e.failures >= config.minAuthFailures * 5 ? 'critical' : 'high',
      score: Math.min(e.failures / config.minAuthFailures, e.users.size / config.minAuthUsers),
      entity: { service: e.service, endpoint, user: e.address },
      summary: `${e.failures} failed logins on ${e.service} ${endpoint} from ${e.address} across ${e.users.size} usernames in one window (threshold ${config.minAuthFailures} failures and ${config.minAuthUsers} usernames): credential stuffing.`,
      evidence: {
        observed: { failures: e.failures, usernames: e.users.size, address: e.address },
        baseline: {},
        threshold: { failures: config.minAuthFailures, usernames: config.minAuthUsers },
        sampleTraceIds: [...new Set(e.samples)].slice(0, 5),
      },
    })
  }
  return out
}

// auth_failures (credential stuffing), two ways, on authentication endpoints:
//   - per address: one address failing logins for several names — by
//     definition stuffing once the evidence floor is met (minAuthFailures
//     failures across minAuthUsers names, mostly failing), over any horizon
//     up to 15 minutes;
//   - endpoint-wide: failures across all addresses far above the endpoint's
//     own baseline (a count test), with the failure ratio itself departing
//     from its norm — so rotating addresses cannot hide an attack, and a
//     login wave (more logins, the usual share failing) is not one.
// Attempted names come from `user.name` (or the principal keys before it).
import { judgeCount, scaled, stillGoing } from '../count-statistics.ts'
import { isAuthEndpoint, type DetectorConfig } from '../detector-config.ts'
import { endpointKey, type DetectionInput } from '../detection-input.ts'
import { endpointLabel, type FindingDraft } from '../finding.ts'
import { alphaFor } from '../test-budget.ts'
import { round } from './caller-abuse.ts'

/** Per-address bursts are judged up to this horizon: longer, a shared address (an office NAT) accumulates ordinary typos. */
const ADDRESS_HORIZON_MINUTES = 15
/** An address whose attempts mostly fail. */
const ADDRESS_FAILURE_SHARE = 0.5
/** Endpoint-wide failures must be this many times their norm. */
const ENDPOINT_RATIO = 3

export function detectAuthFailures(input: DetectionInput, config: DetectorConfig): FindingDraft[] {
  return [...addressBursts(input, config), ...endpointWide(input, config)]
}

function addressBursts(input: DetectionInput, config: DetectorConfig): FindingDraft[] {
  const out: FindingDraft[] = []
  for (const a of input.addressAuthCounts) {
    const i = input.horizons.findIndex(
      (h, j) =>
        h <= ADDRESS_HORIZON_MINUTES &&
        (a.failures[j] ?? 0) >= config.minAuthFailures &&
        (a.failingPrincipals[j] ?? 0) >= config.minAuthUsers &&
        (a.failures[j] ?? 0) / Math.max(1, a.requests[j] ?? 0) >= ADDRESS_FAILURE_SHARE,
    )
    if (i < 0) continue
    const failures = a.failures[i]!
    const names = a.failingPrincipals[i]!
    const horizon = input.horizons[i]!
    const endpoint = endpointLabel(a.method, a.route)
    out.push({
      kind: 'auth_failures',
      severity: failures >= config.minAuthFailures * 5 ? 'critical' : 'high',
      score: round(Math.min(failures / config.minAuthFailures, names / config.minAuthUsers)),
      entity: { service: a.service, endpoint, user: a.address },
      summary: `${failures} failed logins on ${a.service} ${endpoint} from ${a.address} across ${names} usernames in ${horizon} min (evidence floor ${config.minAuthFailures} failures, ${config.minAuthUsers} usernames): credential stuffing.`,
      evidence: {
        observed: {
          failures,
          usernames: names,
          requests: a.requests[i] ?? 0,
          horizonMinutes: horizon,
          address: a.address,
        },
        baseline: {},
        threshold: {
          failures: config.minAuthFailures,
          usernames: config.minAuthUsers,
          failureShare: ADDRESS_FAILURE_SHARE,
        },
        sampleTraceIds: a.sampleTraceIds,
      },
    })
  }
  return out
}

function endpointWide(input: DetectionInput, config: DetectorConfig): FindingDraft[] {
  const history = new Map(input.endpointHistory.map((h) => [endpointKey(h), h.firstSeen]))
  const alpha = alphaFor(config, 1)
  const out: FindingDraft[] = []
  for (const e of input.endpointCounts) {
    if (!isAuthEndpoint(config, e.method, e.route)) continue
    const since = history.get(endpointKey(e))
    const base = input.baselines.endpointMinutes.get(endpointKey(e))
    if (since === undefined || input.window.start - since < config.learningSeconds || !base?.failures) continue
    const ratioFloor = Math.max(2 * base.failureRatio, base.failureRatio + 0.2)
    let best: { i: number; pValue: number; ratio: number } | undefined
    for (const [i, horizon] of input.horizons.entries()) {
      const failures = e.failures[i] ?? 0
      const share = failures / Math.max(1, e.requests[i] ?? 0)
      if (
        failures < config.minAuthFailures ||
        (e.failingPrincipals[i] ?? 0) < config.minAuthUsers ||
        share < ratioFloor ||
        !stillGoing(e.failures, input.horizons, i)
      )
        continue
      const judgement = judgeCount(failures, scaled(base.failures, horizon), alpha, ENDPOINT_RATIO)
      if (judgement.significant && (!best || judgement.pValue < best.pValue))
        best = { i, pValue: judgement.pValue, ratio: judgement.ratio }
    }
    if (!best) continue
    const { i } = best
    const horizon = input.horizons[i]!
    const failures = e.failures[i] ?? 0
    const endpoint = endpointLabel(e.method, e.route)
    const share = failures / Math.max(1, e.requests[i] ?? 0)
    out.push({
      kind: 'auth_failures',
      severity: best.ratio >= 10 ? 'critical' : 'high',
      score: round(best.ratio),
      entity: { service: e.service, endpoint },
      summary: `${failures} failed logins on ${e.service} ${endpoint} in ${horizon} min across ${e.failingPrincipals[i] ?? 0} usernames from ${e.addresses[i] ?? 0} addresses — ${round(best.ratio)}× the usual failures, ${Math.round(share * 100)} % failing (usually ${Math.round(base.failureRatio * 100)} %): credential stuffing spread over addresses.`,
      evidence: {
        observed: {
          failures,
          usernames: e.failingPrincipals[i] ?? 0,
          addresses: e.addresses[i] ?? 0,
          requests: e.requests[i] ?? 0,
          failureShare: round(share),
          horizonMinutes: horizon,
        },
        baseline: {
          failuresPerMinute: round(base.failures.mean),
          failureShare: round(base.failureRatio),
          minutes: base.minutes,
        },
        threshold: { alpha, pValue: best.pValue, ratio: ENDPOINT_RATIO, failureShare: round(ratioFloor) },
        sampleTraceIds: e.sampleTraceIds,
      },
    })
  }
  return out
}

// Where a deploy shows itself: a new endpoint (not in the learned inventory
// nor the baselines' history) that principals are adopting in this window —
// `adoptionPrincipals` distinct callers, or one user with a history of their
// own (first adopters are existing users). The services holding one are the
// deploy's front; the new routes and new edges behind them (the backend route
// the new page calls, a service the page now reaches) are part of the same
// deploy, not a hidden endpoint or a pivot. Pure.
import type { DetectorConfig } from '../detector-config.ts'
import { endpointKey, type DetectionInput, type EdgeWindow, type PrincipalCounts } from '../detection-input.ts'

/** A test for "not in the learned inventory nor in the baselines' history: first seen since" (one set, built once). */
export function newEndpointTest(input: DetectionInput): (key: string) => boolean {
  const history = new Set(input.endpointHistory.map(endpointKey))
  return (key) => !input.knownEndpoints.has(key) && !history.has(key)
}

/** This window's calls into an endpoint from other instrumented services (paired spans). */
export function spanCallersOf(
  input: DetectionInput,
  e: { service: string; method: string; route: string },
): EdgeWindow[] {
  return input.edges.filter(
    (x) => x.source === 'span' && x.callee === e.service && x.method === e.method && x.route === e.route,
  )
}

/** Whether the principals calling a new endpoint in this window adopt it. */
export function adoptedBy(input: DetectionInput, config: DetectorConfig, who: readonly PrincipalCounts[]): boolean {
  const established = who.filter((c) => c.isUser && input.baselines.establishedPrincipals.has(c.principal))
  return who.length >= config.adoptionPrincipals || established.length >= 1
}

/** Services with a new endpoint being adopted in this window. */
export function deployFront(input: DetectionInput, config: DetectorConfig): Set<string> {
  const callers = new Map<string, PrincipalCounts[]>()
  for (const c of input.principalCounts) {
    const key = endpointKey(c)
    const list = callers.get(key)
    if (list) list.push(c)
    else callers.set(key, [c])
  }
  const isNew = newEndpointTest(input)
  const front = new Set<string>()
  for (const [key, who] of callers) {
    const service = who[0]!.service
    if (!front.has(service) && isNew(key) && adoptedBy(input, config, who)) front.add(service)
  }
  return front
}

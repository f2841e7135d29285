// Who carries an endpoint's surge: the test that tells a flood from organic
// growth (a marketing wave, a launch, a new endpoint being adopted, a job
// that walks the endpoint every period of its history). A principal in the
// window is a suspect when
//   - it has a history of its own on this endpoint and is far above it
//     (OWN_NORM_MULTIPLE × its busiest bucket of that length), or
//   - it has none here and is far above what one principal usually sends
//     to this endpoint (the same multiple of the population's p95), or
//   - it is a bare address nobody has seen before the epoch.
// A user new to the endpoint at an ordinary rate is not one: returning
// customers and adopters are users the service authenticated; floods come
// from fresh addresses and from accounts far above their norm.
// Who sends is judged in the window itself (its last minute): only the
// principals active there are listed, and there their counts are complete —
// a flood rotating through fresh addresses is all in them, and a job that
// ended minutes ago (still inside the horizon) is no longer a sender. The
// surge is organic when the window's suspects send at most half of what the
// window holds above the usual minute, or the window minute is itself no
// spike (no busier than the busiest ordinary minute, or than the spike
// ratio times the usual one: a surge that ended inside the horizon, an
// ordinary ramp behind it). An endpoint whose requests name no principal (an
// inner hop) is judged by its callers (rate-spike.ts).
import { endpointKey, principalKey, type DetectionInput, type EndpointCounts } from '../detection-input.ts'

/** A principal is far above a norm beyond this multiple of it. */
export const OWN_NORM_MULTIPLE = 2
/** A surge is a flood when suspects account for more than this share of its excess. */
export const SUSPECT_SHARE_OF_EXCESS = 0.5

export interface SurgeSources {
  /** Judged here: some of the window's requests name a principal, or the window is quiet. */
  named: boolean
  organic: boolean
  /** Share of the window's attributed requests from suspects. */
  suspectShare: number
}

export function surgeSources(
  input: DetectionInput,
  e: Pick<EndpointCounts, 'service' | 'method' | 'route' | 'requests'>,
  horizon: number,
  usual: { median: number; quietUpTo: number },
): SurgeSources {
  const now = e.requests[0] ?? 0
  // The window itself is no spike: nothing is going on in it to attribute.
  if (now <= usual.quietUpTo) return { named: true, organic: true, suspectShare: 0 }
  const key = endpointKey(e)
  const population = input.baselines.population.get(key)?.[horizon]
  let attributed = 0
  let suspect = 0
  for (const c of input.principalCounts) {
    if (endpointKey(c) !== key) continue
    const now = c.requests[0] ?? 0
    attributed += now
    const requests = c.requests[horizon] ?? 0
    const own = input.baselines.own.get(principalKey(c, c.principal))?.[horizon]
    const norm = own ? own.maxRequests : population?.p95Requests
    const aboveNorm = norm !== undefined && requests > OWN_NORM_MULTIPLE * Math.max(1, norm)
    const freshAddress = !c.isUser && !input.baselines.establishedPrincipals.has(c.principal)
    if (aboveNorm || freshAddress) suspect += now
  }
  if (attributed === 0) return { named: false, organic: false, suspectShare: 0 }
  return {
    named: true,
    organic: suspect <= SUSPECT_SHARE_OF_EXCESS * (now - usual.median),
    suspectShare: suspect / attributed,
  }
}

// Who carries an endpoint's surge: the test that tells a flood from organic
// growth. A principal is a suspect when nobody has seen it before the epoch
// (not established), or when it is far above its own norm on this endpoint
// (twice its busiest bucket of that length in the history). Established
// principals new to the endpoint (adopters of a new route, users of a login
// wave) are within norm. The surge is organic when the suspects' estimated
// requests are at most half the excess over the baseline. Only principals
// active in the window are listed, so their suspect share is applied to all
// of the endpoint's requests; an endpoint whose requests name no principal in
// the window (an inner hop) is judged by its callers (rate-spike.ts).
import { endpointKey, principalKey, type DetectionInput, type EndpointCounts } from '../detection-input.ts'

/** A known principal is above its norm beyond this multiple of its busiest bucket in the history. */
export const OWN_NORM_MULTIPLE = 2
/** A surge is a flood when suspects account for more than this share of its excess. */
export const SUSPECT_SHARE_OF_EXCESS = 0.5

export interface SurgeSources {
  /** Some of the endpoint's requests in the window name a principal. */
  named: boolean
  organic: boolean
  /** Share of the endpoint's attributed requests from suspects. */
  suspectShare: number
}

export function surgeSources(
  input: DetectionInput,
  e: Pick<EndpointCounts, 'service' | 'method' | 'route' | 'requests'>,
  horizon: number,
  excess: number,
): SurgeSources {
  const key = endpointKey(e)
  let attributed = 0
  let suspect = 0
  for (const c of input.principalCounts) {
    if (endpointKey(c) !== key) continue
    const requests = c.requests[horizon] ?? 0
    attributed += requests
    if (!input.baselines.establishedPrincipals.has(c.principal)) {
      suspect += requests
      continue
    }
    const own = input.baselines.own.get(principalKey(c, c.principal))?.[horizon]
    if (own && requests > OWN_NORM_MULTIPLE * Math.max(1, own.maxRequests)) suspect += requests
  }
  if (attributed === 0) return { named: false, organic: false, suspectShare: 0 }
  const suspectShare = suspect / attributed
  const estimated = suspectShare * (e.requests[horizon] ?? 0)
  return { named: true, organic: estimated <= SUSPECT_SHARE_OF_EXCESS * Math.max(0, excess), suspectShare }
}

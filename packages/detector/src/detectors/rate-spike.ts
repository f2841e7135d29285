// rate_spike: an endpoint's volume over each horizon against its own
// per-minute volume at this time of day on earlier days (recent hours until a
// day of history exists) — see volume-baseline.ts — as a count test, so a
// quiet endpoint at 8× its 4 requests/min fires as surely as a busy one at
// 8× its 2,000. A recurring peak (a nightly batch) is part of the baseline.
// A surge carried by known principals acting as they usually do — a
// marketing wave, a launch, a newly deployed endpoint being adopted, a job
// that walks the endpoint every period of its history — is organic, not a
// flood: a flood's excess comes from principals nobody has seen, or from
// known ones far above their own norm (organic-surge.ts), or fails more
// than usual. Requests that name no principal at all (an inner hop whose
// spans carry neither user nor address) are judged where their principals
// are: at the hop that does name them.
import { judgeCount, scaled, stillGoing } from '../count-statistics.ts'
import type { DetectorConfig } from '../detector-config.ts'
import { endpointKey, type DetectionInput, type EndpointHistory } from '../detection-input.ts'
import { endpointLabel, type FindingDraft } from '../finding.ts'
import { alphaFor } from '../test-budget.ts'
import { volumeBaseline } from '../volume-baseline.ts'
import { round } from './caller-abuse.ts'
import { spanCallersOf } from './deploy-front.ts'
import { SUSPECT_SHARE_OF_EXCESS, surgeSources, type SurgeSources } from './organic-surge.ts'

/** A spike is this many times the expected volume at least; a marketing ramp (×1.8) is not one. */
export const SPIKE_RATIO = 3

/**
 * Longest horizon a spike is judged over: volume that stays high for an hour
 * is a level shift (a trend, a launch), which a per-minute baseline from the
 * recent hours cannot tell from an attack; slow abuse is judged per principal.
 */
export const SPIKE_MAX_HORIZON_MINUTES = 15

export function detectRateSpikes(input: DetectionInput, config: DetectorConfig): FindingDraft[] {
  const history = new Map(input.endpointHistory.map((h) => [endpointKey(h), h]))
  const alpha = alphaFor(config, 1)
  const spikes: Spike[] = []
  for (const e of input.endpointCounts) {
    const past = history.get(endpointKey(e))
    if (!past || input.window.start - past.firstSeen < config.learningSeconds) continue
    const chosen = volumeBaseline(past, config, input.window.start)
    if (!chosen) continue
    const { base, basis } = chosen
    const perMinute = {
      mean: Math.max(base.median, 0.05),
      variance: Math.max(base.spread ** 2, base.median),
      buckets: base.samples,
    }
    let best: Spike['best'] | undefined
    for (const [i, horizon] of input.horizons.entries()) {
      if (horizon > SPIKE_MAX_HORIZON_MINUTES) continue
      const observed = e.requests[i] ?? 0
      // The rate over the horizon must pass the busiest ordinary minute too.
      if (
        observed < config.minSpikeRequests ||
        observed / horizon <= base.p99 ||
        !stillGoing(e.requests, input.horizons, i)
      )
        continue
      const judgement = judgeCount(observed, scaled(perMinute, horizon), alpha, SPIKE_RATIO)
      if (judgement.significant && (!best || judgement.pValue < best.pValue))
        best = { horizon, observed, pValue: judgement.pValue, ratio: judgement.ratio }
    }
    if (!best) continue
    const i = input.horizons.indexOf(best.horizon)
    const sources = surgeSources(input, e, i, {
      median: base.median,
      quietUpTo: Math.max(base.p99, SPIKE_RATIO * base.median),
    })
    const failing = (e.failures[i] ?? 0) / Math.max(1, best.observed)
    const usualFailing = input.baselines.endpointMinutes.get(endpointKey(e))?.failureRatio ?? 0
    const failingAsUsual = failing <= Math.max(2 * usualFailing, usualFailing + 0.05)
    // Failing more than usual marks a flood — unless every sender is within its own norm (a job
    // walking ids meets its usual share of 404s, which the endpoint's other callers do not).
    const allWithinNorm = sources.named && sources.suspectShare === 0
    spikes.push({ e, base, basis, best, sources, organic: sources.organic && (failingAsUsual || allWithinNorm) })
  }
  const out: FindingDraft[] = []
  for (const spike of spikes) {
    const { e, base, basis, best, sources } = spike
    if (sources.named ? spike.organic : carriedByOrganicCallers(input, config, history, spikes, spike)) continue
    const i = input.horizons.indexOf(best.horizon)
    const endpoint = endpointLabel(e.method, e.route)
    const rate = best.observed / best.horizon
    out.push({
      kind: 'rate_spike',
      severity: best.ratio >= 10 ? 'high' : 'medium',
      score: round(best.ratio),
      entity: { service: e.service, endpoint },
      summary: `${e.service} ${endpoint} served ${best.observed} requests in ${best.horizon} min (${round(rate)}/min), ${round(best.ratio)}× its usual ${round(base.median)}/min (p99 ${round(base.p99)}; ${basis}).`,
      evidence: {
        observed: {
          requests: best.observed,
          horizonMinutes: best.horizon,
          requestsPerMinute: round(rate),
          errors: e.errors[i] ?? 0,
          fromUnknownOrAboveNorm: round(sources.suspectShare),
          addresses: e.addresses[i] ?? 0,
        },
        baseline: { medianPerMinute: round(base.median), p99PerMinute: round(base.p99), basis },
        threshold: { alpha, pValue: best.pValue, ratio: SPIKE_RATIO },
        sampleSize: base.samples,
        sampleTraceIds: e.sampleTraceIds,
      },
    })
  }
  return out
}

interface Spike {
  e: DetectionInput['endpointCounts'][number]
  base: NonNullable<ReturnType<typeof volumeBaseline>>['base']
  basis: string
  best: { horizon: number; observed: number; pValue: number; ratio: number }
  sources: SurgeSources
  organic: boolean
}

/**
 * An inner hop whose requests name no principal: its surge is organic when
 * organic surges of the services calling it carry at least half of its
 * excess in the window (a login wave at the entry seen again at the auth
 * service). A caller's endpoint counts with its window's excess over its
 * usual minute whether or not its own test was significant: the entry may
 * fall just short where the inner hop, with a thinner baseline, does not.
 * Edges do not say which of a caller's endpoints make the calls, so a flood
 * on another endpoint of the same caller (a scraper of its invoices during
 * the wave) does not make the wave a flood; a surge no caller shows, or that
 * only a caller's flood can carry, is reported.
 */
function carriedByOrganicCallers(
  input: DetectionInput,
  config: DetectorConfig,
  history: ReadonlyMap<string, EndpointHistory>,
  spikes: readonly Spike[],
  spike: Spike,
): boolean {
  const callers = new Set(spanCallersOf(input, spike.e).map((x) => x.caller))
  const judged = new Map(spikes.map((s) => [endpointKey(s.e), s]))
  let carried = 0
  for (const e of input.endpointCounts) {
    if (e === spike.e || !callers.has(e.service)) continue
    const key = endpointKey(e)
    const known = judged.get(key)
    const past = history.get(key)
    const base = known?.base ?? (past ? volumeBaseline(past, config, input.window.start)?.base : undefined)
    if (!base) continue
    const excess = (e.requests[0] ?? 0) - base.median
    if (excess <= 0) continue
    const organic = known ? known.sources.named && known.organic : organicWindow(input, e, base)
    if (organic) carried += excess
  }
  const excess = (spike.e.requests[0] ?? 0) - spike.base.median
  return carried > 0 && carried >= SUSPECT_SHARE_OF_EXCESS * excess
}

/** A caller endpoint whose own test was not significant: organic when its window's senders are (organic-surge.ts). */
function organicWindow(
  input: DetectionInput,
  e: DetectionInput['endpointCounts'][number],
  base: Spike['base'],
): boolean {
  const sources = surgeSources(input, e, 0, {
    median: base.median,
    quietUpTo: Math.max(base.p99, SPIKE_RATIO * base.median),
  })
  return sources.named && sources.organic
}

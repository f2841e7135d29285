// The sizes an evaluation runs at. `small` is the CI regression guard (a few
// minutes); `full` is the recorded run (BENCHMARKS.md). Each seed draws its
// number of backends in the range: 6–12 services small, 8–40 full; about a
// third of the attacks start while the one before is still going.
import type { ScenarioOptions } from './scenario.ts'

export type Scale = 'small' | 'full'

export type ScaleOptions = Omit<ScenarioOptions, 'seed' | 'start' | 'attacks'>

export const SCALES: Record<Scale, ScaleOptions> = {
  small: {
    historyHours: 2,
    evaluationHours: 2,
    backends: 5,
    backendsRange: [4, 10],
    maxEndpoints: 3,
    users: 1000,
    peakPerMinute: 400,
    rounds: 1,
    overlap: 0.3,
  },
  full: {
    historyHours: 24,
    evaluationHours: 24,
    backends: 16,
    backendsRange: [6, 38],
    maxEndpoints: 5,
    users: 3000,
    peakPerMinute: 900,
    rounds: 3,
    overlap: 0.3,
  },
}

/**
 * Seeds the detector was tuned on, and the held-out seeds the recorded
 * results come from. Held-out seeds are never used while changing the
 * detector or the simulator; a seed also draws its own topology. Once a
 * held-out seed's failures have been looked at and fixed it is a tuning
 * seed: 101–103 were held out until the world extras (2026-11-26, session 6)
 * showed false findings on them, then 201–203 for one run (adoption through
 * a new edge), then 301–303 (clean from the first run; with 1,000 users and
 * the flow's alternatives, a job's usual 404s read as a failing flood); all
 * are tuning seeds since. 101–103 stay the CI regression guard
 * (`REGRESSION_SEEDS`); held-out results are recorded in BENCHMARKS.md from
 * the first run on `HELD_OUT_SEEDS`. 401–403 were reported twice (session
 * 6, and session 7 after its changes) without being tuned on; in session 8
 * they became tuning seeds (their false findings were looked at), then
 * 501–503 were held out for one run (their flow_bypass misses were looked at
 * and fixed), then 601–603 for one run (a false alert on 603's clean period
 * was looked at); both are tuning seeds now. 701–703 were held out for one
 * run in session 8; in session 9 their slow scrapers were looked at, so they
 * are tuning seeds, and 801–803 were held out (reported twice in session 9);
 * in session 10 802's false shadow endpoints and 801–803's slow scrapers
 * were looked at, so they are tuning seeds, and 901–903 are held out.
 */
export const TUNING_SEEDS = [
  1, 2, 3, 4, 5, 101, 102, 103, 201, 202, 203, 301, 302, 303, 401, 402, 403, 501, 502, 503, 601, 602, 603, 701, 702,
  703, 801, 802, 803,
]
export const REGRESSION_SEEDS = [101, 102, 103]
export const HELD_OUT_SEEDS = [901, 902, 903]

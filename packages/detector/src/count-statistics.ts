// Significance of an observed count against the count a baseline predicts.
// Counts of requests, failures or ids are over-dispersed in real traffic
// (bursts, heavy users, batch runs), so the baseline is a negative binomial
// with its dispersion learned from history (method of moments), never
// thinner than MIN_DISPERSION; a Poisson when the history is not
// over-dispersed at all. One rule then serves an endpoint at 2 requests/min
// and one at 2,000: what fires is how improbable the count is, not how big.
// Pure.
import { gammaln } from 'simple-statistics'

export interface CountBaseline {
  /** Mean count per bucket. */
  readonly mean: number
  /** Variance of the count per bucket. */
  readonly variance: number
  /** Buckets the moments come from. */
  readonly buckets: number
}

/**
 * Squared coefficient of extra variation assumed at least (variance ≥ mean +
 * 0.1·mean²): a handful of calm buckets must not make the model so thin that
 * an ordinary burst looks impossible.
 */
export const MIN_DISPERSION = 0.1

/** Moments of bucket counts from running sums (what SQL returns): Σx, Σx², and the number of buckets. */
export function fromSums(sum: number, squares: number, buckets: number): CountBaseline | undefined {
  if (buckets <= 0) return undefined
  const mean = sum / buckets
  const variance = Math.max(0, squares / buckets - mean * mean) * (buckets > 1 ? buckets / (buckets - 1) : 1)
  return { mean, variance, buckets }
}

/** A baseline for the sum of `h` consecutive buckets (rates scale; variance scales, plus drift within the horizon). */
export function scaled(base: CountBaseline, h: number): CountBaseline {
  return { mean: base.mean * h, variance: base.variance * h + (base.mean * h * 0.15) ** 2, buckets: base.buckets }
}

const logPmfNegBin = (k: number, r: number, logP: number, log1mP: number): number =>
  gammaln(k + r) - gammaln(r) - gammaln(k + 1) + r * log1mP + k * logP
const logPmfPoisson = (k: number, lambda: number): number => k * Math.log(lambda) - lambda - gammaln(k + 1)

/**
 * P(X ≥ k) under the baseline. Summed from k upwards: beyond the mean the
 * terms fall at least geometrically, so a few hundred terms settle it even
 * for counts in the thousands.
 */
export function upperTail(k: number, base: CountBaseline, minDispersion = MIN_DISPERSION): number {
  if (k <= 0) return 1
  const mean = Math.max(base.mean, 1e-3)
  if (k <= mean) return 1
  const variance = Math.max(base.variance, mean + minDispersion * mean * mean)
  let logPmf: (i: number) => number
  if (variance <= mean * (1 + 1e-9)) {
    logPmf = (i) => logPmfPoisson(i, mean)
  } else {
    const r = (mean * mean) / (variance - mean)
    const p = 1 - mean / variance // success probability of the "count" side
    const logP = Math.log(p)
    const log1mP = Math.log1p(-p)
    logPmf = (i) => logPmfNegBin(i, r, logP, log1mP)
  }
  const first = logPmf(k)
  let total = 0
  for (let i = k; i < k + 5000; i++) {
    const term = Math.exp(logPmf(i) - first)
    total += term
    if (term < 1e-12 * total) break
  }
  return Math.min(1, Math.exp(first) * total)
}

export interface Judgement {
  significant: boolean
  /** P(X ≥ observed) under the baseline. */
  pValue: number
  /** Observed / expected. */
  ratio: number
}

/** Significant when improbable at `alpha` and at least `minRatio` times the expectation. */
export function judgeCount(
  observed: number,
  base: CountBaseline,
  alpha: number,
  minRatio: number,
  minDispersion = MIN_DISPERSION,
): Judgement {
  const expected = Math.max(base.mean, 1e-3)
  const ratio = observed / expected
  if (ratio < minRatio) return { significant: false, pValue: 1, ratio }
  const pValue = upperTail(observed, base, minDispersion)
  return { significant: pValue <= alpha, pValue, ratio }
}

/** Longer horizons are judged still going on the rate over this many recent minutes, and over every horizon between. */
const RECENT_MINUTES = 5

/**
 * Whether the pattern a horizon's count shows is still going on now: the
 * window has some of it, and the recent rate — the window's for horizons up
 * to 5 minutes; for longer ones, the rate over every shorter horizon of at
 * least 5 minutes (a single minute of a slow pattern is too noisy to say) —
 * is at least half the horizon's rate. After an attack stops, its longer
 * horizons stay high for up to an hour; without this, the attacker's next
 * ordinary requests would raise it again — and for a slow pattern one
 * request in the last 5 minutes is already "half the rate", so the
 * 15-minute rate must agree too.
 */
export function stillGoing(counts: readonly number[], horizons: readonly number[], i: number): boolean {
  const horizon = horizons[i] ?? 1
  if ((counts[0] ?? 0) <= 0) return false
  const halfRate = (0.5 * (counts[i] ?? 0)) / horizon
  if (horizon <= RECENT_MINUTES) return (counts[0] ?? 0) / (horizons[0] ?? 1) >= halfRate
  // A loop, not every(): this runs for every principal and horizon of a window.
  for (let j = 0; j < horizons.length; j++) {
    const h = horizons[j]!
    if (h >= RECENT_MINUTES && h < horizon && (counts[j] ?? 0) / h < halfRate) return false
  }
  return true
}

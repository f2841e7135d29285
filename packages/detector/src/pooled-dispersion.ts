// How bursty principals are for themselves, learned from all of them at once.
// One principal's dozen buckets say little about its own dispersion, so a
// per-principal test borrows it from its peers (empirical Bayes): the
// over-dispersion of every principal's buckets around their own mean, pooled
// over the principals of an endpoint (or a service) with enough buckets —
// counting the quiet buckets since the principal first appeared as zeros.
// Where users browse in sessions this comes out high and a burst of one
// session stays ordinary; where they act one request at a time it comes out
// low and a user at 10× their own rate stands out sooner. Pure.
import { fromSums, MIN_DISPERSION, type CountBaseline } from './count-statistics.ts'

/** Pools the principals' own baselines of one endpoint (or service) and horizon. */
export class DispersionPool {
  private excess = 0
  private squaredMeans = 0
  private principals = 0
  private readonly minBuckets: number

  /** Principals with fewer buckets than this say nothing about their spread. */
  constructor(minBuckets: number) {
    this.minBuckets = Math.max(2, minBuckets)
  }

  /**
   * A principal's buckets, as counts over every bucket since it first
   * appeared (`spanBuckets`; by default its active buckets only), the quiet
   * ones at 0: light principals whose activity comes in sessions show their
   * burstiness only with the zeros (three quiet hours and a busy one), which
   * active buckets alone hide.
   */
  add(active: CountBaseline | undefined, spanBuckets = active?.buckets ?? 0): void {
    if (!active || active.buckets < this.minBuckets || active.mean <= 0) return
    // Back to the sums fromSums took (its variance is the active buckets' sample variance), over the span.
    const sum = active.mean * active.buckets
    const squares = active.variance * (active.buckets - 1) + active.buckets * active.mean ** 2
    const base = spanBuckets > active.buckets ? fromSums(sum, squares, spanBuckets)! : active
    // Method of moments, each principal weighed by its buckets: variance − mean
    // is the part a Poisson would not explain; over mean² it is the squared
    // coefficient of extra variation of a negative binomial.
    this.excess += base.buckets * (base.variance - base.mean)
    this.squaredMeans += base.buckets * base.mean * base.mean
    this.principals++
  }

  /**
   * The pooled dispersion, never below MIN_DISPERSION; undefined when fewer
   * than `minPrincipals` principals contributed (the fixed prior holds then).
   * Active buckets never count 0, so a principal who acts once per bucket
   * looks under-dispersed: the floor keeps that from reading as clockwork.
   */
  dispersion(minPrincipals: number): number | undefined {
    if (this.principals < minPrincipals || this.squaredMeans <= 0) return undefined
    return Math.max(MIN_DISPERSION, this.excess / this.squaredMeans)
  }
}

/**
 * Per horizon (shortest first), the pooled dispersion, or — where too few
 * principals have enough buckets of that horizon (an hour's buckets in a few
 * hours of history) — the one of the longest shorter horizon that has it.
 * Summing independent buckets only lowers the dispersion, so a shorter
 * horizon's errs towards bursty rather than falling back to the fixed
 * prior. Pure.
 */
export function carriedForward(perHorizon: readonly (number | undefined)[]): (number | undefined)[] {
  let last: number | undefined
  return perHorizon.map((d) => {
    if (d !== undefined) last = d
    return d ?? last
  })
}
